"""The vocabulary of technical parameters an item may state, units in the names.

Rules compare these against thresholds; an item's `parameters` may only use these names (a typo
would otherwise hide a controlled value). Values are decimal numbers in the named unit.
"""

from __future__ import annotations

from decimal import Decimal

from msgspec import Struct


class Parameter(Struct, frozen=True, eq=False):
    name: str
    unit: str
    meaning: str
    maximum: str | None = None
    plausible: tuple[str, str] | None = None
    """The range a real value in this unit falls in, wide on purpose; a value outside it was
    most likely written in another unit (0.32 for 320 Wh/kg, 1730 for 1.73 g/cm³), so a rule
    does not decide on it (`review`, naming the value)."""

    def implausible(self, value: Decimal) -> bool:
        """Whether `value` lies outside the plausible range."""
        if self.plausible is None:
            return False
        low, high = self.plausible
        return not Decimal(low) <= value <= Decimal(high)


PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter(
            "energy_density_wh_per_kg",
            "Wh/kg",
            "gravimetric energy density of a cell or battery pack",
            plausible=("1", "2000"),
        ),
        Parameter(
            "compaction_density_g_per_cm3",
            "g/cm³",
            "powder compaction density of a cathode material",
            plausible=("0.1", "10"),
        ),
        Parameter(
            "specific_capacity_mah_per_g",
            "mAh/g",
            "specific (discharge) capacity of an electrode material",
            plausible=("1", "4500"),
        ),
        Parameter(
            "first_cycle_efficiency_percent",
            "%",
            "first-cycle coulombic efficiency of an electrode material",
            maximum="100",
            plausible=("1", "100"),
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
            plausible=("0.05", "30"),
        ),
        Parameter(
            "particle_size_um",
            "µm",
            "mean (average) particle size of a powder, or of the abrasive grit in a tool",
        ),
        Parameter("purity_percent", "%", "purity by mass", maximum="100", plausible=("1", "100")),
        Parameter(
            "bending_strength_mpa", "MPa", "bending (flexural) strength", plausible=("0.1", "10000")
        ),
        Parameter(
            "density_g_per_cm3", "g/cm³", "(bulk) density of a material", plausible=("0.01", "25")
        ),
        Parameter(
            "pressure_gpa",
            "GPa",
            "designed working pressure of a press",
            plausible=("0.001", "1000"),
        ),
        Parameter(
            "cylinder_diameter_mm",
            "mm",
            "cylinder (bore) diameter of a hydraulic press",
            plausible=("1", "10000"),
        ),
        Parameter(
            "throughput_m3_per_day",
            "m³/day",
            "liquid throughput of a processing plant, e.g. leach liquor treated per day",
        ),
        Parameter("wire_diameter_um", "µm", "diameter of a (saw) wire", plausible=("1", "10000")),
        Parameter("breaking_force_n", "N", "breaking force of a wire"),
        Parameter(
            "hardness_hrb",
            "HRB",
            "Rockwell B hardness (of a grinding wheel's bond)",
            plausible=("0", "150"),
        ),
        Parameter(
            "speed_m_per_s",
            "m/s",
            "maximum operating (peripheral) speed of a tool",
            plausible=("0.01", "1000"),
        ),
        Parameter("current_ka", "kA", "rated current of an electrolysis cell"),
        Parameter(
            "magnetic_field_t",
            "T",
            "magnetic field strength of an orienting press",
            plausible=("0.001", "100"),
        ),
        Parameter(
            "temperature_c", "°C", "maximum operating temperature", plausible=("-273.15", "10000")
        ),
        Parameter("kiln_diameter_m", "m", "shell diameter of a kiln", plausible=("0.05", "30")),
        Parameter("kiln_length_m", "m", "length of a kiln", plausible=("0.5", "1000")),
        Parameter(
            "average_voltage_v",
            "V",
            "average discharge voltage of a cathode material",
            plausible=("0.1", "10"),
        ),
        Parameter(
            "tap_density_g_per_cm3", "g/cm³", "tap density of a powder", plausible=("0.01", "10")
        ),
        Parameter(
            "dislocation_density_per_cm2",
            "/cm²",
            "dislocation (etch pit) density of a single crystal",
        ),
        Parameter(
            "middle_dimension_mm",
            "mm",
            "of a solid piece's three outer dimensions (length, width, thickness; a round bar's"
            " length, diameter, diameter), the middle one",
            plausible=("0.001", "100000"),
        ),
        Parameter(
            "smallest_dimension_mm",
            "mm",
            "of a solid piece's three outer dimensions, the smallest one",
            plausible=("0.001", "100000"),
        ),
        Parameter(
            "elastic_limit_mpa", "MPa", "elastic limit (yield strength)", plausible=("1", "10000")
        ),
        Parameter(
            "tensile_strength_mpa", "MPa", "ultimate tensile strength", plausible=("1", "10000")
        ),
        Parameter(
            "elongation_percent",
            "%",
            "elongation at break",
            maximum="1000",
            plausible=("0", "1000"),
        ),
        Parameter(
            "charge_capacity_kg",
            "kg",
            "charge (melting) capacity of a furnace",
            plausible=("0.001", "1000000"),
        ),
        Parameter(
            "powder_recovery_percent",
            "%",
            "share of the powder fed to a mill that it recovers",
            maximum="100",
            plausible=("1", "100"),
        ),
        Parameter(
            "oxygen_ppm",
            "ppm",
            "oxygen content of a machine's inner (protective) atmosphere",
            plausible=("0", "1000000"),
        ),
        Parameter(
            "cooling_time_min",
            "min",
            "time a furnace takes to cool its charge after the hold",
            plausible=("0.01", "100000"),
        ),
        Parameter(
            "temperature_uniformity_c",
            "°C",
            "temperature uniformity of a furnace's hot zone, as the ± deviation (±3 °C: 3)",
            plausible=("0", "1000"),
        ),
        Parameter(
            "microwave_power_kw",
            "kW",
            "microwave power of a plasma (MPCVD) system",
            plausible=("0.001", "10000"),
        ),
        Parameter(
            "microwave_frequency_mhz",
            "MHz",
            "microwave frequency of a plasma (MPCVD) system",
            plausible=("1", "1000000"),
        ),
    )
}
