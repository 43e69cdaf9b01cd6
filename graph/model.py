"""Typed model of a parsed status report: plan, chapters, measures and the lines they came from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One kept line of the source file: its 1-based number there and its cleaned text."""

    number: int
    text: str


@dataclass(frozen=True)
class Span:
    """An inclusive range of source line numbers."""

    start: int
    end: int


@dataclass(frozen=True)
class Period:
    """Implementation period ("Gjennomføring"), in whole years."""

    start: int
    end: int


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
    first_measure: int
    last_measure: int
    line: int


@dataclass
class Measure:
    """One measure record ("tiltak"); lettered sub-measures such as 18a are records of their own."""

    id: str
    number: int
    letter: str | None
    parent: str | None
    title: str
    chapter: int
    description: str
    responsible: list[str]
    period: Period | None
    status: str
    span: Span
    heading: list[Line] = field(default_factory=list)
    description_lines: list[Line] = field(default_factory=list)
    status_lines: list[Line] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    responsible_line: int | None = None
    period_line: int | None = None

    @property
    def text_lines(self) -> list[Line]:
        """The measure's prose in reading order: heading, description, status, then footnotes."""
        notes = [line for note in self.footnotes for line in note.lines]
        return [*self.heading, *self.description_lines, *self.status_lines, *notes]


@dataclass
class Plan:
    id: str
    title: str
    period: Period | None
    report_date: str | None  # ISO year-month of the report, e.g. "2018-08"


@dataclass
class Report:
    """A parsed status report: everything later steps need, with line provenance."""

    source: str  # file name of the source
    plan: Plan
    chapters: list[Chapter]
    measures: list[Measure]
    hidden_links: list[HiddenLink] = field(default_factory=list)

    def measure(self, measure_id: str) -> Measure:
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise KeyError(measure_id)
