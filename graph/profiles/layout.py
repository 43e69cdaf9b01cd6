"""The layout profile: the document conventions of data/profiles/layout.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from graph import resources


@dataclass(frozen=True)
class Rule:
    """A convention of the layout profile: an id, a compiled pattern and its examples."""

    id: str
    pattern: re.Pattern[str]
    examples: tuple[str, ...]
    standalone: bool = False  # a heading only after a blank line (or at the top)
    title_below: bool = False  # the heading gives the number only; the title is the next line


@dataclass(frozen=True)
class Field:
    """A field of a measure ("Ansvarlig:"), with every label it is written with."""

    name: str
    labels: tuple[str, ...]
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    """The document conventions of data/profiles/layout.toml."""

    chapters: tuple[Rule, ...]
    measures: tuple[Rule, ...]
    sub_measures: tuple[Rule, ...]
    fields: tuple[Field, ...]
    statuses: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # (value, words, examples)
    continuing: tuple[str, ...]
    period_from: tuple[str, ...]
    final_words: tuple[str, ...]
    status_words: tuple[str, ...]
    plan_words: tuple[str, ...]
    abbreviation: re.Pattern[str]
    shortest_abbreviation_list: int
    partner_cues: re.Pattern[str]  # where a responsible field goes on to name partners
    status_group: re.Pattern[str]  # a chapter title that is a status
    heading_status: re.Pattern[str]  # a status at the end of a measure heading
    closing: re.Pattern[str]  # the heading of a section after the measures (summary, appendix)

    def field(self, name: str) -> Field:
        return next(field for field in self.fields if field.name == name)


@cache
def layout() -> Layout:
    """The document conventions, compiled once."""
    data = tomllib.loads(resources.read_text("data", "profiles", "layout.toml"))

    def rules(key: str, suffix: str = "") -> tuple[Rule, ...]:
        return tuple(
            Rule(
                e["id"],
                re.compile(e["pattern"] + suffix),
                tuple(e["examples"]),
                e.get("standalone", False),
                e.get("title_below", False),
            )
            for e in data[key]
        )

    return Layout(
        chapters=rules("chapter"),
        measures=rules("measure", data["heading"]["responsible"]),
        sub_measures=rules("sub_measure"),
        fields=tuple(Field(e["name"], tuple(e["labels"]), tuple(e["examples"])) for e in data["field"]),
        statuses=tuple((e["value"], tuple(e["words"]), tuple(e["examples"])) for e in data["status"]),
        continuing=tuple(data["period"]["continuing"]),
        period_from=tuple(data["period"]["from"]),
        final_words=tuple(data["report"]["final"]),
        status_words=tuple(data["report"]["status"]),
        plan_words=tuple(data["report"]["plans"]),
        abbreviation=re.compile(data["abbreviations"]["pattern"]),
        shortest_abbreviation_list=int(data["abbreviations"]["shortest_list"]),
        status_group=re.compile(data["status_group"]["pattern"]),
        heading_status=re.compile(data["heading"]["status"]),
        closing=re.compile(
            r"^(?:(?:kapittel|kap\.|del)\s+)?(?:\d{1,2}\.?\s+|[IVX]{1,5}\.?\s+)?(?:"
            + "|".join(re.escape(word) for word in sorted(data["closing"]["sections"], key=len)[::-1])
            + r")\b[^.!?]{0,60}$",
            re.IGNORECASE,
        ),
        partner_cues=re.compile(
            r"[,;]?\s+(?:"
            + "|".join(
                re.escape(cue) for cue in sorted(set(data["responsible"]["partner_cues"]), key=len)[::-1]
            )
            + r")\s+",
            re.IGNORECASE,
        ),
    )
