"""Whole-word, any-case matching of words and phrases in free text (descriptions, end uses)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


class WordPattern:
    """A pattern finding any of the phrases as a whole word: `oxide` matches "Dy oxide" but not
    "dioxides"; longer phrases are tried first so the match shown is the most specific.

    Compiled on first use, and pickled as its source: a rule book loaded from the compiled
    cache compiles only the patterns a check needs."""

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.source, re.IGNORECASE)
        return compiled.search(text)

    def __reduce__(self) -> tuple[type[WordPattern], tuple[str]]:
        return (WordPattern, (self.source,))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordPattern) and other.source == self.source

    def __hash__(self) -> int:
        return hash(self.source)

    def __repr__(self) -> str:
        return f"WordPattern({self.source!r})"


_TOKEN = re.compile(r"[0-9a-z]+")


def tokens(text: str) -> list[str]:
    """The ASCII words of a text, lower case: what the rule index matches descriptions on."""
    return _TOKEN.findall(text.lower())


def word_pattern(words: Iterable[str]) -> WordPattern:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return WordPattern(rf"(?<![0-9A-Za-z])(?:{alternatives})(?![0-9A-Za-z])")
