"""Build the knowledge graph (a networkx MultiDiGraph) from extracted facts.

Nodes have a `type` (plan, chapter, measure, organisation, report, document, external-measure,
amount) and a `label`. Edges are keyed by their relation; every edge carries its evidence: `line`
and `text` of the first, `evidence` the full list, each item with the `report` (source file) it
comes from (facts from the gazetteer cite it instead; a fact set by hand has its `curation`, and
its line is of the corrections file).

Several reports of one plan make one plan: reports are added oldest first, so a measure's
attributes are those of the latest report that prints it, its `status` is the series of its
reports ({report, date, value}, oldest first), and an edge means "in any report" (`reports` lists
them). An amount stated again in a later report (same sum, year, funder, recipient) is one node.
"""

from __future__ import annotations

import networkx as nx

from graph.model import Evidence, Extraction, PlanIndex, Report, report_order
from graph.records import manual
from graph.series import restatements

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
    plans = PlanIndex(extractions)
    amounts = _AmountNodes()
    for extraction in sorted(extractions, key=report_order):
        _add_report(graph, extraction, plans, amounts)
    _add_organisation_parents(graph, extractions)
    return graph


def _edge(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    relation: str,
    evidence: list[Evidence],
    report: Report | None = None,
    **attrs,
):
    """Add an edge, or add evidence to the edge of this relation that is there already; `report` is
    the report the evidence comes from (None: the gazetteer)."""
    key = relation if "role" not in attrs else f"{relation}:{attrs['role']}"
    name = report.source if report else None
    items = [
        {
            "line": e.line,
            "text": e.text,
            "page": report.page_of(e.line) if report and not e.curation else None,
            "report": name,
            **manual(e),
        }
        for e in evidence
    ]
    if graph.has_edge(source, target, key):
        edge = graph.edges[source, target, key]
        edge["evidence"].extend(item for item in items if item not in edge["evidence"])
        if name and name not in edge["reports"]:
            edge["reports"].append(name)
        return
    graph.add_edge(
        source,
        target,
        key,
        relation=relation,
        line=items[0]["line"],
        text=items[0]["text"],
        evidence=items,
        reports=[name] if name else [],
        **attrs,
    )


def _add_report(
    graph: nx.MultiDiGraph, extraction: Extraction, plans: PlanIndex, amounts: _AmountNodes
) -> None:
    report = extraction.report
    plan = report.plan
    pid = plan.id
    source = report.source
    earlier = graph.nodes[plan_node(pid)].get("reports", []) if plan_node(pid) in graph else []
    graph.add_node(
        plan_node(pid),
        type="plan",
        label=plan.title,
        title=plan.title,
        plan=pid,
        period_start=plan.period.start if plan.period else None,
        period_end=plan.period.end if plan.period else None,
        report_date=report.date,
        source=source,
        reports=[
            *earlier,
            {"source": source, "date": report.date, "kind": report.kind, "title": report.title},
        ],
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
        _edge(graph, node, plan_node(pid), "part_of", [Evidence(chapter.line, chapter.title)], report)
    for measure in report.measures:
        node = measure_node(pid, measure.id)
        before = graph.nodes[node] if node in graph else {}
        status = {
            "report": source,
            "date": report.date,
            "value": measure.status.value if measure.status else None,
        }
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
            page=measure.page,
            line_start=measure.span.start,
            line_end=measure.span.end,
            description=measure.description,
            urls=[link.url for link in extraction.links if link.measure == measure.id],
            status=[*before.get("status", []), status],
            reports=[*before.get("reports", []), source],
            titles=list(dict.fromkeys([*before.get("titles", []), measure.title])),
        )
        heading = Evidence(measure.span.start, measure.title)
        if measure.chapter in chapters:
            _edge(graph, node, chapters[measure.chapter], "part_of", [heading], report)
        if measure.parent:
            _edge(graph, node, measure_node(pid, measure.parent), "sub_measure_of", [heading], report)
    for involvement in extraction.involvements:
        _add_organisation(graph, extraction, involvement.actor)
        node = measure_node(pid, involvement.measure)
        _edge(
            graph,
            org_node(involvement.actor),
            node,
            "involved",
            involvement.evidence,
            report,
            role=involvement.role,
        )
    for reference in extraction.references:
        origin = measure_node(pid, reference.source)
        if other := plans.measure(reference.plan, reference.target):  # a measure of a plan in the graph
            target = measure_node(other, reference.target)
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
            _edge(graph, target, document, "measure_of", [reference.evidence], report)
        else:
            target = measure_node(pid, reference.target)
        _edge(graph, origin, target, "refers_to", [reference.evidence], report)
    for mention in extraction.mentions:
        document = _add_document(graph, extraction, mention.document, plans)
        _edge(graph, measure_node(pid, mention.measure), document, "names", [mention.evidence], report)
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
        _edge(
            graph, node, measure_node(pid, publication.measure), "reported_in", [publication.evidence], report
        )
        if publication.publisher:
            _add_organisation(graph, extraction, publication.publisher)
            _edge(graph, org_node(publication.publisher), node, "publishes", [publication.evidence], report)
    for key, amount in restatements(
        extraction.amounts, lambda a: (pid, a.measure, a.nok, a.year, a.funder, a.recipient)
    ):
        node = amounts.node(key)
        graph.add_node(
            node,
            type="amount",
            label=f"{amount.nok:,} kr".replace(",", " "),
            title=amount.text,
            nok=amount.nok,
            year=amount.year,
        )
        _edge(graph, measure_node(pid, amount.measure), node, "has_amount", [amount.evidence], report)
        if amount.funder:
            _add_organisation(graph, extraction, amount.funder)
            _edge(graph, org_node(amount.funder), node, "funds_amount", [amount.evidence], report)
        if amount.recipient:
            _add_organisation(graph, extraction, amount.recipient)
            _edge(graph, node, org_node(amount.recipient), "receives_amount", [amount.evidence], report)


class _AmountNodes:
    """The node of each amount: numbered from 1 within its measure in order of first statement, one
    node for an amount that a later report states again (the k-th statement of the same sum, year,
    funder and recipient in each report)."""

    def __init__(self):
        self.nodes: dict[tuple, str] = {}
        self.counts: dict[tuple[str, str], int] = {}

    def node(self, identity: tuple) -> str:
        """identity: plan, measure, sum, year, funder, recipient, occurrence in the report."""
        if identity not in self.nodes:
            plan, measure = identity[:2]
            number = self.counts[plan, measure] = self.counts.get((plan, measure), 0) + 1
            self.nodes[identity] = f"amount:{plan}/{measure}/{number}"
        return self.nodes[identity]


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


def _add_document(graph: nx.MultiDiGraph, extraction: Extraction, doc_id: str, plans: PlanIndex) -> str:
    """The node of a document named in the report: the plan's own node if it is in the graph."""
    if plan := plans.plan(doc_id):
        return plan_node(plan)
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
