"""Text folding: every way of writing the same word is one form; mixed scripts are found."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportcheck.vocab.text import digits, fold, mixed_script
from exportcheck.vocab.words import word_pattern


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Ｄｙ₂Ｏ₃", "dy2o3"),
        ("Dy²O³", "dy2o3"),
        ("DYSPROSİUM OXIDE", "dysprosium oxide"),
        ("dysprosium\u00a0oxide", "dysprosium oxide"),
        ("Nd\u2011Fe\u2011B", "nd-fe-b"),
        ("Nd\u2013Fe—B", "nd-fe-b"),
        ("dyspro\u00adsium", "dysprosium"),
        ("dys\u200bprosium", "dysprosium"),
        ("  Dysprosium \t  oxide ", "dysprosium oxide"),
        ("Gallium\u3000metal", "gallium metal"),
        ("Straße", "strasse"),
        ("Oxyde de néodyme", "oxyde de neodyme"),
        ("氧化鏑", "氧化镝"),  # Traditional Chinese
        ("斯凱迪奧", "斯凯迪奥"),
        ("宇宙航空研究開発機構", "宇宙航空研究开发机构"),  # Japanese: 発 is 發, 开发 in Simplified
        ("上海沪东", "上海沪东"),  # Simplified stays: 沪 is Shanghai's, not Japanese 濾's
    ],
)
def test_fold_gives_one_form(written: str, folded: str) -> None:
    assert fold(written) == folded


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("D\u0443sprosium oxide", (1, "\u0443")),  # Cyrillic u inside a Latin word
        ("Dysprosium \u043e\u0445ide", (11, "\u043e")),  # Cyrillic o, x among Latin i, d, e
        ("Гaллий", (1, "a")),  # one Latin a inside a Cyrillic word
        ("Dy2\u039f3 powder", (3, "\u039f")),  # a Greek capital omicron inside a formula
        ("Ga2\u041e3", (3, "\u041e")),  # a Cyrillic O inside a formula
    ],
)
def test_a_word_mixing_scripts_is_found(text: str, found: tuple[int, str]) -> None:
    assert mixed_script(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Dysprosium oxide",
        "Галлий металл",
        "氧化镝 Dy2O3",
        "α-alumina",
        "γ-Fe2O3",
        "5 µm",
        "10kΩ",
        "17μm",
        "钕铁硼Dy",
    ],
)
def test_words_in_one_script_pass(text: str) -> None:
    assert mixed_script(text) is None


def test_digits_of_any_script_read_as_ascii() -> None:
    assert digits("８５０５.１１") == "8505.11"
    assert digits("\u0668\u0665\u0660\u0665") == "8505"


@pytest.mark.parametrize(
    ("words", "text", "found"),
    [
        (["石墨"], "人造石墨负极材料", "石墨"),
        (["oxide"], "Dy oxide", "oxide"),
        (["oxide"], "dioxides", None),
        (["dysprosium oxide"], "DYSPROSİUM\u00a0OXIDE", "dysprosium oxide"),
        (["Nd-Fe-B"], "Nd\u2011Fe\u2011B magnet", "nd-fe-b"),
        (["NdFeB"], "Sintered NdFeB blocks", "NdFeB"),
        (["gallium"], "Ｇａｌｌｉｕｍ metal", "gallium"),
    ],
)
def test_word_patterns_match_the_folded_text(
    words: list[str], text: str, found: str | None
) -> None:
    assert word_pattern(words).find(text) == found
