"""Amounts of money, normalised to whole kroner, with year, funder and recipient where the sentence
names them."""

from __future__ import annotations

import re
from decimal import Decimal

from graph.extract.actors import MARKS, MENTION, Passage
from graph.extract.roles import sentence_roles
from graph.model import Amount, Evidence, Measure
from graph.read.clean import MONTHS

AMOUNT = re.compile(
    r"(?<![\w,.])(?:(?P<prefix>kr\.?|NOK)\s*)?"
    r"(?:(?P<thousands>\d{1,3}(?:[ \u00a0.]\d{3})+)|(?P<decimal>\d+(?:[,.]\d+)?))(?![\d])\s*"
    r"(?P<unit>milliarder|milliard|mrd\.|millioner|million|mill\.)?\s*(?P<currency>kroner|kr\.|NOK)?(?!\w)"
)
SCALE = {"milliarder": 10**9, "milliard": 10**9, "mrd.": 10**9, "millioner": 10**6, "million": 10**6}
SCALE["mill."] = 10**6
# "2,5 millioner" without "kroner" is money only where the sentence speaks of money.
MONEY_WORDS = re.compile(r"kroner|midler|bevilg|tilskudd|budsjett|avsatt|tildelt|styrket\s+med", re.I)
NOT_NOUN = re.compile(r"^\s*(?:$|[.,;:)]|fra\b|i\b|til\b|årlig|over\b|per\b|og\b|ble\b|er\b)")
YEAR = re.compile(
    rf"\b(?:i|fra|for|til|innen)\s+(?:(?:{'|'.join(MONTHS)})\s+)?(?P<year>(?:19|20)\d{{2}})(?P<span>\s*[/-]\s*\d{{2,4}})?\b",
    re.IGNORECASE,
)
RECURRING = re.compile(r"^\s*(?:årlig|per\s+år|hvert\s+år|over\s+\S+\s+år)")
RECIPIENT_AFTER = re.compile(
    rf"^\s*(?:\S+\s+){{0,3}}?(?:tildeles|tildelt|til|gis)\s+(?:stiftelsen\s+)?([{MARKS}])"
)
RECIPIENT_BEFORE = re.compile(
    rf"([{MARKS}])\u2063*\s+(?:ble|er|blir)\s+(?:\S+\s+){{0,4}}?(?:tildelt|styrket\s+med|bevilget)[^{MARKS}]*$"
    rf"|tilskudd\w*\s+til\s+(?:stiftelsen\s+)?([{MARKS}])[^{MARKS}]*$"
    rf"|([{MARKS}])\u2063*\s+(?:mottar|mottok|fikk|får)\s+[^{MARKS}]*$",
    re.IGNORECASE,
)
FUNDER_AFTER = re.compile(rf"^\s*(?:\S+\s+){{0,2}}?fra\s+({MENTION})")


def amounts(measure: Measure, passages: list[Passage]) -> list[Amount]:
    found: list[Amount] = []
    for passage in passages:
        placeholder = passage.placeholder
        for match in AMOUNT.finditer(placeholder):
            if not _is_money(match, placeholder):
                continue
            found.append(
                Amount(
                    measure=measure.id,
                    nok=_kroner(match),
                    text=" ".join(match.group(0).split()),
                    year=_year(placeholder, match),
                    funder=_funder(passage, placeholder, match),
                    recipient=_recipient(passage, placeholder, match),
                    evidence=Evidence(passage.sentence.line_at(match.start()), passage.sentence.text),
                )
            )
    return found


def _is_money(match: re.Match[str], text: str) -> bool:
    if match["currency"] or match["prefix"]:
        return True
    return (
        bool(match["unit"]) and bool(NOT_NOUN.match(text[match.end() :])) and bool(MONEY_WORDS.search(text))
    )


def _kroner(match: re.Match[str]) -> int:
    """Whole kroner: "11 790 000" and "1.150.000" group thousands, "1,3" and "1.5" have decimals."""
    if match["thousands"]:
        number = Decimal(re.sub(r"[ \u00a0.]", "", match["thousands"]))
    else:
        number = Decimal(match["decimal"].replace(",", "."))
    return int(number * SCALE.get(match["unit"] or "", 1))


def _year(text: str, match: re.Match[str]) -> int | None:
    """The year the sentence ties to the amount: the nearest one after it, else before it; none for
    a recurring amount or a span of years."""
    if RECURRING.match(text[match.end() :]):
        return None
    after = [y for y in YEAR.finditer(text, match.end()) if not _amount_between(text, match.end(), y.start())]
    before = list(YEAR.finditer(text[: match.start()]))
    year = after[0] if after else (before[-1] if before else None)
    if year is None or year["span"]:
        return None
    return int(year["year"])


def _amount_between(text: str, start: int, end: int) -> bool:
    return any(_is_money(m, text) for m in AMOUNT.finditer(text[start:end]))


def _recipient(passage: Passage, text: str, match: re.Match[str]) -> str | None:
    after = RECIPIENT_AFTER.match(text[match.end() :])
    if after:
        return passage.mention_of(after.group(1)).actor
    before = RECIPIENT_BEFORE.search(text[: match.start()])
    if before:
        return passage.mention_of(next(g for g in before.groups() if g)).actor
    return None


def _funder(passage: Passage, text: str, match: re.Match[str]) -> str | None:
    after = FUNDER_AFTER.match(text[match.end() :])
    if after:
        return passage.mention_of(after.group(1)[0]).actor
    roles = sentence_roles(passage)
    funders = [passage.mentions[i] for i, found in roles.items() if "funds" in found]
    funders = [m for m in funders if m.start < match.start()] or funders
    return funders[-1].actor if funders else None
