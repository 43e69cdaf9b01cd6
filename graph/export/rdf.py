"""The RDF graph of extracted facts, described by ontology/tiltaksgraf.ttl.

IRIs are readable and stable under a configurable base (default https://w3id.org/tiltaksgraf/):
<base>plan/<plan-id>, <base>plan/<plan-id>/measure/18a, <base>org/nkvts, <base>document/<id>,
<base>report/<id>. Every fact keeps its evidence: tg:evidence to an oa:SpecificResource with the
source file, an RFC 5147 line fragment and the sentence (see the ontology's header comment).

Several reports of one plan make one plan (graph.export.rdf_report writes each report): every
involvement, observation and evidence is prov:wasDerivedFrom its report; a measure's own values
(title, lines, period) are those of the latest report that prints it, and each report's are kept
on a tg:MeasureInReport. Each report's triples also form a named graph of their own (the report's
IRI), and what is derived over all reports (current statuses, labels of concepts) the graph
<base>graph/derived, so that a store can replace one report (TriG, N-Quads).
"""

from __future__ import annotations

import hashlib

from rdflib import RDF, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV

from graph import vocabulary
from graph.model import Evidence, Extraction, report_order
from graph.namespaces import DEFAULT_BASE, PREFIXES
from graph.text import slug

TG = Namespace(PREFIXES["tg"])
SCHEMA = Namespace(PREFIXES["schema"])
OA = Namespace(PREFIXES["oa"])
RFC5147 = URIRef("http://tools.ietf.org/rfc/rfc5147")
LANGUAGES = ("nb", "nn", "en")

Triple = tuple[URIRef, URIRef, URIRef | Literal]


class Iris:
    """The IRIs of things under one base."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def __call__(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    def measure(self, plan: str, measure: str) -> URIRef:
        return self("plan", plan, "measure", measure)

    def report(self, plan: str, source: str) -> URIRef:
        """A status report of a plan; also the name of the graph of its triples."""
        return self("plan", plan, "report", slug(source))

    def evidence(self, source: str, evidence: Evidence) -> URIRef:
        digest = hashlib.sha1(evidence.text.encode()).hexdigest()[:8]
        return self("source", slug(source), "line", str(evidence.line), digest)


def selector_triples(node: URIRef, evidence: Evidence) -> tuple[Triple, ...]:
    """The two selectors of an evidence resource: its line as an RFC 5147 fragment, and the quote."""
    fragment, quote = URIRef(node + "#line"), URIRef(node + "#quote")
    return (
        (node, OA.hasSelector, fragment),
        (node, OA.hasSelector, quote),
        (fragment, RDF.type, OA.FragmentSelector),
        (fragment, DCTERMS.conformsTo, RFC5147),
        (fragment, RDF.value, Literal(f"line={evidence.line - 1},{evidence.line}")),
        (quote, RDF.type, OA.TextQuoteSelector),
        (quote, OA.exact, Literal(evidence.text)),
    )


def rdf_graphs(
    extractions: list[Extraction], base: str = DEFAULT_BASE, dataset=None
) -> dict[URIRef, set[Triple]]:
    """The triples of each report (by the report's IRI, oldest first), those derived over all of
    them (by <base>graph/derived) and the dataset's description of itself (by <base>graph/dataset;
    `dataset`: its graph.export.dataset.DatasetOptions)."""
    from graph.export.dataset import describe_dataset
    from graph.export.identity import former_iris
    from graph.export.rdf_report import ReportWriter, Series

    iris = Iris(base)
    ordered = sorted(extractions, key=report_order)
    series = Series(ordered)
    graphs: dict[URIRef, set[Triple]] = {}
    for extraction in ordered:
        report = extraction.report
        graphs[iris.report(report.plan.id, report.source)] = ReportWriter(iris, extraction, series).write()
    derived: set[Triple] = set()
    _current_statuses(derived, iris, ordered)
    data = set().union(*graphs.values())
    _concepts(derived, data)
    derived |= former_iris(data, iris.base)
    graphs[iris("graph", "derived")] = derived
    graphs[iris("graph", "dataset")] = describe_dataset(data | derived, ordered, iris.base, dataset)
    return graphs


def rdf_triples(extractions: list[Extraction], base: str = DEFAULT_BASE, dataset=None) -> set[Triple]:
    """The triples of one or more reports, as a plain set (light and fast for large corpora; the
    exports are written from it by pyoxigraph)."""
    return set().union(*rdf_graphs(extractions, base, dataset).values())


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


def _concepts(triples: set[Triple], data: set[Triple]) -> None:
    """The notation and labels of each role, kind of organisation and status the data uses, so that queries
    over the data alone (without the ontology) can name them."""
    used = {o for _, p, o in data if p in (PROV.hadRole, ORG.classification, TG.status)}
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
