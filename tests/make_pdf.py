"""Make a PDF from a text report, laid out as the reports' PDFs are: a printed line per text line,
free lines for blank lines, and each page-bottom link list as the page's link annotations."""

import re
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian's fonts-dejavu-core
URL_LINE = re.compile(r"^https?://\S+$")
LINES_PER_PAGE = 60
PITCH = 12.0


def pdf_from_text(text: str, path: Path) -> None:
    """Write `text` as a PDF to `path` (Helvetica for Latin-1 text, else DejaVu Sans)."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(datetime(2018, 8, 1, tzinfo=UTC))  # the same file every time
    try:
        text.encode("latin-1")
        pdf.set_font("helvetica", size=9)
    except UnicodeEncodeError:
        pdf.add_font("dejavu", fname=str(DEJAVU))
        pdf.set_font("dejavu", size=9)
    for lines, links in _pages(text.split("\n")):
        pdf.add_page()
        for number, line in enumerate(lines):
            if line:
                pdf.text(40, 40 + number * PITCH, line)
        for number, url in enumerate(links):
            pdf.link(40, 790 + number, 100, 1, url)
    pdf.output(str(path))


def _pages(lines: list[str]) -> list[tuple[list[str], list[str]]]:
    """Pages of (lines, links): a page ends at a link list (after a blank line), or when full at a
    point where no blank line would stand at its end or at the next page's start."""
    pages, current, index = [], [], 0
    while index < len(lines):
        if URL_LINE.match(lines[index]) and current and current[-1] == "":
            end = index
            while end < len(lines) and URL_LINE.match(lines[end]):
                end += 1
            pages.append((current[:-1], lines[index:end]))
            current, index = [], end
            continue
        if len(current) >= LINES_PER_PAGE and current[-1] and lines[index]:
            pages.append((current, []))
            current = []
        current.append(lines[index])
        index += 1
    pages.append((current, []))
    return pages
