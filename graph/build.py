"""Build the knowledge graph (a networkx MultiDiGraph) from extracted facts.

Nodes have a `type` (plan, chapter, measure, organisation, report, document, external-measure,
amount) and a `label`. Edges are keyed by their relation; every edge carries its evidence: `line`
and `text` of the first, `evidence` the full list (facts from the gazetteer cite it instead; a fact
set by hand has its `curation`, and its line is of the corrections file).
"""

from __future__ import annotations

import networkx as nx

from graph.model import Evidence, Extraction, measures_by_plan
from graph.records import manual

GAZETTEER = Evidence(0, "data/gazetteer/organisations.toml")


def plan_node(plan_id: str) -> str:
    return f"plan:{plan_id}"


def measure_node(plan_id: str, measure_id: str) -> str:
    return f"measure:{plan_id}/{measure_id}"


def org_node(org_id: str) -> str:
    return f"org:{org_id}"


def build_graph(extractions: list[Extraction]) -> nx.MultiDiGraph:
    """One graph of all the given reports' plans, measures, actors and facts."""
    graph = nx.MultiDiGraph()
    plans = measures_by_plan(extractions)
    for extraction in extractions:
        _add_report(graph, extraction, plans)
    _add_organisation_parents(graph, extractions)
    return graph


def _edge(graph: nx.MultiDiGraph, source: str, target: str, relation: str, evidence: list[Evidence], **attrs):
    """Add an edge, or add evidence to the edge of this relation that is there already."""
    key = relation if "role" not in attrs else f"{relation}:{attrs['role']}"
    items = [{"line": e.line, "text": e.text, **manual(e)} for e in evidence]
    if graph.has_edge(source, target, key):
        known = graph.edges[source, target, key]["evidence"]
        known.extend(item for item in items if item not in known)
        return
    graph.add_edge(
        source,
        target,
        key,
        relation=relation,
        line=items[0]["line"],
        text=items[0]["text"],
        evidence=items,
        **attrs,
    )


def _add_report(graph: nx.MultiDiGraph, extraction: Extraction, plans: dict[str, set[str]]) -> None:
    report = extraction.report
    plan = report.plan
    pid = plan.id
    graph.add_node(
        plan_node(pid),
        type="plan",
        label=plan.title,
        title=plan.title,
        plan=pid,
        period_start=plan.period.start if plan.period else None,
        period_end=plan.period.end if plan.period else None,
        report_date=report.date,
        source=report.source,
    )
    chapters = {}
    for chapter in report.chapters:
        node = f"chapter:{pid}/{chapter.number}"
        chapters[chapter.number] = node
        graph.add_node(
            node,
            type="chapter",
            label=f"Kapittel {chapter.number}",
            title=chapter.title,
            plan=pid,
            number=chapter.number,
            first_measure=chapter.first_measure,
            last_measure=chapter.last_measure,
        )
        _edge(graph, node, plan_node(pid), "part_of", [Evidence(chapter.line, chapter.title)])
    for measure in report.measures:
        node = measure_node(pid, measure.id)
        graph.add_node(
            node,
            type="measure",
            label=measure.id,
            title=measure.title,
            plan=pid,
            measure=measure.id,
            chapter=measure.chapter,
            parent=measure.parent,
            responsible=list(measure.responsible),
            period_start=measure.period.start if measure.period else None,
            period_end=measure.period.end if measure.period else None,
            line_start=measure.span.start,
            line_end=measure.span.end,
            description=measure.description,
            urls=[link.url for link in extraction.links if link.measure == measure.id],
        )
        heading = Evidence(measure.span.start, measure.title)
        if measure.chapter in chapters:
            _edge(graph, node, chapters[measure.chapter], "part_of", [heading])
        if measure.parent:
            _edge(graph, node, measure_node(pid, measure.parent), "sub_measure_of", [heading])
    for involvement in extraction.involvements:
        _add_organisation(graph, extraction, involvement.actor)
        node = measure_node(pid, involvement.measure)
        _edge(
            graph, org_node(involvement.actor), node, "involved", involvement.evidence, role=involvement.role
        )
    for reference in extraction.references:
        source = measure_node(pid, reference.source)
        if reference.target in plans.get(reference.plan, ()):  # a measure of a plan in the graph
            target = measure_node(reference.plan, reference.target)
        elif reference.plan:
            document = _add_document(graph, extraction, reference.plan, plans)
            target = f"{document}/measure/{reference.target}"
            graph.add_node(
                target,
                type="external-measure",
                label=f"{reference.target} ({extraction.documents[reference.plan].name})",
                title=f"Tiltak {reference.target} i {extraction.documents[reference.plan].name}",
                measure=reference.target,
                document=reference.plan,
            )
            _edge(graph, target, document, "measure_of", [reference.evidence])
        else:
            target = measure_node(pid, reference.target)
        _edge(graph, source, target, "refers_to", [reference.evidence])
    for mention in extraction.mentions:
        document = _add_document(graph, extraction, mention.document, plans)
        _edge(graph, measure_node(pid, mention.measure), document, "names", [mention.evidence])
    for publication in extraction.publications:
        node = f"report:{publication.id}"
        if node not in graph:
            graph.add_node(
                node,
                type="report",
                label=publication.title if len(publication.title) <= 40 else publication.title[:38] + "…",
                title=publication.title,
                kind=publication.kind,
                year=publication.year,
                url=publication.url,
            )
        else:
            attrs = graph.nodes[node]
            attrs["year"] = attrs["year"] or publication.year
            attrs["url"] = attrs["url"] or publication.url
        _edge(graph, node, measure_node(pid, publication.measure), "reported_in", [publication.evidence])
        if publication.publisher:
            _add_organisation(graph, extraction, publication.publisher)
            _edge(graph, org_node(publication.publisher), node, "publishes", [publication.evidence])
    counters: dict[str, int] = {}
    for amount in extraction.amounts:
        counters[amount.measure] = counters.get(amount.measure, 0) + 1
        node = f"amount:{pid}/{amount.measure}/{counters[amount.measure]}"
        graph.add_node(
            node,
            type="amount",
            label=f"{amount.nok:,} kr".replace(",", " "),
            title=amount.text,
            nok=amount.nok,
            year=amount.year,
        )
        _edge(graph, measure_node(pid, amount.measure), node, "has_amount", [amount.evidence])
        if amount.funder:
            _add_organisation(graph, extraction, amount.funder)
            _edge(graph, org_node(amount.funder), node, "funds_amount", [amount.evidence])
        if amount.recipient:
            _add_organisation(graph, extraction, amount.recipient)
            _edge(graph, node, org_node(amount.recipient), "receives_amount", [amount.evidence])


def _add_organisation(graph: nx.MultiDiGraph, extraction: Extraction, org_id: str) -> None:
    node = org_node(org_id)
    if node in graph:
        return
    organisation = extraction.organisations[org_id]
    graph.add_node(
        node,
        type="organisation",
        label=organisation.label,
        title=organisation.name,
        org=organisation.id,
        abbreviation=organisation.abbreviation,
        name_en=organisation.name_en,
        kind=organisation.kind,
        parent=organisation.parent,
        known=organisation.known,
    )


def _add_document(
    graph: nx.MultiDiGraph, extraction: Extraction, doc_id: str, plans: dict[str, set[str]]
) -> str:
    """The node of a document named in the report: the plan's own node if it is in the graph."""
    if doc_id in plans:
        return plan_node(doc_id)
    node = f"document:{doc_id}"
    if node not in graph:
        document = extraction.documents[doc_id]
        graph.add_node(
            node,
            type="document",
            label=document.name,
            title=document.title or document.name,
            document=doc_id,
            kind=document.kind,
            name_en=document.name_en,
            known=document.known,
        )
        if document.part_of:
            law = _add_document(graph, extraction, document.part_of, plans)
            _edge(graph, node, law, "section_of", [Evidence(0, document.name)])
    return node


def _add_organisation_parents(graph: nx.MultiDiGraph, extractions: list[Extraction]) -> None:
    """Parent bodies from the gazetteer, up the chain, for every organisation in the graph."""
    organisations = {}
    for extraction in extractions:
        organisations.update(extraction.organisations)
    pending = [data["org"] for _, data in graph.nodes(data=True) if data["type"] == "organisation"]
    while pending:
        org_id = pending.pop()
        parent = organisations[org_id].parent
        if not parent:
            continue
        if org_node(parent) not in graph:
            _add_organisation(graph, next(e for e in extractions if parent in e.organisations), parent)
            pending.append(parent)
        _edge(graph, org_node(org_id), org_node(parent), "sub_organisation_of", [GAZETTEER])
