"""Curated gazetteers (organisations, other documents) and the matcher that finds their names in text."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from graph import resources
from graph.model import Document, Organisation
from graph.vocabulary import DOCUMENT_KIND, ORG_KIND


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    id: str
    surface: str


@dataclass
class Lexicon:
    """Finds the surface forms of named things in text.

    Forms match as whole words, longest first. A form may be followed by a genitive ending
    (s, ’, ') and a one-word form by a hyphen compound ("NAV-kontorene"); the match covers the form
    only. Forms that
    start with a lower-case letter also match capitalised.
    """

    forms: dict[str, str]  # surface form -> id
    _pattern: re.Pattern[str] | None = field(default=None, init=False, repr=False)

    def find(self, text: str) -> list[Match]:
        if not self.forms:
            return []
        if self._pattern is None:
            ordered = sorted(self.forms, key=lambda form: (-len(form), form))
            alternatives = "|".join(_form_pattern(form) for form in ordered)
            self._pattern = re.compile(rf"(?<![\w\-.@])(?:{alternatives})(?=(?:s|’s|'s|’|')?(?!\w))")
        found = []
        for match in self._pattern.finditer(text):
            surface = match.group(0)
            if " " in surface and text[match.end() : match.end() + 1] == "-":
                continue  # "Vern for eldre-kontor": a kind of office, not the body
            key = self._key(surface)
            if key is not None:
                found.append(Match(match.start(), match.end(), self.forms[key], surface))
        return found

    def _key(self, surface: str) -> str | None:
        normal = " ".join(surface.split())
        if normal in self.forms:
            return normal
        lowered = normal[:1].lower() + normal[1:]
        return lowered if lowered in self.forms else None


def _form_pattern(form: str) -> str:
    words = [re.escape(word) for word in form.split()]
    pattern = r"\s+".join(words)
    first = form[0]
    if first.islower():
        pattern = f"[{first}{first.upper()}]" + pattern[len(re.escape(first)) :]
    return pattern


def load_organisations(path: Path | None = None) -> dict[str, Organisation]:
    """The organisations of a gazetteer file (default: the shipped data/gazetteer/organisations.toml)."""
    entries = _load(path, "organisations.toml", "org")
    organisations = {}
    for entry in entries:
        organisation = Organisation(
            id=entry["id"],
            name=entry["name"],
            abbreviation=entry.get("abbreviation", ""),
            name_en=entry.get("name_en", ""),
            kind=entry["kind"],
            parent=entry.get("parent", ""),
            aliases=tuple(entry.get("aliases", ())),
        )
        if organisation.kind not in ORG_KIND:
            raise ValueError(
                f"{path or 'organisations.toml'}: {organisation.id}: unknown kind {organisation.kind!r}"
            )
        organisations[organisation.id] = organisation
    return organisations


@dataclass(frozen=True)
class IdHistory:
    """What became of ids the gazetteer once published (docs/iri-policy.md)."""

    former: dict[str, str]  # former id -> current id of the same body (its `former_ids`)
    replaced_by: dict[str, str]  # id of a body that was merged or split -> its successor (`replaced_by`)


@functools.cache
def id_history(path: Path | None = None) -> IdHistory:
    """The former ids and successors of the organisations of a gazetteer: an entry's `former_ids`
    are ids it was published under before (a provisional id from the text, before the body was
    curated with another), its `replaced_by` the body that took over its work (a merger)."""
    where = path or "organisations.toml"
    entries = _load(path, "organisations.toml", "org")
    current = {entry["id"] for entry in entries}
    former: dict[str, str] = {}
    replaced_by: dict[str, str] = {}
    for entry in entries:
        for old in entry.get("former_ids", ()):
            if old in current or old in former:
                taken = "a current id" if old in current else f"a former id of {former[old]}"
                raise ValueError(f"{where}: {entry['id']}: former id {old!r} is {taken}")
            former[old] = entry["id"]
        if "replaced_by" in entry:
            if entry["replaced_by"] not in current or entry["replaced_by"] == entry["id"]:
                raise ValueError(
                    f"{where}: {entry['id']}: replaced_by {entry['replaced_by']!r} is not another entry"
                )
            replaced_by[entry["id"]] = entry["replaced_by"]
    return IdHistory(former, replaced_by)


def load_documents(path: Path | None = None) -> dict[str, Document]:
    """The documents of a gazetteer file (default: the shipped data/gazetteer/documents.toml)."""
    documents = {
        entry["id"]: Document(
            id=entry["id"],
            name=entry["name"],
            kind=entry["kind"],
            name_en=entry.get("name_en", ""),
            title=entry.get("title", ""),
            aliases=tuple(entry.get("aliases", ())),
        )
        for entry in _load(path, "documents.toml", "document")
    }
    for document in documents.values():
        if document.kind not in DOCUMENT_KIND:
            raise ValueError(f"{path or 'documents.toml'}: {document.id}: unknown kind {document.kind!r}")
    return documents


def lexicon(entries) -> Lexicon:
    """A lexicon of every surface form of the given organisations or documents."""
    return Lexicon({form: entry.id for entry in entries for form in entry.forms})


def _load(path: Path | None, shipped: str, table: str) -> list[dict]:
    data = Path(path).read_bytes() if path else resources.read_bytes("data", "gazetteer", shipped)
    return tomllib.loads(data.decode("utf-8"))[table]
