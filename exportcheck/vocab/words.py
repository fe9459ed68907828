"""Whole-word matching of words and phrases in free text (descriptions, end uses), in the form
`vocab.text.fold` gives both: any case, width, dash or space variant of a word is the word."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from exportcheck.vocab.text import fold

if TYPE_CHECKING:
    from collections.abc import Iterable


class WordPattern:
    """A pattern finding any of the phrases as a whole word: `oxide` matches "Dy oxide" but not
    "dioxides"; longer phrases are tried first so the match shown is the most specific.

    A phrase's edge is a word boundary only where it is an ASCII letter or digit: Chinese and
    Japanese write words without spaces, so `石墨` is found in `人造石墨负极材料`.

    Compiled on first use: a rule book read from its compiled form compiles only the patterns a
    check needs."""

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    def find(self, text: str) -> str | None:
        """The first phrase in the text, as the text writes it where it can be found there in
        any case, else as folded; None when there is none."""
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.source)
        folded = fold(text)
        found = compiled.search(folded)
        if found is None:
            return None
        if len(folded) == len(text) and text.isascii():
            return text[found.start() : found.end()]
        written = re.search(re.escape(found.group()), text, re.IGNORECASE)
        return found.group() if written is None else written.group()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordPattern) and other.source == self.source

    def __hash__(self) -> int:
        return hash(self.source)

    def __repr__(self) -> str:
        return f"WordPattern({self.source!r})"


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
    """One pattern for all the phrases: those bounded by ASCII letters or digits at both edges
    (most) share one group, so the search scans for them at once."""
    ordered = sorted({fold(w) for w in words}, key=len, reverse=True)
    bounded = [w for w in ordered if _EDGE.match(w[:1]) and _EDGE.match(w[-1:])]
    others = [_phrase(w) for w in ordered if w not in bounded]
    parts = []
    if bounded:
        inner = "|".join(re.escape(w) for w in bounded)
        parts.append(rf"(?<![0-9a-z])(?:{inner})(?![0-9a-z])")
    return WordPattern("|".join([*parts, *others]))
