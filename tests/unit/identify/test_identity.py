"""What a description names: doping notation, co-dopants included."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from exportcheck.identify.identity import _as_written, identify
from exportcheck.vocab.glossary import glossary
from exportcheck.vocab.text import fold

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Er:YAG laser rods", {"Er"}),
        ("Nd:YVO4 crystal", {"Nd"}),
        ("Y2O3:Eu red phosphor", {"Eu", "Y"}),
        # co-dopants after the host (accuracy review, row 17: a Tb phosphor was no_match)
        ("Green phosphor LaPO4:Ce,Tb", {"Ce", "Tb"}),
        ("SrAl2O4:Eu,Dy afterglow pigment", {"Eu", "Dy"}),
        ("YAG:Ce+Tb", {"Ce", "Tb"}),
        ("BaMgAl10O17:Eu2+ blue phosphor", {"Eu"}),
    ],
)
def test_dopants_are_named(text: str, named: set[str]) -> None:
    assert named <= {n.symbol for n in identify(text).named}


@pytest.mark.parametrize("text", ["Ratio 3:1 mix", "Packed 10:1 in cartons", "Time 12:30"])
def test_ratios_and_times_name_no_element(text: str) -> None:
    assert identify(text).named == ()


@pytest.mark.parametrize(
    ("text", "head", "written"),
    [
        ("GaN-Ladegerät 65 W", "article", "Ladegerät"),
        ("GaN charger 65W", "article", "charger"),
        ("氮化镓充电器 65W", "article", "充电器"),
        ("Dysprosiumoxid, Reinheit 99,9 %", "oxide", "Dysprosiumoxid"),
        ("Tungsten carbide drill bits, 6 mm", "article", "drill bit"),
        ("整体碳化钨钻头 6mm", "article", "钻头"),
        # German names what a thing is made of after `aus`; French names the thing first
        ("VHM-Spiralbohrer aus Wolframcarbid", "article", "bohrer"),
        ("Chargeur GaN 65 W", "article", "Chargeur"),
        ("Moteur à aimants NdFeB", "article", "Moteur"),
        ("Poudre de graphite naturel", "powder", "Poudre"),
    ],
)
def test_the_form_that_names_the_item_is_found_with_its_accents(
    text: str, head: str, written: str
) -> None:
    """The form word that names the item: the last in English, German and Chinese, the first
    in French; one written with accents is found where it stands (`Ladegerät` after `GaN`)
    and quoted as written."""
    assert identify(text).forms[0] == (head, written)


def test_every_accented_glossary_word_is_quoted_as_written() -> None:
    """Each German or French form or term the glossary spells with accents is quoted from a
    text as the text writes it (before, the folded key: `ladegerat`)."""
    data = yaml.safe_load((ROOT / "exportcheck/vocab/data/glossary.yaml").read_text("utf-8"))
    keys = glossary().words
    accented = sorted(
        {
            word
            for group in ("forms", "terms")
            for meanings in data[group].values()
            for language, spelled in meanings.items()
            if language in ("de", "fr")
            for word in spelled
            if not word.isascii() and fold(word).isascii()
        }
    )
    checked = 0
    for word in accented:
        key = " ".join(fold(word).replace("-", " ").split())
        if key in keys:
            assert _as_written(f"Lot 7, {word} 65 W", key) == word, word
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Cotton T-shirts 100 PCS", set()),  # pieces, not P, C and S
        ("Steel bolts, 500 PC", set()),
        ("PU foam sheets", set()),  # polyurethane, not P and U
        ("UV lamp", set()),
        ("USB cable", set()),
        ("PCB assembly", set()),
        ("Made in CN", set()),
        ("Electric motor with NdFeB magnets, Dy, 10 PCS", {"Nd", "Fe", "B"}),
        ("WC powder", {"W", "C"}),  # tungsten carbide is a formula
        ("BN powder", {"B", "N"}),
        ("Tb, 99.99%", {"Tb"}),  # a purity after a comma still says what the symbol is
        ("Ga, 6N", {"Ga"}),
    ],
)
def test_trade_abbreviations_name_no_element(text: str, named: set[str]) -> None:
    """Units and trade words in capitals read as formulas (PCS: P, C, S) name nothing; a bare
    number after a symbol's comma is another field (`Dy, 10 PCS`), a purity is not."""
    assert {n.symbol for n in identify(text).named} == named


CONTAINING = ["containing", "contains", "with", "including", "incl.", "mit", "avec", "含", "含有"]
LISTED = ["Dy", "Tb", "Sm", "Gd", "Lu", "Sc", "Ga", "Ge", "Sb", "Ho", "Er", "Tm", "Yb"]


@pytest.mark.parametrize("word", CONTAINING)
@pytest.mark.parametrize("symbol", LISTED)
def test_a_symbol_after_a_word_that_says_the_item_holds_it_is_named(word: str, symbol: str) -> None:
    """`magnets containing Dy` names dysprosium as `magnets containing dysprosium` does, in
    every language the word is written in, with or without a space after Han text (含Dy)."""
    for joiner in (" ", "") if not word.isascii() else (" ",):
        text = f"NdFeB magnets {word}{joiner}{symbol}, N48SH"
        assert symbol in {n.symbol for n in identify(text).named}, text


@pytest.mark.parametrize("symbol", LISTED)
@pytest.mark.parametrize("negation", ["不含", "without ", "free of "])
def test_a_negated_symbol_is_not_named(symbol: str, negation: str) -> None:
    text = f"NdFeB magnets {negation}{symbol}"
    assert symbol not in {n.symbol for n in identify(text).named}, text


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Bi-metal thermometers, stainless steel", set()),  # two steels, not bismuth
        ("Bi-metallic strip thermostats", set()),
        ("In-line filter housing", set()),  # not indium
        ("MLCC 0402 Y5V 10uF", set()),  # a dielectric class, not yttrium
        ("MLCC capacitors X7R/Y5V", set()),
        ("Ceramic capacitors, Z5U", set()),
        ("Ge optical lenses", {"Ge"}),  # optics of the metal
        ("Ge windows for thermal cameras", {"Ge"}),
        ("Bi ingots 99.99%", {"Bi"}),
        ("Er series alloy wheels 18 inch", set()),  # a model series, not erbium
        ("Tb sputtering target", {"Tb"}),
        ("Y2O3 powder 5N", {"Y", "O"}),
    ],
)
def test_prefixes_and_codes_that_look_like_symbols(text: str, named: set[str]) -> None:
    assert {n.symbol for n in identify(text).named} == named
