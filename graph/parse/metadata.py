"""What a report says about itself: the plan's title and period, the report's kind (an interim status
report or the final report), its date and its title, from the running header or the title page —
never from the file name, which is only the last resort for a plan's title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.model import Line, Period
from graph.parse.fields import DATE, iso_date
from graph.profiles import layout
from graph.read.clean import RUNNING_HEADER

PLAN_PERIOD = re.compile(r"\(?\s*(?P<start>(?:19|20)\d{2})\s*[-–]\s*(?P<end>(?:19|20)\d{2})\s*\)?")
TITLE_PAGE = 15  # non-blank lines at the top where a title page stands


@dataclass
class Metadata:
    plan_title: str
    plan_period: Period | None
    kind: str  # "status" or "final"
    date: str | None
    title: str  # the report's own title as printed ("Statusrapport per juni 2017")


def metadata(headers: list[str], front: list[Line], fallback_title: str) -> Metadata:
    """The metadata from the running headers (the first that names the plan) or else the title
    page: the lines before the first chapter or measure (`front`)."""
    for header in headers:
        if match := RUNNING_HEADER.match(header):
            label = header[match.start("label") :].strip()
            date = (
                f"{int(match['year']):04d}"
                if not match["month"]
                else iso_date(header[match.start("month") :])
            )
            return Metadata(
                plan_title=" ".join(match["title"].split()),
                plan_period=Period(int(match["start"]), int(match["end"])),
                kind=_kind(label) or _kind(" ".join(line.text for line in front[:TITLE_PAGE])) or "status",
                date=date,
                title=label,
            )
    top = [line.text for line in front if line.text][:TITLE_PAGE]
    title, period = _plan(top, fallback_title)
    report = next((text for text in top if _kind(text)), "")
    date = next((iso_date(text) for text in top if DATE.search(text)), None)
    if date is None:
        date = next(
            (
                match.group(0)
                for text in top
                if (match := re.search(r"\b(?:19|20)\d{2}\b", text)) and text != top[0]
            ),
            None,
        )
    return Metadata(title, period, _kind(" ".join(top)) or "status", date, report.strip())


def _kind(text: str) -> str | None:
    """ "final" or "status" by the words of a title ("Sluttrapport", "Statusrapport per juni")."""
    folded = text.casefold()
    if any(word in folded for word in layout().final_words):
        return "final"
    if any(word in folded for word in layout().status_words):
        return "status"
    return None


def _plan(top: list[str], fallback: str) -> tuple[str, Period | None]:
    """The plan's title and period from the title page: the first line that opens with a plan word
    ("Handlingsplan mot …", "Tiltaksplan for …"), its period in brackets or on the next line."""
    words = tuple(word.casefold() for word in layout().plan_words)
    for position, text in enumerate(top):
        if not text.split() or text.split()[0].casefold() not in words:
            continue
        found = PLAN_PERIOD.search(text)
        if not found and position + 1 < len(top):
            found = PLAN_PERIOD.search(top[position + 1])
        title = (
            PLAN_PERIOD.sub("", text).strip(" –-:,") if found and PLAN_PERIOD.search(text) else text.strip()
        )
        period = Period(int(found["start"]), int(found["end"])) if found else None
        return " ".join(title.split()), period
    return fallback, None
