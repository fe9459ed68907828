"""Party names read in every way they may stand for an entity (vocab.names)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportcheck.vocab.names import normalise, variants

SEPARATED = [
    "{} / Fort Worth",
    "{}; Fort Worth",
    "{} | Fort Worth",
    "{} [Fort Worth]",
    "{} — Fort Worth",
    "{} - Fort Worth",
    "{}, Fort Worth, TX",
    "{}\nFort Worth, TX",
    "{} Fort Worth",  # a site after the legal form, with a plain space
    "Attn: John Smith, {}",
    "Acme Holdings dba {}",
    "{} (Fort Worth)",
]


@given(
    name=st.sampled_from(["MP Materials Corp.", "Sierra Nevada Corporation", "Shield AI, Inc."]),
    written=st.sampled_from(SEPARATED),
)
def test_a_name_with_a_site_or_another_name_around_it_is_read_alone(
    name: str, written: str
) -> None:
    assert normalise(name) in variants(written.format(name)), written.format(name)


@pytest.mark.parametrize(
    "name", ["Kunde 1 Handelsgesellschaft mbH", "Gumi Cell Materials Co., Ltd.", "TechInsights"]
)
def test_a_plain_name_is_read_one_way(name: str) -> None:
    assert variants(name) == (normalise(name),)


def test_a_city_alone_is_not_a_way_to_read_a_name() -> None:
    assert "orlando" not in variants("Lockheed Martin Corporation, Orlando")
