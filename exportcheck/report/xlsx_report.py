"""`--format xlsx`: the rows of `--format csv` as an Excel workbook, for the ERPs and people that
import XLSX: one sheet, `verdicts`, whose header row stays in view and filters; the row numbers
are numbers and the days are dates.

Written with XlsxWriter in its constant-memory mode: each row goes out as it is decided, so a
manifest of a million rows takes no more memory than one of ten. Every cell holding an input's
text is written as text, so nothing an input wrote is ever read as a formula, a number or a
link (no apostrophe needed, unlike CSV); control and invisible characters are escaped as for a
terminal. Excel holds at most 32,767 characters in a cell and 1,048,576 rows in a sheet: a
longer cell is cut, saying how long it was, and further rows go on in the sheets `verdicts 2`,
`verdicts 3`, ...

The workbook is binary: a run refuses to write it to a terminal (give `-o FILE.xlsx`, or
redirect standard output).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import xlsxwriter

from exportcheck.report.csv_report import COLUMNS, values
from exportcheck.report.writer import Target, Writer
from exportcheck.version import __version__
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from exportcheck.model.result import Result
    from exportcheck.report.tally import Tally

CELL_LIMIT = 32_767
"""The most characters Excel keeps in a cell."""
SHEET_ROWS = 1_048_576
"""The most rows Excel keeps in a sheet, the header row included."""
SHEET = "verdicts"
_WIDTHS = {"file": 40, "row": 8, "item": 18, "as_of": 12, "verdict": 16, "licenses": 28,
           "findings": 60, "missing": 40, "caution_kinds": 24, "problems": 60}  # fmt: skip
_ROW, _AS_OF = COLUMNS.index("row"), COLUMNS.index("as_of")


def text(value: str) -> str:
    """An input's text safe in a cell: escaped as for a terminal, and cut to what a cell holds
    (saying how long it was: the JSON formats give it whole)."""
    shown = safe.terminal(value)
    if len(shown) <= CELL_LIMIT:
        return shown
    note = f" … [cut: {len(shown)} characters in all; --format json gives them all]"
    return shown[: CELL_LIMIT - len(note)] + note


class XlsxWriter(Writer):
    """A header row, then a row per result as it is decided; the workbook is put together and
    written to the report's stream when the run closes it."""

    sheet_rows = SHEET_ROWS

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.book = xlsxwriter.Workbook(
            target.out.buffer,
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        started = dt.datetime.fromisoformat(target.started) if target.started else None
        self.book.set_properties(
            {
                "title": "exportcheck verdicts",
                "creator": f"exportcheck {__version__}",
                **({} if started is None else {"created": started.replace(tzinfo=None)}),
            }
        )
        self.bold = self.book.add_format({"bold": True})
        self.day = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.sheets = 0
        self.sheet: Any = None
        self.next_row = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        self._finish_sheet()
        self.sheets += 1
        name = SHEET if self.sheets == 1 else f"{SHEET} {self.sheets}"
        sheet = self.book.add_worksheet(name)
        sheet.freeze_panes(1, 0)
        for column, name in enumerate(COLUMNS):
            sheet.set_column(column, column, _WIDTHS[name])
            sheet.write_string(0, column, name, self.bold)
        self.sheet, self.next_row = sheet, 1

    def _finish_sheet(self) -> None:
        if self.sheet is not None:
            self.sheet.autofilter(0, 0, self.next_row - 1, len(COLUMNS) - 1)

    def _add(self, result: Result) -> None:
        if self.next_row >= self.sheet_rows:
            self._new_sheet()
        sheet, at = self.sheet, self.next_row
        for column, value in enumerate(values(result, text)):
            if column == _ROW and value:
                sheet.write_number(at, column, int(value))
            elif column == _AS_OF and value:
                sheet.write_datetime(at, column, dt.date.fromisoformat(value), self.day)
            elif value:
                sheet.write_string(at, column, value)
        self.next_row += 1

    def close(self, tally: Tally) -> None:
        """The workbook, written whole to the report's stream."""
        self._finish_sheet()
        self.target.out.flush()
        self.book.close()
        self.target.out.buffer.flush()
