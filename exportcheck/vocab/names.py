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
    in parentheses, up to its first comma or spaced dash (a trailing address), and what is in
    parentheses
    (`JAXA (Japan Aerospace Exploration Agency)`); each also without spaces (`Tech Insights`
    is TechInsights)."""
    text = fold(name)
    plain = _PARENTHESES.sub(" ", text)
    inside = _PARENTHESES.findall(text)
    found: dict[str, None] = {}
    trailing = plain.split(",")[0].split(" - ")[0]  # `CUBIC CORPORATION - SAN DIEGO`
    for written in dict.fromkeys((text, plain, plain.split(",")[0], trailing, *inside)):
        key = normalise(written)  # each way once: most names are written one way only
        if key:
            found[key] = None
    return tuple(found)
