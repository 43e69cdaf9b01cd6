"""Clean the PDF artefacts out of a report's lines, keeping original line numbers.

The text comes from a PDF. Each page bottom may carry a list of the page's links (whole URLs,
one per line), footnotes under a long blank rule, and a running header with the page number.
Lines of running text end with a space; a line that ends without one was broken inside a word or
a URL. What is kept is a list of `Line`s whose numbers are those of the original file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from graph.model import Footnote, HiddenLink, Line

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
URL_START = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)
RUNNING_HEADER = re.compile(
    r"^\s*(?P<title>[A-ZÆØÅ][^()]+?)\s*\((?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})\)\s+"
    r"(?P<label>[A-ZÆØÅa-zæøå]+)\s+(?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>\d{4})\s*$",
    re.IGNORECASE,
)
PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
FOOTNOTE_RULE = re.compile(r"^ {10,}$")
FOOTNOTE_START = re.compile(r"^(?P<number>\d{1,2}) (?P<text>\S.*)$")
SENTENCE_END = re.compile(r"[.!?]$")
LINK_TEXT = re.compile(r"\b(?:tilgjengelig|lastes\s+ned|finner\s+du|se)\s+her\s*[.:]?\s*$")


@dataclass(frozen=True)
class RunningHeader:
    title: str
    start: int
    end: int
    report_date: str  # "YYYY-MM"


@dataclass
class CleanText:
    """The kept lines of a source file (blank `Line`s mark paragraph breaks) and its page furniture."""

    lines: list[Line]
    footnotes: list[tuple[Footnote, int | None]] = field(default_factory=list)  # (note, marker line)
    hidden_links: list[HiddenLink] = field(default_factory=list)
    header: RunningHeader | None = None


def url_key(url: str) -> str:
    """A comparison key for URLs: no scheme, no www., no trailing slash, decoded, lower case."""
    key = unquote(url).lower().strip().rstrip(".,;:)»/")
    key = re.sub(r"^(?:https?|ftp)://", "", key)
    return key.removeprefix("www.")


def trim_url(token: str) -> str:
    """A URL token without the sentence punctuation that follows it in running text."""
    return token.rstrip(".,;:)»\"'”")


def clean(raw: list[str]) -> CleanText:
    """Remove page furniture, keep footnotes and hidden links aside, repair broken words and URLs."""
    kept: list[tuple[int, str]] = []  # (line number, raw text); "" marks a paragraph break
    footnotes: list[tuple[int, Footnote]] = []  # (page index, note)
    link_lists: list[tuple[int, list[tuple[int, str]]]] = []  # (page index, [(line, url)])
    page_starts: list[int] = [1]  # source line number where each page's kept text begins
    header: RunningHeader | None = None

    index = 0
    pending_break = False  # furniture was removed: decide later whether a paragraph ended there
    while index < len(raw):
        text = raw[index]
        if (block := _link_list(raw, index)) is not None:
            link_lists.append((len(page_starts) - 1, block))
            index += len(block)
            pending_break = True
            continue
        if FOOTNOTE_RULE.match(text) and (notes := _footnotes(raw, index + 1)):
            for note, _ in notes:
                footnotes.append((len(page_starts) - 1, note))
            index = notes[-1][1]
            pending_break = True
            continue
        if match := RUNNING_HEADER.match(text):
            if header is None:
                header = _header(match)
            index += 1
            while index < len(raw) and (not raw[index].strip() or PAGE_NUMBER.match(raw[index])):
                index += 1
            pending_break = True
            continue
        if not text.strip():
            if kept and kept[-1][1] != "":
                kept.append((index + 1, ""))
            index += 1
            continue
        if pending_break:
            _settle_break(kept, text)
            page_starts.append(index + 1)
            pending_break = False
        kept.append((index + 1, text))
        index += 1

    lines = _repair_breaks(kept, {url for _, block in link_lists for _, url in block})
    page_ranges = [
        (first, nxt - 1) for first, nxt in zip(page_starts, [*page_starts[1:], len(raw) + 1], strict=True)
    ]
    notes = [(note, _remove_marker(lines, page_ranges[page], note.number)) for page, note in footnotes]
    hidden = _hidden_links(lines, link_lists, page_ranges)
    while lines and not lines[-1].text:
        lines.pop()
    return CleanText(lines=lines, footnotes=notes, hidden_links=hidden, header=header)


def _link_list(raw: list[str], index: int) -> list[tuple[int, str]] | None:
    """The page-bottom link list starting at `index`, if one does.

    It is a run of bare URL lines after a blank line (or a footnote), followed by the next page:
    the end of the file, a running header, or a line indented by the PDF's page start.
    """
    if not LINK_LINE.match(raw[index]):
        return None
    if index > 0 and raw[index - 1].strip() and not _after_footnote(raw, index):
        return None
    end = index
    while end < len(raw) and LINK_LINE.match(raw[end]):
        end += 1
    following = end
    while following < len(raw) and not raw[following].strip():
        following += 1
    if following < len(raw):
        nxt = raw[following]
        if not (RUNNING_HEADER.match(nxt) or re.match(r"^ \S", nxt)):
            return None
    return [(number + 1, raw[number]) for number in range(index, end)]


def _after_footnote(raw: list[str], index: int) -> bool:
    """Whether the line before `index` ends a footnote block."""
    probe = index - 1
    while probe >= 0 and raw[probe].strip() and not FOOTNOTE_RULE.match(raw[probe]):
        probe -= 1
    return probe >= 0 and bool(FOOTNOTE_RULE.match(raw[probe]))


def _footnotes(raw: list[str], index: int) -> list[tuple[Footnote, int]]:
    """Footnotes starting at `index` (just under the rule), each with the index after it."""
    notes: list[tuple[Footnote, int]] = []
    while index < len(raw) and (match := FOOTNOTE_START.match(raw[index])):
        lines = [Line(index + 1, match["text"].strip())]
        index += 1
        while index < len(raw) and raw[index].strip() and not FOOTNOTE_START.match(raw[index]):
            if LINK_LINE.match(raw[index]):
                break
            lines.append(Line(index + 1, raw[index].strip()))
            index += 1
        notes.append((Footnote(int(match["number"]), tuple(_join_note(lines))), index))
    if notes:
        while notes and notes[-1][1] < len(raw) and not raw[notes[-1][1]].strip():
            notes[-1] = (notes[-1][0], notes[-1][1] + 1)
    return notes


def _join_note(lines: list[Line]) -> list[Line]:
    repaired = _repair_breaks([(line.number, line.text + " ") for line in lines], set())
    return [line for line in repaired if line.text]


def _header(match: re.Match[str]) -> RunningHeader:
    month = MONTHS.index(match["month"].lower()) + 1
    return RunningHeader(
        title=" ".join(match["title"].split()),
        start=int(match["start"]),
        end=int(match["end"]),
        report_date=f"{int(match['year']):04d}-{month:02d}",
    )


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


def _repair_breaks(kept: list[tuple[int, str]], known_urls: set[str]) -> list[Line]:
    """Join words and URLs that the PDF broke at a line end (the line has no trailing space).

    The second half of the token moves up to the line where the token starts.
    """
    vocabulary = _vocabulary(text for _, text in kept)
    lines: list[Line] = []
    carry = ""  # first half of a token broken at the end of the previous line
    for position, (number, text) in enumerate(kept):
        body = text.strip()
        broken = bool(body) and not text.endswith((" ", "\t")) and _continues(kept, position)
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
    return [Line(line.number, " ".join(line.text.split())) for line in lines]


def _continues(kept: list[tuple[int, str]], position: int) -> bool:
    """Whether the next kept line directly continues this one (no paragraph break between)."""
    return position + 1 < len(kept) and bool(kept[position + 1][1].strip())


def _join(left: str, right: str, vocabulary: set[str], known_urls: set[str]) -> str:
    """Join the two halves of a token broken at a line end."""
    if URL_START.match(left):
        whole = left + right
        if (
            known_urls
            and trim_url(left) in known_urls
            and not any(url.startswith(trim_url(whole)) for url in known_urls)
        ):
            return left + " " + right
        return whole
    if not left.endswith("-"):
        return left + right
    stem = left[:-1]
    word = re.match(r"[A-Za-zÆØÅæøåÉéü]+", right)
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
    prefix = f"{stem.lower()}-"
    if hyphenated in vocabulary or any(known.startswith(prefix) for known in vocabulary):
        return left + right
    return stem + right


def _vocabulary(texts) -> set[str]:
    """Lower-cased words of the document, leaving out the halves of words broken at a line end."""
    words: set[str] = set()
    for text in texts:
        tokens = text.split()
        if tokens and not text.endswith((" ", "\t")):
            tokens = tokens[:-1]
        words.update(token.strip(".,;:()«»\"'").lower() for token in tokens)
    return words


def _remove_marker(lines: list[Line], page: tuple[int, int], number: int) -> int | None:
    """Strip a footnote's marker (e.g. the "1" in "i 2016.1") from its page; return its line."""
    marker = re.compile(rf"(?<=[.,;:)»a-zæøå]){number}(?=\s|$)")
    for position, line in enumerate(lines):
        if page[0] <= line.number <= page[1] and marker.search(line.text):
            lines[position] = Line(line.number, marker.sub("", line.text, count=1))
            return line.number
    return None


def _hidden_links(
    lines: list[Line], link_lists: list[tuple[int, list[tuple[int, str]]]], pages: list[tuple[int, int]]
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
            hidden.append(HiddenLink(url=url, line=number, anchor=_anchor(lines, pages[page], url)))
    return hidden


def _shown(key: str, visible: set[str]) -> bool:
    """Whether the text shows this address; list entries may carry a stray character or two."""
    return key in visible or any(key.startswith(shown) and len(key) - len(shown) <= 2 for shown in visible)


def _anchor(lines: list[Line], page: tuple[int, int], url: str) -> int:
    """The line of the page whose words best match the URL's path (its likely link text)."""
    words = {w for w in re.split(r"[^a-zæøå0-9]+", unquote(url).lower()) if len(w) >= 4}
    words -= {"http", "https", "www", "html", "aspx", "global", "content", "uploads"}
    best, best_score = None, 0
    for line in lines:
        if not (page[0] <= line.number <= page[1]) or not line.text:
            continue
        text_words = set(re.split(r"[^a-zæøå0-9]+", line.text.lower()))
        score = len(words & text_words)
        if LINK_TEXT.search(line.text) and not URL_START.search(line.text.split()[-1]):
            score += 2  # "... er tilgjengelig her." carries a link
        if score and score >= best_score:
            best, best_score = line.number, score
    if best is not None:
        return best
    page_lines = [line.number for line in lines if page[0] <= line.number <= page[1] and line.text]
    return page_lines[-1] if page_lines else page[0]
