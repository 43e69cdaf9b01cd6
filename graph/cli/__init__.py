"""The `tiltaksgraf` command line: a thin layer over the library.

The group is defined here, with the one place where the project's errors (graph.errors) become a
one-line `Error: …` and an exit code, and warnings about the input a one-line `Warning: …`. The
commands live in the modules imported at the end (facts: measures, text, evaluate; graphs: build,
query, queries, validate; explorer: html; reports: actors, actor, measure, matrix, network, path,
stats; series: diff, timeline; stores: serve, push). Heavy libraries (rdflib, networkx, rich ...) are imported inside the
commands that need them so that start-up stays fast.
"""

from __future__ import annotations

import sys
import warnings

import click

from graph.errors import TiltaksgrafError, TiltaksgrafWarning


class Cli(click.Group):
    """Turns the project's errors into one-line messages and their exit code, and warnings about
    recoverable problems of the input into one-line messages on stderr."""

    def invoke(self, ctx: click.Context):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", TiltaksgrafWarning)
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except TiltaksgrafError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)
        except OSError as error:  # e.g. an output folder that cannot be written
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"Error: {where}{error.strerror or error}", err=True)
            sys.exit(2)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    if issubclass(category, TiltaksgrafWarning):
        click.echo(f"Warning: {message}", err=True)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


@click.group(cls=Cli)
@click.version_option(package_name="tiltaksgraf")
def main() -> None:
    """Knowledge graph of the measures and actors of Norwegian action plans."""


# Commands register themselves on `main` when their module is imported.
from graph.cli import explorer, facts, graphs, reports, series, stores  # noqa: E402, F401
