"""Commands on extracted facts: measure records, the text their line numbers count, and extraction
quality."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli import DEFAULT_SOURCE, main, source_argument
from graph.source import SourceError


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
@source_argument
def measures(fmt: str, source: Path) -> None:
    """List the measure records of a status report (default: the bundled report)."""
    from graph import output
    from graph.pipeline import extract_report
    from graph.records import measure_records

    records = measure_records(extract_report(source))
    if fmt == "json":
        click.echo(output.to_json(records))
    elif fmt == "csv":
        click.echo(output.to_csv(output.flatten([_csv_row(r) for r in records])), nl=False)
    else:
        output.print_table(
            output.flatten([{key: r[key] for key in TABLE_COLUMNS} for r in records]),
            columns=list(TABLE_COLUMNS),
            title=f"{len(records)} measure records",
        )


@main.command()
@click.option("--numbers", is_flag=True, help="Start each line with its number.")
@source_argument
def text(numbers: bool, source: Path) -> None:
    """Print the text of a report as its line numbers count it (for a PDF: the text of its pages, a
    line per printed line, each page's links after it)."""
    from graph.source import read_lines

    for number, line in enumerate(read_lines(source), start=1):
        click.echo(f"{number:>5}  {line}" if numbers else line)


@main.command()
@click.argument("annotations", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--source", type=click.Path(path_type=Path), default=DEFAULT_SOURCE, show_default="bundled report"
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv", "md"]), default="table", show_default=True
)
@click.option("--diff", is_flag=True, help="List the facts missed and the extra ones instead of scores.")
def evaluate(annotations: tuple[Path, ...], source: Path, fmt: str, diff: bool) -> None:
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


def _csv_row(record: dict) -> dict:
    """A measure record as one CSV row: lists of facts become counts or joined names."""
    row = {key: record[key] for key in ("id", "parent", "chapter", "title", "responsible", "period", "lines")}
    row["actors"] = [f"{a['abbreviation'] or a['name']} ({', '.join(a['roles'])})" for a in record["actors"]]
    row["refs"] = record["refs"]["internal"]
    row["plans"] = record["plans"]
    row["urls"] = len(record["urls"])
    row["reports"] = len(record["reports"])
    row["nok"] = sum(a["nok"] for a in record["amounts"])
    return row
