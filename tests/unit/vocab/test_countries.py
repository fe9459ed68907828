from __future__ import annotations

from exportcheck.vocab import countries


def test_codes_are_upper_case_alpha_2_and_names_suggest_codes() -> None:
    assert countries.is_country("NO")
    assert not countries.is_country("no")
    assert countries.suggest("Norway") == "NO"
    assert countries.suggest("DEU") == "DE"
