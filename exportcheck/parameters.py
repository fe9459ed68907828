"""The vocabulary of technical parameters an item may state, units in the names.

Rules compare these against thresholds; an item's `parameters` may only use these names (a typo
would otherwise hide a controlled value). Values are decimal numbers in the named unit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    unit: str
    meaning: str
    maximum: str | None = None


PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter(
            "energy_density_wh_per_kg",
            "Wh/kg",
            "gravimetric energy density of a cell or battery pack",
        ),
        Parameter(
            "compaction_density_g_per_cm3",
            "g/cm³",
            "powder compaction density of a cathode material",
        ),
        Parameter(
            "specific_capacity_mah_per_g",
            "mAh/g",
            "specific (discharge) capacity of an electrode material",
        ),
        Parameter(
            "first_cycle_efficiency_percent",
            "%",
            "first-cycle coulombic efficiency of an electrode material",
            maximum="100",
        ),
        Parameter(
            "volume_m3",
            "m³",
            "working volume of a vessel, reactor, mixer or dryer (300 L = 0.3 m³)",
        ),
        Parameter(
            "barrel_diameter_m",
            "m",
            "barrel (drum) diameter of a rotary kiln",
        ),
    )
}
