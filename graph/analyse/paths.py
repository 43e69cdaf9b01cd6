"""The shortest connections between two nodes, each hop in words with the lines of its evidence."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice, pairwise

from graph.analyse.actors import resolve_actor
from graph.analyse.common import as_graph, connection_graph, lines_of, measure_label
from graph.analyse.measures import resolve_measure
from graph.errors import NoConnection, UnknownName
from graph.model import Organisation
from graph.vocabulary import RELATION, ROLE, ROLE_KEYS


def resolve_node(graph_or_extraction, text: str, organisations: Mapping[str, Organisation]) -> str:
    """The node a user means: a measure id ("18a", "plan-id/18a"), an organisation name (as
    `resolve_actor` takes it) or a node id of the graph ("report:…")."""
    from graph.build import org_node

    graph = as_graph(graph_or_extraction)
    if text in graph:
        return text
    try:
        return resolve_measure(graph, text)
    except UnknownName:
        if re.fullmatch(r"(?:[\w-]+/)?\d+\s*[a-zA-Z]?", text.strip()):
            raise
    in_graph = {key: org for key, org in organisations.items() if org_node(key) in graph}
    return org_node(resolve_actor(text, in_graph).id)


@dataclass
class Path:
    """One shortest connection: its nodes and, per hop, the connection in words with its lines."""

    nodes: list[dict]  # node, type, label, title
    hops: list[dict]  # from, to, relations, words, lines


def shortest_paths(graph_or_extraction, source: str, target: str, limit: int = 5) -> list[Path]:
    """Up to `limit` shortest connections between two nodes of the connection graph, each hop
    explained in words with the source lines of its evidence. Raises NoConnection."""
    import networkx as nx

    graph = as_graph(graph_or_extraction)
    for node in (source, target):
        if node not in graph:
            raise NoConnection(f"no node {node!r} in the graph")
    if source == target:
        raise NoConnection(f"{_name(graph, source)} and {_name(graph, target)} are the same node")
    connections = connection_graph(graph)
    if source not in connections or target not in connections:
        raise NoConnection("paths run between organisations, measures, reports, documents and amounts only")
    try:
        found = list(islice(nx.all_shortest_paths(connections, source, target), limit))
    except nx.NetworkXNoPath:
        raise NoConnection(
            f"no connection between {_name(graph, source)} and {_name(graph, target)}"
        ) from None
    return [
        Path(
            nodes=[_node_row(graph, node) for node in nodes],
            hops=[_hop(graph, a, b) for a, b in pairwise(nodes)],
        )
        for nodes in found
    ]


def _node_row(graph, node: str) -> dict:
    data = graph.nodes[node]
    label = measure_label(graph, node) if data["type"] == "measure" else data["label"]
    return {"node": node, "type": data["type"], "label": label, "title": data.get("title", "")}


def _name(graph, node: str) -> str:
    """A node in words: "NKVTS", "measure 18a", "«Title of a report»"."""
    data = graph.nodes[node]
    kind = data["type"]
    if kind == "measure":
        return f"measure {measure_label(graph, node)}"
    if kind == "external-measure":
        return f"measure {data['label']}"
    if kind == "report":
        return f"«{data['title']}»"
    if kind == "chapter":
        return f"chapter {data['number']}"
    return data["label"]


def _hop(graph, a: str, b: str) -> dict:
    """The connection between two adjacent nodes in words, with the lines of its evidence."""
    phrases, relations, evidence = [], [], []
    for source, target in ((a, b), (b, a)):
        edges = list(graph.get_edge_data(source, target, default={}).values())
        roles = [edge["role"] for edge in edges if edge["relation"] == "involved"]
        if roles:
            verbs = [ROLE[role].verb for role in sorted(roles, key=ROLE_KEYS.index)]
            phrases.append(f"{_name(graph, source)} {_and(verbs)} {_name(graph, target)}")
        for edge in edges:
            relations.append(
                edge["relation"] if edge["relation"] != "involved" else f"involved:{edge['role']}"
            )
            evidence.extend(edge["evidence"])
            if edge["relation"] != "involved":
                phrases.append(
                    f"{_name(graph, source)} {RELATION[edge['relation']].verb} {_name(graph, target)}"
                )
    lines = [line for line in lines_of(evidence) if line > 0]  # line 0: a fact of the gazetteer
    source_note = f" (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines))})" if lines else ""
    if not lines and evidence:
        source_note = " (gazetteer)"
    return {
        "from": _node_row(graph, a)["label"],
        "to": _node_row(graph, b)["label"],
        "relations": relations,
        "words": "; ".join(phrases) + source_note,
        "lines": lines,
    }


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
