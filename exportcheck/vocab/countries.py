"""ISO 3166-1 country codes and ISO 4217 currency codes, from pycountry (kept current upstream).

The tables are read from pycountry's own data files (JSON) when first needed: importing
pycountry itself costs a small check a third of its time, and its data is all that is needed.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

from msgspec import Struct


class Tables(Struct, frozen=True):
    countries: dict[str, str]
    """alpha-2 code -> name."""
    alpha_3: dict[str, str]
    """alpha-3 code -> alpha-2 code."""
    currencies: frozenset[str]
    """ISO 4217 alphabetic codes."""


def _from_pycountry() -> Tables:  # pragma: no cover - pycountry keeps its data elsewhere
    import pycountry  # noqa: PLC0415 (see the module's doc)

    return Tables(
        countries={c.alpha_2: c.name for c in pycountry.countries},
        alpha_3={c.alpha_3: c.alpha_2 for c in pycountry.countries},
        currencies=frozenset(c.alpha_3 for c in pycountry.currencies),
    )


@cache
def tables() -> Tables:
    spec = importlib.util.find_spec("pycountry")
    if spec is None or spec.origin is None:  # pragma: no cover - a dependency of the package
        return _from_pycountry()
    folder = Path(spec.origin).parent / "databases"
    try:
        countries = json.loads((folder / "iso3166-1.json").read_bytes())["3166-1"]
        currencies = json.loads((folder / "iso4217.json").read_bytes())["4217"]
    except (OSError, ValueError, KeyError):  # pragma: no cover - a layout pycountry changed
        return _from_pycountry()
    return Tables(
        countries={c["alpha_2"]: c["name"] for c in countries},
        alpha_3={c["alpha_3"]: c["alpha_2"] for c in countries},
        currencies=frozenset(c["alpha_3"] for c in currencies),
    )


def is_country(code: str) -> bool:
    return code in tables().countries


def is_currency(code: str) -> bool:
    return code in tables().currencies


def currencies() -> frozenset[str]:
    """ISO 4217 alphabetic codes."""
    return tables().currencies


def name(code: str) -> str:
    return tables().countries[code]


def suggest(text: str) -> str | None:
    """A hint for a wrong country: the code for a country name, or a close code."""
    import difflib  # noqa: PLC0415 (only for a near miss)

    codes = tables().countries
    wanted = text.strip().lower()
    for code, country in codes.items():
        if country.lower() == wanted:
            return code
    found = tables().alpha_3.get(text.strip().upper())
    if found is not None:
        return found
    close = difflib.get_close_matches(text.strip().upper(), list(codes), n=1, cutoff=0.5)
    return close[0] if close else None
