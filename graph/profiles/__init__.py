"""Language and document profiles: the data the rules read, one file per written standard under
data/profiles/ (as spaCy keeps each language in lang/xx/). Each rule carries an example sentence
that tests/test_profiles.py runs."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from graph import resources

LANGUAGES = ("nb", "nn")


@dataclass(frozen=True)
class Generic:
    """A noun for a kind of body in general ("politiet"), never one organisation."""

    noun: str
    forms: tuple[str, ...]
    kind: str
    example: str


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    generic: tuple[Generic, ...]


@cache
def language(code: str) -> Language:
    """The profile of a written standard: "nb" (bokmål) or "nn" (nynorsk)."""
    data = tomllib.loads(resources.read_text("data", "profiles", f"{code}.toml"))
    return Language(
        code=data["code"],
        name=data["name"],
        generic=tuple(
            Generic(entry["noun"], tuple(entry["forms"]), entry["kind"], entry["example"])
            for entry in data.get("generic", [])
        ),
    )


def generic_noun(word: str) -> Generic | None:
    """The generic noun a word is a form of, in either standard, or None."""
    folded = " ".join(word.split()).casefold()
    for code in LANGUAGES:
        for entry in language(code).generic:
            if folded in entry.forms:
                return entry
    return None
