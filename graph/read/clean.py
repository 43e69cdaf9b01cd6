"""Take the page furniture out of a report's lines, keeping original line numbers and the pages.

The text comes from a PDF. A page may begin with a form feed, a running header ("Title
(2014-2017) Sluttrapportering august 2018") and a page number, and end with a list of the page's
links (whole URLs, one per line), footnotes under a rule, and a page number ("12", "Side 12",
"- 12 -"); a running header may carry the page number where no form feed marks the pages, and
the entries of a table of contents ("Del I Forebygging ..... 3") are no text. What is kept is a list of `Line`s whose numbers are those of the original file, the
footnotes and hidden links aside, and the printed page of every line where the text shows it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote

from graph.model import Footnote, HiddenLink, Line
from graph.read.breaks import URL_START, Prefixes, repair_breaks, trim_url
from graph.read.normalise import Normalised

MONTHS = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]

LINK_LINE = re.compile(r"^(?:https?|ftp|file)://\S+$")
RUNNING_HEADER = re.compile(
    r"^\s*(?P<title>[A-ZÆØÅ][^()]+?)\s*\((?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})\)\s+"
    r"(?P<label>[A-ZÆØÅa-zæøå]+)\s+(?:(?:per|pr\.?)\s+)?(?:(?P<month>" + "|".join(MONTHS) + r")\s+)?"
    r"(?P<year>\d{4})\s*$",
    re.IGNORECASE,
)
PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:side|s\.|page)\s*)?(?P<number>\d{1,4})(?:\s*(?:av|/|of)\s*\d{1,4})?\s*$|^\s*[-–]\s*(?P<dashed>\d{1,4})\s*[-–]\s*$",
    re.IGNORECASE,
)
NUMBERED_HEADER = re.compile(
    r"^\s*(?P<text>\S.*?\S)(?:\s{3,}|\s+[-–|]\s+|\s+(?=side\s))(?:(?:side|s\.|page)\s*)?(?P<number>\d{1,4})\s*$",
    re.IGNORECASE,
)
CONTENTS_LINE = re.compile(r"^\s*\S.*?(?:\s?[.…·]){4,}\s*\d{1,4}\s*$")  # "Del I Forebygging ..... 3"
FOOTNOTE_RULE = re.compile(r"^(?: {10,}|\s*[_—–-]{8,}\s*)$")
FOOTNOTE_START = re.compile(r"^(?P<number>\d{1,2}) (?P<text>\S.*)$")
SENTENCE_END = re.compile(r"[.!?]$")
LINK_TEXT = re.compile(r"\b(?:tilgjengelig|lastes\s+ned|finner\s+du|se)\s+her\s*[.:]?\s*$")
PAGE_EDGE = 3  # non-blank lines from a page's top or bottom where a page number may stand


@dataclass
class CleanText:
    """The kept lines of a source file (blank `Line`s mark paragraph breaks), its page furniture, and
    the printed page of each line (where known)."""

    lines: list[Line]
    footnotes: list[tuple[Footnote, int | None]] = field(default_factory=list)  # (note, marker line)
    hidden_links: list[HiddenLink] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # the running headers, as printed
    pages: list[tuple[int, int, int]] = field(default_factory=list)  # (first line, last line, page)


def url_key(url: str) -> str:
    """A comparison key for URLs: no scheme, no www., no trailing slash, decoded, lower case."""
    key = unquote(url).lower().strip().rstrip(".,;:)»/")
    key = re.sub(r"^(?:https?|ftp)://", "", key)
    return key.removeprefix("www.")


def clean(text: Normalised) -> CleanText:
    """Remove page furniture, keep footnotes and hidden links aside, repair broken words and URLs."""
    raw = text.lines
    feeds = set(text.page_starts)
    header_lines = _repeated_headers(raw, text.page_starts)
    numbered_headers = _numbered_headers(raw)
    kept: list[tuple[int, str]] = []  # (line number, raw text); "" marks a paragraph break
    footnotes: list[tuple[int, Footnote]] = []  # (page index, note)
    link_lists: list[tuple[int, list[tuple[int, str]]]] = []  # (page index, [(line, url)])
    page_starts: list[int] = [1]  # source line number where each page's kept text begins
    numbers: dict[int, int] = {}  # page index -> printed page number
    headers: list[str] = []

    kept_on_page = False  # whether the current page holds kept text yet
    page_ended = False  # page-bottom furniture (links, footnotes) closed the current page

    def start_page(line_number: int) -> None:
        nonlocal kept_on_page, page_ended
        if kept_on_page:
            page_starts.append(line_number)
        else:  # nothing kept since the last start: the page starts here instead
            page_starts[-1] = line_number
        kept_on_page = page_ended = False

    index = 0
    pending_break = False  # furniture was removed: decide later whether a paragraph ended there
    while index < len(raw):
        line = raw[index]
        if index in feeds:
            start_page(index + 1)
            pending_break = True
        if (block := _link_list(raw, index, feeds)) is not None:
            link_lists.append((len(page_starts) - 1, block))
            index += len(block)
            pending_break = page_ended = True
            continue
        notes = (
            _footnotes(raw, index + 1) if FOOTNOTE_RULE.match(line) else _unruled_footnotes(raw, index, feeds)
        )
        if notes:
            for note, _ in notes:
                footnotes.append((len(page_starts) - 1, note))
            index = notes[-1][1]
            pending_break = page_ended = True
            continue
        if RUNNING_HEADER.match(line) or index in header_lines or index in numbered_headers:
            headers.append(" ".join(line.split()))
            if index not in feeds:
                start_page(index + 1)
            if index in numbered_headers:
                numbers[len(page_starts) - 1] = numbered_headers[index]
            index += 1
            while (
                index < len(raw)
                and index not in feeds
                and (not raw[index].strip() or PAGE_NUMBER.match(raw[index]))
            ):
                if number := _page_number(raw[index]):
                    numbers[len(page_starts) - 1] = number
                index += 1
            pending_break = True
            continue
        if CONTENTS_LINE.match(line):  # an entry of the table of contents
            index += 1
            pending_break = True
            continue
        if (number := _page_number(line)) and _at_page_edge(raw, index, feeds):
            numbers[len(page_starts) - 1] = number
            index += 1
            pending_break = True
            continue
        if not line.strip():
            if kept and kept[-1][1] != "":
                kept.append((index + 1, ""))
            index += 1
            continue
        if pending_break:
            _settle_break(kept, line)
            pending_break = False
        if page_ended:
            start_page(index + 1)
        kept.append((index + 1, line))
        kept_on_page = True
        index += 1

    lines = repair_breaks(kept, Prefixes(url for _, block in link_lists for _, url in block))
    page_ranges = [
        (first, nxt - 1) for first, nxt in zip(page_starts, [*page_starts[1:], len(raw) + 1], strict=True)
    ]
    numbers_of = [line.number for line in lines]
    notes = [
        (note, _remove_marker(lines, numbers_of, page_ranges[page], note.number)) for page, note in footnotes
    ]
    hidden = _hidden_links(lines, numbers_of, link_lists, page_ranges)
    while lines and not lines[-1].text:
        lines.pop()
    pages = _printed_pages(page_ranges, numbers, bool(feeds), [line.number for line in lines if line.text])
    return CleanText(lines=lines, footnotes=notes, hidden_links=hidden, headers=headers, pages=pages)


def _repeated_headers(raw: list[str], page_starts: list[int]) -> set[int]:
    """Lines that open two or more pages (after a form feed) with the same words (digits aside):
    a running header not in the form of RUNNING_HEADER."""
    firsts = []
    for start in page_starts:
        index = start
        while index < len(raw) and not raw[index].strip():
            index += 1
        if index < len(raw) and not PAGE_NUMBER.match(raw[index]):
            firsts.append(index)
    key = {index: re.sub(r"\d+", "#", " ".join(raw[index].split())) for index in firsts}
    counts = Counter(key.values())
    return {index for index, text in key.items() if counts[text] >= 2}


def _numbered_headers(raw: list[str]) -> dict[int, int]:
    """Running headers that carry the page number where no form feed marks the pages ("Ingen å
    miste – statusrapport 2022      side 3"): lines of the same words (the number aside) printed
    two or more times, with the numbers rising. Line index -> page number."""
    found: dict[str, list[tuple[int, int]]] = {}
    for index, line in enumerate(raw):
        if len(line) < 200 and (match := NUMBERED_HEADER.match(line)):
            key = re.sub(r"\d+", "#", " ".join(match["text"].split())).casefold()
            found.setdefault(key, []).append((index, int(match["number"])))
    headers = {}
    for key, places in found.items():
        numbers = [number for _, number in places]
        if len(places) >= 2 and len(key.split()) >= 2 and numbers == sorted(set(numbers)):
            headers.update(places)
    return headers


def _page_number(line: str) -> int | None:
    match = PAGE_NUMBER.match(line)
    return int(match["number"] or match["dashed"]) if match else None


def _at_page_edge(raw: list[str], index: int, feeds: set[int]) -> bool:
    """Whether a line stands among the first or last few non-blank lines of a page: pages begin at
    form feeds, and the text's end closes the last."""
    seen, probe = 0, index
    while probe > 0 and probe not in feeds and seen < PAGE_EDGE:  # up to the page's top
        probe -= 1
        seen += bool(raw[probe].strip())
    if probe in feeds and feeds:
        return True
    seen, probe = 0, index + 1
    while probe < len(raw) and probe not in feeds and seen < PAGE_EDGE:  # down to the page's bottom
        seen += bool(raw[probe].strip())
        probe += 1
    return probe == len(raw) or probe in feeds


def _printed_pages(
    ranges: list[tuple[int, int]], numbers: dict[int, int], whole_pages: bool, kept: list[int]
) -> list[tuple[int, int, int]]:
    """(first line, last line, page) of each stretch of the text whose page is known: the number
    printed on it, or — where form feeds mark every page — one counted from the numbered pages
    (or from 1 where no page is numbered)."""
    if whole_pages:
        offsets = Counter(number - index for index, number in numbers.items())
        offset = offsets.most_common(1)[0][0] if offsets else 1
        numbers = {index: numbers.get(index, index + offset) for index in range(len(ranges))}
    pages = []
    for index, (first, last) in enumerate(ranges):
        held = _lines_of(kept, (first, last))
        if index in numbers and numbers[index] > 0 and held:
            pages.append((first, kept[held[-1]], numbers[index]))  # up to its last line of text
    return pages


def _link_list(raw: list[str], index: int, feeds: set[int]) -> list[tuple[int, str]] | None:
    """The page-bottom link list starting at `index`, if one does.

    It is a run of bare URL lines after a blank line (or a footnote), followed by the next page:
    the end of the file, a form feed, a running header, a page number, or a line indented by the
    PDF's page start.
    """
    if not LINK_LINE.match(raw[index].rstrip()):
        return None
    if index > 0 and raw[index - 1].strip() and not _after_footnote(raw, index):
        return None
    end = index
    while end < len(raw) and LINK_LINE.match(raw[end].rstrip()) and (end == index or end not in feeds):
        end += 1
    following = end
    while following < len(raw) and following not in feeds and not raw[following].strip():
        following += 1
    if following < len(raw) and following not in feeds:
        nxt = raw[following]
        if not (RUNNING_HEADER.match(nxt) or PAGE_NUMBER.match(nxt) or re.match(r"^ \S", nxt)):
            return None
    return [(number + 1, raw[number].rstrip()) for number in range(index, end)]


def _after_footnote(raw: list[str], index: int) -> bool:
    """Whether the line before `index` ends a footnote block."""
    probe = index - 1
    while probe >= 0 and index - probe < 40 and raw[probe].strip() and not FOOTNOTE_RULE.match(raw[probe]):
        probe -= 1
    return probe >= 0 and bool(FOOTNOTE_RULE.match(raw[probe]))


def _footnotes(raw: list[str], index: int) -> list[tuple[Footnote, int]]:
    """Footnotes starting at `index` (just under the rule), each with the index after it."""
    notes: list[tuple[Footnote, int]] = []
    while index < len(raw) and (match := FOOTNOTE_START.match(raw[index])):
        lines = [Line(index + 1, match["text"].strip())]
        index += 1
        while index < len(raw) and raw[index].strip() and not FOOTNOTE_START.match(raw[index]):
            if LINK_LINE.match(raw[index].rstrip()) or PAGE_NUMBER.match(raw[index]):
                break
            lines.append(Line(index + 1, raw[index].strip()))
            index += 1
        notes.append((Footnote(int(match["number"]), tuple(_join_note(lines))), index))
    if notes:
        while notes and notes[-1][1] < len(raw) and not raw[notes[-1][1]].strip():
            notes[-1] = (notes[-1][0], notes[-1][1] + 1)
    return notes


def _unruled_footnotes(raw: list[str], index: int, feeds: set[int]) -> list[tuple[Footnote, int]]:
    """Footnotes whose rule was lost (a blank line where the PDF drew it, once trailing spaces are
    stripped): a paragraph "1 text" after a blank line, closing the page (the next page, or the
    page's link list, follows), whose marker ("… i 2016.1") stands in the text just above."""
    if not (index > 0 and not raw[index - 1].strip() and FOOTNOTE_START.match(raw[index])):
        return []
    notes = _footnotes(raw, index)
    if not notes:
        return []
    after = notes[-1][1]
    closes = (
        after >= len(raw)
        or after in feeds
        or bool(
            LINK_LINE.match(raw[after].rstrip())
            or RUNNING_HEADER.match(raw[after])
            or re.match(r"^ \S", raw[after])
        )
    )
    marker = re.compile(rf"(?<=[.,;:)»a-zæøå]){notes[0][0].number}(?=\s|$)")
    above = raw[max(0, index - 60) : index]
    return notes if closes and any(marker.search(line.rstrip()) for line in above) else []


def _join_note(lines: list[Line]) -> list[Line]:
    repaired = repair_breaks([(line.number, line.text + " ") for line in lines], Prefixes([]))
    return [line for line in repaired if line.text]


def _settle_break(kept: list[tuple[int, str]], next_text: str) -> None:
    """After removed page furniture: keep a paragraph break only where a sentence ended."""
    while kept and kept[-1][1] == "":
        kept.pop()
    if not kept:
        return
    previous = kept[-1][1].rstrip()
    following = next_text.strip()
    if SENTENCE_END.search(previous) and following[:1].isupper():
        kept.append((kept[-1][0], ""))


def _lines_of(numbers: list[int], page: tuple[int, int]) -> range:
    """The positions of the lines of a page, given the (ascending) numbers of the kept lines."""
    return range(bisect.bisect_left(numbers, page[0]), bisect.bisect_right(numbers, page[1]))


def _remove_marker(lines: list[Line], numbers: list[int], page: tuple[int, int], number: int) -> int | None:
    """Strip a footnote's marker (e.g. the "1" in "i 2016.1") from its page; return its line."""
    marker = re.compile(rf"(?<=[.,;:)»a-zæøå]){number}(?=\s|$)")
    for position in _lines_of(numbers, page):
        line = lines[position]
        if marker.search(line.text):
            lines[position] = Line(line.number, marker.sub("", line.text, count=1))
            return line.number
    return None


def _hidden_links(
    lines: list[Line],
    numbers: list[int],
    link_lists: list[tuple[int, list[tuple[int, str]]]],
    pages: list[tuple[int, int]],
) -> list[HiddenLink]:
    """Links listed at a page bottom whose address the visible text never shows."""
    visible = {
        url_key(trim_url(token)) for line in lines for token in line.text.split() if URL_START.match(token)
    }
    hidden: list[HiddenLink] = []
    seen: set[str] = set()
    for page, block in link_lists:
        for number, url in block:
            key = url_key(url)
            if url.startswith("file:") or key in seen or _shown(key, visible):
                continue
            seen.add(key)
            hidden.append(HiddenLink(url=url, line=number, anchor=_anchor(lines, numbers, pages[page], url)))
    return hidden


def _shown(key: str, visible: set[str]) -> bool:
    """Whether the text shows this address; list entries may carry a stray character or two."""
    return any(key[: len(key) - cut] in visible for cut in range(3))


def _anchor(lines: list[Line], numbers: list[int], page: tuple[int, int], url: str) -> int:
    """The line of the page whose words best match the URL's path (its likely link text)."""
    words = {w for w in re.split(r"[^a-zæøå0-9]+", unquote(url).lower()) if len(w) >= 4}
    words -= {"http", "https", "www", "html", "aspx", "global", "content", "uploads"}
    best, best_score = None, 0
    page_lines = [lines[position] for position in _lines_of(numbers, page) if lines[position].text]
    for line in page_lines:
        text_words = set(re.split(r"[^a-zæøå0-9]+", line.text.lower()))
        score = len(words & text_words)
        if LINK_TEXT.search(line.text) and not URL_START.search(line.text.split()[-1]):
            score += 2  # "... er tilgjengelig her." carries a link
        if score and score >= best_score:
            best, best_score = line.number, score
    if best is not None:
        return best
    return page_lines[-1].number if page_lines else page[0]
