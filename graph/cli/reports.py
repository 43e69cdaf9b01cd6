"""Command-line reports for researchers: who is involved where.

Each command is a thin layer over a function of `graph.analyse`: options, one call, and what
`graph.output` prints, as plain data that the cache keeps (`graph.analyse.memo`): asked again of the
same reports, a report is printed from one small file, without building the graph. Unknown names and
ids raise `graph.errors.UnknownName`, unconnected nodes `NoConnection`, which the group prints as a
one-line error.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from graph.cli import main
from graph.cli.options import format_option as any_format
from graph.cli.options import report_sources
from graph.vocabulary import ORG_KIND_KEYS, ROLE_KEYS

FORMATS = ("table", "json", "csv", "md")

source_option = report_sources()


def format_option(*extra: str):
    return any_format(*FORMATS, *extra)


def top_option(default: int, what: str):
    return click.option("--top", type=click.IntRange(min=0), default=default, show_default=True, help=what)


def _load(sources: list[Path]):
    """The knowledge graph of the reports, and the organisations in it by id (with their aliases)."""
    from graph.build import build_graph, org_node
    from graph.pipeline import extract_reports

    extractions = extract_reports(list(sources))
    graph = build_graph(extractions)
    organisations = {
        key: organisation
        for extraction in extractions
        for key, organisation in extraction.organisations.items()
        if org_node(key) in graph
    }
    return graph, organisations


def _ranges(numbers: list) -> str:
    """Chapters for reading: [1, 2, 3, 5] as "1-3, 5" (chapters of several plans as they are)."""
    if not all(isinstance(number, int) for number in numbers):
        return "; ".join(map(str, numbers))
    from graph.text import number_ranges

    return number_ranges(numbers, shortest=3)


def _manual_column(rows: list[dict]) -> tuple[str, ...]:
    """("manual",) where a fact of the rows was set by hand in a corrections file, else ()."""
    return ("manual",) if any(row["manual"] for row in rows) else ()


def _limit(rows: list[dict], top: int) -> list[dict]:
    return rows[:top] if top else rows


def _print(name: str, options: dict, sources: list[Path], compute) -> None:
    """Print what `compute()` says to print, remembered in the cache: {"table": arguments of
    output.emit}, {"report": arguments of output.emit_report} or {"text": the text}."""
    from graph.analyse.memo import remembered

    printed = remembered(name, options, sources, compute)
    if "text" in printed:
        click.echo(printed["text"], nl=False)
        return
    from graph import output

    if "report" in printed:
        output.emit_report(**printed["report"])
    else:
        output.emit(**printed["table"])


@main.command()
@click.option("--kind", type=click.Choice(ORG_KIND_KEYS), help="Only organisations of this kind.")
@click.option("--unknown", is_flag=True, help="Only organisations the gazetteer lacks (found in the text).")
@format_option()
@source_option
def actors(kind: str | None, unknown: bool, fmt: str, sources) -> None:
    """Every organisation with its number of measures, its measures per role and the chapters it
    spans; most involved first."""
    options = {"kind": kind, "unknown": unknown, "fmt": fmt}
    _print("actors", options, sources, lambda: _actors(kind, unknown, fmt, sources))


def _actors(kind: str | None, unknown: bool, fmt: str, sources) -> dict:
    from graph.analyse.actors import ACTOR_COLUMNS, actor_table

    graph, _ = _load(sources)
    rows = actor_table(graph, kind=kind, unknown=unknown)
    if fmt != "table":
        return {"table": {"rows": rows, "fmt": fmt, "columns": list(ACTOR_COLUMNS)}}
    shown = [
        {
            "organisation": row["abbreviation"] or row["name"],
            "kind": row["kind"],
            "measures": row["measures"],
            "roles": ", ".join(f"{role} {row[role]}" for role in ROLE_KEYS if row[role]),
            "chapters": _ranges(row["chapters"]),
        }
        for row in rows
    ]
    what = " ".join(filter(None, ["unknown" if unknown else "", kind or ""]))
    return {
        "table": {
            "rows": shown,
            "fmt": fmt,
            "title": f"{len(rows)} {what + ' ' if what else ''}organisations",
        }
    }


@main.command()
@click.argument("name")
@top_option(10, "Ministries and organisations it works with: how many to show (0: all).")
@format_option()
@source_option
def actor(name: str, top: int, fmt: str, sources) -> None:
    """Who is involved where: the measures of organisation NAME by role and chapter, with the lines
    of the evidence, and the ministries and organisations it shares most measures with.

    NAME is an abbreviation, name or alias (any case), or the start of one name only."""
    _print("actor", {"name": name, "top": top, "fmt": fmt}, sources, lambda: _actor(name, top, fmt, sources))


def _actor(name: str, top: int, fmt: str, sources) -> dict:
    from graph import output
    from graph.analyse.actors import actor_profile, resolve_actor
    from graph.build import org_node

    graph, organisations = _load(sources)
    profile = actor_profile(graph, resolve_actor(name, organisations).id)
    row = profile.organisation
    parent = org_node(row["parent"]) if row["parent"] else None
    fields = {
        "kind": row["kind"] + ("" if row["known"] else " (not in the gazetteer)"),
        "under": graph.nodes[parent]["label"] if parent in graph else row["parent"] or None,
        "measures": row["measures"],
        "plans": "; ".join(f"{p['title']} ({p['measures']})" for p in profile.plans)
        if _plans(graph) > 1
        else None,
        "roles": ", ".join(f"{role} {row[role]}" for role in ROLE_KEYS if row[role]),
        "chapters": _ranges(row["chapters"]),
    }
    fields = {key: value for key, value in fields.items() if value is not None}
    shown = ("role", "chapter", "measure", "lines", *_manual_column(profile.involvements), "title")
    measures = [{key: item[key] for key in shown} for item in profile.involvements]
    columns = ("organisation", "shared", "measures")
    sections = {
        "Measures by role and chapter": output.blank_repeats(measures, ["role", "chapter"]),
        "Ministries it works with most": [
            {k: r[k] for k in columns} for r in _limit(profile.ministries, top)
        ],
        "Organisations it works with most": [
            {k: r[k] for k in columns} for r in _limit(profile.organisations, top)
        ],
    }
    title = f"{row['abbreviation']} — {row['name']}" if row["abbreviation"] else row["name"]
    return _report(fmt, title, fields, sections, data=asdict(profile), csv_rows=measures)


def _plans(graph) -> int:
    return sum(1 for _, data in graph.nodes(data=True) if data.get("type") == "plan" and "title" in data)


@main.command()
@click.argument("measure_id", metavar="ID")
@format_option()
@source_option
def measure(measure_id: str, fmt: str, sources) -> None:
    """The profile of measure ID ("18a"; "plan-id/18a" in a graph of several plans): title, chapter,
    responsible ministries, period, organisations with roles and evidence, references out and in,
    documents named, reports and money."""
    options = {"id": measure_id, "fmt": fmt}
    _print("measure", options, sources, lambda: _measure(measure_id, fmt, sources))


def _measure(measure_id: str, fmt: str, sources) -> dict:
    from graph.analyse.measures import measure_profile
    from graph.series import status_series_text

    graph, _ = _load(sources)
    profile = measure_profile(graph, measure_id)
    fields = {
        "chapter": f"{profile.chapter} {profile.chapter_title}".strip(),
        "parent": profile.parent,
        "sub-measures": profile.sub_measures,
        "responsible": profile.responsible,
        "period": profile.period or "not given",
        "lines": profile.lines,
        "page": profile.page,
        "status": status_series_text(profile.status),
        "reports": ", ".join(profile.in_reports) if len(profile.in_reports) > 1 else None,
    }
    fields = {key: value for key, value in fields.items() if value}
    columns = ("organisation", "kind", "roles", "lines", *_manual_column(profile.organisations))
    organisations = [{key: row[key] for key in columns} for row in profile.organisations]
    sections = {
        "Organisations": organisations,
        "References to other measures": [
            {key: row[key] for key in ("measure", "plan", "line", "title")} for row in profile.references_out
        ],
        "Referenced by": [
            {key: row[key] for key in ("measure", "line", "title")} for row in profile.references_in
        ],
        "Documents named": [
            {key: row[key] for key in ("document", "kind", "line")} for row in profile.documents
        ],
        "Reports": [
            {key: row[key] for key in ("title", "kind", "publisher", "year", "line")}
            for row in profile.reports
        ],
        "Money": [
            {key: row[key] for key in ("nok", "text", "year", "funder", "recipient", "line")}
            for row in profile.amounts
        ],
    }
    title = f"Measure {profile.id}: {profile.title}"
    csv_rows = [
        {
            "measure": profile.id,
            **{key: row[key] for key in ("id", "organisation", "name", "kind", "roles", "lines")},
        }
        for row in profile.organisations
    ]
    return _report(fmt, title, fields, sections, data=asdict(profile), csv_rows=csv_rows)


@main.command()
@click.option(
    "--rows", "row_kind", type=click.Choice(["orgs", "ministries"]), default="orgs", show_default=True
)
@click.option(
    "--cols", "col_kind", type=click.Choice(["chapters", "measures"]), default="chapters", show_default=True
)
@click.option("--role", type=click.Choice(ROLE_KEYS), help="Count only this role (default: any).")
@format_option()
@source_option
def matrix(row_kind: str, col_kind: str, role: str | None, fmt: str, sources) -> None:
    """Involvement matrix: per organisation (or ministry) and chapter (or measure), the number of
    measures in which it has a part (or the given role). `--format csv` for spreadsheets."""
    options = {"rows": row_kind, "cols": col_kind, "role": role, "fmt": fmt}
    _print("matrix", options, sources, lambda: _matrix(row_kind, col_kind, role, fmt, sources))


def _matrix(row_kind: str, col_kind: str, role: str | None, fmt: str, sources) -> dict:
    from graph.analyse.matrix import involvement_matrix

    graph, _ = _load(sources)
    rows = involvement_matrix(graph, rows=row_kind, cols=col_kind, role=role)
    if fmt == "table":
        rows = [{key: value for key, value in row.items() if key != "id"} for row in rows]
    what = "ministries" if row_kind == "ministries" else "organisations"
    title = f"Measures per {col_kind[:-1]}: {len(rows)} {what}, role {role or 'any'}"
    return {"table": {"rows": rows, "fmt": fmt, "title": title}}


@main.command()
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(ROLE_KEYS),
    help="Count only parts of this role; repeatable (default: any role).",
)
@click.option(
    "--min-weight", type=click.IntRange(min=1), default=1, show_default=True, help="Fewest shared measures."
)
@top_option(20, "How many pairs to list (0: all); graphml always holds the whole network.")
@format_option("graphml")
@source_option
def network(roles: tuple[str, ...], min_weight: int, top: int, fmt: str, sources) -> None:
    """Organisation–organisation collaboration: pairs that share measures, weighted by how many;
    the heaviest pairs first. `--format graphml` writes the whole network for Gephi."""
    options = {"roles": list(roles), "min_weight": min_weight, "top": top, "fmt": fmt}
    _print("network", options, sources, lambda: _network(roles, min_weight, top, fmt, sources))


def _network(roles: tuple[str, ...], min_weight: int, top: int, fmt: str, sources) -> dict:
    from graph.analyse.network import collaboration_network

    graph, _ = _load(sources)
    result = collaboration_network(graph, roles=roles or None, min_weight=min_weight)
    if fmt == "graphml":
        from graph.export.graphml import to_graphml

        return {"text": to_graphml(result.graph)}
    pairs = _limit(result.pairs, top)
    if fmt == "table":
        pairs = [{key: row[key] for key in ("a", "b", "weight", "measures")} for row in pairs]
    nodes, edges = result.graph.number_of_nodes(), result.graph.number_of_edges()
    title = f"{nodes} organisations, {edges} pairs sharing measures" + (f"; top {len(pairs)}" if top else "")
    return {"table": {"rows": pairs, "fmt": fmt, "title": title}}


@main.command()
@click.argument("a")
@click.argument("b")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True, help="Most paths to show.")
@format_option()
@source_option
def path(a: str, b: str, limit: int, fmt: str, sources) -> None:
    """The shortest connections between A and B (organisations by name, measures by id, or node ids
    such as report:…), explained hop by hop with the lines of the evidence. Plan and chapter nodes
    are not passed through."""
    options = {"a": a, "b": b, "limit": limit, "fmt": fmt}
    _print("path", options, sources, lambda: _path(a, b, limit, fmt, sources))


def _path(a: str, b: str, limit: int, fmt: str, sources) -> dict:
    from graph.analyse.paths import resolve_node, shortest_paths

    graph, organisations = _load(sources)
    source, target = (resolve_node(graph, text, organisations) for text in (a, b))
    paths = shortest_paths(graph, source, target, limit=limit)
    first, last = paths[0].nodes[0], paths[0].nodes[-1]
    hops = len(paths[0].hops)
    title = f"{first['label']} → {last['label']}: {len(paths)} shortest path{'s' if len(paths) > 1 else ''}"
    sections = {
        f"{i}. {' → '.join(node['label'] for node in found.nodes)}": [
            {"hop": j, "connection": hop["words"]} for j, hop in enumerate(found.hops, 1)
        ]
        for i, found in enumerate(paths, 1)
    }
    csv_rows = [
        {"path": i, "hop": j, **{key: hop[key] for key in ("from", "to", "words", "lines")}}
        for i, found in enumerate(paths, 1)
        for j, hop in enumerate(found.hops, 1)
    ]
    fields = {"hops": hops} | ({"shown": f"the first {limit}"} if len(paths) == limit else {})
    return _report(fmt, title, fields, sections, data=[asdict(found) for found in paths], csv_rows=csv_rows)


@main.command()
@top_option(10, "How many central organisations and referenced measures to list (0: all).")
@format_option()
@source_option
def stats(top: int, fmt: str, sources) -> None:
    """Counts by node type and edge relation; the most central organisations (degree and
    betweenness in the graph without plan and chapter nodes); the most referenced measures; the
    measures without an executing organisation. `--format csv` gives the central organisations."""
    _print("stats", {"top": top, "fmt": fmt}, sources, lambda: _stats(top, fmt, sources))


def _stats(top: int, fmt: str, sources) -> dict:
    from graph.analyse.stats import graph_stats

    graph, _ = _load(sources)
    result = graph_stats(graph, top=top or graph.number_of_nodes())
    sections = {
        "Nodes by type": result.nodes,
        "Edges by relation": result.edges,
        "Most central organisations": result.central,
        "Most referenced measures": result.referenced,
        "Measures without an executing organisation": result.unexecuted,
    }
    title = f"Knowledge graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    return _report(fmt, title, {}, sections, data=asdict(result), csv_rows=result.central)


def _report(fmt: str, title: str, fields: dict, sections: dict, data, csv_rows: list[dict]) -> dict:
    """What output.emit_report prints."""
    arguments = {"fmt": fmt, "title": title, "fields": fields, "sections": sections}
    return {"report": arguments | {"data": data, "csv_rows": csv_rows}}
