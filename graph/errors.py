"""The few errors a user can cause, and the warning about recoverable problems of the input.

Library code raises these; the command line maps them, in one place (`graph.cli.Cli`), to a one-line
`Error: …` on stderr and the exit code of the class. Nothing else is shown to the user as an error.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Iterable
from pathlib import Path


class TiltaksgrafError(Exception):
    """A problem the user can mend; the message is one line."""

    exit_code = 2


class SourceError(TiltaksgrafError):
    """Bad input: a report, an annotation, an RDF file or a query file that cannot be read; the
    message names the file and the problem."""


class UnknownName(TiltaksgrafError):
    """A name that answers to nothing (or to several things): an organisation, a measure, a node,
    a bundled query. The message suggests the closest names."""


class NoConnection(TiltaksgrafError):
    """Two nodes of the graph are not connected."""


class QueryError(TiltaksgrafError):
    """A SPARQL query that cannot be parsed or run."""


class OptionError(TiltaksgrafError):
    """An option value the command cannot use (a binding, a base IRI, an output folder)."""


class OutputError(TiltaksgrafError):
    """An export that cannot be written; the message names the file and the reason."""


class StoreError(TiltaksgrafError):
    """A triple store that refused an upload or could not be reached; never shows credentials."""


class TiltaksgrafWarning(UserWarning):
    """Something the user should know; the command line prints it as one line on stderr."""


class SourceWarning(TiltaksgrafWarning):
    """A recoverable problem of the input; the message is one line naming the file (and line)."""


class QueryWarning(TiltaksgrafWarning):
    """A query that will likely answer nothing, e.g. a bound value the graph does not hold."""


def warn(path: Path | str, message: str, line: int | None = None) -> None:
    """Issue a SourceWarning "file:line: message" (the command line prints it as one line)."""
    where = f"{path}:{line}" if line else f"{path}"
    warnings.warn(SourceWarning(f"{where}: {message}"), stacklevel=2)


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The `n` candidates most like `word` (case-insensitive), best first; for "did you mean"."""
    options = sorted(set(candidates), key=str.casefold)
    same = [option for option in options if option.casefold() == word.casefold()]
    if same:  # the word in another case: that is the one meant
        return same[:n]
    folded = {option.casefold(): option for option in options}
    found = difflib.get_close_matches(word.casefold(), list(folded), n=n, cutoff=0.5)
    return [folded[option] for option in found]


def did_you_mean(word: str, candidates: Iterable[str], n: int = 3, show=str) -> str:
    """ "; did you mean X?" or "; did you mean X, Y or Z?" for the closest candidates (each written
    by `show`), else ""."""
    return suggestion([show(item) for item in closest(word, candidates, n)])


def suggestion(found: list[str]) -> str:
    """ "; did you mean X?" or "; did you mean X, Y or Z?" for names already chosen, else ""."""
    if not found:
        return ""
    if len(found) == 1:
        return f"; did you mean {found[0]}?"
    return f"; did you mean {', '.join(found[:-1])} or {found[-1]}?"
