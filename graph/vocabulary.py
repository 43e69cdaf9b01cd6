"""The one vocabulary of the project: roles, kinds of organisation, node types, kinds of document and
publication, edge relations and measure statuses — each term once, with its key (the value in JSON,
CSV and on the command line), its IRI in the ontology, its labels in bokmål, nynorsk and English,
and the colour and shape the explorer draws it in.

RDF, the explorer, the reports and the CSV/XLSX exports read these tables; a test holds the
ontology's labels to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.namespaces import PREFIXES

TG = PREFIXES["tg"]
PROV = PREFIXES["prov"]
ORG = PREFIXES["org"]
SCHEMA = PREFIXES["schema"]
DCTERMS = PREFIXES["dcterms"]


@dataclass(frozen=True, kw_only=True)
class Term:
    key: str
    iri: str
    nb: str
    nn: str
    en: str
    colour: str = ""
    shape: str = ""  # a vis-network node shape

    def label(self, language: str = "en") -> str:
        """The label in "nb", "nn" or "en"."""
        return getattr(self, language)


@dataclass(frozen=True, kw_only=True)
class Role(Term):
    """An organisation's role in a measure: a prov:Role individual and a shortcut property."""

    property: str  # measure -> organisation
    verb: str  # English, for sentences: "NKVTS carries out measure 18a"


@dataclass(frozen=True, kw_only=True)
class Relation(Term):
    """A kind of edge of the networkx graph."""

    verb: str  # English, for sentences: "measure 1 refers to measure 18a"
    dashed: bool = False


@dataclass(frozen=True, kw_only=True)
class DocumentKind(Term):
    """A kind of policy document, shown in the explorer under one of DOCUMENT_GROUPS."""

    group: str


def _index(terms: tuple[Term, ...]) -> dict[str, Term]:
    return {term.key: term for term in terms}


ROLES: tuple[Role, ...] = (
    Role(key="responsible", iri=TG + "Responsible", property=TG + "responsible", nb="ansvarlig",
         nn="ansvarleg", en="responsible", verb="is responsible for", colour="#c62828"),
    Role(key="commissions", iri=TG + "Commissioner", property=TG + "commissionedBy", nb="oppdragsgiver",
         nn="oppdragsgjevar", en="commissions", verb="commissioned", colour="#8e44ad"),
    Role(key="executes", iri=TG + "Executor", property=TG + "executedBy", nb="utfører", nn="utførar",
         en="executes", verb="carries out", colour="#2f6fb3"),
    Role(key="funds", iri=TG + "Funder", property=TG + "fundedBy", nb="finansierer", nn="finansierer",
         en="funds", verb="funds", colour="#2e9e44"),
    Role(key="evaluates", iri=TG + "Evaluator", property=TG + "evaluatedBy", nb="evaluerer",
         nn="evaluerer", en="evaluates", verb="evaluates", colour="#ef8a17"),
    Role(key="partner", iri=TG + "Partner", property=TG + "partner", nb="samarbeidspartner",
         nn="samarbeidspartnar", en="partner", verb="is a partner in", colour="#1aa7b8"),
    Role(key="mentioned", iri=TG + "Mentioned", property=TG + "mentions", nb="nevnt", nn="nemnd",
         en="mentioned", verb="is mentioned in", colour="#a8a8a8"),
)  # fmt: skip
ROLE_KEYS: tuple[str, ...] = tuple(role.key for role in ROLES)  # the order outputs list roles in
ROLE = _index(ROLES)

ORG_KINDS: tuple[Term, ...] = (
    Term(key="ministry", iri=TG + "Ministry", nb="departement", nn="departement", en="ministry",
         colour="#c62828", shape="diamond"),
    Term(key="agency", iri=TG + "Agency", nb="direktorat eller etat", nn="direktorat eller etat",
         en="directorate or agency", colour="#ef8a17", shape="square"),
    Term(key="knowledge-centre", iri=TG + "KnowledgeCentre", nb="kunnskaps- og kompetansesenter",
         nn="kunnskaps- og kompetansesenter", en="knowledge or competence centre", colour="#8e44ad",
         shape="triangle"),
    Term(key="police", iri=TG + "Police", nb="politi og påtalemyndighet", nn="politi og påtalemakt",
         en="police and prosecution", colour="#1b2f6b", shape="triangleDown"),
    Term(key="research", iri=TG + "Research", nb="forskning og utdanning", nn="forsking og utdanning",
         en="research and education", colour="#8d5a3b", shape="triangle"),
    Term(key="ngo", iri=TG + "NGO", nb="frivillig organisasjon", nn="frivillig organisasjon", en="NGO",
         colour="#2e9e44", shape="dot"),
    Term(key="association", iri=TG + "Association", nb="forening eller forbund", nn="foreining eller forbund",
         en="association", colour="#6b8e23", shape="dot"),
    Term(key="international", iri=TG + "International", nb="internasjonalt organ",
         nn="internasjonalt organ", en="international body", colour="#00838f", shape="star"),
    Term(key="service", iri=TG + "Service", nb="tjeneste", nn="teneste", en="public service",
         colour="#b8a31f", shape="dot"),
    Term(key="municipality", iri=TG + "Municipality", nb="kommune", nn="kommune", en="municipality",
         colour="#9e9d24", shape="square"),
    Term(key="company", iri=TG + "Company", nb="selskap", nn="selskap", en="company", colour="#795548",
         shape="square"),
    Term(key="unknown", iri=TG + "UnknownKind", nb="ukjent", nn="ukjend", en="unknown", colour="#9e9e9e",
         shape="dot"),
)  # fmt: skip
ORG_KIND_KEYS: tuple[str, ...] = tuple(kind.key for kind in ORG_KINDS)
ORG_KIND = _index(ORG_KINDS)

NODE_TYPES: tuple[Term, ...] = (
    Term(key="plan", iri=TG + "ActionPlan", nb="handlingsplan", nn="handlingsplan", en="action plan",
         colour="#3b3b3b", shape="star"),
    Term(key="chapter", iri=PREFIXES["skos"] + "Concept", nb="kapittel", nn="kapittel", en="chapter",
         colour="#8c8c8c", shape="hexagon"),
    Term(key="measure", iri=TG + "Measure", nb="tiltak", nn="tiltak", en="measure", colour="#2f6fb3",
         shape="dot"),
    Term(key="organisation", iri=ORG + "Organization", nb="organisasjon", nn="organisasjon",
         en="organisation", colour="#b8a31f", shape="dot"),
    Term(key="report", iri=SCHEMA + "CreativeWork", nb="publikasjon", nn="publikasjon", en="publication",
         colour="#d6589c", shape="square"),
    Term(key="document", iri=TG + "PolicyDocument", nb="styringsdokument", nn="styringsdokument",
         en="policy document", colour="#1aa7b8", shape="diamond"),
    Term(key="external-measure", iri=TG + "Measure", nb="tiltak i en annen plan",
         nn="tiltak i ein annan plan", en="measure of another plan", colour="#7fc8d3", shape="dot"),
    Term(key="amount", iri=SCHEMA + "MonetaryAmount", nb="beløp", nn="beløp", en="amount of money",
         colour="#d9a400", shape="star"),
)  # fmt: skip
NODE_TYPE = _index(NODE_TYPES)

DOCUMENT_GROUPS: tuple[Term, ...] = (
    Term(key="plan-document", iri=TG + "PolicyDocument", nb="annen plan, melding eller proposisjon",
         nn="annan plan, melding eller proposisjon", en="other plan / white paper", colour="#1aa7b8",
         shape="diamond"),
    Term(key="law", iri=TG + "PolicyDocument", nb="lov, forskrift eller konvensjon",
         nn="lov, forskrift eller konvensjon", en="law / regulation", colour="#4d4d9e", shape="hexagon"),
)  # fmt: skip
_PLAN_LIKE = {"group": "plan-document", "colour": "#1aa7b8", "shape": "diamond"}
_LEGAL = {"group": "law", "colour": "#4d4d9e", "shape": "hexagon"}
DOCUMENT_KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(key="plan", iri=TG + "ActionPlan", nb="handlingsplan", nn="handlingsplan", en="action plan",
         **_PLAN_LIKE),
    DocumentKind(key="goals", iri=TG + "Goals", nb="mål", nn="mål", en="goals", **_PLAN_LIKE),
    DocumentKind(key="white-paper", iri=TG + "WhitePaper", nb="stortingsmelding", nn="stortingsmelding",
         en="white paper", **_PLAN_LIKE),
    DocumentKind(key="bill", iri=TG + "Bill", nb="proposisjon", nn="proposisjon", en="bill", **_PLAN_LIKE),
    DocumentKind(key="recommendation", iri=TG + "Recommendation", nb="innstilling", nn="innstilling",
         en="committee recommendation", **_PLAN_LIKE),
    DocumentKind(key="law-decision", iri=TG + "LawDecision", nb="lovvedtak", nn="lovvedtak", en="law decision",
         **_LEGAL),
    DocumentKind(key="law", iri=TG + "Law", nb="lov", nn="lov", en="act", **_LEGAL),
    DocumentKind(key="law-section", iri=TG + "LawSection", nb="lovparagraf", nn="lovparagraf",
         en="section of an act", **_LEGAL),
    DocumentKind(key="regulation", iri=TG + "Regulation", nb="forskrift", nn="forskrift", en="regulation", **_LEGAL),
    DocumentKind(key="convention", iri=TG + "Convention", nb="konvensjon", nn="konvensjon", en="convention",
         **_LEGAL),
)  # fmt: skip
DOCUMENT_KIND = _index(DOCUMENT_KINDS)

PUBLICATION_KINDS: tuple[Term, ...] = (
    Term(key="report", iri=SCHEMA + "Report", nb="rapport", nn="rapport", en="report"),
    Term(key="guideline", iri=TG + "Guideline", nb="veileder", nn="rettleiar", en="guideline"),
    Term(key="article", iri=SCHEMA + "Article", nb="artikkel", nn="artikkel", en="article"),
    Term(key="brochure", iri=TG + "Brochure", nb="brosjyre", nn="brosjyre", en="brochure"),
)  # fmt: skip
PUBLICATION_KIND = _index(PUBLICATION_KINDS)

RELATIONS: tuple[Relation, ...] = (
    Relation(key="part_of", iri=DCTERMS + "isPartOf", nb="del av", nn="del av", en="part of (chapter, plan)",
             verb="is part of", colour="#c8c8c8"),
    Relation(key="sub_measure_of", iri=TG + "subMeasureOf", nb="deltiltak av", nn="deltiltak av",
             en="sub-measure of", verb="is a sub-measure of", colour="#7a7a7a"),
    Relation(key="refers_to", iri=TG + "refersToMeasure", nb="viser til", nn="viser til", en="refers to",
             verb="refers to", colour="#8d5a3b"),
    Relation(key="names", iri=DCTERMS + "references", nb="nevner", nn="nemner", en="names (plan, law)",
             verb="names", colour="#4d4d9e", dashed=True),
    Relation(key="measure_of", iri=DCTERMS + "isPartOf", nb="tiltak i", nn="tiltak i",
             en="measure of (other plan)", verb="is a measure of", colour="#7fc8d3"),
    Relation(key="section_of", iri=DCTERMS + "isPartOf", nb="paragraf i", nn="paragraf i",
             en="section of (law)", verb="is a section of", colour="#4d4d9e"),
    Relation(key="reported_in", iri=TG + "reportedIn", nb="omtalt i", nn="omtala i", en="reported in",
             verb="is reported in", colour="#d6589c"),
    Relation(key="publishes", iri=DCTERMS + "publisher", nb="utgir", nn="gjev ut", en="publishes",
             verb="published", colour="#e89cc4", dashed=True),
    Relation(key="sub_organisation_of", iri=ORG + "subOrganizationOf", nb="underlagt", nn="underlagd",
             en="sub-organisation of", verb="is under", colour="#5f5f5f", dashed=True),
    Relation(key="has_amount", iri=TG + "amount", nb="har beløp", nn="har beløp", en="has amount",
             verb="has an amount of", colour="#d9a400"),
    Relation(key="funds_amount", iri=TG + "funder", nb="betaler", nn="betaler", en="pays amount",
             verb="funds", colour="#2e9e44", dashed=True),
    Relation(key="receives_amount", iri=TG + "recipient", nb="mottas av", nn="mottas av",
             en="amount received by", verb="goes to", colour="#d9a400", dashed=True),
)  # fmt: skip
RELATION = _index(RELATIONS)

STATUSES: tuple[Term, ...] = (
    Term(key="done", iri=TG + "StatusDone", nb="gjennomført", nn="gjennomført", en="done", colour="#2e7d32"),
    Term(key="ongoing", iri=TG + "StatusOngoing", nb="pågår", nn="pågår", en="ongoing", colour="#1565c0"),
    Term(key="not_started", iri=TG + "StatusNotStarted", nb="ikke påbegynt", nn="ikkje starta",
         en="not started", colour="#757575"),
    Term(key="delayed", iri=TG + "StatusDelayed", nb="forsinket", nn="forseinka", en="delayed",
         colour="#e65100"),
    Term(key="continuous", iri=TG + "StatusContinuous", nb="løpende", nn="løpande", en="continuous",
         colour="#00838f"),
    Term(key="cancelled", iri=TG + "StatusCancelled", nb="avbrutt", nn="avbrote", en="cancelled",
         colour="#b71c1c"),
)  # fmt: skip
STATUS_KEYS: tuple[str, ...] = tuple(status.key for status in STATUSES)
STATUS = _index(STATUSES)
