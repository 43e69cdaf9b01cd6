"""Find the organisations a measure names: gazetteer names, names the text defines, back-references."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from graph.gazetteer import Lexicon, lexicon
from graph.model import Measure, Organisation, Report
from graph.text import FUNCTION_WORDS, Sentence, sentences, slug

# "Full name (ABBR)": the abbreviation a text defines for a name.
DEFINITION = re.compile(r"\((?P<abbr>[A-ZÆØÅ][A-Za-zÆØÅæøå]{1,9})\)")
# Words that make a name the name of an organisation (Norwegian and English heads).
ORG_HEADS = re.compile(
    r"(departement|direktorat|tilsyn|etat|senter|sentret|institutt|byrå|råd\b|rådet|forening|forbund|"
    r"organisasjon|komit[eé]|ombud|sekretariat|stiftelse|høgskole|universitet|politidistrikt|kommune|"
    r"nemnd|domstol|akademi|selskap|foretak|kompetansemiljø|kontor|society|association|centre|center|"
    r"institute|agency|council|foundation|office|ministry|directorate)",
    re.IGNORECASE,
)
MINISTRY = re.compile(
    r"(?<![\w-])(?P<name>(?:[A-ZÆØÅ][a-zæøå]+-,?\s+(?:[a-zæøå]+-,?\s+)*og\s+[a-zæøå]+|[A-ZÆØÅ][a-zæøå]+)"
    r"departementet)(?!\w)"
)
# Back-references and the word their referent's name must contain.
ANAPHORS = {
    "kompetansesenteret": "kompetansesenter",
    "senteret": "senter",
    "direktoratet": "direktorat",
    "departementet": "departement",
    "instituttet": "institutt",
    "sekretariatet": "sekretariat",
}
ANAPHOR = re.compile(
    r"(?<![\w-])(?P<word>"
    + "|".join(f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in ANAPHORS)
    + r")(?=(?:s|’|')?(?!\w))"
)
URL_TOKEN = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# In a sentence's placeholder text, mention i is the character chr(FIRST_MARK + i) padded with PAD
# to the mention's length, so offsets stay those of the sentence.
FIRST_MARK = 0xE000
PAD = "\u2063"
MARKS = "\ue000-\ue0ff"
MENTION = f"[{MARKS}]{PAD}*"


@dataclass(frozen=True)
class Mention:
    start: int  # offsets in the sentence text
    end: int
    actor: str
    surface: str
    anaphor: bool = False


@dataclass
class Passage:
    """A sentence of a measure with the organisations it names."""

    sentence: Sentence
    masked: str  # the text with web addresses blanked out
    mentions: list[Mention]
    context: str = ""  # the paragraph up to and including this sentence
    roles: dict[int, set[str]] | None = None  # filled by roles.sentence_roles

    @cached_property
    def placeholder(self) -> str:
        """The masked text with each mention replaced by its mark (see MENTION)."""
        parts, position = [], 0
        for index, mention in enumerate(self.mentions):
            parts.append(self.masked[position : mention.start])
            parts.append(chr(FIRST_MARK + index) + PAD * (mention.end - mention.start - 1))
            position = mention.end
        parts.append(self.masked[position:])
        return "".join(parts)

    def mention_of(self, mark: str) -> Mention:
        return self.mentions[ord(mark) - FIRST_MARK]


def discover(report: Report, known: dict[str, Organisation]) -> dict[str, Organisation]:
    """Organisations the gazetteer lacks: names the text defines as "Name (ABBR)", ministries named in
    full, and ministry codes of "Ansvarlig:" lines. They get kind "unknown"."""
    known_forms = lexicon(known.values())
    found: dict[str, Organisation] = {}
    for measure in report.measures:
        for sentence in sentences(measure.text_lines):
            text = mask_urls(sentence.text)
            for match in DEFINITION.finditer(text):
                abbr = match["abbr"]
                name = _name_before(text, match.start(), abbr)
                if not name or not ORG_HEADS.search(name) or _is_known(known_forms, name, abbr):
                    continue
                if not any(o.abbreviation == abbr for o in found.values()):
                    identifier = _free_id([abbr, name], known, found)
                    found[identifier] = Organisation(identifier, name, abbr, known=False)
            for match in MINISTRY.finditer(text):
                name = " ".join(match["name"].split())
                if not _is_known(known_forms, name, "") and not any(o.name == name for o in found.values()):
                    identifier = _free_id([name], known, found)
                    found[identifier] = Organisation(identifier, name, known=False)
    for measure in report.measures:
        for code in measure.responsible:
            if _is_known(known_forms, "", code) or any(o.abbreviation == code for o in found.values()):
                continue
            ministry = next(
                (o for o in found.values() if not o.abbreviation and _initials(o.name) == code), None
            )
            if ministry:
                found[ministry.id] = Organisation(ministry.id, ministry.name, code, known=False)
            else:
                identifier = _free_id([code], known, found)
                found[identifier] = Organisation(identifier, code, code, known=False)
    return found


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
    words = before.split()[-12:]
    start = None
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        if word[:1].isupper() and word[:1].lower() == abbr[:1].lower():
            start = index
    if start is None:
        return ""
    return " ".join(words[start:]).rstrip(",")


def passages(measure: Measure, lexicon_: Lexicon, organisations: dict[str, Organisation]) -> list[Passage]:
    """The measure's sentences with their organisation mentions, back-references resolved."""
    result: list[Passage] = []
    history: list[tuple[int, str]] = []  # (passage index, actor) of earlier mentions
    for index, sentence in enumerate(sentences(measure.text_lines)):
        masked = mask_urls(sentence.text)
        mentions = _merge([Mention(m.start, m.end, m.id, m.surface) for m in lexicon_.find(masked)], masked)
        taken = [(m.start, m.end) for m in mentions]
        for match in ANAPHOR.finditer(masked):
            if any(start <= match.start() < end for start, end in taken):
                continue
            referent = _referent(match["word"].lower(), index, history, measure, organisations)
            if referent:
                mentions.append(Mention(match.start(), match.end(), referent, match["word"], anaphor=True))
        mentions.sort(key=lambda m: m.start)
        history.extend((index, m.actor) for m in mentions)
        previous = result[-1] if result and result[-1].sentence.paragraph == sentence.paragraph else None
        context = f"{previous.context} {sentence.text}" if previous else sentence.text
        result.append(Passage(sentence, masked, mentions, context))
    return result


def _merge(mentions: list[Mention], text: str) -> list[Mention]:
    """One mention for "Name (ABBR)" and for a name written twice in a row."""
    merged: list[Mention] = []
    for mention in mentions:
        if merged and merged[-1].actor == mention.actor:
            gap = text[merged[-1].end : mention.start]
            if re.fullmatch(r"(?:s|’|')?\s*\(?\s*|\s*[,–-]\s*", gap):
                end = mention.end + (1 if text[mention.end : mention.end + 1] == ")" and "(" in gap else 0)
                merged[-1] = Mention(merged[-1].start, end, mention.actor, text[merged[-1].start : end])
                continue
        merged.append(mention)
    return merged


def _referent(
    word: str,
    index: int,
    history: list[tuple[int, str]],
    measure: Measure,
    organisations: dict[str, Organisation],
) -> str | None:
    """The organisation a back-reference clearly points to, if any.

    Clear means: exactly one fitting organisation in this or the previous sentence, or else
    exactly one in everything the measure said before (its "Ansvarlig:" ministries included).
    """
    head = ANAPHORS[word]

    def fits(actor: str) -> bool:
        organisation = organisations[actor]
        if head == "departement":
            return organisation.kind == "ministry" or "departement" in organisation.name.lower()
        return head in organisation.name.lower()

    recent = {actor for at, actor in history if at >= index - 1 and fits(actor)}
    if len(recent) == 1:
        return recent.pop()
    if recent:
        return None
    earlier = {actor for _, actor in history if fits(actor)}
    if head == "departement":
        codes = {organisations[a].abbreviation: a for a in organisations}
        earlier |= {
            codes[code] for code in measure.responsible if code in codes and len(measure.responsible) == 1
        }
    return earlier.pop() if len(earlier) == 1 else None


def mask_urls(text: str) -> str:
    """The text with its web addresses blanked out (offsets unchanged)."""
    return URL_TOKEN.sub(lambda m: " " * len(m.group(0)), text)
