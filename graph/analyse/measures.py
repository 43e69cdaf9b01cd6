"""One measure's profile: what it is, who takes part, what it refers to and what it produced."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from graph.analyse.common import (
    as_graph,
    by_measure_order,
    label_of,
    lines_of,
    manual_of,
    measure_label,
    nodes_of,
    several_plans,
)
from graph.errors import UnknownName
from graph.vocabulary import ROLE_KEYS


def measure_query(text: str) -> str:
    """A measure id as a user writes it, plain: "Tiltak 18 A" -> "18a"."""
    return re.sub(r"^(?:tiltaket|tiltak|measure)(?=\d)", "", "".join(text.split()).casefold()).rstrip(".):")


def resolve_measure(graph_or_extraction, text: str) -> str:
    """The node of the measure a user means: "18a" ("18 a", "18A", "tiltak 18a" too), or
    "plan-id/18a" where several plans have a measure 18a. Raises UnknownName with a one-line
    message."""
    graph = as_graph(graph_or_extraction)
    query = measure_query(text)
    measures = nodes_of(graph, "measure")
    if "/" in query:
        found = [node for node in measures if node.casefold() == f"measure:{query}"]
    else:
        found = [node for node in measures if graph.nodes[node]["measure"].casefold() == query]
    if len(found) == 1:
        return found[0]
    if found:
        names = sorted(f"{graph.nodes[node]['plan']}/{graph.nodes[node]['measure']}" for node in found)
        raise UnknownName(f"{text!r} is a measure of several plans: {', '.join(names)}")
    labels = [measure_label(graph, node) for node in sorted(measures, key=by_measure_order(graph))]
    closest = difflib.get_close_matches(query, labels, n=3, cutoff=0.0)
    raise UnknownName(f"no measure {text!r}; did you mean {', '.join(closest[:-1])} or {closest[-1]}?")


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
    lines: dict  # {"start", "end"}: the record in the source file (of the latest report)
    page: int | None = None  # the printed page of the heading, where the text shows it
    status: list[dict] = field(default_factory=list)  # {report, date, value} of each report, oldest first
    in_reports: list[str] = field(default_factory=list)  # the reports that print the measure
    organisations: list[dict] = field(
        default_factory=list
    )  # organisation, name, kind, roles, lines, manual (entries of a corrections file), evidence
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
        id=measure_label(graph, node),
        plan=data["plan"],
        title=data["title"],
        chapter=data["chapter"],
        chapter_title=graph.nodes[chapter]["title"] if chapter in graph else "",
        parent=f"{data['plan']}/{data['parent']}"
        if data["parent"] and several_plans(graph)
        else data["parent"],
        sub_measures=[
            measure_label(graph, source)
            for source, _, edge in graph.in_edges(node, data=True)
            if edge["relation"] == "sub_measure_of"
        ],
        responsible=list(data["responsible"]),
        period={"start": data["period_start"], "end": data["period_end"]} if data["period_start"] else None,
        lines={"start": data["line_start"], "end": data["line_end"]},
        page=data.get("page"),
        status=list(data.get("status", [])),
        in_reports=list(data.get("reports", [])),
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
        edges.sort(key=lambda edge: ROLE_KEYS.index(edge["role"]))
        evidence = sorted(
            ({**item, "role": edge["role"]} for edge in edges for item in edge["evidence"]),
            key=lambda item: (item["line"], ROLE_KEYS.index(item["role"])),
        )
        responsible = edges[0]["role"] == "responsible" and data["abbreviation"] in codes
        rows.append(
            {
                "id": data["org"],
                "organisation": data["label"],
                "name": data["title"],
                "kind": data["kind"],
                "roles": [edge["role"] for edge in edges],
                "lines": lines_of(evidence),
                "manual": manual_of(evidence),
                "evidence": evidence,
                "by_measure_order": (0, codes.index(data["abbreviation"]))
                if responsible
                else (1, evidence[0]["line"]),
            }
        )
    rows.sort(key=lambda row: (row.pop("by_measure_order"), row["id"]))
    return rows


def _reference_row(graph, node: str, evidence: dict) -> dict:
    data = graph.nodes[node]
    if data["type"] == "measure":
        measure, title, plan = measure_label(graph, node), data["title"], ""  # a plan of the graph
    else:  # a measure of another plan
        measure, title, plan = data["measure"], "", graph.nodes[f"document:{data['document']}"]["label"]
    return {"measure": measure, "title": title, "plan": plan, **evidence}


def _amount_row(graph, node: str, evidence: dict) -> dict:
    data = graph.nodes[node]
    funder = [
        label_of(graph, s) for s, _, e in graph.in_edges(node, data=True) if e["relation"] == "funds_amount"
    ]
    recipient = [
        label_of(graph, t)
        for _, t, e in graph.out_edges(node, data=True)
        if e["relation"] == "receives_amount"
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
        label_of(graph, s) for s, _, e in graph.in_edges(node, data=True) if e["relation"] == "publishes"
    ]
    return {
        "title": data["title"],
        "kind": data["kind"],
        "publisher": publisher[0] if publisher else None,
        "year": data["year"],
        "url": data["url"],
        "line": evidence["line"],
    }
