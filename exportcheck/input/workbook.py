"""Spreadsheet manifests (XLSX, XLSM, XLS, ODS), read through python-calamine, a maintained
reader of every common spreadsheet format (Rust's calamine: no macro is run, no formula is
evaluated: a cell's cached value is read).

Each sheet with rows is a manifest of its own, named `file:sheet`, so a problem reads
`orders.xlsx:Orders:12:4: ...`. Cells become the text a CSV export would hold: a whole number
without `.0` (an HS code typed as a number), other numbers as Python writes them, dates in ISO
8601, booleans as `true`/`false`. Rows are then read exactly as a CSV manifest's.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import python_calamine

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ERRORS = (
    python_calamine.CalamineError,
    python_calamine.PasswordError,
    python_calamine.XmlError,
    python_calamine.ZipError,
)
"""What reading a workbook that is not one raises."""


class SheetReader:
    """A sheet's rows as lists of text, with the line (row) number reached, as csv.reader
    gives them."""

    def __init__(self, rows: Sequence[Sequence[object]]) -> None:
        self._rows = iter(rows)
        self.line_num = 0

    def __iter__(self) -> Iterator[list[str]]:
        return self

    def __next__(self) -> list[str]:
        row = next(self._rows)
        self.line_num += 1
        return [text(value) for value in row]


def text(value: object) -> str:
    """A cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def sheets(path: str) -> list[tuple[str, Sequence[Sequence[object]]]]:
    """The sheets that hold rows, in the workbook's order: (name, rows)."""
    book = python_calamine.CalamineWorkbook.from_path(path)
    found: list[tuple[str, Sequence[Sequence[object]]]] = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=True)
        if any(any(value not in (None, "") for value in row) for row in rows):
            found.append((name, rows))
    return found
