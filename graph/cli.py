"""The `tiltaksgraf` command line: a thin layer over the library.

Heavy libraries (rdflib, networkx, rich ...) are imported inside the commands that need them so
that start-up stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph.source import SourceError

DEFAULT_SOURCE = (
    Path(__file__).resolve().parent.parent
    / "data"
    / "sources"
    / "handlingsplan-vold-i-naere-relasjoner-2014-2017-sluttrapport-2018.txt"
)


class Cli(click.Group):
    """Turns library errors about bad input into one-line messages and a non-zero exit."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SourceError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(2)


source_argument = click.argument(
    "source", required=False, type=click.Path(path_type=Path), default=DEFAULT_SOURCE
)


@click.group(cls=Cli)
@click.version_option(package_name="tiltaksgraf")
def main() -> None:
    """Knowledge graph of the measures and actors of Norwegian action plans."""


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
@source_argument
def measures(fmt: str, source: Path) -> None:
    """List the measure records of a status report (default: the bundled report)."""
    from graph import output
    from graph.parse import parse_report
    from graph.records import measure_records

    records = measure_records(parse_report(source))
    if fmt == "json":
        click.echo(output.to_json(records))
    elif fmt == "csv":
        click.echo(output.to_csv(output.flatten(records)), nl=False)
    else:
        output.print_table(
            output.flatten(records),
            columns=["id", "chapter", "responsible", "period", "lines", "title"],
            title=f"{len(records)} measure records",
        )


if __name__ == "__main__":
    main()
