"""Commands on a plan's reports through time: what changed between two reports (`diff`), and one
measure's history over several (`timeline`)."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli import main
from graph.cli.options import REPORT, format_option, max_size_option


@main.command()
@click.argument("old", type=REPORT)
@click.argument("new", type=REPORT)
@format_option("table", "json", "md")
@max_size_option
def diff(old: Path, new: Path, fmt: str, max_size: int | None) -> None:
    """What changed from OLD to NEW, two reports of one plan (report files, or build folders with
    their measures.json): per measure the status, responsible ministries, organisations and their
    roles, amounts added and the title; measures added, dropped and merged into another."""
    from graph import output
    from graph.analyse.diff import change_counts, change_rows, read_snapshot
    from graph.analyse.diff import diff as changes_between
    from graph.read import size_limit

    with size_limit(max_size):
        before, after = read_snapshot(old), read_snapshot(new)
    changes = changes_between(before, after)
    counts = change_counts(changes)
    fields = {
        "plan": after.plan,
        "old": f"{before.name} ({before.date})" if before.date else before.name,
        "new": f"{after.name} ({after.date})" if after.date else after.name,
        "measures": ", ".join(f"{count} {what}" for what, count in counts.items()),
    }
    rows = change_rows(changes, before, after)
    output.emit_report(
        fmt, f"Changes from {before.name} to {after.name}", fields, {"Changes": rows}, data=changes
    )


@main.command()
@click.argument("measure")
@click.argument("reports", nargs=-1, required=True, type=REPORT)
@format_option("table", "json", "md")
@max_size_option
def timeline(measure: str, reports: tuple[Path, ...], fmt: str, max_size: int | None) -> None:
    """The history of MEASURE ("5", "tiltak 3 a") over REPORTS of one plan, oldest first by report
    date: per report its status, title, responsible ministries, organisations with their roles and
    amounts, each with its line, page and sentence."""
    from graph import output
    from graph.analyse.timeline import timeline as history_of
    from graph.analyse.timeline import timeline_rows
    from graph.pipeline import extract_report
    from graph.read import size_limit

    with size_limit(max_size):
        extractions = [extract_report(report) for report in reports]
    history = history_of(measure, extractions)
    if fmt == "json":
        click.echo(output.to_json(history))
        return
    rows = output.blank_repeats(timeline_rows(history), ["report", "date"])
    output.emit(rows, fmt, title=f"Measure {history['measure']} in {len(reports)} reports")
