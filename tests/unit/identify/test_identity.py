"""What a description names: doping notation, co-dopants included."""

from __future__ import annotations

import pytest

from exportcheck.identify.identity import identify


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
