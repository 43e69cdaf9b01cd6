"""Words and URLs that the PDF broke at a line end, joined again; the second half of a token moves
up to the line where the token starts, so that line numbers stay those of the source.

A token is broken where a line ends in a hyphen glued to a word ("gjennom-" / "føring": the
document's own vocabulary decides between "gjennomføring" and a real hyphen, "EØS-samarbeidet"),
or in a URL that the next line goes on with ("…/utnyttelse-i-arbeids" / "livet.pdf"). This does
not depend on the trailing spaces some PDF tools leave at the end of running text (where there is
one, the line surely ended between words): a report whose lines were stripped of them reads the
same.
"""

from __future__ import annotations

import bisect
import re

from graph.model import Line
from graph.text import FUNCTION_WORDS

URL_START = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)
URL_PIECE = re.compile(r"^[\w\-.~%/?#=&+@:;,!]*(?:[/?=&%#_~+]|\.[a-zA-Z]{2,})[\w\-.~%/?#=&+@:;,!]*$")
PERCENT_CUT = re.compile(r"%[0-9A-Fa-f]?$")  # a percent-encoding broken at the line end
INCOMPLETE_URL = re.compile(r"[/=?&_\-%#~+]$")
TABLE_GAP = re.compile(r"\S(?: {3,}|\t)\s*\S")  # cells of a table row, spaced apart
GAP = re.compile(r"(?: {3,}|\t)\s*")
WORD = re.compile(r"[A-Za-zÆØÅæøåÉéüÜöÖäÄ]+")
HANGING = {"og", "eller", "samt", "til", "&", "and", "or"}  # "Helse- og": the hyphen stands for a word


class Vocabulary:
    """The lower-cased words of a document, leaving out the first halves of words broken at a line
    end (a last token ending in a hyphen)."""

    def __init__(self, texts):
        words: set[str] = set()
        for text in texts:
            tokens = text.split()
            if tokens and tokens[-1].endswith("-"):
                tokens = tokens[:-1]
            words.update(token.strip(".,;:()«»\"'").lower() for token in tokens)
        self.words = words
        self.sorted = sorted(words)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def has_prefix(self, prefix: str) -> bool:
        at = bisect.bisect_left(self.sorted, prefix)
        return at < len(self.sorted) and self.sorted[at].startswith(prefix)


class Prefixes:
    """URLs known from the page-bottom link lists, asked for prefixes in logarithmic time."""

    def __init__(self, urls):
        self.sorted = sorted(set(urls))
        self.exact = set(self.sorted)

    def __contains__(self, url: str) -> bool:
        return url in self.exact

    def __bool__(self) -> bool:
        return bool(self.sorted)

    def has_prefix(self, prefix: str) -> bool:
        """Whether some known URL starts with `prefix`."""
        at = bisect.bisect_left(self.sorted, prefix)
        return at < len(self.sorted) and self.sorted[at].startswith(prefix)


def trim_url(token: str) -> str:
    """A URL token without the sentence punctuation that follows it in running text."""
    return token.rstrip(".,;:)»\"'”")


def _spaced(text: str) -> str:
    """The line with single spaces, except that a table's gap between cells stays two spaces
    ("Ansvar        HOD" -> "Ansvar  HOD"), so that a label and its value in columns stay apart."""
    return "  ".join(" ".join(cell.split()) for cell in GAP.split(text.strip()))


def repair_breaks(kept: list[tuple[int, str]], known_urls: Prefixes) -> list[Line]:
    """Lines (number, text; "" a paragraph break) with the tokens broken at line ends joined."""
    vocabulary = Vocabulary(text for _, text in kept)
    lines: list[Line] = []
    carry = ""  # first half of a token broken at the end of the previous line
    for position, (number, text) in enumerate(kept):
        body = text.strip()
        following = kept[position + 1][1].strip() if position + 1 < len(kept) else ""
        # a space at the line's end (where a PDF tool keeps it) means the line ended between words
        ended = text.endswith((" ", "\t"))
        broken = bool(body) and bool(following) and not ended and _broken(body, following, known_urls)
        if carry:
            head, _, body = body.partition(" ")
            token = _join(carry, head, vocabulary, known_urls)
            carry = ""
            if not body.strip():
                if broken:
                    carry = token  # the token goes on over yet another line break
                else:
                    lines[-1] = Line(lines[-1].number, lines[-1].text + token)
                continue
            lines[-1] = Line(lines[-1].number, lines[-1].text + token)
        if broken:
            stem, _, carry = body.rpartition(" ")
            lines.append(Line(number, stem + " " if stem else ""))
        else:
            lines.append(Line(number, body))
    return [Line(line.number, _spaced(line.text), bool(TABLE_GAP.search(line.text))) for line in lines]


def _broken(body: str, following: str, known_urls: Prefixes) -> bool:
    """Whether the last token of a line goes on at the start of the next line."""
    last = body.split()[-1]
    first = following.split()[0]
    if URL_START.match(last):
        return _url_goes_on(last, first, known_urls)
    if not re.search(r"[\w/]-$", last) or first.lower() in HANGING:
        return False  # "–", "2015 -", or "Helse- og omsorgsdepartementet"
    return bool(WORD.match(first) or first[:1].isdigit())  # "gjennom-" / "føring", "(2015-" / "2017)"


def _url_goes_on(left: str, right: str, known_urls: Prefixes) -> bool:
    """Whether `right`, the first token of the next line, is the rest of the URL `left`."""
    if URL_START.match(right):
        return False
    if known_urls and (known_urls.has_prefix(left + trim_url(right)) or left + trim_url(right) in known_urls):
        return True
    if known_urls and trim_url(left) in known_urls:
        return False
    if PERCENT_CUT.search(left) and re.match(r"[0-9A-Fa-f]", right):
        return True
    continues = INCOMPLETE_URL.search(left) and (right[:1].islower() or right[:1].isdigit())
    return bool(continues) or bool(URL_PIECE.match(trim_url(right)))


def _join(left: str, right: str, vocabulary: Vocabulary, known_urls: Prefixes) -> str:
    """Join the two halves of a token broken at a line end."""
    if URL_START.match(left):
        return left + right
    stem = left[:-1]
    word = WORD.match(right)
    part = stem.split("/")[-1]
    if (
        not word
        or not right[:1].islower()
        or part.isupper()
        or not re.fullmatch(r"[a-zæøåéü]{2,}", part.lower())
    ):
        return left + right  # a real hyphen: "e-læring", "EØS-samarbeidet", "2015-2017", "/-krisesentre"
    hyphenated = f"{stem}-{word.group(0)}".lower()
    joined = f"{stem}{word.group(0)}".lower()
    if joined in vocabulary:
        return stem + right
    if stem.lower() in FUNCTION_WORDS:
        return left + right  # "sørge for-" / "ansvar": a hyphen after a whole word stays
    prefix = f"{stem.lower()}-"
    if hyphenated in vocabulary or vocabulary.has_prefix(prefix):
        return left + right
    return stem + right
