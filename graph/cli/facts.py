"""Commands on extracted facts: measure records, the text their line numbers count, and extraction
quality."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli import main
from graph.cli.options import format_option, report_sources
from graph.errors import OptionError, SourceError


@main.command()
@format_option("table", "json", "csv")
@report_sources(positional=True)
def measures(fmt: str, sources: list[Path]) -> None:
    """List the measure records of status reports (default: the bundled report)."""
    from graph import output
    from graph.pipeline import extract_reports
    from graph.records import measure_records, measure_row

    records = [record for extraction in extract_reports(sources) for record in measure_records(extraction)]
    if fmt == "json":
        click.echo(output.to_json(records))
    elif fmt == "csv":
        click.echo(output.to_csv(output.flatten([measure_row(r) for r in records])), nl=False)
    else:
        output.print_table(
            output.flatten([{key: r[key] for key in TABLE_COLUMNS} for r in records]),
            columns=list(TABLE_COLUMNS),
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
    """Score extraction against hand-checked ANNOTATIONS (JSON, as tests/data/gold_sample.json;
    several files are scored together, over all their records)."""
    import json

    from graph import output
    from graph.evaluation import check_annotation, differences, merge_annotations
    from graph.evaluation import evaluate as score
    from graph.pipeline import extract_report

    golds = []
    for annotation in annotations:
        try:
            golds.append(json.loads(annotation.read_text(encoding="utf-8")))
            check_annotation(golds[-1])
        except FileNotFoundError:
            raise SourceError(f"{annotation}: no such file") from None
        except (ValueError, UnicodeDecodeError) as error:
            raise SourceError(
                f"{annotation}: not an annotation file ({str(error).splitlines()[0]})"
            ) from None
    try:
        gold = merge_annotations(golds)
    except ValueError as error:
        raise SourceError(f"{annotations[-1]}: {error}") from None
    names = ", ".join(annotation.name for annotation in annotations)
    if len(sources) > 1:
        raise OptionError("give one --source: the report the annotations describe")
    source = sources[0]
    if diff:
        rows = differences(extract_report(source), gold)
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
        for kind, s in score(extract_report(source), gold).items()
    ]
    output.emit(rows, fmt, title=f"{names}: {len(gold['measures'])} measure records")


TABLE_COLUMNS = ("id", "chapter", "responsible", "period", "lines", "title")
