"""How a manifest's cells are written: the delimiter, which columns hold numbers (and so may
use a decimal comma), and the digest of a row for the audit log."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from exportcheck.input.files import sha256

if TYPE_CHECKING:
    from exportcheck.input.shipment import Place

NUMBERS = frozenset({"quantity", "value"})


def row_digest(cells: list[str]) -> str:
    """The sha256 of a row: its cells as read, joined by U+001F (the unit separator)."""
    return sha256("\x1f".join(cells).encode("utf-8", "surrogateescape"))


def dialect(first: str) -> type[csv.Dialect]:
    """Comma, semicolon (the European spreadsheet default) or tab: whichever the header line
    uses most."""
    delimiter = max((",", ";", "\t"), key=first.count)

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


def numeric(place: Place) -> bool:
    """A column of numbers: an element's or a parameter's share, a quantity or a value."""
    if place[0] != "items" or len(place) < 2:
        return False
    return place[1] in ("contains", "parameters") or place[1] in NUMBERS
