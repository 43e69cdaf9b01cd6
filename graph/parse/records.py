"""Measure records from the blocks of the outline: the fields of each, its description and status
text, and its sub-measures (18a, 18b; 12.1, 12.2) where each item has its own responsible field."""

from __future__ import annotations

from graph.model import Footnote, Line, Measure, Span, Status
from graph.parse.fields import field_line, period, responsible_codes, status_field, status_value
from graph.parse.outline import Block
from graph.profiles import layout
from graph.text import first_sentence


def records(block: Block) -> list[Measure]:
    """One record for the block, or a parent record and one per sub-measure."""
    parts = _sub_measures(block)
    if not parts:
        return [_record(block.id, block, block.title, block.parent_id, block.heading, block.body)]
    intro = block.body[: parts[0][1]]
    children = []
    for position, (suffix, start, text) in enumerate(parts):
        end = parts[position + 1][1] if position + 1 < len(parts) else len(block.body)
        lines = block.body[start:end]
        body = [Line(lines[0].number, text), *lines[1:]]
        description = _description(body)
        title = first_sentence(" ".join(line.text for line in description)).rstrip(".")
        children.append(_record(f"{block.id}{suffix}", block, title, block.id, [], body))
    if any((f := field_line(line.text)) and f.name == "responsible" for line in intro if line.text):
        # the measure has fields of its own, and a sub-measure added to it ("3 a)")
        parent = _record(block.id, block, block.title, block.parent_id, block.heading, intro)
        parent.span = Span(block.heading[0].number, children[-1].span.end)
        return [parent, *children]
    parent = Measure(
        id=block.id,
        number=block.number,
        parent=None,
        title=block.title,
        chapter=block.chapter,
        description=_join(intro),
        responsible=[],
        period=None,
        status_text="",
        span=Span(block.heading[0].number, children[-1].span.end),
        heading=block.heading,
        description_lines=[line for line in intro if line.text],
    )
    return [parent, *children]


def _item(line: Line, number: int) -> tuple[str, str, str] | None:
    """(letter or figure, id suffix, text) of an item of measure `number`: "a) …", "4 a …", "4b) …",
    "4 b. …", "12.1 Title" (suffix ".1")."""
    for rule in layout().sub_measures:
        match = rule.pattern.match(line.text)
        if match and ("number" not in rule.pattern.groupindex or int(match["number"]) == number):
            separator = match.groupdict().get("separator") or ""
            return match["letter"], separator + match["letter"], match["text"]
    return None


def _sub_measures(block: Block) -> list[tuple[str, int, str]]:
    """(id suffix, index, text) of each sub-measure: an item that carries its own responsible field.

    Each responsible field belongs to the nearest item before it; the items must run a, b, c, ...
    (or 1, 2, 3, ...) and every responsible field after the first item must have one (one before
    it is the measure's own). Otherwise there are no sub-measures (items that share one
    responsible field stay inside their measure).
    """
    body = block.body
    responsible = [
        i for i, line in enumerate(body) if (f := field_line(line.text)) and f.name == "responsible"
    ]
    if len(responsible) < 2:
        return []
    parts: list[tuple[str, int, str]] = []
    letters: list[str] = []
    floor = 0
    for position, index in enumerate(responsible):
        item = next(
            ((i, found) for i in range(index - 1, floor - 1, -1) if (found := _item(body[i], block.number))),
            None,
        )
        if item is None and position == 0:
            floor = index + 1
            continue  # the measure's own field, before its items
        if item is None:
            return []
        letter, suffix, text = item[1]
        parts.append((suffix, item[0], text))
        letters.append(letter)
        floor = index + 1
    in_order = [chr(ord("a") + i) for i in range(len(letters))], [str(i + 1) for i in range(len(letters))]
    return parts if letters in in_order else []


def _record(
    measure_id: str, block: Block, title: str, parent: str | None, heading: list[Line], body: list[Line]
) -> Measure:
    measure = Measure(
        id=measure_id,
        number=block.number,
        parent=parent,
        title=" ".join(title.split()),
        chapter=block.chapter,
        description="",
        responsible=[],
        period=None,
        status_text="",
        span=Span(0, 0),
        heading=heading,
    )
    first_field, prose = _fields(measure, body)
    if measure.responsible_line is None and block.responsible and heading:
        _store(measure, "responsible", block.responsible, heading[0].number, heading[0].text)
    if measure.status is None and heading and parent is None:
        measure.title, measure.status = _status_in_title(measure.title, heading[0])
    description = _trim(body[:first_field])
    status = _trim(prose)
    measure.description = _join(description)
    measure.description_lines = [line for line in description if line.text]
    measure.status_text = _join(status)
    measure.status_lines = status
    content = [line for line in [*heading, *body] if line.text]
    measure.span = Span(content[0].number, content[-1].number)
    return measure


def _status_in_title(title: str, line: Line) -> tuple[str, Status | None]:
    """A status at the end of a heading, "Tiltak 2: Nettvett i barnehagen (pågår)" or "… – PÅGÅR":
    the title without it, and the status (rule "heading.status")."""
    match = layout().heading_status.search(title)
    written = match and (match["bracketed"] or match["dashed"]).strip()
    found = written and status_value(written)
    if not found or len(found[1]) < len(written) - 1:
        return title, None
    return title[: match.start()].rstrip(" .:"), Status(
        found[0], written, line.number, "heading.status", None, line.text
    )


def _fields(measure: Measure, body: list[Line]) -> tuple[int, list[Line]]:
    """Read the measure's fields into it; the index of the first field line, and the prose after
    the fields (the status text)."""
    first, prose = len(body), []
    index = 0
    while index < len(body):
        line = body[index]
        field = field_line(line.text) if line.text else None
        if field is None:
            if first < len(body):  # prose after a field, also between fields ("Fremdrift:" last)
                prose.append(line)
            index += 1
            continue
        first = min(first, index)
        used, rest = index, None
        following = _next_text(body, index)
        if field.name in ("responsible", "period", "involved", "executes"):
            value, written = field.value, line.text
            if value is None and following is not None:
                value, used = body[following].text, following
                written = f"{line.text.rstrip(': ')}: {value}"
            if value:
                _store(measure, field.name, value, body[used].number, written)
        elif field.name == "status" and measure.status is None:
            status, took_next = status_field(line, field, body[following] if following is not None else None)
            measure.status = status
            if took_next:
                used = following
            written = field.value or ""
            if status and not took_next:
                written = written[len(status.label) :].lstrip(" .:;,–-")
            if written:  # "STATUS: prose …" or "Status: Gjennomført. Rapporten …": prose on this line
                rest = Line(line.number, written)
        if rest:
            prose.append(rest)
        elif prose and prose[-1].text:
            prose.append(Line(line.number, ""))  # a field between paragraphs ends one
        index = used + 1
    return first, prose


def _store(measure: Measure, name: str, value: str, line: int, written: str) -> None:
    """A responsible or period field's value, the first of each in the measure (`written`: the
    field as the report writes it)."""
    if name == "responsible" and (measure.responsible_line is None or line - measure.responsible_line <= 1):
        # a second responsible field on the same or the next line shares the responsibility:
        # "Hovedansvar: HOD   Medansvar: JD, BFD"
        ministries, *partners = layout().partner_cues.split(value, maxsplit=1)
        codes = responsible_codes(ministries)
        if measure.responsible_line is None:
            measure.responsible, measure.responsible_line = codes, line
            measure.responsible_text = " ".join(written.split())
        else:
            measure.responsible += [code for code in codes if code not in measure.responsible]
            measure.responsible_text += "  " + " ".join(written.split())
        measure.involved_lines += [Line(line, partner) for partner in partners]
    elif name in ("involved", "executes"):
        measure.involved_lines.append(Line(line, value.strip()))
        if name == "executes":
            measure.executor_lines.append(line)
    elif name == "period" and measure.period_line is None:
        measure.period = period(value)
        measure.period_text = value.strip()
        measure.period_line = line


def _next_text(body: list[Line], index: int) -> int | None:
    """The index of the next non-blank line after `index`, if it opens no field."""
    for position in range(index + 1, min(len(body), index + 3)):
        if body[position].text:
            return None if field_line(body[position].text) else position
    return None


def _description(body: list[Line]) -> list[Line]:
    """The lines before the first field."""
    for index, line in enumerate(body):
        if line.text and field_line(line.text):
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


def attach_footnotes(measures: list[Measure], footnotes: list[tuple[Footnote, int | None]]) -> None:
    """Give each footnote to the innermost record whose lines hold its marker (or the footnote itself)."""
    for note, marker in footnotes:
        where = marker if marker is not None else note.lines[0].number
        holding = [m for m in measures if m.span.start <= where <= m.span.end]
        earlier = [m for m in measures if m.span.start <= where]
        owner = min(holding, key=lambda m: m.span.end - m.span.start) if holding else (earlier or [None])[-1]
        if owner is not None:
            owner.footnotes.append(note)
