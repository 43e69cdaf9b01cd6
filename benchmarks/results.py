"""The benchmark's findings and their Markdown (benchmarks/RESULTS.md): the machine, one summary
row per line of the speed targets (a figure beside its anchor, their ratio and the target), and the
detail tables."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Comparison:
    """A figure measured beside its anchor in the same run; `target` bounds value / anchor (from
    above, or from below when more is better)."""

    what: str
    value: float
    anchor: str
    anchor_value: float
    unit: str
    target: float | None = None
    more_is_better: bool = False

    @property
    def ratio(self) -> float:
        return self.value / self.anchor_value if self.anchor_value else float("inf")

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        return self.ratio >= self.target if self.more_is_better else self.ratio <= self.target


@dataclass(frozen=True)
class Table:
    """A detail table: a title, its column names, rows of cells (numbers are formatted), a note."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    note: str = ""


def number(value) -> str:
    """A figure to read: three significant digits, thousands grouped; text as it is."""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return f"{value:,}"
    if value != value or value in (float("inf"), float("-inf")):
        return "–"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _line(cells) -> str:
    return "| " + " | ".join(number(cell) for cell in cells) + " |"


def summary_table(comparisons: list[Comparison]) -> str:
    """The summary: each figure, its anchor, the ratio and whether it meets its target."""
    lines = [
        _line(("what", "measured", "anchor", "anchor measured", "ratio", "target", "met")),
        "|---|---|---|---|---|---|---|",
    ]
    for item in comparisons:
        target = ""
        if item.target is not None:
            target = f"{'≥' if item.more_is_better else '≤'} {item.target:g}×"
        met = {None: "", True: "yes", False: "no"}[item.met]
        lines.append(
            _line(
                (
                    item.what,
                    f"{number(item.value)} {item.unit}",
                    item.anchor,
                    f"{number(item.anchor_value)} {item.unit}",
                    f"{item.ratio:.2f}×",
                    target,
                    met,
                )
            )
        )
    return "\n".join(lines)


def table_markdown(table: Table) -> str:
    lines = [f"### {table.title}", "", _line(table.columns), "|" + "---|" * len(table.columns)]
    lines += [_line(row) for row in table.rows]
    if table.note:
        lines += ["", table.note]
    return "\n".join(lines)


def markdown(
    machine: dict[str, str], comparisons: list[Comparison], tables: list[Table], command: str
) -> str:
    """The whole of RESULTS.md."""
    parts = [
        "# Benchmark results",
        "",
        f"Written by `{command}`; every ratio is of two figures taken side by side in this one run. "
        "Medians unless said otherwise. Nothing here is asserted by the tests.",
        "",
        "## Machine",
        "",
        "\n".join(f"- {name}: {value}" for name, value in machine.items()),
        "",
        "## Summary",
        "",
        summary_table(comparisons),
        "",
        "## Details",
    ]
    for table in tables:
        parts += ["", table_markdown(table)]
    return "\n".join(parts) + "\n"
