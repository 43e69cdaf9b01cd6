"""Commands on extracted facts: measure records, the text their line numbers count, and extraction
quality."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli import main
from graph.cli.options import format_option, report_sources
from graph.errors import SourceError, UnknownName, closest
from graph.vocabulary import STATUSES


@main.command()
@format_option("table", "json", "csv")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([status.key for status in STATUSES]),
    help="Only measures with this status (repeatable; the latest report's, or --as-of's).",
)
@click.option("--as-of", "as_of", metavar="REPORT", help="Statuses as of this report (its file name).")
@report_sources(positional=True)
def measures(fmt: str, statuses: tuple[str, ...], as_of: str | None, sources: list[Path]) -> None:
    """List the measure records of status reports (default: the bundled report); several reports of
    one plan give one record per measure, with its status in each report."""
    from graph import output
    from graph.pipeline import extract_reports
    from graph.records import measure_records, measure_row
    from graph.series import merge_records, status_as_of, status_series_text

    extractions = extract_reports(sources)
    if as_of is not None:
        names = [e.report.source for e in extractions]
        if as_of not in names:
            nearest = closest(as_of, names, 1)
            hint = f"; did you mean {nearest[0]}?" if nearest else ""
            raise UnknownName(f"--as-of {as_of!r}: no such report among the sources{hint}")
    records = merge_records([record for e in extractions for record in measure_records(e)])
    if statuses:
        records = [r for r in records if status_as_of(r, as_of) in statuses]
    if fmt == "json":
        click.echo(output.to_json(records))
    elif fmt == "csv":
        click.echo(output.to_csv(output.flatten([measure_row(r) for r in records])), nl=False)
    else:
        columns = (
            [*TABLE_COLUMNS, "status"]
            if any(o["value"] for r in records for o in r["status"])
            else TABLE_COLUMNS
        )
        rows = [
            {key: r[key] for key in TABLE_COLUMNS} | {"status": status_series_text(r["status"])}
            for r in records
        ]
        output.print_table(
            output.flatten(rows),
            columns=list(columns),
            title=f"{len(records)} measure records",
        )


@main.command()
@click.option("--numbers", is_flag=True, help="Start each line with its number.")
@report_sources(positional=True)
def text(numbers: bool, sources: list[Path]) -> None:
    """Print the text of reports as their line numbers count it (for a PDF: the text of its pages, a
    line per printed line, each page's links after it); several reports one after the other, each
    under a line "==> FILE <=="."""
    from graph.read import read_lines

    for source in sources:
        if len(sources) > 1:
            click.echo(f"==> {source} <==")
        for number, line in enumerate(read_lines(source), start=1):
            click.echo(f"{number:>5}  {line}" if numbers else line)


@main.command()
@click.argument("annotations", nargs=-1, required=True, type=click.Path(path_type=Path))
@report_sources()
@format_option("table", "json", "csv", "md")
@click.option("--diff", is_flag=True, help="List the facts missed and the extra ones instead of scores.")
def evaluate(annotations: tuple[Path, ...], sources: list[Path], fmt: str, diff: bool) -> None:
    """Score extraction against hand-checked ANNOTATIONS (JSON, as tests/data/gold_sample.json).
    Annotations of one report (its `source`) are scored together; annotations of several reports
    are summed over all of them, each report found among the --source given or beside its
    annotation."""
    from graph import output
    from graph.evaluation import differences, evaluate_corpus, merge_annotations
    from graph.pipeline import extract_report

    groups: dict[str, list[tuple[Path, dict]]] = {}
    for annotation in annotations:
        gold = _annotation(annotation)
        groups.setdefault(gold.get("source") or sources[0].name, []).append((annotation, gold))
    pairs, names = [], ", ".join(annotation.name for annotation in annotations)
    for name, group in groups.items():
        try:
            gold = merge_annotations([gold for _, gold in group])
        except ValueError as error:
            raise SourceError(f"{group[-1][0]}: {error}") from None
        pairs.append((extract_report(_report_of(name, group[0][0], sources)), gold))
    if diff:
        rows = [
            {"report": extraction.report.source, **row}
            for extraction, gold in pairs
            for row in differences(extraction, gold)
        ]
        output.emit(output.flatten(rows), fmt, title=f"{names}: {len(rows)} differences")
        return
    rows = [
        {
            "fact": kind,
            "precision": round(s.precision, 3),
            "recall": round(s.recall, 3),
            "f1": round(s.f1, 3),
            "correct": s.true_positives,
            "extracted": s.predicted,
            "annotated": s.expected,
        }
        for kind, s in evaluate_corpus(pairs).items()
    ]
    records = sum(len(gold["measures"]) for _, gold in pairs)
    reports = f" of {len(pairs)} reports" if len(pairs) > 1 else ""
    output.emit(rows, fmt, title=f"{names}: {records} measure records{reports}")


def _annotation(path: Path) -> dict:
    """An annotation file, checked; a one-line error if it is not one."""
    import json

    from graph.evaluation import check_annotation

    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
        check_annotation(gold)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise SourceError(f"{path}: not an annotation file ({str(error).splitlines()[0]})") from None
    return gold


def _report_of(name: str, annotation: Path, sources: list[Path]) -> Path:
    """The report an annotation describes: the --source of that file name, the only --source, or
    the file of that name beside the annotation."""
    named = [source for source in sources if source.name == name]
    if named:
        return named[0]
    if len(sources) == 1 and not (annotation.parent / name).exists():
        return sources[0]
    if (annotation.parent / name).exists():
        return annotation.parent / name
    raise SourceError(f"{annotation}: its report {name} is not among the sources (give it with --source)")


TABLE_COLUMNS = ("id", "chapter", "responsible", "period", "lines", "title")
