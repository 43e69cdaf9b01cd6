"""The outline of a report: its chapters and the blocks of lines of its numbered measures.

Every heading convention of the layout profile is tried; the document's own convention for
measures is the one whose headings are most often followed by a field of the measure
(responsible or period) before the next heading. A candidate heading is a measure only in
sequence (the next number, or a later one followed by a field); a date ("1. juni"), an item of
a numbered list, or a year at a line start is not. Text before the first chapter or measure (a
title page, an introduction, a list of abbreviations) belongs to no measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.model import Chapter, Line
from graph.parse.fields import field_line, split_fields
from graph.profiles import Rule, layout
from graph.read.clean import MONTHS
from graph.text import FUNCTION_WORDS

LOOKAHEAD = 400  # lines within which a heading's fields must follow


@dataclass
class Block:
    """The lines of one numbered measure, heading included."""

    number: int
    heading: list[Line]
    title: str
    body: list[Line]
    chapter: int | None  # None in a report without chapter headings
    rule: str
    responsible: str | None = None  # ministries in parentheses at the heading's end: "(HOD, JD)"
    prefix: str = ""  # a part's letter or number before the measure's: "A" of "A1", "2." of "2.3"
    letter: str = ""  # a sub-measure's letter in its own heading: "a" of "B2a"

    @property
    def id(self) -> str:
        return f"{self.prefix}{self.number}{self.letter}"

    @property
    def parent_id(self) -> str | None:
        """The measure a lettered heading ("B2a") is a sub-measure of."""
        return f"{self.prefix}{self.number}" if self.letter else None

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.prefix, self.number, self.letter)


def outline(lines: list[Line]) -> tuple[list[Chapter], list[Block], list[Block]]:
    """Chapters, measure blocks, and blocks whose number was already used (these come apart, so
    that they never merge into another measure)."""
    convention = _convention(lines)
    chapters: list[Chapter] = []
    blocks: list[Block] = []
    repeated: list[Block] = []
    current: Block | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.text and (chapter := _chapter(lines, index, chapters, convention)):
            chapters.append(chapter[0])
            index += chapter[1]
            current = None
            continue
        segments = split_fields(line.text) if line.text else [""]
        match = convention.pattern.match(segments[0]) if convention and line.text else None
        if match and convention.title_below and (kind := _heading(lines, index, match, blocks, convention)):
            current = _title_below(lines, index, match, len(chapters) or None, convention)
            (blocks if kind == "next" else repeated).append(current)
            index += 1 + len(current.heading[1:]) + _blanks(lines, index + 1)
            continue
        if match and (kind := _heading(lines, index, match, blocks, convention)):
            heading = [Line(line.number, segments[0])]
            while len(segments) == 1 and _continues_heading(heading[-1].text, lines, index + len(heading)):
                heading.append(lines[index + len(heading)])
            joined = " ".join(" ".join([segments[0], *(part.text for part in heading[1:])]).split())
            whole = convention.pattern.match(joined)
            number, title = int(match["number"]), whole["title"].rstrip(" .")
            current = Block(number, heading, title, [], len(chapters) or None, convention.id)
            current.responsible = whole.groupdict().get("responsible")
            current.prefix, current.letter = _prefix_and_letter(match)
            current.body.extend(Line(line.number, segment) for segment in segments[1:])
            (blocks if kind == "next" else repeated).append(current)
            index += len(heading)
            continue
        if current and _closes(lines, index):
            current = None  # a summary or an appendix after the measures
        if current:
            current.body.extend(Line(line.number, segment) for segment in segments)
        index += 1
    _heading_responsible(blocks + repeated)
    return chapters, blocks, repeated


def _closes(lines: list[Line], index: int) -> bool:
    """Whether the line heads a section after the measures ("Vedlegg: Statusoversikt", "Kapittel 5
    Oppsummering"): a heading of the layout profile's closing sections, after a blank line."""
    return bool(
        lines[index].text
        and (index == 0 or not lines[index - 1].text)
        and layout().closing.match(lines[index].text)
    )


def _title_below(
    lines: list[Line], index: int, match: re.Match[str], chapter: int | None, rule: Rule
) -> Block:
    """A measure whose heading line gives its number only ("Tiltak 1"): the title is the next line
    with text, unless that line opens a field."""
    below = index + 1 + _blanks(lines, index + 1)
    title_line = lines[below] if below < len(lines) and not field_line(lines[below].text) else None
    heading = [lines[index], *([title_line] if title_line else [])]
    title = " ".join(title_line.text.split()).rstrip(" .") if title_line else ""
    block = Block(int(match["number"]), heading, title, [], chapter, rule.id)
    block.responsible = match.groupdict().get("responsible")
    block.prefix, block.letter = _prefix_and_letter(match)
    return block


def _prefix_and_letter(match: re.Match[str]) -> tuple[str, str]:
    groups = match.groupdict()
    return groups.get("prefix") or "", (groups.get("letter") or "").lower()


def _blanks(lines: list[Line], index: int) -> int:
    """How many blank lines start at `index`."""
    count = 0
    while index + count < len(lines) and not lines[index + count].text:
        count += 1
    return count


def _heading_responsible(blocks: list[Block]) -> None:
    """Ministries in parentheses at the end of a heading are its responsible field where most of
    the report's headings end so; elsewhere they are part of the title ("... (NAV)")."""
    if sum(block.responsible is not None for block in blocks) * 2 > len(blocks):
        return
    for block in blocks:
        if block.responsible is not None:
            block.title, block.responsible = f"{block.title} ({block.responsible})", None


def _convention(lines: list[Line]) -> Rule | None:
    """The measure heading convention of the document: the rule with most headings followed by a
    field (the first rule on a tie)."""
    best, best_count = None, 0
    for rule in layout().measures:
        found = [index for index, line in enumerate(lines) if line.text and rule.pattern.match(line.text)]
        confirmed = sum(
            _has_fields(lines, index, rule, nxt)
            for index, nxt in zip(found, [*found[1:], len(lines)], strict=False)
        )
        if confirmed > best_count:
            best, best_count = rule, confirmed
    return best


def _has_fields(lines: list[Line], index: int, rule: Rule, stop: int | None = None) -> bool:
    """Whether a responsible or period field follows the heading at `index` before the next heading
    of the same convention (or `stop`)."""
    own = split_fields(lines[index].text)
    heading = rule.pattern.match(own[0])
    if (heading and heading.groupdict().get("responsible")) or any(_opens_field(part) for part in own[1:]):
        return True  # "Tiltak 3 Title (HOD)", "Tiltak 3. Title. Ansv.: HOD."
    end = min(stop if stop is not None else len(lines), index + LOOKAHEAD)
    for line in lines[index + 1 : end]:
        if not line.text:
            continue
        if any(_opens_field(part) for part in split_fields(line.text)):
            return True
        if stop is None and rule.pattern.match(line.text) and not _is_date(rule.pattern.match(line.text)):
            return False
    return False


def _opens_field(text: str) -> bool:
    field = field_line(text)
    return bool(field and field.name in ("responsible", "period"))


def _is_date(match: re.Match[str]) -> bool:
    title = match.groupdict().get("title")
    return bool(title) and title.split()[0].lower().strip(".,") in MONTHS


def _chapter(
    lines: list[Line], index: int, chapters: list[Chapter], convention: Rule | None
) -> tuple[Chapter, int] | None:
    """A chapter heading at `index` (on one line or broken over two) and how many lines it takes."""
    for rule in layout().chapters:
        for count in (1, 2):
            if count == 2 and (index + 1 >= len(lines) or not lines[index + 1].text):
                continue
            joined = " ".join(line.text for line in lines[index : index + count])
            match = rule.pattern.match(joined)
            if not match:
                continue
            if count == 2 and rule.pattern.match(lines[index + 1].text):
                return None  # the heading is on the next line alone
            if chapter := _valid_chapter(lines, index, count, match, rule, chapters, convention):
                return chapter, count
    return None


def _valid_chapter(lines, index, count, match, rule, chapters, convention) -> Chapter | None:
    """The chapter a heading match makes, if it is one: numbered in order (where it is numbered
    without a measure range), not itself a measure heading, and followed by a measure."""
    number = _chapter_number(match, len(chapters) + 1)
    if number is None or (rule.standalone and index > 0 and lines[index - 1].text):
        return None
    ranged = "first" in match.re.groupindex and match["first"] is not None
    if not ranged:
        if number != len(chapters) + 1 or re.search(r"\S\s{2,}\S", match["title"]):
            return None  # out of order, or a row of a table ("1    Kompetanseheving    Gjennomført")
        if convention is None or convention.pattern.match(lines[index].text):
            return None
        following = next((line.text for line in lines[index + count :] if line.text), "")
        nearby = [line.text for line in lines[index + count : index + count + 40] if line.text]
        if field_line(following) or not any(convention.pattern.match(text) for text in nearby):
            return None
    title = " ".join(match["title"].split())
    first = int(match["first"]) if ranged else None
    last = int(match["last"]) if ranged else None
    return Chapter(number, title, first, last, lines[index].number)


ROMAN = {"I": 1, "V": 5, "X": 10}


def _chapter_number(match: re.Match[str], expected: int) -> int | None:
    """The ordinal of a chapter heading: its figure, Roman numeral or letter (A = 1); None for a
    malformed numeral. A heading without any counts as the next chapter."""
    groups = match.groupdict()
    if groups.get("number"):
        return int(groups["number"])
    if roman := groups.get("roman"):
        values = [ROMAN[c] for c in roman]
        total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
        return total if _roman(total) == roman else None
    if letter := groups.get("letter"):
        return ord(letter) - ord("A") + 1
    return expected


def _roman(number: int) -> str:
    """A number from 1 to 39 in Roman numerals."""
    tens, units = divmod(number, 10)
    return "X" * tens + ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][units]


def _heading(
    lines: list[Line], index: int, match: re.Match[str], blocks: list[Block], rule: Rule
) -> str | None:
    """Whether a heading match heads the next measure ("next"), a measure under a number already
    used ("repeat"), or nothing: a date, a list item or a year (None)."""
    number = int(match["number"])
    prefix, letter = _prefix_and_letter(match)
    if _is_date(match):
        return None
    before = next((line.text for line in reversed(lines[:index]) if line.text), "")
    if (item := rule.pattern.match(before)) and int(item["number"]) == number - 1 and not letter:
        return None  # "2." right after "1." is a numbered list
    if blocks and _follows(blocks[-1].key, (prefix, number, letter)):
        return "next"
    # the first measure, and any out of sequence (a report that groups its measures by status),
    # must be followed by its fields: so that a numbered list of a title page or an introduction
    # is no measure
    if not _has_fields(lines, index, rule):
        return None
    return "repeat" if any(block.key == (prefix, number, letter) for block in blocks) else "next"


def _follows(previous: tuple[str, int, str], key: tuple[str, int, str]) -> bool:
    """Whether a heading's (prefix, number, letter) comes next after the previous one's: 4 after 3,
    4a after 4 (or 4b after 4a), B1 after A3, 3.1 after 2.4."""
    prefix, number, letter = key
    if prefix == previous[0]:
        if number == previous[1] + 1:
            return letter in ("", "a")
        next_letter = chr(ord(previous[2]) + 1) if previous[2] else "a"
        return number == previous[1] and letter == next_letter
    return number == 1 and letter == ""


def _continues_heading(text: str, lines: list[Line], index: int) -> bool:
    """A heading goes on over the next line when it ends in a function word, a comma or a hyphen,
    or when the next line starts in lower case (and is no field)."""
    if index >= len(lines) or not lines[index].text:
        return False
    following = lines[index].text
    words = text.split()
    if not words or field_line(following):
        return False
    if words[-1].lower() in FUNCTION_WORDS or text.endswith((",", "-")):
        return True
    return following[:1].islower() and not re.search(r"[.!?:]$", text) and len(following) < 90
