"""Parse the structure of a status report: plan, report, chapters and measure records.

A report of the family has chapters ("Title (tiltak 1-8)", "Kapittel 2 Title", "2 Title"), and
numbered measures ("7. Title", "Tiltak 7: Title"), each with a description, a responsible field
(ministry codes), a period field (years), and a status (a word, or prose under "STATUS:"). A
measure whose lettered items a), b), ... each carry their own responsible field has sub-measures
(18a, 18b). The conventions are data: data/profiles/layout.toml.

read (graph.read) -> parse (this package: outline, fields, records, metadata) -> extract.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from graph.errors import SourceError, warn
from graph.model import Chapter, Line, Measure, Plan, Report
from graph.parse.metadata import metadata
from graph.parse.outline import Block, outline
from graph.parse.records import attach_footnotes, records
from graph.profiles import detect_language, layout
from graph.read import read_bytes, read_lines
from graph.read.clean import clean
from graph.read.normalise import normalise
from graph.text import number_ranges


def parse_report(path: Path) -> Report:
    """Read and parse a status report file (text or PDF); raises SourceError with a one-line message
    where nothing usable is found and issues a SourceWarning for each recoverable problem."""
    path = Path(path)
    data = read_bytes(path)
    text = clean(normalise(read_lines(path, data)))
    chapters, blocks, repeated = outline(text.lines)
    if not blocks:
        tried = ", ".join(f"'{rule.examples[0]}'" for rule in layout().measures)
        raise SourceError(
            f"{path}: no measures found (tried measure headings like {tried}, each followed by a "
            "responsible or period field such as 'Ansvarlig: JD')"
        )
    measures = [record for block in blocks for record in records(block)]
    _check(path, chapters, blocks, repeated, measures, text.lines)
    attach_footnotes(measures, text.footnotes)
    first = min([blocks[0].heading[0].number, *(chapter.line for chapter in chapters)])
    front = [line for line in text.lines if line.number < first]
    about = metadata(text.headers, front, path.stem)
    report = Report(
        source=path.name,
        plan=Plan.named(about.plan_title, about.plan_period),
        chapters=chapters,
        measures=measures,
        hidden_links=text.hidden_links,
        kind=about.kind,
        date=about.date,
        title=about.title,
        language=detect_language(" ".join(line.text for line in text.lines)),
        pages=text.pages,
        abbreviations=abbreviation_lists(text.lines),
        checksum=hashlib.sha256(data).hexdigest(),
    )
    for measure in measures:
        measure.page = report.page_of(measure.span.start)
    return report


def abbreviation_lists(lines: list[Line]) -> list[tuple[str, str, int]]:
    """(abbreviation, name, line) of every entry of a list of abbreviations ("JD – Justis- og
    beredskapsdepartementet", three or more such lines in a row)."""
    conventions = layout()
    found, run = [], []
    for line in [*lines, Line(0, "")]:
        match = conventions.abbreviation.match(line.text) if line.text else None
        if match:
            run.append((match["abbr"], " ".join(match["name"].split()), line.number))
            continue
        if len(run) >= conventions.shortest_abbreviation_list:
            found.extend(run)
        run = []
    return found


def _check(
    path: Path,
    chapters: list[Chapter],
    blocks: list[Block],
    repeated: list[Block],
    measures: list[Measure],
    lines: list[Line],
) -> None:
    """Warn about what a damaged report shows: repeated or missing measure numbers, measures without
    a responsible field, and a text that ends inside a sentence."""
    first_at = {block.id: block.heading[0].number for block in blocks}
    for block in repeated:
        warn(
            path,
            f"measure number {block.id} is used again (first at line {first_at.get(block.id)}); "
            "this second measure is left out",
            block.heading[0].number,
        )
    found = {block.number for block in blocks if not block.prefix}
    for chapter in chapters:
        if chapter.first_measure is None or chapter.last_measure is None:
            continue
        missing = sorted(set(range(chapter.first_measure, chapter.last_measure + 1)) - found)
        if missing:
            announced = f"{chapter.first_measure}-{chapter.last_measure}"
            warn(
                path,
                f"chapter {chapter.number} announces measures {announced}; not found: {number_ranges(missing)}",
                chapter.line,
            )
    if (
        found
        and not any(chapter.first_measure for chapter in chapters)
        and (missing := sorted(set(range(1, max(found) + 1)) - found))
    ):
        warn(path, f"measure numbers are missing: {number_ranges(missing)}")
    parents = {measure.parent for measure in measures}
    for measure in measures:
        if measure.responsible_line is None and measure.id not in parents:
            warn(path, f"measure {measure.id} has no responsible field ('Ansvarlig:')", measure.span.start)
    last = next((line for line in reversed(lines) if line.text), None)
    if last and not re.search(r"[.!?:;»”\")]\s*$|^\S+://\S+$", last.text.strip()):
        warn(
            path,
            f"the text ends inside a sentence in measure {measures[-1].id}: is the report cut short?",
            last.number,
        )
