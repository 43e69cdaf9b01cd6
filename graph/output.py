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


def to_csv(rows: list[dict], delimiter: str = ",") -> str:
    if not rows:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n", delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def to_markdown(rows: list[dict]) -> str:
    if not rows:
        return ""
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = [str(row.get(column, "")).replace("|", "\\|").replace("\n", " ") for column in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def print_table(rows: list[dict], columns: list[str] | None = None, title: str | None = None) -> None:
    """A rich table on standard output."""
    from rich.console import Console
    from rich.table import Table

    columns = columns or (list(rows[0]) if rows else [])
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(str(row.get(column, "")) for column in columns))
    Console().print(table)


def emit(rows: list[dict], fmt: str, title: str | None = None, columns: list[str] | None = None) -> None:
    """Print rows as a rich table, JSON, CSV or Markdown."""
    import click

    if fmt == "json":
        click.echo(to_json(rows))
    elif fmt == "csv":
        click.echo(to_csv(flatten(rows)), nl=False)
    elif fmt == "md":
        click.echo(to_markdown(flatten(rows)), nl=False)
    else:
        print_table(flatten(rows), columns=columns, title=title)
