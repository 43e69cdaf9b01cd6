"""The RDF graph of extracted facts, described by ontology/tiltaksgraf.ttl.

IRIs are readable and stable under a configurable base (default https://w3id.org/tiltaksgraf/):
<base>plan/<plan-id>, <base>plan/<plan-id>/measure/18a, <base>org/nkvts, <base>document/<id>,
<base>report/<id>. Every fact keeps its evidence: tg:evidence to an oa:SpecificResource with the
source file, an RFC 5147 line fragment and the sentence (see the ontology's header comment).
"""

from __future__ import annotations

import hashlib

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV

from graph import vocabulary
from graph.export.manual import manual_evidence
from graph.model import Evidence, Extraction, Measure, measures_by_plan
from graph.namespaces import DEFAULT_BASE, PREFIXES
from graph.text import slug
from graph.urls import href

TG = Namespace(PREFIXES["tg"])
SCHEMA = Namespace(PREFIXES["schema"])
OA = Namespace(PREFIXES["oa"])
RFC5147 = URIRef("http://tools.ietf.org/rfc/rfc5147")
ROLES = {role.key: (URIRef(role.iri), URIRef(role.property)) for role in vocabulary.ROLES}
KINDS = {kind.key: URIRef(kind.iri) for kind in vocabulary.ORG_KINDS}
DOCUMENT_CLASSES = {kind.key: URIRef(kind.iri) for kind in vocabulary.DOCUMENT_KINDS}
PUBLICATION_CLASSES = {kind.key: URIRef(kind.iri) for kind in vocabulary.PUBLICATION_KINDS}
LANGUAGES = ("nb", "nn", "en")


class Iris:
    """The IRIs of things under one base."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def __call__(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    def measure(self, plan: str, measure: str) -> URIRef:
        return self("plan", plan, "measure", measure)

    def evidence(self, source: str, evidence: Evidence) -> URIRef:
        digest = hashlib.sha1(evidence.text.encode()).hexdigest()[:8]
        return self("source", slug(source), "line", str(evidence.line), digest)


Triple = tuple[URIRef, URIRef, URIRef | Literal]


def rdf_triples(extractions: list[Extraction], base: str = DEFAULT_BASE, dataset=None) -> set[Triple]:
    """The triples of one or more reports, as a plain set (light and fast for large corpora; the
    exports are written from it by pyoxigraph), with the dataset's description (`dataset`: its
    graph.export.dataset.DatasetOptions)."""
    from graph.export.dataset import describe_dataset
    from graph.export.identity import former_iris

    iris = Iris(base)
    triples: set[Triple] = set()
    plans = measures_by_plan(extractions)
    for extraction in extractions:
        _Writer(triples, iris, extraction, plans).write()
    _current_statuses(triples, iris, extractions)
    _concepts(triples)
    former_iris(triples, iris.base)
    describe_dataset(triples, extractions, iris.base, dataset)
    return triples


def _current_statuses(triples: set[Triple], iris: Iris, extractions: list[Extraction]) -> None:
    """Each measure's tg:currentStatus: the status of the latest report (by its date, then its file
    name) that states one for it."""
    latest: dict[URIRef, tuple[str, str, str]] = {}
    for extraction in extractions:
        report = extraction.report
        for measure in report.measures:
            if measure.status:
                key = (str(measure.status.date or report.date or ""), report.source, measure.status.value)
                node = iris.measure(report.plan.id, measure.id)
                latest[node] = max(latest.get(node, key), key)
    for node, (_, _, value) in latest.items():
        triples.add((node, TG.currentStatus, URIRef(vocabulary.STATUS[value].iri)))


def _concepts(triples: set[Triple]) -> None:
    """The notation and labels of each role, kind of organisation and status the data uses, so that queries
    over the data alone (without the ontology) can name them."""
    used = {o for _, p, o in triples if p in (PROV.hadRole, ORG.classification, TG.status)}
    for term in (*vocabulary.ROLES, *vocabulary.ORG_KINDS, *vocabulary.STATUSES):
        concept = URIRef(term.iri)
        if concept in used:
            triples.add((concept, SKOS.notation, Literal(term.key)))
            for language in LANGUAGES:
                triples.add((concept, SKOS.prefLabel, Literal(term.label(language), lang=language)))


def rdf_graph(extractions: list[Extraction], base: str = DEFAULT_BASE) -> Graph:
    """The RDF graph of one or more reports, as an rdflib Graph with the project's prefixes."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(namespace))
    iris = Iris(base)
    graph.bind("plan", iris("plan") + "/")
    graph.bind("actor", iris("org") + "/")
    graph += rdf_triples(extractions, base)
    return graph


def _date(text: str) -> Literal:
    """A date of a report as it is known: a year, a year and month, or a day."""
    kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(text), XSD.date)
    return Literal(text, datatype=kind)


def _numbered(facts: list, measure_attribute: str):
    """(n, fact): facts numbered from 1 within each measure, so that an IRI such as
    …/measure/18a/amount/2 does not change when another measure gains a fact."""
    counters: dict[str, int] = {}
    for fact in facts:
        measure = getattr(fact, measure_attribute)
        counters[measure] = counters.get(measure, 0) + 1
        yield str(counters[measure]), fact


class _Writer:
    def __init__(self, triples: set[Triple], iris: Iris, extraction: Extraction, plans: dict[str, set[str]]):
        self.triples, self.iris, self.extraction, self.plans = triples, iris, extraction, plans
        self.report = extraction.report
        self.plan = self.report.plan.id
        self.language = self.report.language  # of the text the literals quote
        self.status_report = iris("plan", self.plan, "report", slug(self.report.source))
        self.source = iris("source", slug(self.report.source))

    def add(self, subject, predicate, value) -> None:
        if value is not None:
            self.triples.add((subject, predicate, value))

    def write(self) -> None:
        self._plan()
        for measure in self.report.measures:
            self._measure(measure)
        for involvement in self.extraction.involvements:
            self._involvement(involvement)
        for number, reference in _numbered(self.extraction.references, "source"):
            self._reference(number, reference)
        for number, mention in _numbered(self.extraction.mentions, "measure"):
            self._mention(number, mention)
        for publication in self.extraction.publications:
            self._publication(publication)
        for number, amount in _numbered(self.extraction.amounts, "measure"):
            self._amount(number, amount)
        for number, link in _numbered(self.extraction.links, "measure"):
            self._link(number, link)

    def evidence(self, subject: URIRef, evidence: Evidence) -> None:
        """subject tg:evidence <line and sentence of the source file>."""
        if evidence.curation:  # set by hand: a line of the corrections file
            return manual_evidence(self, subject, evidence)
        node = self.iris.evidence(self.report.source, evidence)
        self.add(subject, TG.evidence, node)
        if (node, RDF.type, OA.SpecificResource) in self.triples:
            return
        fragment, quote = URIRef(node + "#line"), URIRef(node + "#quote")
        for triple in (
            (node, RDF.type, OA.SpecificResource),
            (node, OA.hasSource, self.source),
            (node, TG.line, Literal(evidence.line)),
            *(((node, TG.page, Literal(page)),) if (page := self.report.page_of(evidence.line)) else ()),
            *(((node, TG.rule, Literal(evidence.rule)),) if evidence.rule else ()),
            (node, OA.hasSelector, fragment),
            (node, OA.hasSelector, quote),
            (fragment, RDF.type, OA.FragmentSelector),
            (fragment, DCTERMS.conformsTo, RFC5147),
            (fragment, RDF.value, Literal(f"line={evidence.line - 1},{evidence.line}")),
            (quote, RDF.type, OA.TextQuoteSelector),
            (quote, OA.exact, Literal(evidence.text)),
        ):
            self.triples.add(triple)

    def organisation(self, org_id: str) -> URIRef:
        node = self.iris("org", org_id)
        if (node, RDF.type, ORG.Organization) in self.triples:
            return node
        organisation = self.extraction.organisations[org_id]
        self.add(node, RDF.type, ORG.Organization)
        self.add(node, DCTERMS.identifier, Literal(organisation.id))
        written = "nb" if organisation.known else self.language  # the gazetteer's names are bokmål
        self.add(node, SKOS.prefLabel, Literal(organisation.name, lang=written))
        self.add(node, RDFS.label, Literal(organisation.name, lang=written))
        if organisation.name_en:
            self.add(node, SKOS.prefLabel, Literal(organisation.name_en, lang="en"))
            self.add(node, RDFS.label, Literal(organisation.name_en, lang="en"))
        if organisation.abbreviation:
            self.add(node, TG.abbreviation, Literal(organisation.abbreviation))
        for alias in organisation.aliases:
            self.add(node, SKOS.altLabel, Literal(alias, lang=written))
        self.add(node, ORG.classification, KINDS[organisation.kind])
        self.add(node, TG.inGazetteer, Literal(organisation.known))
        if organisation.parent:
            self.add(node, ORG.subOrganizationOf, self.organisation(organisation.parent))
        return node

    def document(self, doc_id: str) -> URIRef:
        """The IRI of a document named in the report: the plan's own if it is in the graph."""
        if doc_id in self.plans:
            return self.iris("plan", doc_id)
        node = self.iris("document", doc_id)
        if (node, DCTERMS.identifier, Literal(doc_id)) in self.triples:
            return node
        document = self.extraction.documents[doc_id]
        self.add(node, RDF.type, TG.PolicyDocument)
        self.add(node, RDF.type, DOCUMENT_CLASSES[document.kind])
        self.add(node, DCTERMS.identifier, Literal(doc_id))
        written = "nb" if document.known else self.language
        self.add(node, DCTERMS.title, Literal(document.name, lang=written))
        self.add(node, RDFS.label, Literal(document.name, lang=written))
        if document.name_en:
            self.add(node, RDFS.label, Literal(document.name_en, lang="en"))
        if document.title:
            self.add(node, DCTERMS.alternative, Literal(document.title, lang=written))
        if document.part_of:
            self.add(node, DCTERMS.isPartOf, self.document(document.part_of))
        return node

    def _plan(self) -> None:
        plan = self.report.plan
        node = self.iris("plan", self.plan)
        scheme = self.iris("plan", self.plan, "chapters")
        status = self.status_report
        self.add(node, RDF.type, TG.ActionPlan)
        self.add(node, DCTERMS.identifier, Literal(plan.id))
        self.add(node, DCTERMS.title, Literal(plan.title, lang=self.language))
        self.add(node, RDFS.label, Literal(plan.title, lang=self.language))
        if plan.period:
            self.add(node, SCHEMA.startDate, Literal(str(plan.period.start), datatype=XSD.gYear))
            if plan.period.end:
                self.add(node, SCHEMA.endDate, Literal(str(plan.period.end), datatype=XSD.gYear))
        self.add(node, TG.chapterScheme, scheme)
        self.add(node, TG.statusReport, status)
        self.add(status, RDF.type, TG.StatusReport)
        self.add(status, RDF.type, TG.FinalReport if self.report.kind == "final" else TG.InterimReport)
        self.add(status, DCTERMS.source, self.source)
        self.add(status, DCTERMS.language, Literal(self.report.language))
        if self.report.title:
            self.add(status, DCTERMS.title, Literal(self.report.title, lang=self.language))
        if self.report.date:
            self.add(status, DCTERMS.issued, _date(self.report.date))
        self.add(self.source, RDF.type, PROV.Entity)
        self.add(self.source, DCTERMS.title, Literal(self.report.source))
        self.add(self.source, DCTERMS.format, Literal("text/plain"))
        self.add(scheme, RDF.type, SKOS.ConceptScheme)
        self.add(scheme, SKOS.prefLabel, Literal(f"Kapitler i {plan.title}", lang="nb"))
        for chapter in self.report.chapters:
            concept = self.iris("plan", self.plan, "chapter", str(chapter.number))
            self.add(concept, RDF.type, SKOS.Concept)
            self.add(concept, SKOS.inScheme, scheme)
            self.add(scheme, SKOS.hasTopConcept, concept)
            self.add(concept, SKOS.notation, Literal(str(chapter.number)))
            self.add(concept, SKOS.prefLabel, Literal(chapter.title, lang=self.language))
            if chapter.first_measure is not None:
                self.add(concept, TG.firstMeasureNumber, Literal(chapter.first_measure))
                self.add(concept, TG.lastMeasureNumber, Literal(chapter.last_measure))
            self.add(concept, TG.firstLine, Literal(chapter.line))

    def _measure(self, measure: Measure) -> None:
        node = self.iris.measure(self.plan, measure.id)
        self.add(node, RDF.type, TG.Measure)
        self.add(node, DCTERMS.identifier, Literal(measure.id))
        self.add(node, DCTERMS.title, Literal(measure.title, lang=self.language))
        self.add(node, RDFS.label, Literal(f"{measure.id}. {measure.title}", lang=self.language))
        self.add(node, DCTERMS.isPartOf, self.iris("plan", self.plan))
        if measure.chapter:
            self.add(node, TG.chapter, self.iris("plan", self.plan, "chapter", str(measure.chapter)))
        if measure.parent:
            self.add(node, TG.subMeasureOf, self.iris.measure(self.plan, measure.parent))
        if measure.description:
            self.add(node, DCTERMS.description, Literal(measure.description, lang=self.language))
        if measure.status_text:
            self.add(node, TG.statusText, Literal(measure.status_text, lang=self.language))
        if measure.period:
            self.add(node, SCHEMA.startDate, Literal(str(measure.period.start), datatype=XSD.gYear))
            if measure.period.end:
                self.add(node, SCHEMA.endDate, Literal(str(measure.period.end), datatype=XSD.gYear))
        self.add(node, TG.firstLine, Literal(measure.span.start))
        self.add(node, TG.lastLine, Literal(measure.span.end))
        if measure.page is not None:
            self.add(node, TG.page, Literal(measure.page))
        if measure.status:
            self._status(node, measure)

    def _status(self, measure_node: URIRef, measure: Measure) -> None:
        """The measure's status as this report states it: a tg:StatusObservation of the report."""
        status = measure.status
        node = URIRef(f"{measure_node}/status/{slug(self.report.source)}")
        concept = URIRef(vocabulary.STATUS[status.value].iri)
        self.add(measure_node, TG.statusObservation, node)
        self.add(node, RDF.type, TG.StatusObservation)
        self.add(node, TG.observedMeasure, measure_node)
        self.add(node, TG.status, concept)
        self.add(node, TG.statusLabel, Literal(status.label, lang=self.language))
        self.add(node, PROV.wasDerivedFrom, self.status_report)
        date = status.date or self.report.date
        if date:
            self.add(node, DCTERMS.date, _date(date))
        self.evidence(node, Evidence(status.line, status.text or status.label, status.rule, status.curation))

    def _involvement(self, involvement) -> None:
        measure = self.iris.measure(self.plan, involvement.measure)
        agent = self.organisation(involvement.actor)
        role, shortcut = ROLES[involvement.role]
        association = URIRef(f"{measure}/involvement/{involvement.actor}/{involvement.role}")
        self.add(measure, shortcut, agent)
        self.add(measure, PROV.qualifiedAssociation, association)
        self.add(association, RDF.type, PROV.Association)
        self.add(association, PROV.agent, agent)
        self.add(association, PROV.hadRole, role)
        for evidence in involvement.evidence:
            self.evidence(association, evidence)

    def _reference(self, number: str, reference) -> None:
        source = self.iris.measure(self.plan, reference.source)
        if reference.target in self.plans.get(reference.plan, ()):  # a measure of a plan in the graph
            target = self.iris.measure(reference.plan, reference.target)
        elif reference.plan:
            document = self.document(reference.plan)
            target = URIRef(f"{document}/measure/{reference.target}")
            self.add(target, RDF.type, TG.Measure)
            self.add(target, DCTERMS.identifier, Literal(reference.target))
            self.add(target, DCTERMS.isPartOf, document)
            name = self.extraction.documents[reference.plan].name
            self.add(target, RDFS.label, Literal(f"Tiltak {reference.target} i {name}", lang="nb"))
        else:
            target = self.iris.measure(self.plan, reference.target)
        self._qualified_reference(source, target, number, reference.evidence)
        self.add(source, TG.refersToMeasure, target)

    def _mention(self, number: str, mention) -> None:
        source = self.iris.measure(self.plan, mention.measure)
        document = self.document(mention.document)
        self.add(source, DCTERMS.references, document)
        self._qualified_reference(source, document, number, mention.evidence, kind="document")

    def _qualified_reference(self, source, target, number: str, evidence: Evidence, kind: str = "measure"):
        node = URIRef(f"{source}/reference/{kind}/{number}")
        self.add(source, TG.qualifiedReference, node)
        self.add(node, RDF.type, TG.Reference)
        self.add(node, TG.referenceTarget, target)
        self.evidence(node, evidence)

    def _publication(self, publication) -> None:
        node = self.iris("report", publication.id)
        self.add(node, RDF.type, PUBLICATION_CLASSES[publication.kind])
        self.add(node, DCTERMS.title, Literal(publication.title, lang=self.language))
        self.add(node, RDFS.label, Literal(publication.title, lang=self.language))
        self.add(node, TG.reportedIn, self.iris.measure(self.plan, publication.measure))
        if publication.publisher:
            self.add(node, DCTERMS.publisher, self.organisation(publication.publisher))
        if publication.year:
            self.add(node, DCTERMS.issued, Literal(str(publication.year), datatype=XSD.gYear))
        if publication.url:
            self.add(node, SCHEMA.url, URIRef(href(publication.url)))
        self.evidence(node, publication.evidence)

    def _amount(self, number: str, amount) -> None:
        measure = self.iris.measure(self.plan, amount.measure)
        node = URIRef(f"{measure}/amount/{number}")
        self.add(measure, TG.amount, node)
        self.add(node, RDF.type, SCHEMA.MonetaryAmount)
        self.add(node, SCHEMA.value, Literal(amount.nok))
        self.add(node, SCHEMA.currency, Literal("NOK"))
        self.add(node, TG.amountText, Literal(amount.text))
        if amount.year:
            self.add(node, TG.year, Literal(amount.year))  # an integer: xsd:gYear is outside OWL 2
        if amount.funder:
            self.add(node, TG.funder, self.organisation(amount.funder))
        if amount.recipient:
            self.add(node, TG.recipient, self.organisation(amount.recipient))
        self.evidence(node, amount.evidence)

    def _link(self, number: str, link) -> None:
        measure = self.iris.measure(self.plan, link.measure)
        node = URIRef(f"{measure}/link/{number}")
        url = URIRef(href(link.url))
        self.add(measure, SCHEMA.url, url)
        self.add(measure, TG.qualifiedLink, node)
        self.add(node, RDF.type, TG.WebLink)
        self.add(node, SCHEMA.url, url)
        self.add(node, TG.hidden, Literal(link.hidden))
        self.evidence(node, link.evidence)
