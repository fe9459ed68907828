"""Technical values a description states in its own words (`Li-ion cell, 320 Wh/kg`,
`能量密度320Wh/kg`, `Wh/kg: 320`, `high compaction 2.65 g/cm3`).

The parameter tests (rules.matchers.parameter) read such a value where the item's `parameters`
do not give one, and doubt a given value the description contradicts. Only units that stand
for one parameter are read: Wh/kg (energy density; kWh/kg too), mAh/g (specific capacity), and
g/cm³ only where the description names compaction (a cathode powder's density could be its tap
or true density otherwise). A value written with a qualifier (`< 250 Wh/kg`, `up to`, `约`) or
as a range (`250-320 Wh/kg`), or two different values of one parameter, are stated without a
value: the test then asks for the parameter, quoting what the description says.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple


class Stated(NamedTuple):
    """A parameter as a description states it: its value (None when the description gives it
    only with a qualifier, as a range, or twice differently) and the words that state it."""

    value: Decimal | None
    written: str


class _Unit(NamedTuple):
    pattern: re.Pattern[str]
    """The unit; its `kilo` group, where present and matched, multiplies by 1,000."""
    context: re.Pattern[str] | None
    """A word the description must hold for the unit to stand for the parameter."""


class _Patterns(NamedTuple):
    units: dict[str, _Unit]
    before: re.Pattern[str]
    """A number just before a unit, with what may qualify it or make it a range's end."""
    after: re.Pattern[str]
    """A number just after a unit (`Wh/kg: 320`)."""
    afterwards: re.Pattern[str]
    """A qualifier written after the value (`300Wh/kg以上`)."""


_NUMBER = r"\d+(?:[.,]\d+)?"
_GLUED = re.compile(r"[0-9A-Za-z.^×·*/]")
"""A character that, just before a number, makes it the end of one written otherwise."""


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """The patterns, compiled when a description is first read (a few milliseconds at every
    start otherwise: a command that reads no description needs none)."""
    units = {
        "energy_density_wh_per_kg": _Unit(
            re.compile(
                r"(?<![A-Za-z])(?P<kilo>k)?W\s*[·.]?\s*h\s*(?:/|per\s|pro\s|je\s|每)\s*(?:kg|千克|公斤)(?![A-Za-z])"
                r"|(?<![A-Za-z])(?P<kilo2>k)?W\s*[·.]?\s*h\s*[·.]?\s*kg\s*(?:-1|−1|⁻¹)"
                r"|瓦时\s*/\s*(?:千克|公斤)|瓦时每(?:千克|公斤)",
                re.IGNORECASE,
            ),
            None,
        ),
        "specific_capacity_mah_per_g": _Unit(
            re.compile(
                r"(?<![A-Za-z])mAh\s*(?:/|per\s|pro\s)\s*g(?![A-Za-z])"
                r"|(?<![A-Za-z])mAh\s*[·.]?\s*g\s*(?:-1|−1|⁻¹)|毫安时\s*/\s*克",
                re.IGNORECASE,
            ),
            None,
        ),
        "compaction_density_g_per_cm3": _Unit(
            re.compile(r"(?<![A-Za-z])g\s*/\s*(?:cm(?:3|³|\^3)|cc)(?![A-Za-z])|克\s*/\s*立方厘米"),
            re.compile(
                r"compact|press(?:ed)?\s+density|压实|Pressdichte|Verdichtung|compactage|圧密",
                re.IGNORECASE,
            ),
        ),
    }
    before = re.compile(
        r"(?P<qualifier>[<>≤≥~≈]|up\s+to|max(?:imum)?\.?|min(?:imum)?\.?|approx(?:imately)?\.?|"
        r"about|over|under|above|below|ca\.|bis\s+zu|über|unter|jusqu'à|environ|约|大于|小于|超过|"
        r"不低于|不高于|以上|以下)?\s*"
        rf"(?:(?P<low>{_NUMBER})\s*(?:-|–|~|to|bis|à|至)\s*)?(?P<number>{_NUMBER})\s*$",
        re.IGNORECASE,
    )
    after = re.compile(rf"\s*[:=：]?\s*(?P<number>{_NUMBER})(?P<range>\s*(?:-|–|~|to|bis|至))?")
    afterwards = re.compile(r"\s*(?:以上|以下|or more|or less|max|min)", re.IGNORECASE)
    return _Patterns(units, before, after, afterwards)


@lru_cache(maxsize=16384)
def stated(description: str) -> dict[str, Stated]:
    """The parameters the description states, by name."""
    text = unicodedata.normalize("NFKC", description)
    found: dict[str, Stated] = {}
    for name, unit in _patterns().units.items():
        if unit.context is not None and not unit.context.search(text):
            continue
        for match in unit.pattern.finditer(text):
            said = _value(text, match)
            if said is None:
                continue
            known = found.get(name)
            if known is not None and known.value != said.value:
                said = Stated(None, f"{known.written}; {said.written}")
            found[name] = said
    return found


def _value(text: str, unit: re.Match[str]) -> Stated | None:
    """The value beside one unit: a number before it (`320 Wh/kg`) or after it (`Wh/kg: 320`);
    None where no number stands beside it."""
    kilo = bool(unit.groupdict().get("kilo") or unit.groupdict().get("kilo2"))
    patterns = _patterns()
    window = max(0, unit.start() - 40)
    before = patterns.before.search(text[window : unit.start()])
    if before is not None:
        first = next(g for g in ("qualifier", "low", "number") if before.group(g))
        start = window + before.start(first)
        if start > 0 and _GLUED.match(text, start - 1):
            # `3.2E2 Wh/kg`, `3.2×10² Wh/kg`: the number is the end of one not read
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            return Stated(None, text[start : unit.end()])
        written = text[start : unit.end()]
        qualified = before.group("qualifier") or before.group("low")
        if qualified or patterns.afterwards.match(text, unit.end()):
            return Stated(None, written)
        return Stated(_number(before.group("number"), kilo=kilo), written)
    after = patterns.after.match(text, unit.end())
    if after is None:
        return None
    written = text[unit.start() : after.end()].strip()
    if after.group("range"):
        return Stated(None, written)
    return Stated(_number(after.group("number"), kilo=kilo), written)


def _number(written: str, *, kilo: bool) -> Decimal | None:
    """The number; None where a comma may separate thousands (`1,320`) or be a decimal comma."""
    if re.fullmatch(r"\d{1,3},\d{3}", written):
        return None
    try:
        value = Decimal(written.replace(",", "."))
    except InvalidOperation:  # pragma: no cover (the pattern admits only numbers)
        return None
    if not kilo:
        return value
    value *= 1000
    return Decimal(int(value)) if value == value.to_integral_value() else value
