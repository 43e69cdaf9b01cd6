"""Properties that hold for any input (hypothesis): cleaning keeps line numbers, money round-trips,
parsing and extraction never crash, and every evidence line holds its sentence."""

import re
import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import SourceError, SourceWarning
from graph.extract import extract
from graph.extract.money import _is_money, _kroner, amount_pattern
from graph.parse import parse_report
from graph.read.clean import clean
from graph.read.decode import split_lines
from graph.read.normalise import normalise
from tests.conftest import SOURCE, SYNTHETIC, supports

WORDS = st.sampled_from(
    ["vold", "Bufdir", "har", "gjennomført", "kartlegging", "i", "2016", "tiltak", "NKVTS", "og", "STATUS:"]
)
LINE = st.one_of(
    st.lists(WORDS, min_size=0, max_size=8).map(lambda words: " ".join(words) + " "),  # running text
    st.lists(WORDS, min_size=1, max_size=4).map(lambda words: " ".join(words)),  # broken at the end
    st.sampled_from(
        ["", " ", "https://www.example.no/a/b-", "c/d.pdf", "http://x.no/y", "   12 ", "1 fotnote"]
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=40))
def test_cleaning_keeps_source_line_numbers(raw):
    text = clean(normalise(raw))
    numbers = [line.number for line in text.lines if line.text]
    assert numbers == sorted(numbers)
    assert all(1 <= number <= len(raw) for number in numbers)
    words_in_file = set(re.findall(r"\w+", " ".join(raw)))
    for line in text.lines:
        for word in re.findall(r"\w+", line.text):
            # a word is in the file, or is two halves of a word broken over a line end
            assert word in words_in_file or any(word.startswith(w) for w in words_in_file), word


@given(st.integers(min_value=1, max_value=999_999_999))
def test_whole_kroner_with_spaces_between_thousands(amount):
    text = f"Det ble avsatt {amount:,} kroner til arbeidet.".replace(",", " ")
    found = [m for m in amount_pattern().finditer(text) if _is_money(m, text)]
    assert [_kroner(m) for m in found] == [amount]


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=9))
def test_millions_with_a_decimal_comma(whole, tenth):
    text = f"Bevilgningen er økt med {whole},{tenth} millioner kroner i 2017."
    found = [m for m in amount_pattern().finditer(text) if _is_money(m, text)]
    assert [_kroner(m) for m in found] == [whole * 1_000_000 + tenth * 100_000]


def evidence_of(extraction):
    """Every (line, sentence) an extraction gives as evidence."""
    for involvement in extraction.involvements:
        yield from involvement.evidence
    for kind in ("references", "mentions", "publications", "amounts", "links"):
        for fact in getattr(extraction, kind):
            yield fact.evidence


def parse_text(text: str):
    """Parse and extract a text as a report file; None where the text holds no measures."""
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore", SourceWarning)
        path = Path(folder) / "report.txt"
        path.write_text(text, encoding="utf-8")
        try:
            return extract(parse_report(path))
        except SourceError as error:
            assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
            return None


def test_every_evidence_line_holds_its_sentence(extraction, synthetic_extraction, raw_lines):
    facts = list(evidence_of(extraction))
    assert len(facts) > 600
    for fact in facts:
        assert supports(raw_lines[fact.line - 1], fact.text), fact
    synthetic_lines = SYNTHETIC.read_text(encoding="utf-8").split("\n")
    assert all(supports(synthetic_lines[f.line - 1], f.text) for f in evidence_of(synthetic_extraction))


TEXT_LINE = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60),
    st.sampled_from(
        [
            "1. Tiltak for noe",
            "Ansvarlig: JD, BLD",
            "Gjennomføring: 2014-2017",
            "STATUS:",
            "a) Et deltiltak",
            "Kapittel (tiltak 1-3)",
            "               ",
            "https://www.example.no/x",
            "Bufdir har gjennomført tiltak 2 i samarbeid med NKVTS. ",
        ]
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT_LINE, max_size=40))
def test_arbitrary_text_never_crashes(lines):
    text = "\n".join(lines)
    extraction = parse_text(text)
    if extraction is not None:
        assert extraction.report.measures
        count = len(split_lines(text))
        assert all(1 <= fact.line <= count for fact in evidence_of(extraction))


REPORT_LINES = SOURCE.read_text(encoding="utf-8").split("\n")


@st.composite
def damaged_report(draw):
    """A stretch of the bundled report with lines removed and duplicated at random."""
    start = draw(st.integers(0, len(REPORT_LINES) - 50))
    lines = REPORT_LINES[start : start + draw(st.integers(50, 300))]
    for _ in range(draw(st.integers(0, 12))):
        index = draw(st.integers(0, len(lines) - 1))
        if draw(st.booleans()):
            del lines[index]
        else:
            lines.insert(index, lines[index])
    return lines


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_report())
def test_a_damaged_report_never_crashes_and_its_evidence_lines_hold(lines):
    extraction = parse_text("\n".join(lines))
    if extraction is not None:
        for fact in evidence_of(extraction):
            assert supports(lines[fact.line - 1], fact.text), fact
