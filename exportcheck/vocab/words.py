"""Whole-word matching of words and phrases in free text (descriptions, end uses), in the form
`vocab.text.fold` gives both: any case, width, dash or space variant of a word is the word."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from exportcheck.vocab.text import fold

if TYPE_CHECKING:
    from collections.abc import Iterable


SPARED = 64
"""Texts a pattern answers by its substring test before it is compiled all the same."""


class WordPattern:
    """A pattern finding any of the phrases as a whole word: `oxide` matches "Dy oxide" but not
    "dioxides"; longer phrases are tried first so the match shown is the most specific.

    A phrase's edge is a word boundary only where it is an ASCII letter or digit: Chinese and
    Japanese write words without spaces, so `石墨` is found in `人造石墨负极材料`.

    Compiled on first use, and only for a text that holds one of the phrases at all (a plain
    substring test): a check compiles only the patterns it may match, which is seldom (a
    pattern of fifty phrases costs half a millisecond to compile)."""

    __slots__ = ("_compiled", "_spared", "phrases")

    def __init__(self, phrases: tuple[str, ...]) -> None:
        self.phrases = phrases
        """The phrases, folded, longest first."""
        self._compiled: re.Pattern[str] | None = None
        self._spared = 0
        """Texts answered by the substring test; after SPARED of them the pattern is compiled
        anyway, as one search is cheaper than that test on a long run."""

    @property
    def source(self) -> str:
        """The regular expression: the phrases bounded by ASCII letters or digits at both
        edges (most) share one group, so the search scans for them at once."""
        bounded = [w for w in self.phrases if _EDGE.match(w[:1]) and _EDGE.match(w[-1:])]
        others = [_phrase(w) for w in self.phrases if w not in bounded]
        parts = []
        if bounded:
            inner = "|".join(re.escape(w) for w in bounded)
            parts.append(rf"(?<![0-9a-z])(?:{inner})(?![0-9a-z])")
        return "|".join([*parts, *others])

    def find(self, text: str) -> str | None:
        """The first phrase in the text, as the text writes it where it can be found there in
        any case, else as folded; None when there is none."""
        folded = fold(text)
        compiled = self._compiled
        if compiled is None:
            if self._spared < SPARED and not any(p in folded for p in self.phrases):
                self._spared += 1
                return None  # no phrase is even a substring: none is a whole word
            compiled = self._compiled = re.compile(self.source)
        found = compiled.search(folded)
        if found is None:
            return None
        if len(folded) == len(text) and text.isascii():
            return text[found.start() : found.end()]
        written = re.search(re.escape(found.group()), text, re.IGNORECASE)
        return found.group() if written is None else written.group()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordPattern) and other.phrases == self.phrases

    def __hash__(self) -> int:
        return hash(self.phrases)

    def __repr__(self) -> str:
        return f"WordPattern({self.phrases!r})"


_TOKEN = re.compile(r"[0-9a-z]+")
_EDGE = re.compile(r"[0-9a-z]")


def tokens(text: str) -> list[str]:
    """The ASCII words of a text, folded: what the rule index matches descriptions on."""
    return _TOKEN.findall(fold(text))


def _phrase(folded: str) -> str:
    start = r"(?<![0-9a-z])" if _EDGE.match(folded[:1]) else ""
    end = r"(?![0-9a-z])" if _EDGE.match(folded[-1:]) else ""
    return start + re.escape(folded) + end


def word_pattern(words: Iterable[str]) -> WordPattern:
    """One pattern for all the phrases (folded; longest first, so the match shown is the most
    specific)."""
    return WordPattern(tuple(sorted({fold(w) for w in words}, key=lambda w: (-len(w), w))))
