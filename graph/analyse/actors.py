"""Who is involved where: every organisation's involvement, and one organisation's profile."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from graph.analyse.common import (
    as_graph,
    by_measure_order,
    chapter_key,
    chapter_order,
    is_ministry,
    label_of,
    lines_of,
    manual_of,
    measure_label,
    measure_order,
    nodes_of,
    shared_measures,
)
from graph.errors import UnknownName
from graph.model import Organisation
from graph.profiles import generic_noun
from graph.vocabulary import ORG_KIND, ROLE_KEYS


def actor_table(graph_or_extraction, kind: str | None = None, unknown: bool = False) -> list[dict]:
    """Every organisation of the graph with its number of measures, the number of measures in which
    it has each role, and the chapters it spans; most involved first.

    `kind` keeps the organisations of that kind; `unknown` those the gazetteer lacks (found in the
    text only). Organisations in the graph only as the parent body of another, or as a publisher or
    funder, are listed with 0 measures.
    """
    graph = as_graph(graph_or_extraction)
    rows = []
    for node in nodes_of(graph, "organisation"):
        data = graph.nodes[node]
        if (kind and data["kind"] != kind) or (unknown and data["known"]):
            continue
        rows.append(_actor_row(graph, node))
    involvement = {row["id"]: sum(row[role] for role in ROLE_KEYS) for row in rows}
    rows.sort(key=lambda row: (-row["measures"], -involvement[row["id"]], _sort_name(row)))
    return rows


ACTOR_COLUMNS = ("id", "name", "abbreviation", "kind", "parent", "known", "measures", "chapters", *ROLE_KEYS)


def _actor_row(graph, node: str) -> dict:
    data = graph.nodes[node]
    measures: dict[str, set[str]] = {role: set() for role in ROLE_KEYS}
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
        "chapters": sorted({chapter_key(graph, m) for m in every} - {None}, key=chapter_order),
        **{role: len(measures[role]) for role in ROLE_KEYS},
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
    alias or its English name, else the one organisation one of whose names starts with `name`,
    else the one with `name` as a word of a name.

    Raises UnknownName with a one-line message: the closest names when nothing matches, the
    candidates when several organisations do, and for a generic noun ("politiet": the police in
    general) the bodies of that kind.
    """
    query = _normal(name)
    if not query:
        raise UnknownName("no organisation name given")
    generic = generic_noun(query)
    if generic and not any(_normal(form) == query for org in organisations.values() for form in _forms(org)):
        bodies = sorted(
            (org.label for org in organisations.values() if org.kind == generic.kind), key=str.casefold
        )
        listed = f"; {ORG_KIND[generic.kind].en} in the graph: {', '.join(bodies)}" if bodies else ""
        raise UnknownName(f"{name!r} means {ORG_KIND[generic.kind].en} in general, not one body{listed}")
    forms = [
        (_normal(form), org) for org in organisations.values() for form in [*_forms(org), org.name_en] if form
    ]
    found = {org.id: org for normal, org in forms if normal == query}
    found.update({org.id: org for org in organisations.values() if org.id.casefold() == query})
    if not found:
        found = {org.id: org for normal, org in forms if normal.startswith(query)}
    if not found:  # a word of a name: "barnehus" for Statens barnehus
        found = {org.id: org for normal, org in forms if query in normal.replace(",", " ").split()}
    if len(found) == 1:
        return next(iter(found.values()))
    if found:
        names = sorted((org.label for org in found.values()), key=str.casefold)
        raise UnknownName(f"{name!r} matches several organisations: {', '.join(names)}")
    raise UnknownName(f"no organisation {name!r}{_suggestion(query, organisations)}")


def _suggestion(query: str, organisations: Mapping[str, Organisation]) -> str:
    """ "; did you mean X?" for the closest name, or up to three names when several are about as
    close; "" when none is close."""
    ranked = _closest(query, organisations)
    close = [form for score, form in ranked if score >= max(0.65, ranked[0][0] - 0.1)] if ranked else []
    if not close:
        return ""
    return (
        f"; did you mean {close[0]}?"
        if len(close) == 1
        else f"; did you mean {', '.join(close[:-1])} or {close[-1]}?"
    )


def _closest(query: str, organisations: Mapping[str, Organisation], n: int = 3) -> list[tuple[float, str]]:
    """(score, best-matching name) of the `n` organisations whose names are closest to `query`."""
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
                best[org.id] = (score, org.label)
    return sorted(best.values(), key=lambda item: (-item[0], item[1].casefold()))[:n]


@dataclass
class ActorProfile:
    """Who is involved where: one organisation's measures and the bodies it works with most."""

    organisation: dict  # the organisation's row of actor_table
    involvements: list[dict]  # role, chapter, measure, title, lines, evidence
    ministries: list[dict]  # id, organisation, name, shared, measures
    organisations: list[dict]  # the same for bodies that are not ministries
    plans: list[dict]  # plan id, title and the number of its measures the organisation is in


def actor_profile(graph_or_extraction, actor: str) -> ActorProfile:
    """The measures of organisation `actor` (an id) grouped by role and chapter, with the evidence
    lines, and the ministries and other organisations it shares most measures with."""
    from graph.build import org_node

    graph = as_graph(graph_or_extraction)
    node = org_node(actor)
    if node not in graph:
        raise UnknownName(f"no organisation {actor!r} in the graph")
    involvements = [
        {
            "role": edge["role"],
            "chapter": chapter_key(graph, measure),
            "measure": measure_label(graph, measure),
            "title": graph.nodes[measure]["title"],
            "lines": lines_of(edge["evidence"]),
            "manual": manual_of(edge["evidence"]),
            "evidence": list(edge["evidence"]),
            "by_measure_order": (ROLE_KEYS.index(edge["role"]), measure_order(graph, measure)),
        }
        for _, measure, edge in graph.out_edges(node, data=True)
        if edge["relation"] == "involved"
    ]
    involvements.sort(key=lambda row: row.pop("by_measure_order"))
    partners = []
    for (first, second), measures in shared_measures(graph).items():
        if node in (first, second):
            other = second if first == node else first
            partners.append(
                {
                    "id": graph.nodes[other]["org"],
                    "organisation": label_of(graph, other),
                    "name": graph.nodes[other]["title"],
                    "shared": len(measures),
                    "measures": [
                        measure_label(graph, m) for m in sorted(measures, key=by_measure_order(graph))
                    ],
                    "_ministry": is_ministry(graph, other),
                }
            )
    partners.sort(key=lambda row: (-row["shared"], row["organisation"].casefold()))
    ministry = [row.pop("_ministry") for row in partners]
    return ActorProfile(
        organisation=_actor_row(graph, node),
        involvements=involvements,
        ministries=[row for row, flag in zip(partners, ministry, strict=True) if flag],
        organisations=[row for row, flag in zip(partners, ministry, strict=True) if not flag],
        plans=_plans_of(graph, node),
    )


def _plans_of(graph, node: str) -> list[dict]:
    """The plans an organisation takes part in, with how many of their measures: most first."""
    from graph.build import plan_node

    measures: dict[str, set] = {}
    for _, measure, edge in graph.out_edges(node, data=True):
        if edge["relation"] == "involved":
            measures.setdefault(graph.nodes[measure]["plan"], set()).add(measure)
    rows = [
        {"plan": plan, "title": graph.nodes[plan_node(plan)].get("title", plan), "measures": len(found)}
        for plan, found in measures.items()
    ]
    return sorted(rows, key=lambda row: (-row["measures"], row["plan"]))
