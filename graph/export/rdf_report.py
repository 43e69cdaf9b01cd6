"""The triples one status report states (graph.export.rdf calls it for each report, oldest first).

Where several reports of one plan are in the graph, `Series` says which report is the latest for
each measure, chapter and plan (only that one writes their own single values: title, label, lines,
period) and numbers facts across the reports, so that an amount, a reference or a link that a later
report states again keeps one IRI (…/measure/18a/amount/2): the k-th statement of the same fact in
each report is one fact, numbered from 1 within its measure in order of first statement.
"""

from __future__ import annotations

from operator import attrgetter

from rdflib import RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV

from graph import vocabulary
from graph.export.manual import manual_evidence
from graph.export.rdf import OA, SCHEMA, TG, Iris, Triple, selector_triples
from graph.model import Evidence, Extraction, Measure, PlanIndex
from graph.series import restatements
from graph.text import slug
from graph.urls import href

ROLES = {role.key: (URIRef(role.iri), URIRef(role.property)) for role in vocabulary.ROLES}
KINDS = {kind.key: URIRef(kind.iri) for kind in vocabulary.ORG_KINDS}
DOCUMENT_CLASSES = {kind.key: URIRef(kind.iri) for kind in vocabulary.DOCUMENT_KINDS}
PUBLICATION_CLASSES = {kind.key: URIRef(kind.iri) for kind in vocabulary.PUBLICATION_KINDS}


class Series:
    """What the reports of a graph (in report order) share: the latest report of each measure,
    chapter and plan, and the numbers of facts."""

    def __init__(self, extractions: list[Extraction]):
        self.plans = PlanIndex(extractions)
        self.latest: dict[tuple, str] = {}
        for extraction in extractions:
            report = extraction.report
            plan = report.plan.id
            self.latest[("plan", plan)] = report.source
            for chapter in report.chapters:
                self.latest[("chapter", plan, chapter.number)] = report.source
            for measure in report.measures:
                self.latest[("measure", plan, measure.id)] = report.source
        self.numbers: dict[tuple, str] = {}
        self.counts: dict[tuple, int] = {}

    def number(self, scope: tuple, identity: tuple) -> str:
        """The number of a fact (identity: the fact and its occurrence in its report) in its scope
        (the kind of fact and its plan and measure)."""
        key = (*scope, *identity)
        if key not in self.numbers:
            self.counts[scope] = self.counts.get(scope, 0) + 1
            self.numbers[key] = str(self.counts[scope])
        return self.numbers[key]


def _date(text: str) -> Literal:
    """A date of a report as it is known: a year, a year and month, or a day."""
    kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(text), XSD.date)
    return Literal(text, datatype=kind)


class ReportWriter:
    """The triples of one report."""

    def __init__(self, iris: Iris, extraction: Extraction, series: Series):
        self.triples: set[Triple] = set()
        self.iris, self.extraction, self.series = iris, extraction, series
        self.plans = series.plans
        self.report = extraction.report
        self.plan = self.report.plan.id
        self.language = self.report.language  # of the text the literals quote
        self.status_report = iris.report(self.plan, self.report.source)
        self.source = iris("source", slug(self.report.source))

    def is_latest(self, *thing) -> bool:
        """Whether this report is the latest to print the plan, chapter or measure."""
        return self.series.latest[thing] == self.report.source

    def numbered(self, facts: list, kind: str, measure_of, identity_of):
        """(number, fact) for facts of one kind, numbered within each measure across the reports."""
        for key, fact in restatements(facts, lambda f: (measure_of(f), *identity_of(f))):
            yield self.series.number((kind, self.plan, measure_of(fact)), key), fact

    def add(self, subject, predicate, value) -> None:
        if value is not None:
            self.triples.add((subject, predicate, value))

    def write(self) -> set[Triple]:
        extraction = self.extraction
        self._plan()
        for measure in self.report.measures:
            self._measure(measure)
        for involvement in extraction.involvements:
            self._involvement(involvement)
        by_source, by_measure = attrgetter("source"), attrgetter("measure")
        references = self.numbered(
            extraction.references, "reference", by_source, lambda r: (r.plan, r.target)
        )
        for number, reference in references:
            self._reference(number, reference)
        for number, mention in self.numbered(
            extraction.mentions, "mention", by_measure, lambda m: (m.document,)
        ):
            self._mention(number, mention)
        for publication in extraction.publications:
            self._publication(publication)
        amounts = self.numbered(
            extraction.amounts, "amount", by_measure, lambda a: (a.nok, a.year, a.funder, a.recipient)
        )
        for number, amount in amounts:
            self._amount(number, amount)
        for number, link in self.numbered(extraction.links, "link", by_measure, lambda k: (k.url, k.hidden)):
            self._link(number, link)
        return self.triples

    def evidence(self, subject: URIRef, evidence: Evidence) -> None:
        """subject tg:evidence <line and sentence of the source file>."""
        if evidence.curation:  # set by hand: a line of the corrections file
            return manual_evidence(self, subject, evidence)
        node = self.iris.evidence(self.report.source, evidence)
        self.add(subject, TG.evidence, node)
        if (node, RDF.type, OA.SpecificResource) in self.triples:
            return
        for triple in (
            (node, RDF.type, OA.SpecificResource),
            (node, OA.hasSource, self.source),
            (node, PROV.wasDerivedFrom, self.status_report),
            (node, TG.line, Literal(evidence.line)),
            *(((node, TG.page, Literal(page)),) if (page := self.report.page_of(evidence.line)) else ()),
            *(((node, TG.rule, Literal(evidence.rule)),) if evidence.rule else ()),
            *selector_triples(node, evidence),
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
        if plan := self.plans.plan(doc_id):
            return self.iris("plan", plan)
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
        if self.is_latest("plan", self.plan):
            self.add(node, DCTERMS.title, Literal(plan.title, lang=self.language))
            self.add(node, RDFS.label, Literal(plan.title, lang=self.language))
            self.add(scheme, SKOS.prefLabel, Literal(f"Kapitler i {plan.title}", lang="nb"))
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
        if self.report.url:
            self.add(status, SCHEMA.url, URIRef(href(self.report.url)))
        if self.report.licence:
            self.add(status, DCTERMS.license, Literal(self.report.licence))
        self.add(self.source, RDF.type, PROV.Entity)
        self.add(self.source, DCTERMS.title, Literal(self.report.source))
        self.add(self.source, DCTERMS.format, Literal("text/plain"))
        self.add(scheme, RDF.type, SKOS.ConceptScheme)
        for chapter in self.report.chapters:
            concept = self.iris("plan", self.plan, "chapter", str(chapter.number))
            self.add(concept, RDF.type, SKOS.Concept)
            self.add(concept, SKOS.inScheme, scheme)
            self.add(scheme, SKOS.hasTopConcept, concept)
            self.add(concept, SKOS.notation, Literal(str(chapter.number)))
            if not self.is_latest("chapter", self.plan, chapter.number):
                continue
            self.add(concept, SKOS.prefLabel, Literal(chapter.title, lang=self.language))
            if chapter.first_measure is not None:
                self.add(concept, TG.firstMeasureNumber, Literal(chapter.first_measure))
                self.add(concept, TG.lastMeasureNumber, Literal(chapter.last_measure))
            self.add(concept, TG.firstLine, Literal(chapter.line))

    def _measure(self, measure: Measure) -> None:
        node = self.iris.measure(self.plan, measure.id)
        self.add(node, RDF.type, TG.Measure)
        self.add(node, DCTERMS.identifier, Literal(measure.id))
        self.add(node, DCTERMS.isPartOf, self.iris("plan", self.plan))
        if self.is_latest("measure", self.plan, measure.id):
            self._current(node, measure)
        self._entry(node, measure)
        if measure.status:
            self._status(node, measure)

    def _current(self, node: URIRef, measure: Measure) -> None:
        """The measure's own values, as the latest report that prints it gives them."""
        self.add(node, DCTERMS.title, Literal(measure.title, lang=self.language))
        self.add(node, RDFS.label, Literal(f"{measure.id}. {measure.title}", lang=self.language))
        if measure.chapter:
            self.add(node, TG.chapter, self.iris("plan", self.plan, "chapter", str(measure.chapter)))
        if measure.parent:
            self.add(node, TG.subMeasureOf, self.iris.measure(self.plan, measure.parent))
        if measure.description:
            self.add(node, DCTERMS.description, Literal(measure.description, lang=self.language))
        if measure.status_text:
            self.add(node, TG.statusText, Literal(measure.status_text, lang=self.language))
        self._period(node, measure)
        self.add(node, TG.firstLine, Literal(measure.span.start))
        self.add(node, TG.lastLine, Literal(measure.span.end))
        if measure.page is not None:
            self.add(node, TG.page, Literal(measure.page))

    def _entry(self, node: URIRef, measure: Measure) -> None:
        """The measure as this report prints it (a tg:MeasureInReport): the title as written, the
        heading's line and page (its evidence), the chapter, period and responsible ministries."""
        entry = URIRef(f"{node}/in/{slug(self.report.source)}")
        self.add(node, TG.inReport, entry)
        self.add(entry, RDF.type, TG.MeasureInReport)
        self.add(entry, TG.entryOf, node)
        self.add(entry, PROV.wasDerivedFrom, self.status_report)
        self.add(entry, DCTERMS.title, Literal(measure.title, lang=self.language))
        if measure.chapter:
            chapter = self.iris("plan", self.plan, "chapter", str(measure.chapter))
            self.add(entry, TG.chapterInReport, chapter)
        self._period(entry, measure)
        for involvement in self.extraction.involvements:
            if involvement.measure == measure.id and involvement.role == "responsible":
                self.add(entry, TG.responsibleInReport, self.organisation(involvement.actor))
        self.evidence(entry, Evidence(measure.span.start, measure.title, "layout.measure"))

    def _period(self, subject: URIRef, measure: Measure) -> None:
        if measure.period:
            self.add(subject, SCHEMA.startDate, Literal(str(measure.period.start), datatype=XSD.gYear))
            if measure.period.end:
                self.add(subject, SCHEMA.endDate, Literal(str(measure.period.end), datatype=XSD.gYear))

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
        self.add(association, PROV.wasDerivedFrom, self.status_report)
        for evidence in involvement.evidence:
            self.evidence(association, evidence)

    def _reference(self, number: str, reference) -> None:
        source = self.iris.measure(self.plan, reference.source)
        if other := self.plans.measure(reference.plan, reference.target):  # a measure of a plan in the graph
            target = self.iris.measure(other, reference.target)
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
