"""Counts, the most central organisations, the most referenced measures and the gaps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from graph.analyse.actors import actor_table
from graph.analyse.common import (
    as_graph,
    by_measure_order,
    chapter_key,
    connection_graph,
    involved,
    label_of,
    measure_label,
    nodes_of,
)
from graph.vocabulary import ROLE_KEYS


@dataclass
class Stats:
    nodes: list[dict]  # type, count
    edges: list[dict]  # relation, role, count
    central: list[dict]  # id, organisation, kind, measures, degree, betweenness
    referenced: list[dict]  # measure, title, referenced_by (count), by
    unexecuted: list[dict]  # measure, chapter, responsible, title


def graph_stats(graph_or_extraction, top: int = 10) -> Stats:
    """Counts by node type and edge relation (involvement by role); the `top` most central
    organisations (degree: neighbours in the connection graph; betweenness: normalised, in the
    connection graph); the `top` measures most referenced by other measures; and the measures with no
    executing organisation (a measure with sub-measures is left out: its facts are in those)."""
    import networkx as nx

    graph = as_graph(graph_or_extraction)
    nodes = Counter(data["type"] for _, data in graph.nodes(data=True))
    edges = Counter((data["relation"], data.get("role", "")) for *_, data in graph.edges(data=True))
    relations = Counter(data["relation"] for *_, data in graph.edges(data=True))
    connections = connection_graph(graph)
    betweenness = nx.betweenness_centrality(connections)
    table = {row["id"]: row for row in actor_table(graph)}
    central = [
        {
            "id": graph.nodes[node]["org"],
            "organisation": label_of(graph, node),
            "kind": graph.nodes[node]["kind"],
            "measures": table[graph.nodes[node]["org"]]["measures"],
            "degree": connections.degree(node),
            "betweenness": round(betweenness[node], 4),
        }
        for node in nodes_of(graph, "organisation")
    ]
    central.sort(key=lambda row: (-row["betweenness"], -row["degree"], row["organisation"].casefold()))
    measures = sorted(nodes_of(graph, "measure"), key=by_measure_order(graph))
    referenced = []
    for measure in measures:
        by = sorted(
            {s for s, _, e in graph.in_edges(measure, data=True) if e["relation"] == "refers_to"},
            key=by_measure_order(graph),
        )
        if by:
            referenced.append(
                {
                    "measure": measure_label(graph, measure),
                    "title": graph.nodes[measure]["title"],
                    "referenced_by": len(by),
                    "by": [measure_label(graph, s) for s in by],
                }
            )
    referenced.sort(key=lambda row: -row["referenced_by"])  # stable: in measure order among equals
    executed = {measure for _, measure, role, _ in involved(graph, ["executes"])}
    parents = {t for _, t, e in graph.edges(data=True) if e["relation"] == "sub_measure_of"}
    unexecuted = [
        {
            "measure": measure_label(graph, measure),
            "chapter": chapter_key(graph, measure),
            "responsible": list(graph.nodes[measure]["responsible"]),
            "title": graph.nodes[measure]["title"],
        }
        for measure in measures
        if measure not in executed and measure not in parents
    ]
    return Stats(
        nodes=[
            {"type": kind, "count": count}
            for kind, count in sorted(nodes.items(), key=lambda i: (-i[1], i[0]))
        ],
        edges=[
            {"relation": relation, "role": role, "count": count}
            for (relation, role), count in sorted(
                edges.items(),
                key=lambda i: (-relations[i[0][0]], i[0][0], ROLE_KEYS.index(i[0][1]) if i[0][1] else 0),
            )
        ],
        central=central[:top],
        referenced=referenced[:top],
        unexecuted=unexecuted,
    )
