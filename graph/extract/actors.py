"""Find the organisations a measure names: gazetteer names, names the text defines, back-references."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from graph.gazetteer import Lexicon
from graph.model import Measure, Organisation
from graph.profiles import LANGUAGES, language
from graph.text import FIRST_MARK, PAD, Sentence, sentences


@cache
def anaphors() -> dict[str, str]:
    """Back-references ("Senteret") and the word their referent's name must hold, of both written
    standards (data/profiles/nb.toml, nn.toml: [organisations.anaphors])."""
    return {word: head for code in LANGUAGES for word, head in language(code).anaphors.items()}


@cache
def anaphor_pattern() -> re.Pattern[str]:
    alternatives = "|".join(
        f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in sorted(anaphors(), key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w-])(?P<word>{alternatives})(?=(?:s|’|')?(?!\w))")


CONTEXT = 1000  # characters of a sentence's paragraph before it that rules may look at
URL_TOKEN = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


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
    context: str = ""  # the paragraph up to and including this sentence (its last CONTEXT characters)
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


def passages(measure: Measure, lexicon_: Lexicon, organisations: dict[str, Organisation]) -> list[Passage]:
    """The measure's sentences with their organisation mentions, back-references resolved."""
    result: list[Passage] = []
    history: list[tuple[int, str]] = []  # (passage index, actor) of earlier mentions
    for index, sentence in enumerate(sentences(measure.text_lines)):
        masked = mask_urls(sentence.text)
        mentions = _merge([Mention(m.start, m.end, m.id, m.surface) for m in lexicon_.find(masked)], masked)
        taken = [(m.start, m.end) for m in mentions]
        for match in anaphor_pattern().finditer(masked):
            if any(start <= match.start() < end for start, end in taken):
                continue
            referent = _referent(match["word"].lower(), index, history, measure, organisations)
            if referent:
                mentions.append(Mention(match.start(), match.end(), referent, match["word"], anaphor=True))
        mentions.sort(key=lambda m: m.start)
        history.extend((index, m.actor) for m in mentions)
        previous = result[-1] if result and result[-1].sentence.paragraph == sentence.paragraph else None
        context = f"{previous.context[-CONTEXT:]} {sentence.text}" if previous else sentence.text
        result.append(Passage(sentence, masked, mentions, context))
    return result


def _merge(mentions: list[Mention], text: str) -> list[Mention]:
    """One mention for "Name (ABBR)" and for a name written twice in a row; and a unit "at" its
    parent body ("NIBR ved OsloMet", "Læringsmiljøsenteret ved Universitetet i Stavanger") is the
    unit alone: the body after "ved" only says where it is."""
    merged: list[Mention] = []
    for mention in mentions:
        if merged and re.fullmatch(r"(?:\s*\([^()]{1,12}\))?\s+ved\s+", text[merged[-1].end : mention.start]):
            continue
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
    head = anaphors()[word]

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
