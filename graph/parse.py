"""Parse the structure of a status report: plan, chapters and measure records.

A report of this family has chapters headed "Title (tiltak N-M)" and numbered measures headed
"N. Title", each followed by a description, an "Ansvarlig:" line (ministry codes), a
"Gjennomføring:" line (a year or a range) and a "STATUS:" section. A measure whose lettered
items a), b), ... each carry their own "Ansvarlig:" line has sub-measures (e.g. 18a, 18b).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graph.errors import SourceError, warn
from graph.model import Chapter, Footnote, Line, Measure, Period, Plan, Report, Span
from graph.read import read_lines
from graph.read.clean import MONTHS, clean
from graph.text import FUNCTION_WORDS, first_sentence, number_ranges, slug

CHAPTER = re.compile(r"^(?P<title>[A-ZÆØÅ].*?)\s*\((?i:tiltak)\s+(?P<first>\d+)\s*[-–]\s*(?P<last>\d+)\)$")
HEADING = re.compile(r"^(?P<number>\d{1,3})\.\s+(?P<title>[A-ZÆØÅ«\"].*)$")
LETTERED = re.compile(r"^(?P<letter>[a-z])\)\s+(?P<text>\S.*)$")
RESPONSIBLE = re.compile(r"^Ansvarlig\s*:\s*(?P<codes>.*)$")
PERIOD = re.compile(r"^Gjennomføring\s*:\s*(?P<period>.*)$")
STATUS = re.compile(r"^STATUS\b\s*:?\s*(?P<rest>.*)$")
YEARS = re.compile(r"(?P<start>\d{4})(?:\s*[-–]\s*(?P<end>\d{4}))?")
CODE = re.compile(r"\b[A-ZÆØÅ]{2,6}\b")


@dataclass
class _Block:
    """The lines of one numbered measure, heading included."""

    number: int
    heading: list[Line]
    body: list[Line]
    chapter: int | None  # None in a report without chapter headings


def parse_report(path: Path) -> Report:
    """Read and parse a status report file (text or PDF); raises SourceError with a one-line message
    where nothing usable is found and issues a SourceWarning for each recoverable problem."""
    path = Path(path)
    text = clean(read_lines(path))
    chapters, blocks, repeated = _outline(text.lines)
    if not blocks:
        raise SourceError(
            f"{path}: no measures found (expected headings like '1. Title' followed by an 'Ansvarlig:' line)"
        )
    measures = [record for block in blocks for record in _records(block)]
    _check(path, chapters, blocks, repeated, measures, text.lines)
    _attach_footnotes(measures, text.footnotes)
    header = text.header
    if header:
        title, period, date = header.title, Period(header.start, header.end), header.report_date
    else:
        title, period, date = path.stem, None, None
    plan_id = slug(f"{title} {period.start}-{period.end}" if period else title)
    plan = Plan(id=plan_id, title=title, period=period, report_date=date)
    return Report(
        source=path.name, plan=plan, chapters=chapters, measures=measures, hidden_links=text.hidden_links
    )


def _outline(lines: list[Line]) -> tuple[list[Chapter], list[_Block], list[_Block]]:
    """Split the kept lines into chapters and numbered measure blocks; blocks whose number was
    already used come apart (the third list), so that they never merge into another measure."""
    chapters: list[Chapter] = []
    blocks: list[_Block] = []
    repeated: list[_Block] = []
    current: _Block | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        if chapter := _chapter(lines, index, len(chapters) + 1):
            chapters.append(chapter[0])
            index += chapter[1]
            continue
        match = HEADING.match(line.text)
        if match and (kind := _heading(lines, index, match, blocks)):
            heading = [line]
            while _continues_heading(heading[-1].text) and index + len(heading) < len(lines):
                heading.append(lines[index + len(heading)])
            current = _Block(int(match["number"]), heading, [], len(chapters) or None)
            (blocks if kind == "next" else repeated).append(current)
            index += len(heading)
            continue
        if current:
            current.body.append(line)
        index += 1
    return chapters, blocks, repeated


def _chapter(lines: list[Line], index: int, number: int) -> tuple[Chapter, int] | None:
    """A chapter heading at `index` (on one line or broken over two) and how many lines it takes."""
    for count in (1, 2):
        joined = " ".join(line.text for line in lines[index : index + count] if line.text)
        if count == 2 and index + 1 < len(lines) and CHAPTER.match(lines[index + 1].text):
            return None  # the heading is on the next line alone
        if (match := CHAPTER.match(joined)) and lines[index].text:
            title = " ".join(match["title"].split())
            chapter = Chapter(number, title, int(match["first"]), int(match["last"]), lines[index].number)
            return chapter, count
    return None


def _heading(lines: list[Line], index: int, match: re.Match[str], blocks: list[_Block]) -> str | None:
    """Whether "N. Title" heads the next measure ("next"), a measure under a number already used
    ("repeat"), or nothing: a date, a list item or a year (None)."""
    number = int(match["number"])
    previous = blocks[-1].number if blocks else 0
    if match["title"].split()[0].lower().strip(".,") in MONTHS:
        return None
    before = next((line.text for line in reversed(lines[:index]) if line.text), "")
    if (item := HEADING.match(before)) and int(item["number"]) == number - 1:
        return None  # "2." right after "1." is a numbered list
    if number > previous:
        return "next" if number == previous + 1 or _has_responsible(lines, index) else None
    used = any(block.number == number for block in blocks)
    return "repeat" if used and _has_responsible(lines, index) else None


def _check(
    path: Path,
    chapters: list[Chapter],
    blocks: list[_Block],
    repeated: list[_Block],
    measures: list[Measure],
    lines: list[Line],
) -> None:
    """Warn about what a damaged report shows: repeated or missing measure numbers, measures without
    an "Ansvarlig:" line, and a text that ends inside a sentence."""
    first_at = {block.number: block.heading[0].number for block in blocks}
    for block in repeated:
        warn(
            path,
            f"measure number {block.number} is used again (first at line {first_at[block.number]}); "
            "this second measure is left out",
            block.heading[0].number,
        )
    found = set(first_at)
    for chapter in chapters:
        missing = sorted(set(range(chapter.first_measure, chapter.last_measure + 1)) - found)
        if missing:
            announced = f"{chapter.first_measure}-{chapter.last_measure}"
            warn(
                path,
                f"chapter {chapter.number} announces measures {announced}; not found: {number_ranges(missing)}",
                chapter.line,
            )
    if not chapters and (missing := sorted(set(range(1, max(found) + 1)) - found)):
        warn(path, f"measure numbers are missing: {number_ranges(missing)}")
    parents = {measure.parent for measure in measures}
    for measure in measures:
        if measure.responsible_line is None and measure.id not in parents:
            warn(path, f"measure {measure.id} has no 'Ansvarlig:' line", measure.span.start)
    last = next((line for line in reversed(lines) if line.text), None)
    if last and not re.search(r"[.!?:;»”\")]\s*$|^\S+://\S+$", last.text.strip()):
        warn(
            path,
            f"the text ends inside a sentence in measure {measures[-1].id}: is the report cut short?",
            last.number,
        )


def _has_responsible(lines: list[Line], index: int) -> bool:
    """Whether an "Ansvarlig:" line follows before the next numbered heading."""
    for line in lines[index + 1 :]:
        if RESPONSIBLE.match(line.text):
            return True
        if HEADING.match(line.text):
            return False
    return False


def _continues_heading(text: str) -> bool:
    """A heading that ends in a function word, a comma or a hyphen goes on over the next line."""
    words = text.split()
    return bool(words) and (words[-1].lower() in FUNCTION_WORDS or text.endswith((",", "-")))


def _records(block: _Block) -> list[Measure]:
    """One record for the block, or a parent record and one per lettered sub-measure."""
    title = " ".join(" ".join(line.text for line in block.heading).split())
    title = HEADING.match(title)["title"]
    parts = _sub_measures(block.body)
    if not parts:
        return [_record(str(block.number), block, title, None, block.heading, block.body)]
    intro = block.body[: parts[0][1]]
    children = []
    for position, (letter, start) in enumerate(parts):
        end = parts[position + 1][1] if position + 1 < len(parts) else len(block.body)
        lines = block.body[start:end]
        first = Line(lines[0].number, LETTERED.match(lines[0].text)["text"])
        body = [first, *lines[1:]]
        description = _description(body)
        child_title = first_sentence(" ".join(line.text for line in description)).rstrip(".")
        children.append(_record(f"{block.number}{letter}", block, child_title, str(block.number), [], body))
    parent = Measure(
        id=str(block.number),
        number=block.number,
        parent=None,
        title=title,
        chapter=block.chapter,
        description=_join(intro),
        responsible=[],
        period=None,
        status="",
        span=Span(block.heading[0].number, children[-1].span.end),
        heading=block.heading,
        description_lines=[line for line in intro if line.text],
    )
    return [parent, *children]


def _sub_measures(body: list[Line]) -> list[tuple[str, int]]:
    """(letter, index) of each lettered item that carries its own "Ansvarlig:" line.

    Each "Ansvarlig:" line belongs to the nearest lettered item before it; the letters must run
    a, b, c, ... and every "Ansvarlig:" line must have one. Otherwise there are no sub-measures
    (items that share one "Ansvarlig:" line stay inside their measure).
    """
    responsible = [i for i, line in enumerate(body) if RESPONSIBLE.match(line.text)]
    if len(responsible) < 2:
        return []
    parts: list[tuple[str, int]] = []
    floor = 0
    for index in responsible:
        item = next((i for i in range(index - 1, floor - 1, -1) if LETTERED.match(body[i].text)), None)
        if item is None:
            return []
        parts.append((LETTERED.match(body[item].text)["letter"], item))
        floor = index + 1
    letters = [letter for letter, _ in parts]
    return parts if letters == [chr(ord("a") + i) for i in range(len(letters))] else []


def _record(
    measure_id: str, block: _Block, title: str, parent: str | None, heading: list[Line], body: list[Line]
) -> Measure:
    description = _description(body)
    responsible, responsible_line = [], None
    period, period_line = None, None
    status_start = len(body)
    for index, line in enumerate(body):
        if (match := RESPONSIBLE.match(line.text)) and responsible_line is None:
            responsible, responsible_line = CODE.findall(match["codes"]), line.number
            status_start = index + 1
        elif (match := PERIOD.match(line.text)) and period_line is None:
            years = YEARS.search(match["period"])
            if years:
                start = int(years["start"])
                period = Period(start, int(years["end"] or start))
            period_line = line.number
            status_start = index + 1
        elif STATUS.match(line.text) and responsible_line is not None:
            rest = STATUS.match(line.text)["rest"]
            status = ([Line(line.number, rest)] if rest else []) + body[index + 1 :]
            break
    else:
        status = body[status_start:]
    status = _trim(status)
    content = [line for line in [*heading, *body] if line.text]
    return Measure(
        id=measure_id,
        number=block.number,
        parent=parent,
        title=" ".join(title.split()),
        chapter=block.chapter,
        description=_join(description),
        responsible=responsible,
        period=period,
        status=_join(status),
        span=Span(content[0].number, content[-1].number),
        heading=heading,
        description_lines=[line for line in description if line.text],
        status_lines=status,
        responsible_line=responsible_line,
        period_line=period_line,
    )


def _description(body: list[Line]) -> list[Line]:
    """The lines before the "Ansvarlig:" line."""
    for index, line in enumerate(body):
        if RESPONSIBLE.match(line.text):
            return _trim(body[:index])
    return _trim(body)


def _trim(lines: list[Line]) -> list[Line]:
    """Without blank lines at either end."""
    start, end = 0, len(lines)
    while start < end and not lines[start].text:
        start += 1
    while end > start and not lines[end - 1].text:
        end -= 1
    return lines[start:end]


def _join(lines: list[Line]) -> str:
    """Paragraphs joined by blank lines, lines within a paragraph by spaces."""
    paragraphs, current = [], []
    for line in lines:
        if line.text:
            current.append(line.text)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _attach_footnotes(measures: list[Measure], footnotes: list[tuple[Footnote, int | None]]) -> None:
    """Give each footnote to the innermost record whose lines hold its marker (or the footnote itself)."""
    for note, marker in footnotes:
        where = marker if marker is not None else note.lines[0].number
        holding = [m for m in measures if m.span.start <= where <= m.span.end]
        earlier = [m for m in measures if m.span.start <= where]
        owner = min(holding, key=lambda m: m.span.end - m.span.start) if holding else (earlier or [None])[-1]
        if owner is not None:
            owner.footnotes.append(note)
