"""What the explorer draws for a node: its label ("18a · short title"), font size, node size, and the
box its shape and label take on the canvas, which the layout keeps apart.

Label widths are estimated from the advance widths of DejaVu Sans, the font the page asks for first
(Verdana, its fallback, has nearly the same metrics; both are wider than most sans-serif fonts, so
the estimate errs on the wide side). The browser test measures the drawn labels.
"""

from __future__ import annotations

import math

FONT_FACE = "DejaVu Sans, Verdana, Bitstream Vera Sans, sans-serif"
TITLE_LIMIT = 26  # characters of a title after a measure's id
LABEL_LIMIT = 22  # characters of any other label
LINE_HEIGHT = 1.2  # em per line of a label, as vis-network draws it (measured)
LABEL_GAP = 3  # pixels between a shape and its label below, as vis-network draws it
MARGIN = 3  # pixels kept free around every box

# Advance widths of DejaVu Sans Book in hundredths of an em, grouped by width.
_WIDTHS = {
    27: "'", 28: "ijlí", 29: "IJ", 32: " ,.·’‘", 34: "/:;\\|", 35: "f", 36: "-", 39: "()[]t", 40: "!",
    41: "r", 46: '"', 50: "*_`–§°", 52: "sz“”", 53: "?", 55: "cç", 56: "L", 58: "Fk", 59: "vxy",
    60: "P", 61: "TYaoøåöäáóô«»", 62: "eéèêë", 63: "ESbdghnpquüúñ", 64: "$0123456789{}€", 66: "K",
    68: "AVÅÄ", 69: "BRXZ", 70: "C", 73: "UÜ", 75: "HN", 77: "DG", 78: "&", 79: "OQØÖ", 82: "w",
    84: "#+<=>^~", 86: "M", 95: "%", 97: "mÆ½", 98: "æ", 99: "W", 100: "@—…",
}  # fmt: skip
WIDTH = {char: width / 100 for width, chars in _WIDTHS.items() for char in chars}
UNKNOWN_WIDTH = 1.0  # em, for a character not in the table


def text_width(text: str, font_size: float) -> float:
    """The estimated width in pixels of `text` drawn at `font_size`."""
    return font_size * sum(WIDTH.get(char, UNKNOWN_WIDTH) for char in text)


def shorten(text: str, limit: int) -> str:
    """`text` single-spaced and cut at a word boundary to at most `limit` characters, with "…"."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:-–") + "…"


def label(attrs: dict) -> str:
    """The label drawn on the canvas: "18a · short title" for a measure, "3 · title" for a chapter,
    an organisation's abbreviation (else its name), any other node's label, shortened."""
    kind = attrs.get("type")
    if kind == "measure" and attrs.get("title"):
        return f"{attrs.get('measure') or attrs.get('label')} · {shorten(attrs['title'], TITLE_LIMIT)}"
    if kind == "chapter" and attrs.get("title"):
        number = attrs.get("number")
        prefix = f"{number} · " if number is not None else ""
        return prefix + shorten(attrs["title"], LABEL_LIMIT)
    text = attrs.get("abbreviation") if kind == "organisation" else None
    return shorten(text or attrs.get("label") or attrs.get("title") or "", LABEL_LIMIT)


def node_size(attrs: dict, degree: int) -> float:
    """The radius of a node's shape: grows with its number of neighbours."""
    base = {"plan": 16, "chapter": 13}.get(attrs.get("type"), 6)
    return round(min(base + 2.0 * math.sqrt(degree), 28), 1)


def font_size(attrs: dict, degree: int) -> int:
    """Pixels: large for the plan, chapters, measures and ministries, whose labels show first when
    the whole graph is in view; small for publications, documents and sums, which show on zooming in."""
    kind = attrs.get("type")
    if kind in ("plan", "chapter"):
        return 26
    if kind == "measure" or (kind == "organisation" and attrs.get("kind") == "ministry"):
        return 13
    if kind == "organisation":
        return min(9 + round(math.sqrt(degree)), 13)
    return 9


def footprint(text: str, size: float, font: float) -> tuple[float, float, float, float]:
    """The box (left, top, right, bottom) that a node's shape of radius `size` and its label below
    take, in pixels relative to the node's centre, with a margin."""
    half = max(size, text_width(text, font) / 2) + MARGIN
    return (-half, -size - MARGIN, half, size + LABEL_GAP + font * LINE_HEIGHT + MARGIN)
