"""The example SPARQL queries the package ships (queries/NN-name.rq), by name.

Each file starts with a comment whose first line is its purpose, declares its own PREFIXes (so it
runs unchanged on any SPARQL engine) and may name the variables it expects bound (`--bind`). A
header line "# Needs …" says what data it needs beyond one report (several reports of a plan,
several plans): it has no rows on the bundled report alone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.errors import UnknownName, did_you_mean
from graph.resources import listing

FILE_NAME = re.compile(r"(?P<number>\d+)-(?P<name>[a-z0-9-]+)\.rq")


@dataclass(frozen=True)
class Example:
    number: str  # "01"
    name: str  # "who-is-involved-where"
    purpose: str  # the first line of its header comment
    text: str

    @property
    def file(self) -> str:
        return f"{self.number}-{self.name}.rq"

    @property
    def needs_corpus(self) -> bool:
        """Whether its header says it needs more than one report ("# Needs …")."""
        header = self.text.split("PREFIX", 1)[0]
        return any(line.startswith("# Needs ") for line in header.splitlines())


def examples() -> list[Example]:
    """Every bundled query, in the order of their numbers."""
    found = []
    for item in listing("queries", suffix=".rq"):
        match = FILE_NAME.fullmatch(item.name)
        if match:
            text = item.read_text(encoding="utf-8")
            comment = next((line for line in text.splitlines() if line.startswith("#")), "#")
            found.append(Example(match["number"], match["name"], comment.lstrip("# ").strip(), text))
    return found


def example(name: str) -> Example:
    """The bundled query called `name`: "who-is-involved-where", "01-who-is-involved-where",
    "01-who-is-involved-where.rq" or "01"; UnknownName with the closest names otherwise."""
    key = name.strip().removesuffix(".rq").lower()
    for found in examples():
        if key in (found.name, found.number, f"{found.number}-{found.name}", str(int(found.number))):
            return found
    names = [found.name for found in examples()]
    raise UnknownName(f"no bundled query {name!r}{did_you_mean(key, names)} (tiltaksgraf queries lists them)")
