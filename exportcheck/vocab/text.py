"""Text as the rules compare it: one form for every way of writing the same word.

`fold` maps a text to the form every description, `contains` key, rule keyword and vocabulary
name is compared in: Unicode compatibility forms (full-width letters and digits, sub- and
superscript digits: `Ｄｙ₂Ｏ₃` is `dy2o3`), full case folding, without diacritics (`DYSPROSİUM`
is `dysprosium`), every dash and hyphen as `-`, every space (no-break, thin, ideographic) as one
space, soft hyphens and zero-width characters dropped, and Traditional Chinese and Japanese Han
characters as Simplified Chinese ones (`鏑` is `镝`, `開発` is `开发`: vocab/data/han_variants.txt).

`mixed_script` finds a word whose letters mix Latin, Cyrillic and Greek (a Cyrillic `у` inside
`Dу`): such a word looks like a name but matches none, so it is an input error.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u30fc"
"""Hyphens, dashes, the minus sign and their compatibility forms (and the Japanese long vowel
mark only where it stands between Latin letters or digits: see `fold`)."""
_DROPPED = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"))
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_DASH = re.compile(f"[{_DASHES[:-1]}]")
_LATIN_LONG_MARK = re.compile(r"(?<=[0-9a-z])\u30fc(?=[0-9a-z])")
_DIACRITICS = re.compile("[\u0300-\u036f]")
"""Accents and other marks of Latin, Greek and Cyrillic letters (not the kana voicing marks)."""
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The form texts are compared in (see the module's doc)."""
    if text.isascii():
        return " ".join(text.lower().split())
    folded = unicodedata.normalize("NFKC", text).translate(_DROPPED).casefold()
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = _DIACRITICS.sub("", decomposed)
    composed = unicodedata.normalize("NFKC", stripped)
    dashed = _LATIN_LONG_MARK.sub("-", _DASH.sub("-", composed))
    return _SPACES.sub(" ", dashed).strip().translate(_han())


@lru_cache(maxsize=1)
def _han() -> dict[int, int]:
    """Traditional Chinese and Japanese Han characters as the Simplified ones they are read as
    (vocab/data/han_variants.txt, from OpenCC's dictionaries)."""
    text = (Path(__file__).parent / "data" / "han_variants.txt").read_text("utf-8")
    pairs = text[text.index("\n", text.rindex("\n#") + 1) :].split()  # after the comments
    table: dict[int, int] = str.maketrans("".join(pairs[0::2]), "".join(pairs[1::2]))
    return table


_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


_UNITS = frozenset("\u03bc\u00b5\u03a9\u2126")
"""Greek letters written as units next to Latin ones (`17μm`, `10kΩ`): not a mixed word."""


def _script(char: str) -> str | None:
    if char in _UNITS:
        return None
    name = unicodedata.name(char, "")
    return next((s for s in _SCRIPTS if name.startswith(s)), None)


def mixed_script(text: str) -> tuple[int, str] | None:
    """The position (0-based) and character of the first letter whose script differs from the
    rest of its word, where a word mixes Latin, Cyrillic or Greek letters; None otherwise."""
    if text.isascii():
        return None
    for word in _WORD.finditer(text):
        scripts = {_script(c) for c in word.group()} - {None}
        if len(scripts) < 2:
            continue
        counts = {s: sum(1 for c in word.group() if _script(c) == s) for s in scripts}
        main = max(counts, key=lambda s: (counts[s], s == "LATIN"))
        for offset, char in enumerate(word.group()):
            if _script(char) not in (None, main):
                return word.start() + offset, char
    return None


def digits(text: str) -> str:
    """A code written with any digits (full-width `８５０５`, Arabic-Indic) as ASCII digits; other
    characters kept."""
    return "".join(
        str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in text
    )
