"""Rendering rows for the terminal and for pipes: JSON, CSV, Markdown and rich tables."""

from __future__ import annotations

import csv
import io
import json


def to_json(data) -> str:
    """Stable, readable JSON: UTF-8 text, two-space indent, keys in the order given."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def flatten(records: list[dict]) -> list[dict]:
    """Rows of scalars: lists joined with "; ", periods and line spans as "start-end"."""
    return [{key: _scalar(value) for key, value in record.items()} for record in records]


def _scalar(value):
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        return f"{value['start']}-{value['end']}"
    if isinstance(value, list):
        return "; ".join(str(_scalar(item)) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def to_csv(rows: list[dict], delimiter: str = ",", columns: list[str] | None = None) -> str:
    """CSV with a header row; `columns` gives the header when there are no rows."""
    columns = columns or (list(rows[0]) if rows else [])
    if not columns:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", delimiter=delimiter)
    writer.writeheader()
    writer.writerows({key: _text(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()


def _text(value):
    """A cell as text: booleans as true and false (as JSON writes them), other values as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def to_markdown(rows: list[dict]) -> str:
    if not rows:
        return ""
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = [str(_text(row.get(column, ""))).replace("|", "\\|").replace("\n", " ") for column in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def print_table(rows: list[dict], columns: list[str] | None = None, title: str | None = None) -> None:
    """A rich table on standard output (document text is shown as text, never as rich markup)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    columns = columns or (list(rows[0]) if rows else [])
    table = Table(title=escape(title) if title else None, show_lines=False)
    for column in columns:
        table.add_column(escape(column), overflow="fold")
    for row in rows:
        table.add_row(*(escape(str(_text(row.get(column, "")))) for column in columns))
    Console().print(table)


def emit(rows: list[dict], fmt: str, title: str | None = None, columns: list[str] | None = None) -> None:
    """Print rows as a rich table, JSON, CSV or Markdown."""
    import click

    if fmt == "json":
        click.echo(to_json(rows))
    elif fmt == "csv":
        click.echo(to_csv(flatten(rows), columns=columns), nl=False)
    elif fmt == "md":
        click.echo(to_markdown(flatten(rows)), nl=False)
    else:
        print_table(flatten(rows), columns=columns, title=title)


def blank_repeats(rows: list[dict], columns: list[str]) -> list[dict]:
    """Rows for reading in groups: the value of a column in `columns` is left blank where it and the
    values of the columns before it repeat the row above."""
    shown, previous = [], None
    for row in rows:
        blank, key = set(), [row.get(column) for column in columns]
        for i, column in enumerate(columns):
            if previous is None or key[: i + 1] != previous[: i + 1]:
                break
            blank.add(column)
        shown.append({name: "" if name in blank else value for name, value in row.items()})
        previous = key
    return shown


def to_markdown_report(title: str, fields: dict, sections: dict[str, list[dict]]) -> str:
    """A report of several parts as Markdown: a heading, the fields as a list, a table per section."""
    parts = [f"## {title}\n"]
    if fields:
        parts.append("".join(f"- **{key}**: {_scalar(value)}\n" for key, value in fields.items()))
    for heading, rows in sections.items():
        parts.append(f"### {heading}\n")
        parts.append(to_markdown(flatten(rows)) if rows else "(none)\n")
    return "\n".join(parts)


def print_report(title: str, fields: dict, sections: dict[str, list[dict]]) -> None:
    """A report of several parts in the terminal: a title, the fields, a rich table per section."""
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    console.print(f"[bold]{escape(title)}[/bold]")
    for key, value in fields.items():
        console.print(f"  [bold]{escape(key)}:[/bold] {escape(str(_scalar(value)))}")
    for heading, rows in sections.items():
        console.print()
        if rows:
            print_table(flatten(rows), title=heading)
        else:
            console.print(f"[italic]{escape(heading)}: none[/italic]")


def emit_report(
    fmt: str,
    title: str,
    fields: dict,
    sections: dict[str, list[dict]],
    data=None,
    csv_rows: list[dict] | None = None,
) -> None:
    """Print a report of several parts (`fields`: name -> value, `sections`: heading -> rows).

    json prints `data` (default: the fields and sections), csv the rows of `csv_rows` (default: the
    first section; a CSV file holds one table), md and table every part."""
    import click

    if fmt == "json":
        click.echo(to_json(data if data is not None else {**fields, **sections}))
    elif fmt == "csv":
        rows = csv_rows if csv_rows is not None else next(iter(sections.values()), [])
        click.echo(to_csv(flatten(rows)), nl=False)
    elif fmt == "md":
        click.echo(to_markdown_report(title, fields, sections), nl=False)
    else:
        print_report(title, fields, sections)
