"""Typed model of a parsed status report: plan, chapters, measures and the lines they came from."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One kept line of the source file: its 1-based number there and its cleaned text (single
    spaced), and whether the source spaced it as a table row (a gap of three spaces or more)."""

    number: int
    text: str
    gapped: bool = False


@dataclass(frozen=True)
class Span:
    """An inclusive range of source line numbers."""

    start: int
    end: int


@dataclass(frozen=True)
class Period:
    """Implementation period ("Gjennomføring"), in whole years; no end year for "fra 2016"."""

    start: int
    end: int | None


@dataclass(frozen=True)
class Curation:
    """Who set a fact by hand, when and why: an entry of a corrections file (graph.corrections).
    A fact with a curation has rule "manual" and its line is the entry's line in that file."""

    file: str  # the corrections file's name, e.g. "corrections.toml"
    sha256: str  # of the corrections file
    entry: int  # 1-based number of the entry in the file
    who: str
    when: str  # ISO date
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.file} #{self.entry} ({self.who}, {self.when})"


@dataclass(frozen=True)
class Status:
    """A measure's status as one report states it: done, ongoing, not_started, delayed,
    continuous or cancelled (graph.vocabulary.STATUSES), as written, where, by which rule, and the
    date a "Status per <date>" gives (else the report's date applies)."""

    value: str
    label: str
    line: int
    rule: str
    date: str | None = None
    text: str = ""  # the line or sentence that states it
    curation: Curation | None = None  # set by hand (rule "manual")


@dataclass(frozen=True)
class Footnote:
    """A footnote printed at a page bottom, e.g. "1 jf. tiltak 23 a i ..."."""

    number: int
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class HiddenLink:
    """A URL from a page-bottom link list that the visible text does not show (a hyperlink)."""

    url: str
    line: int  # line of the link list entry
    anchor: int  # line of the visible text the link most likely belongs to


@dataclass
class Chapter:
    number: int
    title: str
    first_measure: int | None  # the range "(tiltak 1-8)" where the heading gives one
    last_measure: int | None
    line: int


@dataclass
class Measure:
    """One measure record ("tiltak"); lettered sub-measures such as 18a are records of their own."""

    id: str
    number: int
    parent: str | None
    title: str
    chapter: int | None  # None in a report without chapter headings
    description: str
    responsible: list[str]
    period: Period | None
    status_text: str  # the prose under the status field
    span: Span
    heading: list[Line] = field(default_factory=list)
    description_lines: list[Line] = field(default_factory=list)
    status_lines: list[Line] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    responsible_line: int | None = None
    responsible_text: str = ""  # the responsible field as written, e.g. "Ansvarlig: JD, AD"
    period_line: int | None = None
    period_text: str | None = None  # the period field as written, e.g. "Løpende"
    status: Status | None = None
    page: int | None = None  # the printed page of the heading, where the text shows it
    involved_lines: list[Line] = field(default_factory=list)  # the other bodies of an "Involverte:" field
    executor_lines: list[int] = field(
        default_factory=list
    )  # those of them named as executing ("Gjennomføres av:")

    @property
    def text_lines(self) -> list[Line]:
        """The measure's prose in reading order: title, description, status, then footnotes, each
        part a paragraph of its own (a blank line between)."""
        parts: list[list[Line]] = []
        if self.heading:
            first = self.heading[0]
            title = Line(first.number, re.sub(r"^\d{1,3}\.\s+", "", first.text))
            parts.append([title, *self.heading[1:]])
        parts += [self.involved_lines, self.description_lines, self.status_lines]
        parts += [list(note.lines) for note in self.footnotes]
        lines: list[Line] = []
        for part in parts:
            if part:
                if lines:
                    lines.append(Line(lines[-1].number, ""))
                lines.extend(part)
        return lines


@dataclass
class Plan:
    id: str
    title: str
    period: Period | None

    @classmethod
    def named(cls, title: str, period: Period | None) -> Plan:
        """The plan of a title and period; its id is their slug ("…-relasjoner-2014-2017")."""
        from graph.text import slug

        return cls(slug(f"{title} {period.start}-{period.end}" if period else title), title, period)


@dataclass
class Report:
    """A parsed status report: everything later steps need, with line provenance."""

    source: str  # file name of the source
    plan: Plan
    chapters: list[Chapter]
    measures: list[Measure]
    hidden_links: list[HiddenLink] = field(default_factory=list)
    kind: str = "status"  # "status" (an interim report) or "final"
    date: str | None = None  # ISO year-month (or year, or day) of the report, e.g. "2018-08"
    title: str = ""  # the report's own title as printed, e.g. "Statusrapport per juni 2017"
    language: str = "nb"  # "nb" (bokmål) or "nn" (nynorsk), detected
    pages: list[tuple[int, int, int]] = field(default_factory=list)  # (first line, last line, page)
    abbreviations: list[tuple[str, str, int]] = field(default_factory=list)  # (abbreviation, name, line)
    url: str = ""  # where it was published (from a corpus manifest)
    licence: str = ""  # the document's licence (from a corpus manifest)
    checksum: str = ""  # SHA-256 of the source file's bytes (hex)

    def page_of(self, line: int) -> int | None:
        """The printed page of a source line, where the text shows it."""
        at = bisect.bisect_right(self.pages, (line, float("inf"), 0)) - 1
        return self.pages[at][2] if at >= 0 and self.pages[at][0] <= line <= self.pages[at][1] else None

    def measure(self, measure_id: str) -> Measure:
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise KeyError(measure_id)


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    abbreviation: str = ""
    name_en: str = ""
    kind: str = "unknown"
    parent: str = ""
    aliases: tuple[str, ...] = ()
    known: bool = True  # False: found in the text, not in the gazetteer

    @property
    def label(self) -> str:
        """A short label: the abbreviation where there is one."""
        return self.abbreviation or self.name

    @property
    def forms(self) -> tuple[str, ...]:
        return tuple(form for form in (self.name, self.abbreviation, *self.aliases) if form)


@dataclass(frozen=True)
class Document:
    """Another plan, a white paper, a bill, a law (or a section of one), a regulation, a convention."""

    id: str
    name: str
    kind: str
    name_en: str = ""
    title: str = ""
    aliases: tuple[str, ...] = ()
    part_of: str = ""  # the law a section belongs to
    known: bool = True

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: a line of the source file, the sentence that states it, and the
    rule that read it there (an id of the profiles, e.g. "role.commissions.pa-oppdrag-fra")."""

    line: int
    text: str
    rule: str = ""
    curation: Curation | None = None  # a fact set by hand (rule "manual"): `line` is of the corrections file


@dataclass
class Involvement:
    """An organisation's role in a measure: responsible, commissions, executes, funds, evaluates,
    partner or mentioned."""

    measure: str
    actor: str  # organisation id
    role: str
    evidence: list[Evidence]


@dataclass
class Reference:
    """A reference from a measure to a measure of this plan (`plan` empty) or of another plan."""

    source: str
    target: str
    plan: str  # document id of the other plan, "" for this plan
    evidence: Evidence


@dataclass
class DocumentMention:
    measure: str
    document: str  # document id
    evidence: Evidence


@dataclass
class Publication:
    """A report, guideline, article or brochure named by title."""

    id: str
    title: str
    kind: str  # report | guideline | article | brochure
    measure: str
    publisher: str | None  # organisation id
    year: int | None
    url: str | None
    evidence: Evidence


@dataclass
class Amount:
    """An amount of money, normalised to whole kroner."""

    measure: str
    nok: int
    text: str
    year: int | None
    funder: str | None  # organisation ids
    recipient: str | None
    evidence: Evidence
    funder_basis: str = "unknown"  # stated (in the sentence), inherited (from the measure), unknown or manual


@dataclass
class Link:
    """A web address in a measure; `hidden` when only the page-bottom link list shows it."""

    measure: str
    url: str
    hidden: bool
    evidence: Evidence


@dataclass
class Extraction:
    """Everything extracted from a report, each fact with its evidence."""

    report: Report
    organisations: dict[str, Organisation]
    documents: dict[str, Document]
    involvements: list[Involvement] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    mentions: list[DocumentMention] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


class PlanIndex:
    """The plans of a graph (over all their reports) with their measure ids, found by plan id or by
    the id of a document another report names: "tiltak 12 i Handlingsplan mot vold i nære relasjoner
    (2014–2017)" is measure 12 of that plan when it is in the graph. Names match whatever their
    dashes, spacing and case; a name without its period matches a plan whose title is unique."""

    def __init__(self, extractions: list[Extraction]):
        self.measures: dict[str, set[str]] = {}
        titles: dict[str, set[str]] = {}
        for extraction in extractions:
            plan = extraction.report.plan
            self.measures.setdefault(plan.id, set()).update(m.id for m in extraction.report.measures)
            titles.setdefault(_name_key(plan.title), set()).add(plan.id)
        self.keys = {key: next(iter(ids)) for key, ids in titles.items() if len(ids) == 1}
        self.keys.update({_name_key(plan_id): plan_id for plan_id in self.measures})

    def plan(self, document_id: str) -> str | None:
        """The id of the plan in the graph that a document id names, if any."""
        return self.keys.get(_name_key(document_id))

    def measure(self, document_id: str, measure_id: str) -> str | None:
        """The plan id, where the document is a plan of the graph that has this measure."""
        plan = self.plan(document_id)
        return plan if plan and measure_id in self.measures[plan] else None


def _name_key(text: str) -> str:
    """A plan's name or id with only its letters and digits, folded ("…relasjoner-20142017" and
    "…relasjoner-2014-2017" are one key)."""
    from graph.text import slug

    return re.sub(r"[^a-z0-9]", "", slug(text))


def report_order(extraction: Extraction) -> tuple[str, str, str]:
    """The order of reports in a graph: by plan, then oldest first (by date, then file name); the
    last report of a plan is its latest, the one that says what is current."""
    report = extraction.report
    return (report.plan.id, report.date or "", report.source)


def latest_reports(extractions: list[Extraction]) -> dict[tuple[str, str], str]:
    """(plan, measure id) -> the source of the latest report that prints the measure."""
    latest: dict[tuple[str, str], str] = {}
    for extraction in sorted(extractions, key=report_order):
        for measure in extraction.report.measures:
            latest[(extraction.report.plan.id, measure.id)] = extraction.report.source
    return latest
