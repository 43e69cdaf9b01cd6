"""Language profiles: the words of each written standard (data/profiles/nb.toml, nn.toml)."""

from __future__ import annotations

import re
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
    anaphors: dict  # back-reference ("senteret") -> the word its referent's name holds ("senter")


@cache
def language(code: str) -> Language:
    """The profile of a written standard: "nb" (bokmål) or "nn" (nynorsk)."""
    data = _profile(code)
    return Language(
        code=data["code"],
        name=data["name"],
        generic=tuple(
            Generic(entry["noun"], tuple(entry["forms"]), entry["kind"], entry["example"])
            for entry in data.get("generic", [])
        ),
        anaphors=dict(data.get("organisations", {}).get("anaphors", {})),
    )


def generic_noun(word: str) -> Generic | None:
    """The generic noun a word is a form of, in either standard, or None."""
    folded = " ".join(word.split()).casefold()
    for code in LANGUAGES:
        for entry in language(code).generic:
            if folded in entry.forms:
                return entry
    return None


@cache
def _markers(code: str) -> frozenset[str]:
    return frozenset(_profile(code)["detect"]["words"])


def detect_language(text: str) -> str:
    """The written standard of a text, "nb" or "nn": the one whose marker words it uses more
    (bokmål where neither shows)."""
    words = re.findall(r"[a-zæøåò]+", text.casefold())
    counts = {code: sum(word in _markers(code) for word in words) for code in LANGUAGES}
    return "nn" if counts["nn"] > counts["nb"] else "nb"


@cache
def _profile(code: str) -> dict:
    return tomllib.loads(resources.read_text("data", "profiles", f"{code}.toml"))


@cache
def words(section: str, key: str) -> tuple[str, ...]:
    """The entries of a list in a section of the language profiles, of both written standards
    (Norwegian reports mix them), longest first."""
    found = {entry for code in LANGUAGES for entry in _profile(code).get(section, {}).get(key, ())}
    return tuple(sorted(found, key=lambda entry: (-len(entry), entry)))


@cache
def table(section: str, key: str) -> dict:
    """A table of a section of the language profiles, both written standards' entries merged (the
    lists of a key joined)."""
    merged: dict = {}
    for code in LANGUAGES:
        for name, value in _profile(code).get(section, {}).get(key, {}).items():
            merged[name] = [*merged.get(name, []), *value] if isinstance(value, list) else value
    return merged


def verbs(kind: str) -> tuple[str, ...]:
    """The verbs of a class of the profiles' [verbs] ("execute", "finite", "passive", "fund",
    "clause"), of both written standards, longest first."""
    return words("verbs", kind)
