"""Whole-word, any-case matching of words and phrases in free text (descriptions, end uses)."""

from __future__ import annotations

import re
from collections.abc import Iterable


def word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern finding any of the phrases as a whole word: `oxide` matches "Dy oxide" but not
    "dioxides"; longer phrases are tried first so the match shown is the most specific."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![0-9A-Za-z])(?:{alternatives})(?![0-9A-Za-z])", re.IGNORECASE)
