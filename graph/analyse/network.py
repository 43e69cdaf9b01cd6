"""The collaboration network: pairs of organisations that share measures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from graph.analyse.common import (
    as_graph,
    by_measure_order,
    label_of,
    measure_label,
    measure_organisations,
    shared_measures,
)


@dataclass
class Network:
    """Organisation-organisation collaboration: `graph` an undirected networkx graph of organisation
    ids (attributes label, name, kind, known, measures; edge attributes weight and measures),
    `pairs` its edges as rows, heaviest first."""

    graph: object
    pairs: list[dict]


def collaboration_network(
    graph_or_extraction, roles: Iterable[str] | None = None, min_weight: int = 1
) -> Network:
    """Pairs of organisations sharing measures, weighted by the number of measures they share.
    `roles` counts only parts of those roles (both organisations); every organisation with such a part
    is a node, also one without partners."""
    import networkx as nx

    graph = as_graph(graph_or_extraction)
    network = nx.Graph()
    measures: Counter[str] = Counter()
    for organisations in measure_organisations(graph, roles).values():
        measures.update(organisations)
    for organisation in sorted(measures, key=lambda node: graph.nodes[node]["org"]):
        data = graph.nodes[organisation]
        network.add_node(
            data["org"],
            label=data["label"],
            name=data["title"],
            kind=data["kind"],
            known=data["known"],
            measures=measures[organisation],
        )
    pairs = []
    for (first, second), measures in shared_measures(graph, roles).items():
        if len(measures) < min_weight:
            continue
        labels = [measure_label(graph, m) for m in sorted(measures, key=by_measure_order(graph))]
        a, b = graph.nodes[first]["org"], graph.nodes[second]["org"]
        network.add_edge(a, b, weight=len(measures), measures="; ".join(labels))
        pairs.append(
            {
                "a": label_of(graph, first),
                "b": label_of(graph, second),
                "weight": len(measures),
                "measures": labels,
                "a_id": a,
                "b_id": b,
            }
        )
    pairs.sort(key=lambda row: (-row["weight"], row["a"].casefold(), row["b"].casefold()))
    return Network(graph=network, pairs=pairs)
