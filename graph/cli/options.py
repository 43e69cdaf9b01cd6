"""Options that several commands share, each defined once: the reports to read (`--source PATH`,
repeatable, and on commands without another positional argument `SOURCE...`), the output format,
the base IRI."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import click

REPORT = click.Path(path_type=Path)
SOURCE_HELP = "A status report (.txt or .pdf); repeat for several [default: the bundled report]."


def report_sources(positional: bool = False):
    """Give the command a `sources` argument: the reports named by `--source` (repeatable) and, with
    `positional`, as SOURCE... arguments; the bundled report when none is given."""

    def decorate(command):
        @functools.wraps(command)
        def wrapper(*args, source_options=(), source_arguments=(), **kwargs):
            from graph.resources import bundled_source

            sources = [*source_arguments, *source_options] or [bundled_source()]
            return command(*args, sources=sources, **kwargs)

        wrapper = click.option("--source", "source_options", multiple=True, type=REPORT, help=SOURCE_HELP)(
            wrapper
        )
        if positional:
            wrapper = click.argument("source_arguments", metavar="[SOURCE]...", nargs=-1, type=REPORT)(
                wrapper
            )
        return wrapper

    return decorate


def format_option(*choices: str, default: str = "table"):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="table for the terminal; json, csv or md for pipes and papers.",
    )


def absolute_iri(_context, _parameter, value: str | None) -> str | None:
    """Option callback: the value, if it is an absolute IRI (or None)."""
    if value is not None and not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|\\^`]+", value):
        raise click.BadParameter(f"{value!r} is not an absolute IRI such as https://example.org/data/")
    return value


base_option = click.option(
    "--base",
    default=None,
    callback=absolute_iri,
    help="Base of the data IRIs [default: https://w3id.org/tiltaksgraf/]",
)
