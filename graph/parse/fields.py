"""The fields of a measure — responsible, period, status — in every way the layout profile knows
them: "Label: value" on one line, "Label:" with the value below, or a table (the label alone on a
line, the value on the next)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from graph.model import Line, Period, Status
from graph.profiles import layout
from graph.read.clean import MONTHS

CODE = re.compile(r"\b[A-ZÆØÅ]{2,6}\b")
YEARS = re.compile(
    r"(?<!\d)(?P<start>(?:19|20)\d{2})(?:\s*(?:[-–/]|til|og)\s*(?P<end>(?:19|20)\d{2}))?(?!\d)"
)
OPEN_END = re.compile(r"^\s*(?:[-–]\s*$|og\s+(?:videre|utover|framover|fremover)|->)")
DATE = re.compile(
    rf"(?:(?P<day>\d{{1,2}})\.\s*)?(?P<month>{'|'.join(MONTHS)})\s+(?P<year>(?:19|20)\d{{2}})", re.IGNORECASE
)


@dataclass(frozen=True)
class FieldLine:
    """A line that holds a field: its name, the value written after the label (None when the
    value is on the lines below), and the date of a "Status per <date>:" label."""

    name: str
    value: str | None
    date: str | None = None


@cache
def _label_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every label ("Label[ per <date>]: value", "Status juni 2023: value", a
    two-column table's "Ansvar        JD, HOD" (its gap read as two spaces), or the label alone on its line), longest first, and
    the field of each label (case-folded, single-spaced)."""
    names = {
        " ".join(label.split()).casefold(): field.name for field in layout().fields for label in field.labels
    }
    labels = sorted(names, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in label.split()) for label in labels)
    month = "|".join(MONTHS)
    dated = (
        r"(?:\s+(?:per|pr\.?)\s+(?P<date>[^:]{1,40}?)|\s*\((?:(?:per|pr\.?)\s+)?(?P<bracketed>[^()]{1,40})\)"
        rf"|\s+(?P<month>(?:(?:\d{{1,2}}\.\s*)?(?:{month})\s+)?\d{{4}})(?=\s*:))?"
    )
    pattern = re.compile(
        rf"^(?P<label>{alternatives}){dated}\s*(?::\s*(?P<value>.*)|(?<=\S)\s{{2,}}(?P<spaced>\S.*)|(?P<bare>))$",
        re.IGNORECASE,
    )
    return pattern, names


@cache
def _inline_pattern() -> re.Pattern[str]:
    """A label with its colon inside a line, written as a label is (capitalised), after a space:
    where a table's cells or a terse report put several fields on one line."""
    labels = sorted({label for field in layout().fields for label in field.labels}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in label.split()) for label in labels)
    return re.compile(
        rf"(?<=\s)(?:{alternatives})(?:\s+(?:per|pr\.?)\s+[^:]{{1,40}}?|\s*\([^()]{{1,40}}\))?:"
    )


def split_fields(text: str) -> list[str]:
    """A line cut before each field that starts inside it: "Kurs for ansatte. Ansv.: HOD. Status:
    Pågår." gives "Kurs for ansatte.", "Ansv.: HOD.", "Status: Pågår."; fields in columns split by
    bars ("Ansvar: KUD | Frist: 2022 | Status: Pågår") are cut at the bars."""
    if ":" not in text:
        return [text]
    parts, start = [], 0
    for match in _inline_pattern().finditer(text):
        before = text[start : match.start()]
        # a cut after a sentence, a table's gap, a bar or another field; not inside prose
        if before.rstrip().endswith((".", ";", ")", "|")) or before.endswith("  ") or field_line(before):
            parts.append(before.strip().removesuffix("|").strip())
            start = match.start()
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def field_line(text: str) -> FieldLine | None:
    """The field a line opens, if any: "Ansvarlig: JD, AD", "STATUS:", "Status per 1. juni 2017:
    Forsinket", or a bare label ("Ansvarleg departement")."""
    stripped = text.strip()
    if not stripped or len(stripped) > 200:
        return None
    pattern, names = _label_pattern()
    match = pattern.match(stripped)
    date = match and (match["date"] or match["bracketed"] or match["month"])
    if not match or (match["bare"] is not None and date):
        return None  # "Status per juni" without a colon is prose
    written = match["value"] if match["value"] is not None else match["spaced"]
    value = written.strip() if written is not None else None
    name = names[" ".join(match["label"].split()).casefold()]
    return FieldLine(name, value or None, iso_date(date) if date else None)


def iso_date(text: str) -> str | None:
    """ "1. juni 2017" -> "2017-06-01", "juni 2017" -> "2017-06"; None if it is no date."""
    match = DATE.search(text)
    if not match:
        return None
    month = MONTHS.index(match["month"].lower()) + 1
    day = f"-{int(match['day']):02d}" if match["day"] else ""
    return f"{match['year']}-{month:02d}{day}"


def responsible_codes(value: str) -> list[str]:
    """The ministries of a responsible field as written: codes ("JD, AD, BLD"), else the names
    ("Justis- og beredskapsdepartementet og Helse- og omsorgsdepartementet")."""
    codes = CODE.findall(value)
    if codes:
        return codes
    parts = re.split(r"\s*[,;/]\s*|(?<!-)\s+og\s+", value.strip().rstrip("."))
    return [part for part in (part.strip() for part in parts) if part]


def period(value: str) -> Period | None:
    """Years of a period field: "2014-2017", "2016–2018", "2018", "fra 2016" and "2016-" (no end
    year yet); None for a word such as "Løpende"."""
    found = YEARS.search(value)
    if not found:
        return None
    start = int(found["start"])
    if found["end"]:
        return Period(start, int(found["end"]))
    before = value[: found.start()].strip().casefold()
    opened = any(before.endswith(word) for word in layout().period_from) or OPEN_END.match(
        value[found.end() :]
    )
    return Period(start, None if opened else start)


@cache
def _status_words() -> list[tuple[str, str]]:
    """(word, status) for every status word of the layout profile, longest first."""
    words = [(word, value) for value, words, _ in layout().statuses for word in words]
    return sorted(words, key=lambda item: -len(item[0]))


def status_value(text: str) -> tuple[str, str] | None:
    """(status, label as written) when `text` opens with a status word: "Gjennomført", "Ikke
    påbegynt", "Ferdig. Rapporten …"."""
    stripped = text.strip()
    folded = stripped.casefold()
    for word, value in _status_words():
        if folded.startswith(word) and not folded[len(word) : len(word) + 1].isalpha():
            return value, stripped[: len(word)]
    return None


def status_field(line: Line, field: FieldLine, following: Line | None) -> tuple[Status | None, bool]:
    """The status a status field states: from its value ("Status: Gjennomført") or, in a table,
    from the next line ("Status" / "Ferdig"); and whether that next line was the value."""
    if field.value is not None:
        found = status_value(field.value)
        if found:
            return Status(found[0], found[1], line.number, "field.status", field.date, line.text), False
        return None, False
    if following is not None and following.text and len(following.text.split()) <= 8:
        found = status_value(following.text)
        if found:
            written = f"{line.text.rstrip(': ')}: {following.text}"
            return Status(found[0], found[1], following.number, "field.status", field.date, written), True
    return None, False
