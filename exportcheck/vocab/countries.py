"""ISO 3166-1 country codes and ISO 4217 currency codes, from pycountry (kept current upstream).

The tables are read from pycountry once and kept in the compiled cache (exportcheck.cache),
under a hash of pycountry's data files, so a check does not import pycountry to know that DE is
a country.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from exportcheck import cache as compiled


@dataclass(frozen=True)
class Tables:
    countries: dict[str, str]
    """alpha-2 code -> name."""
    alpha_3: dict[str, str]
    """alpha-3 code -> alpha-2 code."""
    currencies: frozenset[str]
    """ISO 4217 alphabetic codes."""


def _build() -> Tables:
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
        return _build()
    folder = Path(spec.origin).parent / "databases"
    try:
        stamps = [compiled.stamp(folder / n) for n in ("iso3166-1.json", "iso4217.json")]
    except OSError:  # pragma: no cover - pycountry keeps its data elsewhere: no cache then
        return _build()
    return compiled.remembered("iso-tables", compiled.key(stamps), _build)


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
