"""Party names compared as people mean them: case, accents, punctuation, `&`, legal suffixes
(Co., Ltd., Inc., GmbH, ...) and the words and/of/the do not tell two entities apart."""

from __future__ import annotations

import re

LEGAL_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
        "llc", "lp", "llp", "plc", "partnership", "gmbh", "ag", "sa", "sas", "sarl", "spa",
        "srl", "nv", "bv", "oy", "ab", "as", "kk", "kabushiki", "kaisha", "pte", "pty", "kft",
        "sro", "zoo",
    }
)  # fmt: skip
STOPWORDS = frozenset({"and", "the", "of"})
_PUNCTUATION = re.compile(r"[^\w\s]")


def normalise(name: str) -> str:
    """`Mitsubishi Heavy Industries Shipbuilding Co., Ltd.` -> `mitsubishi heavy industries
    shipbuilding`. Accents go, other scripts (CJK) stay."""
    text = name.casefold()
    if not text.isascii():  # (ASCII has no accents to drop: no need to import unicodedata)
        import unicodedata  # noqa: PLC0415

        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    # Dots join abbreviations (S.A., Co.), other punctuation separates words.
    text = _PUNCTUATION.sub(" ", text.replace(".", "").replace("&", " and "))
    words = [w for w in text.split() if w not in LEGAL_SUFFIXES and w not in STOPWORDS]
    return " ".join(words)
