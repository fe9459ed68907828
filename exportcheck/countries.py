"""ISO 3166-1 alpha-2 country codes, from pycountry (kept current upstream)."""

from __future__ import annotations

import difflib
from functools import cache

import pycountry


@cache
def _codes() -> dict[str, str]:
    return {c.alpha_2: c.name for c in pycountry.countries}


def is_country(code: str) -> bool:
    return code in _codes()


def name(code: str) -> str:
    return _codes()[code]


def suggest(text: str) -> str | None:
    """A hint for a wrong country: the code for a country name, or a close code."""
    codes = _codes()
    wanted = text.strip().lower()
    for code, country in codes.items():
        if country.lower() == wanted:
            return code
    found = pycountry.countries.get(alpha_3=text.strip().upper())
    if found is not None:
        return str(found.alpha_2)
    close = difflib.get_close_matches(text.strip().upper(), list(codes), n=1, cutoff=0.5)
    return close[0] if close else None
