"""Reports for researchers: who is involved where.

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

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice, pairwise
from weakref import WeakKeyDictionary

from graph.model import ROLES, Extraction, Organisation
from graph.source import SourceError

STRUCTURAL = ("plan", "chapter")  # node types left out of the connection graph


class ReportError(SourceError):
    """A report cannot be made from what was asked; the message is one line."""


class UnknownActor(ReportError):
    """No organisation, or more than one, answers to a name."""


class UnknownMeasure(ReportError):
    """No measure, or more than one, answers to an id."""


class NoPath(ReportError):
    """Two nodes are not connected."""


# --- input ----------------------------------------------------------------------------------------


def as_graph(data):
    """The knowledge graph of `data`: a graph as it is, an Extraction or a list of them built."""
    if isinstance(data, Extraction):
        data = [data]
    if isinstance(data, list | tuple):
        from graph.build import build_graph

        return build_graph(list(data))
    return data


def _nodes(graph, kind: str) -> list[str]:
    return [node for node, data in graph.nodes(data=True) if data["type"] == kind]


_PLANS: WeakKeyDictionary = WeakKeyDictionary()  # graph -> (its number of nodes, several plans?)


def _several_plans(graph) -> bool:
    """Whether the graph holds several plans (remembered per graph while its size is unchanged)."""
    size = graph.number_of_nodes()
    known = _PLANS.get(graph)
    if known is None or known[0] != size:
        known = _PLANS[graph] = (size, len(_nodes(graph, "plan")) > 1)
    return known[1]


def _measure_label(graph, node: str) -> str:
    data = graph.nodes[node]
    return f"{data['plan']}/{data['measure']}" if _several_plans(graph) else data["measure"]


def _chapter_key(graph, node: str) -> int | str | None:
    """The chapter of a measure node: its number, or "plan-id/number" in a graph of several plans."""
    data = graph.nodes[node]
    if data["chapter"] is None:
        return None
    return f"{data['plan']}/{data['chapter']}" if _several_plans(graph) else data["chapter"]


def _measure_order(graph, node: str) -> tuple:
    data = graph.nodes[node]
    number, letter = re.fullmatch(r"(\d+)(.*)", data["measure"]).groups()
    return data["plan"], int(number), letter


def _chapter_order(key: int | str) -> tuple:
    if isinstance(key, int):
        return ("", key)
    plan, number = key.rsplit("/", 1)
    return (plan, int(number))


def _label(graph, node: str) -> str:
    return graph.nodes[node]["label"]


def _lines(evidence: Iterable[dict]) -> list[int]:
    return sorted({item["line"] for item in evidence})


def _involved(graph, roles: Iterable[str] | None = None):
    """(organisation node, measure node, role, evidence) of every involvement edge."""
    wanted = set(roles) if roles else None
    for source, target, data in graph.edges(data=True):
        if data["relation"] == "involved" and (wanted is None or data["role"] in wanted):
            yield source, target, data["role"], data["evidence"]


def _is_ministry(graph, node: str) -> bool:
    if graph.nodes[node]["kind"] == "ministry":
        return True
    return any(
        data["relation"] == "involved" and data["role"] == "responsible"
        for _, _, data in graph.out_edges(node, data=True)
    )


def _measure_organisations(graph, roles: Iterable[str] | None = None) -> dict[str, set[str]]:
    """measure node -> the organisation nodes with a part (of the given roles) in it."""
    organisations: dict[str, set[str]] = defaultdict(set)
    for organisation, measure, _, _ in _involved(graph, roles):
        organisations[measure].add(organisation)
    return organisations


def _shared_measures(graph, roles: Iterable[str] | None = None) -> dict[tuple[str, str], set[str]]:
    """(organisation node, organisation node) in sorted order -> the measures both have a part in."""
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for measure, organisations in _measure_organisations(graph, roles).items():
        ordered = sorted(organisations)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                pairs[first, second].add(measure)
    return pairs


# --- actors ---------------------------------------------------------------------------------------


def actor_table(graph_or_extraction, kind: str | None = None, unknown: bool = False) -> list[dict]:
    """Every organisation of the graph with its number of measures, the number of measures in which
    it has each role, and the chapters it spans; most involved first.

    `kind` keeps the organisations of that kind; `unknown` those the gazetteer lacks (found in the
    text only). Organisations in the graph only as the parent body of another, or as a publisher or
    funder, are listed with 0 measures.
    """
    graph = as_graph(graph_or_extraction)
    rows = []
    for node in _nodes(graph, "organisation"):
        data = graph.nodes[node]
        if (kind and data["kind"] != kind) or (unknown and data["known"]):
            continue
        rows.append(_actor_row(graph, node))
    involvement = {row["id"]: sum(row[role] for role in ROLES) for row in rows}
    rows.sort(key=lambda row: (-row["measures"], -involvement[row["id"]], _sort_name(row)))
    return rows


ACTOR_COLUMNS = ("id", "name", "abbreviation", "kind", "parent", "known", "measures", "chapters", *ROLES)


def _actor_row(graph, node: str) -> dict:
    data = graph.nodes[node]
    measures: dict[str, set[str]] = {role: set() for role in ROLES}
    for _, measure, edge in graph.out_edges(node, data=True):
        if edge["relation"] == "involved":
            measures[edge["role"]].add(measure)
    every = set().union(*measures.values())
    return {
        "id": data["org"],
        "name": data["title"],
        "abbreviation": data["abbreviation"],
        "kind": data["kind"],
        "parent": data["parent"],
        "known": data["known"],
        "measures": len(every),
        "chapters": sorted({_chapter_key(graph, m) for m in every} - {None}, key=_chapter_order),
        **{role: len(measures[role]) for role in ROLES},
    }


def _sort_name(row: dict) -> str:
    return (row["abbreviation"] or row["name"]).casefold()


def _forms(organisation: Organisation) -> list[str]:
    """The names of an organisation in the reports' language, its most familiar form first."""
    forms = [organisation.abbreviation, organisation.name, *organisation.aliases]
    return list(dict.fromkeys(form for form in forms if form))


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def resolve_actor(name: str, organisations: Mapping[str, Organisation]) -> Organisation:
    """The organisation a user means by `name`: case-insensitively its id, abbreviation, name, an
    alias or its English name, else the one organisation one of whose names starts with `name`.

    Raises UnknownActor with a one-line message: the closest names (difflib) when nothing matches,
    the candidates when several organisations do.
    """
    query = _normal(name)
    if not query:
        raise UnknownActor("no organisation name given")
    forms = [
        (_normal(form), org) for org in organisations.values() for form in [*_forms(org), org.name_en] if form
    ]
    found = {org.id: org for normal, org in forms if normal == query}
    found.update({org.id: org for org in organisations.values() if org.id.casefold() == query})
    if not found:
        found = {org.id: org for normal, org in forms if normal.startswith(query)}
    if len(found) == 1:
        return next(iter(found.values()))
    if found:
        names = sorted((org.label for org in found.values()), key=str.casefold)
        raise UnknownActor(f"{name!r} matches several organisations: {', '.join(names)}")
    raise UnknownActor(
        f"no organisation matches {name!r}; closest: {', '.join(_closest(query, organisations))}"
    )


def _closest(query: str, organisations: Mapping[str, Organisation], n: int = 3) -> list[str]:
    """The best-matching names of the `n` organisations whose names are closest to `query`."""
    best: dict[str, tuple[float, str]] = {}
    for org in organisations.values():
        for form in _forms(org):
            normal = _normal(
                form
            )  # the whole name, or its start as long as the query ("bodø" ~ "Bodø kommune")
            score = max(
                difflib.SequenceMatcher(None, query, text).ratio() for text in (normal, normal[: len(query)])
            )
            if org.id not in best or score > best[org.id][0]:
                best[org.id] = (score, form)
    ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].casefold()))
    return [form for _, form in ranked[:n]]


@dataclass
class ActorProfile:
    """Who is involved where: one organisation's measures and the bodies it works with most."""

    organisation: dict  # the organisation's row of actor_table
    involvements: list[dict]  # role, chapter, measure, title, lines, evidence
    ministries: list[dict]  # id, organisation, name, shared, measures
    organisations: list[dict]  # the same for bodies that are not ministries


def actor_profile(graph_or_extraction, actor: str) -> ActorProfile:
    """The measures of organisation `actor` (an id) grouped by role and chapter, with the evidence
    lines, and the ministries and other organisations it shares most measures with."""
    from graph.build import org_node

    graph = as_graph(graph_or_extraction)
    node = org_node(actor)
    if node not in graph:
        raise UnknownActor(f"no organisation {actor!r} in the graph")
    involvements = [
        {
            "role": edge["role"],
            "chapter": _chapter_key(graph, measure),
            "measure": _measure_label(graph, measure),
            "title": graph.nodes[measure]["title"],
            "lines": _lines(edge["evidence"]),
            "evidence": list(edge["evidence"]),
            "_order": (ROLES.index(edge["role"]), _measure_order(graph, measure)),
        }
        for _, measure, edge in graph.out_edges(node, data=True)
        if edge["relation"] == "involved"
    ]
    involvements.sort(key=lambda row: row.pop("_order"))
    partners = []
    for (first, second), measures in _shared_measures(graph).items():
        if node in (first, second):
            other = second if first == node else first
            partners.append(
                {
                    "id": graph.nodes[other]["org"],
                    "organisation": _label(graph, other),
                    "name": graph.nodes[other]["title"],
                    "shared": len(measures),
                    "measures": [_measure_label(graph, m) for m in sorted(measures, key=_order(graph))],
                    "_ministry": _is_ministry(graph, other),
                }
            )
    partners.sort(key=lambda row: (-row["shared"], row["organisation"].casefold()))
    ministry = [row.pop("_ministry") for row in partners]
    return ActorProfile(
        organisation=_actor_row(graph, node),
        involvements=involvements,
        ministries=[row for row, flag in zip(partners, ministry, strict=True) if flag],
        organisations=[row for row, flag in zip(partners, ministry, strict=True) if not flag],
    )


def _order(graph):
    return lambda measure: _measure_order(graph, measure)


# --- measures -------------------------------------------------------------------------------------


def resolve_measure(graph_or_extraction, text: str) -> str:
    """The node of the measure a user means: "18a" ("18 A" too), or "plan-id/18a" where several plans
    have a measure 18a. Raises UnknownMeasure with a one-line message."""
    graph = as_graph(graph_or_extraction)
    query = "".join(text.split()).casefold()
    measures = _nodes(graph, "measure")
    if "/" in query:
        found = [node for node in measures if node.casefold() == f"measure:{query}"]
    else:
        found = [node for node in measures if graph.nodes[node]["measure"].casefold() == query]
    if len(found) == 1:
        return found[0]
    if found:
        names = sorted(f"{graph.nodes[node]['plan']}/{graph.nodes[node]['measure']}" for node in found)
        raise UnknownMeasure(f"{text!r} is a measure of several plans: {', '.join(names)}")
    labels = [_measure_label(graph, node) for node in sorted(measures, key=_order(graph))]
    closest = difflib.get_close_matches(query, labels, n=3, cutoff=0.0)
    raise UnknownMeasure(f"no measure matches {text!r}; closest: {', '.join(closest)}")


@dataclass
class MeasureProfile:
    """A measure's profile: what it is, who takes part, what it refers to and what it produced."""

    id: str
    plan: str
    title: str
    chapter: int
    chapter_title: str
    parent: str | None
    sub_measures: list[str]
    responsible: list[str]  # ministry codes of the `Ansvarlig:` line
    period: dict | None  # {"start", "end"}
    lines: dict  # {"start", "end"}: the record in the source file
    organisations: list[dict] = field(
        default_factory=list
    )  # organisation, name, kind, roles, lines, evidence
    references_out: list[dict] = field(default_factory=list)  # measure, title, plan (other plans), line, text
    references_in: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)  # document, kind, line
    reports: list[dict] = field(default_factory=list)  # title, kind, publisher, year, url, line
    amounts: list[dict] = field(default_factory=list)  # nok, text, year, funder, recipient, line


def measure_profile(graph_or_extraction, measure: str) -> MeasureProfile:
    """The profile of `measure` (an id as `resolve_measure` takes it)."""
    graph = as_graph(graph_or_extraction)
    node = resolve_measure(graph, measure)
    data = graph.nodes[node]
    chapter = f"chapter:{data['plan']}/{data['chapter']}"
    profile = MeasureProfile(
        id=_measure_label(graph, node),
        plan=data["plan"],
        title=data["title"],
        chapter=data["chapter"],
        chapter_title=graph.nodes[chapter]["title"] if chapter in graph else "",
        parent=f"{data['plan']}/{data['parent']}"
        if data["parent"] and _several_plans(graph)
        else data["parent"],
        sub_measures=[
            _measure_label(graph, source)
            for source, _, edge in graph.in_edges(node, data=True)
            if edge["relation"] == "sub_measure_of"
        ],
        responsible=list(data["responsible"]),
        period={"start": data["period_start"], "end": data["period_end"]} if data["period_start"] else None,
        lines={"start": data["line_start"], "end": data["line_end"]},
    )
    profile.organisations = _measure_organisation_rows(graph, node)
    for _, target, edge in graph.out_edges(node, data=True):
        relation, first = edge["relation"], {"line": edge["line"], "text": edge["text"]}
        if relation == "refers_to":
            profile.references_out.append(_reference_row(graph, target, first))
        elif relation == "names":
            document = graph.nodes[target]
            profile.documents.append({"document": document["label"], "kind": document["kind"], **first})
        elif relation == "has_amount":
            profile.amounts.append(_amount_row(graph, target, first))
    for source, _, edge in graph.in_edges(node, data=True):
        first = {"line": edge["line"], "text": edge["text"]}
        if edge["relation"] == "refers_to":
            profile.references_in.append(_reference_row(graph, source, first))
        elif edge["relation"] == "reported_in":
            profile.reports.append(_report_row(graph, source, first))
    for rows in (profile.references_out, profile.references_in, profile.documents):
        rows.sort(key=lambda row: row["line"])
    return profile


def _measure_organisation_rows(graph, node: str) -> list[dict]:
    """The measure's organisations, responsible ministries first in the order of the `Ansvarlig:`
    line, then in order of first mention."""
    codes = graph.nodes[node]["responsible"]
    by_organisation: dict[str, list[dict]] = defaultdict(list)
    for source, _, edge in graph.in_edges(node, data=True):
        if edge["relation"] == "involved":
            by_organisation[source].append(edge)
    rows = []
    for organisation, edges in by_organisation.items():
        data = graph.nodes[organisation]
        edges.sort(key=lambda edge: ROLES.index(edge["role"]))
        evidence = sorted(
            ({**item, "role": edge["role"]} for edge in edges for item in edge["evidence"]),
            key=lambda item: (item["line"], ROLES.index(item["role"])),
        )
        responsible = edges[0]["role"] == "responsible" and data["abbreviation"] in codes
        rows.append(
            {
                "id": data["org"],
                "organisation": data["label"],
                "name": data["title"],
                "kind": data["kind"],
                "roles": [edge["role"] for edge in edges],
                "lines": _lines(evidence),
                "evidence": evidence,
                "_order": (0, codes.index(data["abbreviation"])) if responsible else (1, evidence[0]["line"]),
            }
        )
    rows.sort(key=lambda row: (row.pop("_order"), row["id"]))
    return rows


def _reference_row(graph, node: str, evidence: dict) -> dict:
    data = graph.nodes[node]
    if data["type"] == "measure":
        measure, title, plan = _measure_label(graph, node), data["title"], ""  # a plan of the graph
    else:  # a measure of another plan
        measure, title, plan = data["measure"], "", graph.nodes[f"document:{data['document']}"]["label"]
    return {"measure": measure, "title": title, "plan": plan, **evidence}


def _amount_row(graph, node: str, evidence: dict) -> dict:
    data = graph.nodes[node]
    funder = [
        _label(graph, s) for s, _, e in graph.in_edges(node, data=True) if e["relation"] == "funds_amount"
    ]
    recipient = [
        _label(graph, t) for _, t, e in graph.out_edges(node, data=True) if e["relation"] == "receives_amount"
    ]
    return {
        "nok": data["nok"],
        "text": data["title"],
        "year": data["year"],
        "funder": funder[0] if funder else None,
        "recipient": recipient[0] if recipient else None,
        "line": evidence["line"],
        "sentence": evidence["text"],
    }


def _report_row(graph, node: str, evidence: dict) -> dict:
    data = graph.nodes[node]
    publisher = [
        _label(graph, s) for s, _, e in graph.in_edges(node, data=True) if e["relation"] == "publishes"
    ]
    return {
        "title": data["title"],
        "kind": data["kind"],
        "publisher": publisher[0] if publisher else None,
        "year": data["year"],
        "url": data["url"],
        "line": evidence["line"],
    }


# --- matrix ---------------------------------------------------------------------------------------


def involvement_matrix(
    graph_or_extraction, rows: str = "orgs", cols: str = "chapters", role: str | None = None
) -> list[dict]:
    """Counts of involvement: one row per organisation (`rows="orgs"`) or ministry
    (`rows="ministries"`), one column per chapter ("chapter 3") or measure ("18a"), each cell the
    number of measures of that column in which the row has a part (`role`: that role); `total` the
    number of measures over all columns. Rows with no measure are left out; most involved first."""
    if rows not in ("orgs", "ministries") or cols not in ("chapters", "measures"):
        raise ValueError(f"rows must be orgs or ministries, cols chapters or measures: {rows!r}, {cols!r}")
    if role is not None and role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    graph = as_graph(graph_or_extraction)
    measures = sorted(_nodes(graph, "measure"), key=_order(graph))

    def column(measure: str) -> str:
        if cols == "measures":
            return _measure_label(graph, measure)
        chapter = _chapter_key(graph, measure)
        return "no chapter" if chapter is None else f"chapter {chapter}"

    columns = list(dict.fromkeys(column(measure) for measure in measures))
    cells: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for organisation, measure, _, _ in _involved(graph, [role] if role else None):
        cells[organisation][column(measure)].add(measure)
    table = []
    for organisation, by_column in cells.items():
        if rows == "ministries" and not _is_ministry(graph, organisation):
            continue
        row = {"id": graph.nodes[organisation]["org"], "organisation": _label(graph, organisation)}
        row.update({name: len(by_column.get(name, ())) for name in columns})
        row["total"] = len(set().union(*by_column.values()))
        table.append(row)
    table.sort(key=lambda row: (-row["total"], row["organisation"].casefold()))
    return table


# --- network --------------------------------------------------------------------------------------


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
    for organisations in _measure_organisations(graph, roles).values():
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
    for (first, second), measures in _shared_measures(graph, roles).items():
        if len(measures) < min_weight:
            continue
        labels = [_measure_label(graph, m) for m in sorted(measures, key=_order(graph))]
        a, b = graph.nodes[first]["org"], graph.nodes[second]["org"]
        network.add_edge(a, b, weight=len(measures), measures="; ".join(labels))
        pairs.append(
            {
                "a": _label(graph, first),
                "b": _label(graph, second),
                "weight": len(measures),
                "measures": labels,
                "a_id": a,
                "b_id": b,
            }
        )
    pairs.sort(key=lambda row: (-row["weight"], row["a"].casefold(), row["b"].casefold()))
    return Network(graph=network, pairs=pairs)


# --- paths ----------------------------------------------------------------------------------------


def connection_graph(graph_or_extraction):
    """The knowledge graph without direction and without plan and chapter nodes (an nx.Graph)."""
    import networkx as nx

    graph = as_graph(graph_or_extraction)
    kept = [node for node, data in graph.nodes(data=True) if data["type"] not in STRUCTURAL]
    return nx.Graph(graph.subgraph(kept).to_undirected(as_view=True))


def resolve_node(graph_or_extraction, text: str, organisations: Mapping[str, Organisation]) -> str:
    """The node a user means: a measure id ("18a", "plan-id/18a"), an organisation name (as
    `resolve_actor` takes it) or a node id of the graph ("report:…")."""
    from graph.build import org_node

    graph = as_graph(graph_or_extraction)
    if text in graph:
        return text
    try:
        return resolve_measure(graph, text)
    except UnknownMeasure:
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
    explained in words with the source lines of its evidence. Raises NoPath."""
    import networkx as nx

    graph = as_graph(graph_or_extraction)
    for node in (source, target):
        if node not in graph:
            raise NoPath(f"no node {node!r} in the graph")
    if source == target:
        raise NoPath(f"{_name(graph, source)} and {_name(graph, target)} are the same node")
    connections = connection_graph(graph)
    if source not in connections or target not in connections:
        raise NoPath("paths run between organisations, measures, reports, documents and amounts only")
    try:
        found = list(islice(nx.all_shortest_paths(connections, source, target), limit))
    except nx.NetworkXNoPath:
        raise NoPath(f"no connection between {_name(graph, source)} and {_name(graph, target)}") from None
    return [
        Path(
            nodes=[_node_row(graph, node) for node in nodes],
            hops=[_hop(graph, a, b) for a, b in pairwise(nodes)],
        )
        for nodes in found
    ]


def _node_row(graph, node: str) -> dict:
    data = graph.nodes[node]
    label = _measure_label(graph, node) if data["type"] == "measure" else data["label"]
    return {"node": node, "type": data["type"], "label": label, "title": data.get("title", "")}


def _name(graph, node: str) -> str:
    """A node in words: "NKVTS", "measure 18a", "«Title of a report»"."""
    data = graph.nodes[node]
    kind = data["type"]
    if kind == "measure":
        return f"measure {_measure_label(graph, node)}"
    if kind == "external-measure":
        return f"measure {data['label']}"
    if kind == "report":
        return f"«{data['title']}»"
    if kind == "chapter":
        return f"chapter {data['number']}"
    return data["label"]


ROLE_WORDS = {
    "responsible": "is responsible for",
    "commissions": "commissioned",
    "executes": "carries out",
    "funds": "funds",
    "evaluates": "evaluates",
    "partner": "is a partner in",
    "mentioned": "is mentioned in",
}
RELATION_WORDS = {
    "part_of": "is part of",
    "sub_measure_of": "is a sub-measure of",
    "refers_to": "refers to",
    "measure_of": "is a measure of",
    "names": "names",
    "section_of": "is a section of",
    "publishes": "published",
    "reported_in": "is reported in",
    "sub_organisation_of": "is under",
    "has_amount": "has an amount of",
    "funds_amount": "funds",
    "receives_amount": "goes to",
}


def _hop(graph, a: str, b: str) -> dict:
    """The connection between two adjacent nodes in words, with the lines of its evidence."""
    phrases, relations, evidence = [], [], []
    for source, target in ((a, b), (b, a)):
        edges = list(graph.get_edge_data(source, target, default={}).values())
        roles = [edge["role"] for edge in edges if edge["relation"] == "involved"]
        if roles:
            verbs = [ROLE_WORDS[role] for role in sorted(roles, key=ROLES.index)]
            phrases.append(f"{_name(graph, source)} {_and(verbs)} {_name(graph, target)}")
        for edge in edges:
            relations.append(
                edge["relation"] if edge["relation"] != "involved" else f"involved:{edge['role']}"
            )
            evidence.extend(edge["evidence"])
            if edge["relation"] != "involved":
                phrases.append(
                    f"{_name(graph, source)} {RELATION_WORDS[edge['relation']]} {_name(graph, target)}"
                )
    lines = [line for line in _lines(evidence) if line > 0]  # line 0: a fact of the gazetteer
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


# --- stats ----------------------------------------------------------------------------------------


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
            "organisation": _label(graph, node),
            "kind": graph.nodes[node]["kind"],
            "measures": table[graph.nodes[node]["org"]]["measures"],
            "degree": connections.degree(node),
            "betweenness": round(betweenness[node], 4),
        }
        for node in _nodes(graph, "organisation")
    ]
    central.sort(key=lambda row: (-row["betweenness"], -row["degree"], row["organisation"].casefold()))
    measures = sorted(_nodes(graph, "measure"), key=_order(graph))
    referenced = []
    for measure in measures:
        by = sorted(
            {s for s, _, e in graph.in_edges(measure, data=True) if e["relation"] == "refers_to"},
            key=_order(graph),
        )
        if by:
            referenced.append(
                {
                    "measure": _measure_label(graph, measure),
                    "title": graph.nodes[measure]["title"],
                    "referenced_by": len(by),
                    "by": [_measure_label(graph, s) for s in by],
                }
            )
    referenced.sort(key=lambda row: -row["referenced_by"])  # stable: in measure order among equals
    executed = {measure for _, measure, role, _ in _involved(graph, ["executes"])}
    parents = {t for _, t, e in graph.edges(data=True) if e["relation"] == "sub_measure_of"}
    unexecuted = [
        {
            "measure": _measure_label(graph, measure),
            "chapter": _chapter_key(graph, measure),
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
                key=lambda i: (-relations[i[0][0]], i[0][0], ROLES.index(i[0][1]) if i[0][1] else 0),
            )
        ],
        central=central[:top],
        referenced=referenced[:top],
        unexecuted=unexecuted,
    )
