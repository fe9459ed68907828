from __future__ import annotations

import pytest

from exportcheck.vocab import elements


@pytest.mark.parametrize(
    ("text", "symbol"),
    [("Dy", "Dy"), ("dy", "Dy"), ("DY", "Dy"), ("Dysprosium", "Dy"), ("aluminum", "Al"),
     ("aluminium", "Al"), ("sulphur", "S"), ("Y", "Y"), (" tb ", "Tb")],
)  # fmt: skip
def test_elements_by_name_or_symbol_in_any_case(text: str, symbol: str) -> None:
    assert elements.lookup(text).symbol == symbol


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("dysprosum", "dysprosium"), ("nickle", "nickel"), ("terbum", "terbium")],
)
def test_misspelt_elements_get_a_suggestion(text: str, suggestion: str) -> None:
    assert elements.lookup(text) == elements.Lookup(suggestion=suggestion)


@pytest.mark.parametrize("text", ["cotton", "steel", "NdFeB", "PET film", "graphite"])
def test_other_materials_are_free_text(text: str) -> None:
    assert elements.lookup(text) == elements.Lookup()


def test_all_118_elements() -> None:
    assert len(elements.NAMES) == 118


@pytest.mark.parametrize(
    ("word", "symbol"),
    [("galium", "Ga"), ("disprosium", "Dy"), ("lutecium", "Lu"), ("ytrium", "Y"), ("terbum", "Tb")],
)
def test_a_misspelt_element_name_is_read_as_the_element(word: str, symbol: str) -> None:
    assert elements.misspelt(word) == symbol


@pytest.mark.parametrize("word", ["laptop", "computer", "germany", "indian", "cotton", "plates"])
def test_ordinary_words_are_no_misspelt_element(word: str) -> None:
    assert elements.misspelt(word) is None
