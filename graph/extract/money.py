"""Amounts of money, normalised to whole kroner, with year, recipient and funder.

The words are those of the language profiles ([money] in data/profiles/nb.toml, nn.toml): "12,5
millioner kroner", "7 mill. kroner", "kr 800 000", "NOK 2 mill.", "5 millionar kroner", "3,2 mill.
kr". Every amount has a funder or says why not (`funder_basis`): stated in its sentence, inherited
(from a funder named earlier in its paragraph, or the measure's "Regjeringen ved X", "over Xs
budsjett", "tilskuddsordningen forvaltes av X"), or unknown.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from graph.extract.actors import Passage
from graph.extract.roles import sentence_roles
from graph.model import Amount, Evidence, Measure
from graph.profiles import table, words
from graph.read.clean import MONTHS
from graph.text import MARKS, MENTION

YEAR = re.compile(
    rf"\b(?:i|fra|frå|for|til|innen|innan)\s+(?:(?:{'|'.join(MONTHS)})\s+)?(?P<year>(?:19|20)\d{{2}})(?P<span>\s*[/-]\s*\d{{2,4}})?\b",
    re.IGNORECASE,
)
NOT_NOUN = re.compile(
    r"^\s*(?:$|[.,;:)]|fra\b|frå\b|i\b|til\b|årlig|årleg|over\b|per\b|og\b|ble\b|er\b|vart\b)"
)
RECIPIENT_AFTER = re.compile(
    rf"^\s*(?:\S+\s+){{0,3}}?(?:tildeles|tildelt|til|gis|givast)\s+(?:stiftelsen\s+|stiftinga\s+)?([{MARKS}])"
)
RECIPIENT_BEFORE = re.compile(
    rf"([{MARKS}])\u2063*\s+(?:ble|er|blir|vart|blei)\s+(?:\S+\s+){{0,4}}?(?:tildelt|styrket\s+med|styrkt\s+med|bevilget|løyvd|tilført)[^{MARKS}]*$"
    rf"|tilskudd\w*\s+til\s+(?:stiftelsen\s+)?([{MARKS}])[^{MARKS}]*$"
    rf"|tilskot\w*\s+til\s+([{MARKS}])[^{MARKS}]*$"
    rf"|([{MARKS}])\u2063*\s+(?:mottar|mottok|fikk|får|fekk|har\s+fått|har\s+fått)\s+[^{MARKS}]*$",
    re.IGNORECASE,
)
FUNDER_AFTER = re.compile(rf"^\s*(?:\S+\s+){{0,2}}?(?:fra|frå)\s+({MENTION})")


@cache
def amount_pattern() -> re.Pattern[str]:
    """An amount: an optional "kr"/"NOK", a number (thousands grouped, or decimals), an optional
    unit (millioner, mill., millionar …) and an optional currency word."""
    units = "|".join(re.escape(unit) for unit in sorted(table("money", "units"), key=len, reverse=True))
    currencies = "|".join(re.escape(word) for word in words("money", "currency") if word[0].isalpha())
    return re.compile(
        rf"(?<![\w,.])(?:(?P<prefix>kr\.?|NOK)\s*)?"
        rf"(?:(?P<thousands>\d{{1,3}}(?:[ .]\d{{3}})+)|(?P<decimal>\d+(?:[,.]\d+)?))(?![\d])\s*"
        rf"(?P<unit>(?:{units})(?![\w]))?\s*(?P<currency>(?:{currencies})(?![\w])|,-)?",
        re.IGNORECASE,
    )


@cache
def _context() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word in words("money", "context")), re.IGNORECASE)


@cache
def _recurring() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{'|'.join(words('money', 'recurring'))})", re.IGNORECASE)


@cache
def _inherited() -> list[re.Pattern[str]]:
    """The cues by which a measure names the funder of its money (profiles' inherited_funder)."""
    return [
        re.compile(pattern.replace("{M}", f"({MENTION})"), re.IGNORECASE)
        for pattern in words("money", "inherited_funder")
    ]


def amounts(measure: Measure, passages: list[Passage]) -> list[Amount]:
    found: list[Amount] = []
    measure_funder: str | None = None  # from a cue such as "Regjeringen ved X"
    paragraph, paragraph_funder = None, None  # the last funder named in the current paragraph
    for passage in passages:
        if passage.sentence.paragraph != paragraph:
            paragraph, paragraph_funder = passage.sentence.paragraph, None
        placeholder = passage.placeholder
        cue = _cue(passage)
        measure_funder = measure_funder or cue
        for match in amount_pattern().finditer(placeholder):
            if not _is_money(match, placeholder):
                continue
            funder = _funder(passage, placeholder, match)
            basis = "stated" if funder else "unknown"
            if funder is None and (paragraph_funder or cue or measure_funder):
                funder, basis = paragraph_funder or cue or measure_funder, "inherited"
            found.append(
                Amount(
                    measure=measure.id,
                    nok=_kroner(match),
                    text=" ".join(match.group(0).split()),
                    year=_year(placeholder, match),
                    funder=funder,
                    recipient=_recipient(passage, placeholder, match),
                    evidence=Evidence(
                        passage.sentence.line_at(match.start()), passage.sentence.text, "money"
                    ),
                    funder_basis=basis,
                )
            )
            if basis == "stated":
                paragraph_funder = funder
        funders = [
            passage.mentions[i].actor for i, roles in sentence_roles(passage).items() if "funds" in roles
        ]
        paragraph_funder = (funders[-1] if funders else None) or cue or paragraph_funder
    return found


def _cue(passage: Passage) -> str | None:
    """The funder a sentence names for the measure's money, if any."""
    for pattern in _inherited():
        if match := pattern.search(passage.placeholder):
            return passage.mention_of(match.group(1)[0]).actor
    return None


def _is_money(match: re.Match[str], text: str) -> bool:
    if match["currency"] or match["prefix"]:
        return True
    return bool(match["unit"]) and bool(NOT_NOUN.match(text[match.end() :])) and bool(_context().search(text))


def _kroner(match: re.Match[str]) -> int:
    """Whole kroner: "11 790 000" and "1.150.000" group thousands, "1,3" and "1.5" have decimals."""
    if match["thousands"]:
        number = Decimal(re.sub(r"[ .]", "", match["thousands"]))
    else:
        number = Decimal(match["decimal"].replace(",", "."))
    units = {unit.casefold(): scale for unit, scale in table("money", "units").items()}
    return int(number * units.get((match["unit"] or "").casefold(), 1))


def _year(text: str, match: re.Match[str]) -> int | None:
    """The year the sentence ties to the amount: the nearest one after it, else before it; none for
    a recurring amount or a span of years."""
    if _recurring().match(text[match.end() :]):
        return None
    after = [y for y in YEAR.finditer(text, match.end()) if not _amount_between(text, match.end(), y.start())]
    before = list(YEAR.finditer(text[: match.start()]))
    year = after[0] if after else (before[-1] if before else None)
    if year is None or year["span"]:
        return None
    return int(year["year"])


def _amount_between(text: str, start: int, end: int) -> bool:
    return any(_is_money(m, text) for m in amount_pattern().finditer(text[start:end]))


def _recipient(passage: Passage, text: str, match: re.Match[str]) -> str | None:
    after = RECIPIENT_AFTER.match(text[match.end() :])
    if after:
        return passage.mention_of(after.group(1)).actor
    before = RECIPIENT_BEFORE.search(text[: match.start()])
    if before:
        return passage.mention_of(next(g for g in before.groups() if g)).actor
    return None


def _funder(passage: Passage, text: str, match: re.Match[str]) -> str | None:
    """The funder the amount's own sentence names: "… kroner fra X", or an organisation that funds."""
    after = FUNDER_AFTER.match(text[match.end() :])
    if after:
        return passage.mention_of(after.group(1)[0]).actor
    roles = sentence_roles(passage)
    funders = [passage.mentions[i] for i, found in roles.items() if "funds" in found]
    funders = [m for m in funders if m.start < match.start()] or funders
    return funders[-1].actor if funders else None
