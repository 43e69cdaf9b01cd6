"""Measures merged into another, as a report states it: "Tiltaket er slått sammen med tiltak 5" in
measure 8, or "tiltak 8 er slått sammen med dette tiltaket" in measure 5. The phrases are language
data (data/profiles/nb.toml and nn.toml, [merge]), each with an example sentence."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from graph.model import Extraction
from graph.profiles import words

NUMBER = r"\d{1,3}(?!\d)(?:\s?[a-e](?!\w))?"  # "5", "3a", "3 a"


@dataclass(frozen=True)
class Merge:
    """Measure `measure` went into measure `into`, as measure `stated_in` says in `sentence`."""

    measure: str
    into: str
    stated_in: str
    line: int
    sentence: str


def merge_pattern(pattern: str) -> re.Pattern:
    """A phrase of the profiles compiled: {MERGED} and {INTO} a measure by number ("tiltak 5", group
    `merged` or `into`) or the measure that makes the statement (one of the profiles' `this`)."""
    this = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in words("merge", "this"))

    def slot(name: str) -> str:
        return rf"(?<!\w)(?:tiltak\s+(?P<{name}>{NUMBER})|(?:{this})(?!\w))"

    return re.compile(pattern.replace("{MERGED}", slot("merged")).replace("{INTO}", slot("into")), re.I)


@cache
def _patterns() -> tuple[re.Pattern, ...]:
    return tuple(merge_pattern(pattern) for pattern in words("merge", "patterns"))


def _number(text: str | None) -> str | None:
    return "".join(text.split()).lower() if text else None


def merges_stated(measure: str, sentence: str) -> list[tuple[str, str]]:
    """The (merged, into) pairs a sentence of `measure` states, in the order of the phrases."""
    found = []
    for pattern in _patterns():
        for match in pattern.finditer(sentence):
            merged = _number(match["merged"]) or measure
            into = _number(match["into"]) or measure
            if merged != into:
                found.append((merged, into))
    return list(dict.fromkeys(found))


def merges(statements: Iterable[tuple[str, int, str]]) -> dict[str, Merge]:
    """The merges that (measure, line, sentence) statements of one report state, by the measure
    merged; where two statements disagree, the merged measure's own statement holds, else the
    first. The statements are the sentences of references to this plan's measures, so that
    "tiltak 5" is never a measure of another plan."""
    found: dict[str, Merge] = {}
    for measure, line, sentence in statements:
        for merged, into in merges_stated(measure, sentence):
            known = found.get(merged)
            if known is None or (measure == merged and known.stated_in != merged):
                found[merged] = Merge(merged, into, measure, line, sentence)
    return found


def report_merges(extraction: Extraction) -> dict[str, Merge]:
    """The merges an extracted report states, in the sentences of its references to its own measures."""
    statements = [(r.source, r.evidence.line, r.evidence.text) for r in extraction.references if not r.plan]
    return merges(dict.fromkeys(statements))
