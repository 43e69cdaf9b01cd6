"""What the package ships, read with importlib.resources: the bundled report, the gazetteers, the
ontology and shapes, the example queries, the JSON schemas and the explorer's templates.

In the wheel they are package data under `graph/` (`graph/data`, `graph/ontology`, `graph/queries`);
in a checkout those names are links to the repository's top-level folders of the same names, so the
code reads them one way only.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

BUNDLED_REPORT = "handlingsplan-vold-i-naere-relasjoner-2014-2017-sluttrapport-2018.txt"


def resource(*parts: str) -> Traversable:
    """A file or folder the package ships, e.g. resource("ontology", "shapes.ttl")."""
    return files("graph").joinpath(*parts)


def path(*parts: str) -> Path:
    """A shipped file as a file-system path (packages are installed unzipped, so this is the file
    itself), for libraries that want a path."""
    with as_file(resource(*parts)) as found:
        return Path(found)


def bundled_source() -> Path:
    """The bundled report: the final status report (August 2018) of the plan against domestic
    violence 2014–2017."""
    return path("data", "sources", BUNDLED_REPORT)


def read_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")


def read_bytes(*parts: str) -> bytes:
    return resource(*parts).read_bytes()


def listing(*parts: str, suffix: str = "") -> list[Traversable]:
    """The files of a shipped folder (ending in `suffix`), sorted by name."""
    return sorted(
        (item for item in resource(*parts).iterdir() if item.is_file() and item.name.endswith(suffix)),
        key=lambda item: item.name,
    )
