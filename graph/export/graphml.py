"""GraphML (`graph.graphml`) of the networkx graph, for Gephi."""

from __future__ import annotations

FILE, MEDIA_TYPE = "graph.graphml", "application/graphml+xml"


def render(contents) -> bytes:
    return to_graphml(contents.network).encode()


def to_graphml(graph) -> str:
    """GraphML of a networkx graph, e.g. for Gephi: lists of scalars are joined with "; ", missing
    values and lists of records (an edge's `evidence`) are left out; edge keys are kept."""
    import networkx as nx

    copy = graph.__class__()
    copy.add_nodes_from((node, _graphml_attributes(data)) for node, data in graph.nodes(data=True))
    if graph.is_multigraph():
        copy.add_edges_from(
            (a, b, k, _graphml_attributes(d)) for a, b, k, d in graph.edges(keys=True, data=True)
        )
    else:
        copy.add_edges_from((a, b, _graphml_attributes(data)) for a, b, data in graph.edges(data=True))
    return "\n".join(nx.generate_graphml(copy, encoding="utf-8", prettyprint=True)) + "\n"


def _graphml_attributes(data: dict) -> dict:
    return {
        key: "; ".join(map(str, value)) if isinstance(value, list) else value
        for key, value in data.items()
        if value is not None and not (isinstance(value, list) and value and isinstance(value[0], dict))
    }
