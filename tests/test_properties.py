"""Properties that hold for any input (hypothesis): cleaning keeps line numbers, money round-trips."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.extract.money import AMOUNT, _is_money, _kroner
from graph.source import clean

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
    text = clean(raw)
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
    found = [m for m in AMOUNT.finditer(text) if _is_money(m, text)]
    assert [_kroner(m) for m in found] == [amount]


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=9))
def test_millions_with_a_decimal_comma(whole, tenth):
    text = f"Bevilgningen er økt med {whole},{tenth} millioner kroner i 2017."
    found = [m for m in AMOUNT.finditer(text) if _is_money(m, text)]
    assert [_kroner(m) for m in found] == [whole * 1_000_000 + tenth * 100_000]
