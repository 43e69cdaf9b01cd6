"""The role templates of data/profiles/roles.toml, expanded and compiled once.

In a template, {role} becomes a named group matching a list of organisation marks ("X, Y og Z"),
{words:N} up to N words that are no mark and open no clause, {M} the marks, {along} an inserted
"i samarbeid med X" or "på oppdrag fra X", {not_after_preposition} a check that a subject is no
preposition's object, and {EXECUTE}, {FINITE}, {PASSIVE}, {FUND} the verbs of the language
profiles. The marks are those of graph.text (one private-use character per mention).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from graph import resources
from graph.profiles.language import LANGUAGES, verbs
from graph.text import MARKS, MENTION
from graph.vocabulary import ROLE_KEYS

PREPOSITIONS = "fra frå av til med hos for ved i mot på om under".split()


@dataclass(frozen=True)
class RoleRule:
    id: str
    pattern: re.Pattern[str]
    examples: tuple[dict, ...]  # {"text": sentence, "expect": [[organisation, role], ...]}


@dataclass(frozen=True)
class Cues:
    """Words that give roles beside the templates."""

    collaboration: re.Pattern[str]
    collaboration_reach: int
    event: re.Pattern[str]
    presenting: re.Pattern[str]
    presented_by: re.Pattern[str]
    gapped_topic: re.Pattern[str]
    introducers: re.Pattern[str]
    clause_break: re.Pattern[str]
    overrides: tuple[tuple[str, str], ...]


def _data() -> dict:
    return tomllib.loads(resources.read_text("data", "profiles", "roles.toml"))


def _alternatives(kind: str) -> str:
    """A verb class as one regex alternation: words escaped, multi-word entries across any spaces."""
    plain = [r"\s+".join(re.escape(word) for word in verb.split()) for verb in verbs(kind)]
    special = [
        fragment
        for code in LANGUAGES
        for fragment in tomllib.loads(resources.read_text("data", "profiles", f"{code}.toml"))["verbs"].get(
            f"{kind}_special", ()
        )
    ]
    return "(?:" + "|".join([*special, *plain]) + ")"


@cache
def _fragments() -> dict[str, str]:
    clause = "|".join(verbs("clause"))
    separator = (
        rf"(?:\s*\([^(){MARKS}]*\))?(?:\s*,\s*|\s+og\s+|\s+samt\s+|\s+eller\s+|\s*/\s*)"
        r"(?:(?:de|dei|det|den|ei|eit)\s+(?:[a-zæøå]+\s+)?|stiftelsen\s+|stiftinga\s+)?"
    )
    mention_list = rf"{MENTION}(?:{separator}{MENTION})*"
    return {
        "LIST": mention_list,
        "words": rf"(?:(?!(?:{clause})\s)[^\s{MARKS}]+\s+){{0,{{count}}}}?",
        "along": (
            rf"(?:,?\s*(?:i\s+samarbeid\s+med|i\s+dialog\s+med|sammen\s+med|saman\s+med|"
            rf"(?:på|etter)\s+oppdrag\s+(?:fra|frå|av))\s+{mention_list}\s*,?)?"
        ),
        "not_after_preposition": "".join(rf"(?<!\b{word}\s)" for word in PREPOSITIONS),
        "EXECUTE": _alternatives("execute"),
        "FINITE": _alternatives("finite"),
        "PASSIVE": _alternatives("passive"),
        "FUND": _alternatives("fund"),
    }


def expand(template: str) -> str:
    """A template as a regular expression (see the module's docstring)."""
    fragments = _fragments()
    counter = iter(range(1000))

    def replace(match: re.Match[str]) -> str:
        name, count = match.group(1), match.group(2)
        if name in ROLE_KEYS:
            return f"(?P<{name}_{next(counter)}>{fragments['LIST']})"
        if name == "M":
            return MARKS
        if name == "words":
            return fragments["words"].replace("{count}", count)
        return fragments[name]

    names = "|".join(
        ["M", "words", "along", "not_after_preposition", "EXECUTE", "FINITE", "PASSIVE", "FUND", *ROLE_KEYS]
    )
    return re.sub(r"\{(" + names + r")(?::(\d+))?\}", replace, template)


@cache
def role_rules() -> tuple[RoleRule, ...]:
    """Every role template, compiled."""
    return tuple(
        RoleRule(entry["id"], re.compile(expand(entry["pattern"]), re.IGNORECASE), tuple(entry["examples"]))
        for entry in _data()["role"]
    )


@cache
def cues() -> Cues:
    data = _data()["cues"]

    def compiled(key: str) -> re.Pattern[str]:
        return re.compile(data[key], re.IGNORECASE)

    return Cues(
        collaboration=compiled("collaboration"),
        collaboration_reach=int(data["collaboration_reach"]),
        event=compiled("event"),
        presenting=compiled("presenting"),
        presented_by=compiled("presented_by"),
        gapped_topic=compiled("gapped_topic"),
        introducers=compiled("introducers"),
        clause_break=compiled("clause_break"),
        overrides=tuple((stronger, weaker) for stronger, weaker in data["overrides"]),
    )
