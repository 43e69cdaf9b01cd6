"""Organisations the gazetteer lacks, found in the text by the shape of their names (the words are
those of the language profiles, [organisations] in data/profiles/nb.toml, nn.toml):

* names the report defines: "Name (ABBR)", or a list of abbreviations ("PST – Politiets
  sikkerhetstjeneste") — where the name holds an organisation's head word;
* capitalised names ending in an organisation's noun: "Utdanningsdirektoratet", "Fagforbundet",
  "Integrerings- og mangfoldsdirektoratet", ministries named in full ("Nærings- og
  fiskeridepartementet", their codes from the initials);
* a capitalised place before a body's noun ("Bergen kommune", "Sør-Vest politidistrikt"), a body's
  noun before "i"/"på" and a place ("Fylkesmannen i Hordaland"), "Statens sivilrettsforvaltning";
* ministry codes of responsible fields that no body answers to.

Never generic or definite forms ("kommunen", "direktoratet", "krisesenteret"), nor a word the
report also writes in lower case. They become provisional organisations of kind "unknown".
"""

from __future__ import annotations

import re
from functools import cache

from graph.extract.actors import mask_urls
from graph.gazetteer import Lexicon, lexicon
from graph.model import Organisation, Report
from graph.profiles import LANGUAGES, language, words
from graph.text import FUNCTION_WORDS, sentences, slug

DEFINITION = re.compile(r"\((?P<abbr>[A-ZÆØÅ][A-Za-zÆØÅæøå]{1,9})\)")
CAPITALISED = r"[A-ZÆØÅ][\wæøåÆØÅ]*(?:-[A-ZÆØÅ][\wæøå]*)?"
NOT_NAMES = frozenset(
    "Denne Dette Disse Desse Hver Hvert Kvar Kvart Den Det De Dei En Ei Et Ein Eit Alle Flere Fleire "
    "Noen Nokre Ingen Samme Same Hele Heile Vår Vårt Sin Sitt Egen Eiga Eige Annen Anna Ny Nye Nytt "
    "Hver Hvilken Kva Enhver Mange Begge Både I På Til For Av Fra Frå Med Om Etter Under Ved Som".split()
)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    def alternation(key: str) -> str:
        return "|".join(re.escape(word) for word in words("organisations", key))

    coordinated = r"[A-ZÆØÅ][a-zæøå]+-,?\s+(?:[a-zæøå]+-,?\s+)*og\s+[a-zæøå]+"
    return {
        "ministry": re.compile(
            rf"(?<![\w-])(?P<name>(?:{coordinated}|[A-ZÆØÅ][a-zæøå]+)departementet)(?!\w)"
        ),
        "suffix": re.compile(
            rf"(?<![\w-])(?P<name>(?:{coordinated}|[A-ZÆØÅ][a-zæøå]+)(?:{alternation('suffixes')}))(?![\wæøå])"
        ),
        "after_name": re.compile(
            rf"(?<![\w-])(?P<name>{CAPITALISED}(?:\s+{CAPITALISED}){{0,2}}\s+(?:{alternation('after_name')}))(?![\wæøå])"
        ),
        "before_place": re.compile(
            rf"(?<![\w-])(?P<name>(?:{alternation('before_place')})\s+(?:i|på)\s+{CAPITALISED})(?![\wæøå])"
        ),
        "named": re.compile(  # "Stiftelsen Dam", "Foreningen Vern"
            rf"(?<![\w-])(?P<name>(?:{alternation('named')})\s+[A-ZÆØÅ][\wæøå-]+(?:\s+[A-ZÆØÅ][\wæøå-]+)?)(?![\wæøå])"
        ),
        "opening": re.compile(
            rf"(?<![\w-])(?P<name>(?:{alternation('opening')})\s+[a-zæøå]*(?:forvaltning|vesen|tilsyn|barnehus|"
            r"kartverk|kasse|institutt|senter|direktorat|verk|etat|tjeneste|nemnd))(?![\wæøå])"
        ),
    }


@cache
def _heads() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word in words("organisations", "heads")), re.IGNORECASE)


@cache
def _generic() -> frozenset[str]:
    """Words that are never one organisation's name: generic nouns, back-references, the bare nouns."""
    forms = {form for code in LANGUAGES for entry in language(code).generic for form in entry.forms}
    forms |= {word for word in words("organisations", "suffixes")}
    for code in LANGUAGES:
        forms |= set(language(code).anaphors)
    return frozenset(form.casefold() for form in forms)


def discover(report: Report, known: dict[str, Organisation]) -> dict[str, Organisation]:
    """Organisations the gazetteer lacks (see the module's docstring), by id."""
    known_forms = lexicon(known.values())
    shortened = _shortened(known)
    found: dict[str, Organisation] = {}
    lower = _lower_case_words(report)

    def add(name: str, abbreviation: str = "") -> None:
        name = " ".join(name.split()).rstrip(",")
        if _is_known(known_forms, name, abbreviation) or name.casefold() in _generic():
            return
        if any(o.name == name or (abbreviation and o.abbreviation == abbreviation) for o in found.values()):
            return
        identifier = _free_id([abbreviation, name] if abbreviation else [name], known, found)
        found[identifier] = Organisation(identifier, name, abbreviation, known=False)

    for abbreviation, name, _ in report.abbreviations:
        if _heads().search(name):
            add(name, abbreviation)
    for measure in report.measures:
        for sentence in sentences(measure.text_lines):
            text = mask_urls(sentence.text)
            for match in DEFINITION.finditer(text):
                name = _name_before(text, match.start(), match["abbr"])
                if name and _heads().search(name):
                    add(name, match["abbr"])
            for pattern in _patterns().values():
                for match in pattern.finditer(text):
                    name = match["name"]
                    if name.split()[0] in NOT_NAMES or name in shortened:
                        continue  # "Denne kommune"; "Konfliktrådet" for Konfliktrådet i Sør-Trøndelag
                    if " " not in name and "-" not in name and name.casefold() in lower:
                        continue  # a common noun
                    if _apposed(text, match.end(), known_forms):
                        continue  # "Velferdsforskningsinstituttet NOVA": the name of a known body
                    add(name)
    _responsible_codes(report, known_forms, known, found)
    return found


def _shortened(known: dict[str, Organisation]) -> set[str]:
    """The first words of known names of several words ("Konfliktrådet" of "Konfliktrådet i
    Sør-Trøndelag"): a report's short form of that body, not another one."""
    return {form.split()[0] for o in known.values() for form in o.forms if " " in form}


def _apposed(text: str, end: int, known_forms: Lexicon) -> bool:
    """Whether a known body's name follows at once: "Velferdsforskningsinstituttet NOVA"."""
    rest = text[end:]
    gap = len(rest) - len(rest.lstrip(" "))
    found = known_forms.find(rest)
    return bool(found) and found[0].start == gap and gap <= 1


def _lower_case_words(report: Report) -> set[str]:
    """Words the report writes in lower case somewhere: those are common nouns, not names."""
    found: set[str] = set()
    for measure in report.measures:
        for line in measure.text_lines:
            found.update(word for word in re.findall(r"\b[a-zæøå][\wæøå]*", line.text))
    return found


def _responsible_codes(
    report: Report, known_forms: Lexicon, known: dict[str, Organisation], found: dict[str, Organisation]
) -> None:
    """Ministry codes of responsible fields that no organisation answers to: the ministry named in
    full whose initials they are, else a body of that code alone."""
    for measure in report.measures:
        for code in measure.responsible:
            if not re.fullmatch(r"[A-ZÆØÅ]{2,6}", code):
                continue
            if _is_known(known_forms, "", code) or any(o.abbreviation == code for o in found.values()):
                continue
            ministry = next(
                (
                    o
                    for o in found.values()
                    if not o.abbreviation and o.name.endswith("departementet") and _initials(o.name) == code
                ),
                None,
            )
            if ministry:
                found[ministry.id] = Organisation(ministry.id, ministry.name, code, known=False)
            else:
                identifier = _free_id([code], known, found)
                found[identifier] = Organisation(identifier, code, code, known=False)


def _free_id(names: list[str], *taken: dict) -> str:
    """An id for a new organisation: the slug of the first name no organisation has yet."""
    candidates = [slug(name) for name in names]
    for candidate in candidates:
        if not any(candidate in ids for ids in taken):
            return candidate
    number = 2
    while any(f"{candidates[0]}-{number}" in ids for ids in taken):
        number += 1
    return f"{candidates[0]}-{number}"


def _is_known(forms: Lexicon, name: str, abbr: str) -> bool:
    """Whether the name or the abbreviation is, as a whole, a form the gazetteer knows."""
    for form in (name, abbr):
        if form:
            found = forms.find(form)
            if found and found[0].surface == form:
                return True
    return False


def _initials(name: str) -> str:
    """ "Nærings- og fiskeridepartementet" -> "NFD"."""
    parts = [
        p for p in re.split(r"[\s-]+", name.removesuffix("departementet")) if p and p not in FUNCTION_WORDS
    ]
    return "".join(p[0].upper() for p in parts) + "D"


def _name_before(text: str, paren: int, abbr: str) -> str:
    """The name a "(ABBR)" defines: the words before it, from the farthest capitalised word with the
    abbreviation's initial (within the clause)."""
    before = re.split(r"[.;:()«»]", text[:paren])[-1]
    found = before.split()[-12:]
    start = None
    for index in range(len(found) - 1, -1, -1):
        word = found[index]
        if word[:1].isupper() and word[:1].lower() == abbr[:1].lower():
            start = index
    if start is None:
        return ""
    return " ".join(found[start:]).rstrip(",")
