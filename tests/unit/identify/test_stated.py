"""Values a description states in its own words (identify.stated)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportcheck.identify.stated import stated

ENERGY = "energy_density_wh_per_kg"
CAPACITY = "specific_capacity_mah_per_g"
COMPACTION = "compaction_density_g_per_cm3"

WH_PER_KG = ["{} Wh/kg", "{}Wh/kg", "{} WH/KG", "{} Wh kg-1", "{} Wh·kg⁻¹", "{} Wh per kg",
             "Wh/kg: {}", "能量密度{}Wh/kg", "{}瓦时/千克", "{} W·h/kg", "{} Wh je kg",
             "3.7V,{}Wh/kg"]  # fmt: skip
FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


@given(
    value=st.integers(min_value=50, max_value=500),
    written=st.sampled_from(WH_PER_KG),
    before=st.sampled_from(["Li-ion cells", "NCM811 pouch cell 60Ah 3.7V,", "电芯", "Zellen"]),
    wide=st.booleans(),
)
def test_an_energy_density_is_read_however_it_is_written(
    value: int, written: str, before: str, wide: bool
) -> None:
    number = str(value).translate(FULL_WIDTH) if wide else str(value)
    text = f"{before} {written.format(number)}"
    assert stated(text)[ENERGY].value == Decimal(value), text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("cells 0.32 kWh/kg", Decimal(320)),
        ("LFP 160 mAh/g", None),  # a capacity, not an energy density
    ],
)
def test_kilowatt_hours_are_watt_hours(text: str, value: Decimal | None) -> None:
    found = stated(text).get(ENERGY)
    assert (found.value if found else None) == value


@pytest.mark.parametrize(
    "text",
    [
        "cells up to 320 Wh/kg",
        "cells < 250 Wh/kg",
        "cells ≥300 Wh/kg",
        "cells 250-320 Wh/kg",
        "cells 250 to 320 Wh/kg",
        "电芯 300Wh/kg以上",
        "cells 约300Wh/kg",
        "cells 250 Wh/kg and 320 Wh/kg",  # two values of one parameter
        "Wh/kg: 250-320",
        # a number read from its end would be another number: never a value
        "Lithium-ion cell 3.2E2 Wh/kg",
        "cell 3.2×10² Wh/kg",
        "cell 3.2 x 10^2 Wh/kg",
        "cell 1,320 Wh/kg",  # thousands, or a decimal comma?
    ],
)
def test_a_qualified_or_ranged_value_is_stated_without_a_value(text: str) -> None:
    found = stated(text)[ENERGY]
    assert found.value is None
    assert "Wh" in found.written


def test_one_value_stated_twice_is_one_value() -> None:
    assert stated("cells 320 Wh/kg (320 Wh/kg at 0.2C)")[ENERGY].value == Decimal(320)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("LFP cathode powder, high compaction 2.65 g/cm3", {COMPACTION: Decimal("2.65")}),
        ("LFP, Pressdichte 2,6 g/cm³, 160 mAh/g", {COMPACTION: Decimal("2.6"), CAPACITY: 160}),
        ("LFP 压实密度2.6g/cm3", {COMPACTION: Decimal("2.6")}),
        # a density without a word for compaction could be the tap or true density
        ("LFP cathode powder, carbon coated, 2.35 g/cm3", {}),
        ("Graphite electrodes, 1.73 g/cm3", {}),
        ("Laptop computer, 14 inch, 1.4 kg", {}),
        ("Power bank 10000 mAh", {}),
    ],
)
def test_units_that_stand_for_one_parameter(text: str, found: dict[str, Decimal]) -> None:
    assert {name: s.value for name, s in stated(text).items()} == found
