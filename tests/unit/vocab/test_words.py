"""Whole-word phrase matching: the substring test that spares compiling a pattern never changes
what it finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from exportcheck.vocab.text import fold
from exportcheck.vocab.words import SPARED, word_pattern

PHRASES = ["oxide", "dy oxide", "石墨", "ndfeb", "hot press", "a-b"]


@given(st.text(alphabet="abdeiknoprstxyfh -石墨黒Dy", max_size=30))
def test_find_is_the_regular_expression_search(text: str) -> None:
    pattern = word_pattern(PHRASES)
    expected = re.compile(pattern.source).search(fold(text))
    found = pattern.find(text)
    assert (found is None) == (expected is None)
    if expected is not None and text.isascii() and len(fold(text)) == len(text):
        assert found == text[expected.start() : expected.end()]


def test_a_text_holding_no_phrase_compiles_nothing() -> None:
    pattern = word_pattern(["samarium cobalt", "smco"])
    assert pattern.find("Men's T-shirts, knitted, 100% cotton") is None
    assert pattern._compiled is None  # the substring test answered
    assert pattern.find("SmCo magnets") == "SmCo"
    assert pattern._compiled is not None


def test_whole_words_only_and_the_longest_phrase_first() -> None:
    pattern = word_pattern(PHRASES)
    assert pattern.find("dioxides") is None  # `oxide` inside a word
    assert pattern.find("Dy oxide powder") == "Dy oxide"
    assert pattern.find("人造石墨负极材料") == "石墨"


def test_a_long_run_compiles_the_pattern_after_a_while() -> None:
    pattern = word_pattern(["samarium cobalt", "smco"])
    for _ in range(SPARED):
        assert pattern.find("Cotton t-shirts") is None
    assert pattern._compiled is None
    assert pattern.find("Cotton t-shirts") is None
    assert pattern._compiled is not None  # one search now costs less than the test
    assert pattern.find("SmCo magnets") == "SmCo"
