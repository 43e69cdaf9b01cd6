"""The involvement matrix: organisations (or ministries) by chapters (or measures)."""

from __future__ import annotations

from collections import defaultdict

from graph.analyse.common import (
    as_graph,
    by_measure_order,
    chapter_key,
    involved,
    is_ministry,
    label_of,
    measure_label,
    nodes_of,
)
from graph.vocabulary import ROLE_KEYS


def involvement_matrix(
    graph_or_extraction, rows: str = "orgs", cols: str = "chapters", role: str | None = None
) -> list[dict]:
    """Counts of involvement: one row per organisation (`rows="orgs"`) or ministry
    (`rows="ministries"`), one column per chapter ("chapter 3") or measure ("18a"), each cell the
    number of measures of that column in which the row has a part (`role`: that role); `total` the
    number of measures over all columns. Rows with no measure are left out; most involved first."""
    if rows not in ("orgs", "ministries") or cols not in ("chapters", "measures"):
        raise ValueError(f"rows must be orgs or ministries, cols chapters or measures: {rows!r}, {cols!r}")
    if role is not None and role not in ROLE_KEYS:
        raise ValueError(f"unknown role {role!r}; roles: {', '.join(ROLE_KEYS)}")
    graph = as_graph(graph_or_extraction)
    measures = sorted(nodes_of(graph, "measure"), key=by_measure_order(graph))

    def column(measure: str) -> str:
        if cols == "measures":
            return measure_label(graph, measure)
        chapter = chapter_key(graph, measure)
        return "no chapter" if chapter is None else f"chapter {chapter}"

    columns = list(dict.fromkeys(column(measure) for measure in measures))
    cells: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for organisation, measure, _, _ in involved(graph, [role] if role else None):
        cells[organisation][column(measure)].add(measure)
    table = []
    for organisation, by_column in cells.items():
        if rows == "ministries" and not is_ministry(graph, organisation):
            continue
        row = {"id": graph.nodes[organisation]["org"], "organisation": label_of(graph, organisation)}
        row.update({name: len(by_column.get(name, ())) for name in columns})
        row["total"] = len(set().union(*by_column.values()))
        table.append(row)
    table.sort(key=lambda row: (-row["total"], row["organisation"].casefold()))
    return table
