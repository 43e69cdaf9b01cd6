"""Read the text of a PDF report in the layout of the text reports (see graph.read.clean): a line per
printed line, as the PDF writes it (running text keeps the space at its end), a blank line where the
print leaves a line free, and after each page's text a blank line and the page's hyperlinks, one per
line. Line numbers of facts from a PDF refer to these lines (`tiltaksgraf text REPORT.pdf`)."""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from graph.errors import SourceError, warn


@dataclass
class _Run:
    """A piece of text drawn at a point of the page."""

    x: float
    y: float
    size: float
    text: str


def pdf_lines(path: Path, data: bytes) -> list[str]:
    """The lines of the PDF's pages; SourceError for a PDF that cannot be read or has no text. A PDF
    encrypted with an empty user password (one that restricts printing or copying) is read."""
    from pypdf import PasswordType, PdfReader

    with _pypdf_messages() as messages:
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise SourceError(f"{path}: the PDF is encrypted with a password")
            pages = [(_rows(page), _links(page)) for page in reader.pages]
        except SourceError:
            raise
        except Exception as error:  # pypdf raises many kinds of errors on damaged files
            reason = _first_line(str(error)) or error.__class__.__name__
            raise SourceError(f"{path}: not a readable PDF ({reason})") from None
    if messages:
        count = f"{len(messages)} problem{'s' if len(messages) > 1 else ''}"
        warn(path, f"a damaged PDF: pypdf worked around {count} ({messages[0]}); the text may be incomplete")
    if not any(run.text.strip() for rows, _ in pages for _, row in rows for run in row):
        raise SourceError(f"{path}: the PDF has no text (a scanned image?)")
    # The print stands on a grid: the line pitch most used, from the highest first line of a page.
    steps = Counter(round(a[0] - b[0], 1) for rows, _ in pages for a, b in pairwise(rows))
    pitch = min(steps, key=lambda step: (-steps[step], step)) if steps else 0.0
    top = max((rows[0][0] for rows, _ in pages if rows), default=0.0)
    lines: list[str] = []
    for rows, links in pages:
        lines.extend(_page_lines(rows, top, pitch))
        if links:
            lines.extend(["", *links])
    return lines


@contextlib.contextmanager
def _pypdf_messages():
    """Collect what pypdf logs or warns while the block runs, instead of letting it reach stderr."""
    messages: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: messages.append(_first_line(record.getMessage()))
    logger = logging.getLogger("pypdf")
    propagate, logger.propagate = logger.propagate, False
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
        messages.extend(_first_line(str(item.message)) for item in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:120]


def _rows(page) -> list[tuple[float, list[_Run]]]:
    """The page's text runs grouped into rows of equal height, from the top of the page down."""
    runs: list[_Run] = []

    def visit(text, cm, tm, _font, size) -> None:
        # the point where the text starts: the text matrix in the current transformation matrix
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        height = abs(size * (tm[3] * cm[3] or 1)) or 10.0
        for offset, piece in enumerate(text.split("\n")):
            if piece:
                runs.append(_Run(x, y - offset * height, height, piece))

    page.extract_text(visitor_text=visit)
    rows: list[tuple[float, list[_Run]]] = []
    for run in sorted(runs, key=lambda run: -run.y):
        if rows and abs(rows[-1][0] - run.y) <= 0.4 * run.size:
            rows[-1][1].append(run)
        else:
            rows.append((run.y, [run]))
    return rows


def _page_lines(rows: list[tuple[float, list[_Run]]], top: float, pitch: float) -> list[str]:
    """A line per row, and a blank line for each free line of the grid above or between rows."""
    lines: list[str] = []
    above = top + pitch
    for y, row in rows:
        if pitch > 0:
            lines.extend([""] * max(0, round((above - y) / pitch) - 1))
        lines.append("".join(run.text for run in sorted(row, key=lambda run: run.x)))
        above = y
    return lines


def _links(page) -> list[str]:
    """The URIs of the page's link annotations, in the order of the page."""
    found = []
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        action = annotation.get("/A")
        if annotation.get("/Subtype") == "/Link" and action and "/URI" in action.get_object():
            found.append(str(action.get_object()["/URI"]))
    return found
