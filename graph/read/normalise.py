"""Turn the typography of PDF tools into what the rules expect, line by line, without moving a line.

Unicode spaces (no-break, narrow no-break, thin, figure …) become spaces, tabs too; soft hyphens,
zero-width characters and byte-order marks go (a soft hyphen ending a line becomes a hyphen: the
word is broken there); ligatures are spelt out (ﬁ → fi); the many dashes
become "-" (hyphens) or "–" (dashes). Quotes stay as they are: the rules read « », “ ”, ’ and '
alike (titles, genitives), and evidence quotes them as printed. A form feed starts a new page: it is taken out of its line and
the line's index is recorded as a page start. Trailing spaces are kept, for they tell where the
PDF ended a line of running text (graph.read.clean).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SPACES = dict.fromkeys(
    map(
        ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\v"
    ),
    " ",
)
REMOVED = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
LIGATURES = {
    ord("ﬀ"): "ff",
    ord("ﬁ"): "fi",
    ord("ﬂ"): "fl",
    ord("ﬃ"): "ffi",
    ord("ﬄ"): "ffl",
    ord("ﬅ"): "st",
    ord("ﬆ"): "st",
}
DASHES = {
    **dict.fromkeys(map(ord, "\u2010\u2011"), "-"),
    **dict.fromkeys(map(ord, "\u2012\u2013\u2014\u2015\u2212"), "–"),
}
TABLE = str.maketrans({**SPACES, **REMOVED, **LIGATURES, **DASHES})


@dataclass
class Normalised:
    """The lines of a report, normalised, and the indexes of the lines where a new page begins (by
    a form feed)."""

    lines: list[str]
    page_starts: list[int] = field(default_factory=list)


def normalise(lines: list[str]) -> Normalised:
    result = Normalised([])
    for index, line in enumerate(lines):
        if "\f" in line:
            result.page_starts.append(index)
            line = line.replace("\f", "")
        body = line.rstrip(" \t")
        if body.endswith("\u00ad"):  # a word broken at the line end by a soft hyphen
            line = body[:-1] + "-" + line[len(body) :]
        result.lines.append(line.translate(TABLE))
    return result
