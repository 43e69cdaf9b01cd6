"""A measure's status where its report gives no status field: stated in prose ("Tiltaket er
gjennomført", "Arbeidet pågår", "Arbeidet med veilederen er ikke startet" — a sentence or clause
whose subject is the measure itself, followed by a predicate of the language profiles ([status]
in data/profiles/nb.toml, nn.toml)), or given by the chapter it stands in where a report groups
its measures by status ("2 Tiltak som videreføres"). Anything less explicit leaves it unknown."""

from __future__ import annotations

import re
from functools import cache

from graph.model import Measure, Report, Status
from graph.parse.fields import status_value
from graph.profiles import layout, table, words
from graph.text import sentences


@cache
def _predicates() -> list[tuple[str, re.Pattern[str]]]:
    """(status, pattern of its predicates), an adverb allowed after the verb ("er nå gjennomført")."""
    adverbs = "|".join(re.escape(word) for word in words("status", "adverbs"))
    found = []
    for value, phrases in table("status", "predicates").items():
        alternatives = []
        for phrase in sorted(phrases, key=len, reverse=True):
            first, *rest = phrase.split()
            tail = r"\s+".join(re.escape(word) for word in rest)
            alternatives.append(rf"{re.escape(first)}(?:\s+(?:{adverbs}))?" + (rf"\s+{tail}" if tail else ""))
        found.append((value, re.compile(rf"(?:{'|'.join(alternatives)})(?![\wæøå])", re.IGNORECASE)))
    return found


def _subject(measure: Measure) -> re.Pattern[str]:
    """The measure itself as a subject: a word of the profiles, "…arbeidet", the definite form of
    the head of its title, or "Arbeidet med …" (up to four words), at a clause's start."""
    nouns = [re.escape(word) for word in words("status", "subjects")]
    head = re.match(r"[A-ZÆØÅa-zæøå]{4,}", measure.title)
    if head:
        nouns.append(re.escape(head.group(0).lower()) + r"[a-zæøå]{1,4}")
    noun = rf"(?:{'|'.join(nouns)}|[a-zæøå]+arbeidet)"
    return re.compile(
        rf"(?:^|,\s+og\s+|\bog\s+|;\s+)(?P<subject>{noun}(?:\s+med\s+(?:\S+\s+){{0,3}}?\S+)?)\s+",
        re.IGNORECASE,
    )


def prose_status(measure: Measure) -> Status | None:
    """The last explicit statement of the measure's status in its status text (or, in a measure
    without fields, its text), if any; one whose subject is the measure itself ("Tiltaket …")
    outranks one about some work of it ("arbeidet …")."""
    found, found_itself = None, False
    itself = set(words("status", "itself"))
    subject = _subject(measure)
    for sentence in sentences(measure.status_lines or measure.description_lines):
        for opening in subject.finditer(sentence.text):
            rest = sentence.text[opening.end() :]
            for value, predicate in _predicates():
                if match := predicate.match(rest):
                    label = sentence.text[opening.start("subject") : opening.end() + match.end()]
                    line = sentence.line_at(opening.start("subject"))
                    is_itself = opening["subject"].lower() in itself
                    if is_itself or not found_itself:
                        found = Status(value, label, line, f"status.prose.{value}", None, sentence.text)
                        found_itself = found_itself or is_itself
    return found


def group_status(measure: Measure, report: Report) -> Status | None:
    """The status a chapter of measures grouped by status gives ("Gjennomførte tiltak", "Tiltak som
    ikke er gjennomført"): its title, the words around the status aside, is a status word."""
    chapter = next((c for c in report.chapters if c.number == measure.chapter), None)
    if chapter is None:
        return None
    group = layout().status_group.match(chapter.title)
    found = status_value(group["status"]) if group else None
    if found is None or len(group["status"]) > len(found[1]) + 1:
        return None
    return Status(found[0], chapter.title, chapter.line, "chapter.status-group", None, chapter.title)
