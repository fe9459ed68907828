"""Party names compared as people mean them: case, width, accents, punctuation, `&`, legal
forms (Co., Ltd., Inc., GmbH, 株式会社, 有限公司, ...) and the words and/of/the do not tell two
entities apart; nor does an address after the name (`Lockheed Martin Corporation, Orlando`,
`Anduril Industries, Inc. (Costa Mesa, CA)`)."""

from __future__ import annotations

import re

from exportcheck.vocab.text import fold

LEGAL_SUFFIXES = frozenset(
    {
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
        "llc", "lp", "llp", "plc", "partnership", "gmbh", "ag", "sa", "sas", "sarl", "spa",
        "srl", "nv", "bv", "oy", "ab", "as", "kk", "kabushiki", "kaisha", "pte", "pty", "kft",
        "sro", "zoo", "kg", "se", "ulc", "bhd", "sdn", "jsc", "pjsc", "ooo", "oao", "zao",
    }
)  # fmt: skip
CJK_LEGAL_FORMS = (
    "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "株式会社", "有限会社", "合同会社",
    "(株)", "（株）", "주식회사", "㈱", "公司",
)  # fmt: skip
STOPWORDS = frozenset({"and", "the", "of"})
_PUNCTUATION = re.compile(r"[^\w\s]")
_CJK_FORMS = re.compile("|".join(re.escape(fold(f)) for f in CJK_LEGAL_FORMS))
_PARENTHESES = re.compile(r"\(([^()]*)\)")


def normalise(name: str) -> str:
    """`Mitsubishi Heavy Industries Shipbuilding Co., Ltd.` -> `mitsubishi heavy industries
    shipbuilding`; `株式会社SUBARU` -> `subaru`. Accents go, other scripts (CJK) stay."""
    text = _CJK_FORMS.sub(" ", fold(name))
    # Dots join abbreviations (S.A., Co.), other punctuation separates words.
    text = _PUNCTUATION.sub(" ", text.replace(".", "").replace("&", " and "))
    words = [w for w in text.split() if w not in LEGAL_SUFFIXES and w not in STOPWORDS]
    return " ".join(words)


def variants(name: str) -> tuple[str, ...]:
    """The normalised ways a written name may stand for an entity: as written, without what is
    in parentheses or brackets, each part between separators that may set off an address, a
    site or another name (a comma, `;`, `|`, a spaced dash or slash, a line break, `dba`,
    `attn`), up to a legal form followed by more words (`MP Materials Corp. Fort Worth`), and
    what is in parentheses (`JAXA (Japan Aerospace Exploration Agency)`); each also without
    spaces (`Tech Insights` is TechInsights). A part of one word other than the first is left
    out (a city alone is no name)."""
    text = fold(" , ".join(name.splitlines())).replace("[", "(").replace("]", ")")
    plain = _PARENTHESES.sub(" ", text)
    inside = _PARENTHESES.findall(text)
    parts = [p for p in _SEPARATORS.split(plain) if p.strip()]
    found: dict[str, None] = {}
    ways = [text, plain, *parts[:1], _to_legal_form(plain), *inside]
    ways += [p for p in parts[1:] if len(normalise(p).split()) > 1]
    for written in dict.fromkeys(ways):
        key = normalise(written)  # each way once: most names are written one way only
        if key:
            found[key] = None
    return tuple(found)


_SEPARATORS = re.compile(r"[,;|]|\s[-/]\s|\s(?:dba|d/b/a|c/o|attn:?)\s|^attn:?\s", re.IGNORECASE)
"""What may set off an address, a site or another name after (or before) a party's name."""


def _to_legal_form(text: str) -> str:
    """The text up to a legal form that more words follow (`MP Materials Corp. Fort Worth` ->
    `MP Materials Corp.`), else the text."""
    words = text.split()
    for at, word in enumerate(words[1:-1], start=1):
        if _PUNCTUATION.sub("", word.replace(".", "")) in LEGAL_SUFFIXES:
            return " ".join(words[: at + 1])
    return text
