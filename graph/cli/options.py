"""Options that several commands share, each defined once: the reports to read (`--source PATH`,
repeatable, and on commands without another positional argument `SOURCE...`) with the largest size
read (`--max-size`), the output format, the base IRI."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import click

REPORT = click.Path(path_type=Path)
SOURCE_HELP = "A status report (.txt or .pdf); repeat for several [default: the bundled report]."
MAX_SIZE_HELP = (
    "Refuse reports larger than SIZE, e.g. 80MB or 1GB (MB if no unit) [default: 50MB of text, 200MB of PDF]."
)

SIZE_UNITS = {
    "": 10**6,
    "b": 1,
    "k": 10**3,
    "kb": 10**3,
    "m": 10**6,
    "mb": 10**6,
    "g": 10**9,
    "gb": 10**9,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
}


class Size(click.ParamType):
    """A number of bytes written as 50MB, 1.5GB, 800kB or 50 (megabytes); decimal units, KiB MiB GiB
    binary ones."""

    name = "SIZE"

    def convert(self, value, parameter, context) -> int:
        if isinstance(value, int):
            return value
        found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", str(value))
        unit = found and SIZE_UNITS.get(found[2].lower())
        if not unit or float(found[1]) * unit < 1:
            self.fail(f"{value!r} is not a size such as 50MB, 1GB or 800kB", parameter, context)
        return int(float(found[1]) * unit)


max_size_option = click.option("--max-size", type=Size(), default=None, help=MAX_SIZE_HELP)


def report_sources(positional: bool = False):
    """Give the command a `sources` argument: the reports named by `--source` (repeatable) and, with
    `positional`, as SOURCE... arguments; the bundled report when none is given. `--max-size` holds
    for every report the command reads."""

    def decorate(command):
        @functools.wraps(command)
        def wrapper(*args, source_options=(), source_arguments=(), max_size=None, **kwargs):
            from graph.read import size_limit
            from graph.resources import bundled_source

            sources = [*source_arguments, *source_options] or [bundled_source()]
            with size_limit(max_size):
                return command(*args, sources=sources, **kwargs)

        wrapper = max_size_option(wrapper)
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
