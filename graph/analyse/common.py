"""What every report shares: the graph of the input, and the ways a report names and orders nodes.

Every report is a plain function over the knowledge graph of `graph.build` (a networkx
MultiDiGraph of one or more plans) that returns rows (a list of dicts) or a small dataclass; nothing
here prints. An `Extraction`, or a list of them, is accepted wherever a graph is, and turned into
the graph first, so that each figure is counted in one way only.

Conventions:

* A measure is named by its plain id ("18a"); in a graph of several plans by "plan-id/18a".
  Chapters are numbers (3), in a graph of several plans "plan-id/3".
* An organisation *works with* another when both have a part (any role, unless roles are given) in
  the same measure; the weight of the pair is the number of such measures.
* A *ministry* is an organisation of kind "ministry" or one named on an `Ansvarlig:` line (the
  report family names only ministries there, also those the gazetteer lacks).
* Paths and centrality are computed on the *connection graph*: the knowledge graph without
  direction, and without the plan and chapter nodes, through which every measure would be two steps
  from every other.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from weakref import WeakKeyDictionary

from graph.model import Extraction

STRUCTURAL = ("plan", "chapter")  # node types left out of the connection graph


def as_graph(data):
    """The knowledge graph of `data`: a graph as it is, an Extraction or a list of them built."""
    if isinstance(data, Extraction):
        data = [data]
    if isinstance(data, list | tuple):
        from graph.build import build_graph

        return build_graph(list(data))
    return data


def nodes_of(graph, kind: str) -> list[str]:
    return [node for node, data in graph.nodes(data=True) if data["type"] == kind]


_PLANS: WeakKeyDictionary = WeakKeyDictionary()  # graph -> (its number of nodes, several plans?)


def several_plans(graph) -> bool:
    """Whether the graph holds several plans (remembered per graph while its size is unchanged)."""
    size = graph.number_of_nodes()
    known = _PLANS.get(graph)
    if known is None or known[0] != size:
        known = _PLANS[graph] = (size, len(nodes_of(graph, "plan")) > 1)
    return known[1]


def measure_label(graph, node: str) -> str:
    data = graph.nodes[node]
    return f"{data['plan']}/{data['measure']}" if several_plans(graph) else data["measure"]


def chapter_key(graph, node: str) -> int | str | None:
    """The chapter of a measure node: its number, or "plan-id/number" in a graph of several plans."""
    data = graph.nodes[node]
    if data["chapter"] is None:
        return None
    return f"{data['plan']}/{data['chapter']}" if several_plans(graph) else data["chapter"]


def measure_order(graph, node: str) -> tuple:
    data = graph.nodes[node]
    number, letter = re.fullmatch(r"(\d+)(.*)", data["measure"]).groups()
    return data["plan"], int(number), letter


def chapter_order(key: int | str) -> tuple:
    if isinstance(key, int):
        return ("", key)
    plan, number = key.rsplit("/", 1)
    return (plan, int(number))


def label_of(graph, node: str) -> str:
    return graph.nodes[node]["label"]


def lines_of(evidence: Iterable[dict]) -> list[int]:
    """The source lines of the evidence (not those of a corrections file: see `manual_of`)."""
    return sorted({item["line"] for item in evidence if "curation" not in item})


def manual_of(evidence: Iterable[dict]) -> list[str]:
    """The entries of a corrections file that set a fact by hand: "corrections.toml #2 (who, when)"."""
    entries = {
        (c["file"], c["entry"], c["who"], c["when"]) for item in evidence if (c := item.get("curation"))
    }
    return [f"{file} #{entry} ({who}, {when})" for file, entry, who, when in sorted(entries)]


def involved(graph, roles: Iterable[str] | None = None):
    """(organisation node, measure node, role, evidence) of every involvement edge."""
    wanted = set(roles) if roles else None
    for source, target, data in graph.edges(data=True):
        if data["relation"] == "involved" and (wanted is None or data["role"] in wanted):
            yield source, target, data["role"], data["evidence"]


def is_ministry(graph, node: str) -> bool:
    if graph.nodes[node]["kind"] == "ministry":
        return True
    return any(
        data["relation"] == "involved" and data["role"] == "responsible"
        for _, _, data in graph.out_edges(node, data=True)
    )


def measure_organisations(graph, roles: Iterable[str] | None = None) -> dict[str, set[str]]:
    """measure node -> the organisation nodes with a part (of the given roles) in it."""
    organisations: dict[str, set[str]] = defaultdict(set)
    for organisation, measure, _, _ in involved(graph, roles):
        organisations[measure].add(organisation)
    return organisations


def shared_measures(graph, roles: Iterable[str] | None = None) -> dict[tuple[str, str], set[str]]:
    """(organisation node, organisation node) in sorted order -> the measures both have a part in."""
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for measure, organisations in measure_organisations(graph, roles).items():
        ordered = sorted(organisations)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                pairs[first, second].add(measure)
    return pairs


def by_measure_order(graph):
    return lambda measure: measure_order(graph, measure)


def connection_graph(graph_or_extraction):
    """The knowledge graph without direction and without plan and chapter nodes (an nx.Graph)."""
    import networkx as nx

    graph = as_graph(graph_or_extraction)
    kept = [node for node, data in graph.nodes(data=True) if data["type"] not in STRUCTURAL]
    return nx.Graph(graph.subgraph(kept).to_undirected(as_view=True))
