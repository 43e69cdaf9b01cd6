"""Text helpers: sentences with their source lines, slugs."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, replace

from graph.model import Line

# Words that end with a full stop without ending a sentence.
ABBREVIATIONS = set(
    [
        "jf",
        "bl.a",
        "f.eks",
        "o.l",
        "t.o.m",
        "m.fl",
        "mv",
        "m.m",
        "dvs",
        "etc",
        "ca",
        "nr",
        "kap",
        "prop",
        "st",
        "meld",
        "innst",
        "mill",
        "mrd",
        "pr",
        "strl",
        "avd",
        "kl",
        "ev",
        "evt",
        "inkl",
        "ref",
        "nb",
        "vs",
        "osv",
        "iflg",
        "ift",
        "mht",
        "tlf",
        "kr",
        "fig",
        "tab",
        "jfr",
        "ibid",
    ]
)
# Words that cannot end a title or a heading; left out of a name's initials.
FUNCTION_WORDS = frozenset(
    "og i med av for til om på mot fra frå ved etter under eller samt som de dei den det en ein et eit ei the of and".split()
)
# In a sentence's placeholder text (graph.extract.actors), mention i is the character
# chr(FIRST_MARK + i) padded with PAD to the mention's length, so offsets stay those of the sentence.
FIRST_MARK = 0xE000
PAD = "\u2063"
MARKS = "\ue000-\ue0ff"
MENTION = f"[{MARKS}]{PAD}*"
BULLET = re.compile(r"^(?:[•▪◦·]|[-–]\s|\d{1,2}\)\s|[a-z]\)\s)")
LAST_WORD = re.compile(r"\S+$")
QUOTE_REACH = 300  # characters before a sentence end where a title's quotation may have opened
BOUNDARY = re.compile(r"(?<=[.!?])[»”\")]*\s+(?=[A-ZÆØÅ0-9«\"“(•])")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a measure's text, with the source line where each of its parts starts."""

    text: str
    starts: tuple[tuple[int, int], ...]  # (offset in text, source line number), ascending
    paragraph: int = 0  # sentences of one paragraph (or one section under a subheading) share it

    def line_at(self, offset: int) -> int:
        """The source line of the character at `offset`."""
        number = self.starts[0][1]
        for start, line in self.starts:
            if start > offset:
                break
            number = line
        return number


def sentences(lines: list[Line]) -> list[Sentence]:
    """Split lines into sentences: at paragraph breaks, list items, headings and full stops."""
    result: list[Sentence] = []
    for paragraph, unit in _units(lines):
        text, starts = "", []
        for line in unit:
            if text:
                text += " "
            starts.append((len(text), line.number))
            text += line.text
        result.extend(replace(sentence, paragraph=paragraph) for sentence in _split(text, starts))
    return result


def first_sentence(text: str) -> str:
    """The first sentence of a piece of text."""
    found = _split(" ".join(text.split()), [(0, 0)])
    return found[0].text if found else ""


def slug(text: str) -> str:
    """A lower-case ASCII slug: "Nære relasjoner (2014-2017)" -> "naere-relasjoner-2014-2017"."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _units(lines: list[Line]) -> list[tuple[int, list[Line]]]:
    """Runs of lines that sentences cannot cross (paragraphs, list items, headings), each with the
    number of the paragraph it belongs to (list items stay in their paragraph)."""
    units: list[tuple[int, list[Line]]] = []
    current: list[Line] = []
    paragraph = 0
    for index, line in enumerate(lines):
        if not line.text:
            if current:
                units.append((paragraph, current))
                paragraph += 1
            current = []
            continue
        if current and BULLET.match(line.text):
            units.append((paragraph, current))
            current = []
        starts_unit = not current or bool(re.search(r"[.!?:]$", current[-1].text))
        current.append(line)
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        if starts_unit and _is_heading(line.text, following):
            paragraph += 1
            units.append((paragraph, current))
            current = []
    if current:
        units.append((paragraph, current))
    return units


def _is_heading(text: str, following: str) -> bool:
    """A short line without final punctuation followed by a capitalised line: a subheading."""
    return (
        bool(following)
        and len(text) < 80
        and ". " not in text
        and not re.search(r"[.,:;!?\-–(/]$", text)
        and bool(re.match(r"[A-ZÆØÅ0-9«•]", following))
        and text.split()[-1].lower() not in FUNCTION_WORDS
    )


def _inside_quote(text: str, begin: int, end: int) -> bool:
    """Whether a short «...» or “...” quotation (a title) opened in text[begin:end] is still open at
    `end`. A long quotation (a quoted passage) may hold several sentences."""
    begin = max(begin, end - QUOTE_REACH)  # a quotation opened farther back is a passage, not a title
    piece = text[begin:end]
    for opening, closing in (("«", "»"), ("“", "”")):
        if piece.count(opening) > piece.count(closing):
            start = begin + piece.rfind(opening)
            close = text.find(closing, start)
            if close != -1 and close - start <= 250:
                return True
    return False


def _split(text: str, starts: list[tuple[int, int]]) -> list[Sentence]:
    """Sentences of a unit's text; `starts` are (offset, source line) of its lines, ascending. Each
    step looks at a bounded stretch of the text, so the whole is linear in its length."""
    pieces: list[tuple[int, int]] = []
    begin = 0
    for match in BOUNDARY.finditer(text):
        if _inside_quote(text, begin, match.start()):
            continue
        word = LAST_WORD.search(text, max(begin, match.start() - 40), match.start())
        before = word.group(0) if word else ""
        last = before.rstrip('.!?»”")').lower()
        if last in ABBREVIATIONS or (len(before) == 2 and before[0].isupper()):
            continue  # "jf.", "Prop.", initials such as "A."
        end = match.start() + len(match.group(0).rstrip())
        pieces.append((begin, end))
        begin = match.end()
    pieces.append((begin, len(text)))
    offsets = [start for start, _ in starts]
    result = []
    for begin, end in pieces:
        piece = text[begin:end]
        stripped = piece.strip()
        if not stripped:
            continue
        offset = begin + (len(piece) - len(piece.lstrip()))
        at = bisect.bisect_right(offsets, offset) - 1  # the line the sentence starts on
        first_line = starts[at][1] if at >= 0 else starts[0][1]
        inside = range(at + 1, bisect.bisect_left(offsets, offset + len(stripped)))
        local = [(0, first_line)] + [(starts[i][0] - offset, starts[i][1]) for i in inside]
        result.append(Sentence(stripped, tuple(local)))
    return result


def number_ranges(numbers: list[int], shortest: int = 2) -> str:
    """Sorted numbers for reading, runs of at least `shortest` as ranges: [3, 4, 5, 8] -> "3-5, 8"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(
        f"{run[0]}-{run[-1]}" if len(run) >= shortest else ", ".join(map(str, run)) for run in runs
    )
