"""The `tiltaksgraf` command line: a thin layer over the library.

The group is defined here; the commands live in the modules imported at the end (facts: measures, text,
evaluate; graphs: build, query, validate; explorer: html; reports: actors, actor, measure, matrix,
network, path, stats; stores: serve, push). Heavy libraries (rdflib, networkx, rich ...) are imported
inside the commands that need them so that start-up stays fast.
"""

from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path

import click

from graph.pipeline import BUNDLED_SOURCE as DEFAULT_SOURCE
from graph.source import SourceError, SourceWarning


class Cli(click.Group):
    """Turns library errors about bad input into one-line messages and a non-zero exit, and warnings
    about recoverable problems of the input into one-line messages on stderr."""

    def invoke(self, ctx: click.Context):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", SourceWarning)
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except SourceError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(2)
        except OSError as error:  # e.g. an output folder that cannot be written
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"Error: {where}{error.strerror or error}", err=True)
            sys.exit(2)


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    if issubclass(category, SourceWarning):
        click.echo(f"Warning: {message}", err=True)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def output_for(out: Path | None, sources: list[Path], default: Path) -> Path:
    """Where a command writes: --out, or the repository's exports/ for the bundled report only (so
    that another report never overwrites the committed exports)."""
    if out is not None:
        return out
    if all(Path(source).resolve() == DEFAULT_SOURCE.resolve() for source in sources):
        return default
    raise click.UsageError(
        "give --out for a report other than the bundled one (exports/ holds the bundled report's)"
    )


def absolute_iri(_context, _parameter, value: str | None) -> str | None:
    """Option callback: the value, if it is an absolute IRI (or None)."""
    if value is not None and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|\\^`]+", value):
        raise click.BadParameter(f"{value!r} is not an absolute IRI such as https://example.org/data/")
    return value


source_argument = click.argument(
    "source", required=False, type=click.Path(path_type=Path), default=DEFAULT_SOURCE
)


@click.group(cls=Cli)
@click.version_option(package_name="tiltaksgraf")
def main() -> None:
    """Knowledge graph of the measures and actors of Norwegian action plans."""


# Commands register themselves on `main` when their module is imported.
from graph.cli import explorer, facts, graphs, reports, stores  # noqa: E402, F401
