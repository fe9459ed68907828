"""`--format xlsx` (issue 15, item 4): the rows of `--format csv` in a workbook, typed; no cell
an input wrote is a formula; Excel's cell and sheet limits kept; never written to a terminal."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.report import xlsx_report
from exportcheck.report.csv_report import COLUMNS
from exportcheck.run.check import run
from exportcheck.run.options import CheckOptions
from exportcheck.run.streams import Streams

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = ROOT / "examples" / "manifests" / "2026-12-01.csv"
SETS = ["--set", "exporter.name=Ganzhou", "--set", "exporter.country=CN", "--as-of", "2026-12-01"]


def sheets(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def plain(value: object) -> str:
    """A cell as CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def test_the_rows_are_the_csv_rows_typed() -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["check", str(MANIFEST), *SETS, "-f", "csv"]).stdout
    result = runner.invoke(app, ["check", str(MANIFEST), *SETS, "-f", "xlsx"])
    assert result.exit_code == 4  # a bad row, as in every format
    (rows,) = sheets(result.stdout_bytes).values()
    assert rows[0] == COLUMNS
    expected = list(csv.reader(io.StringIO(table)))
    assert len(rows) == len(expected) > 5
    for got, want in zip(rows[1:], expected[1:], strict=True):
        assert [plain(v) for v in got] == want
        assert isinstance(got[1], int)
        if got[4] != "invalid":
            assert isinstance(got[3], dt.datetime)


def test_no_cell_an_input_wrote_is_a_formula(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        'id,description,hs_code\n"=HYPERLINK(""http://x"",""y"")",Cotton t-shirts,6109100000\n'
        '"+1\x1b[31m",Cotton t-shirts,6109100000\n'
    )
    out = tmp_path / "v.xlsx"
    result = CliRunner().invoke(app, ["check", str(manifest), *SETS, "-f", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(out).worksheets[0]
    first, second = sheet["C2"], sheet["C3"]
    assert first.data_type == "s"
    assert first.value == '=HYPERLINK("http://x","y")'
    assert second.value == "+1\\x1b[31m"


def test_a_cell_is_cut_to_what_excel_holds_saying_so() -> None:
    assert xlsx_report.text("short") == "short"
    long = xlsx_report.text("x" * 40_000)
    assert len(long) == xlsx_report.CELL_LIMIT
    assert long.endswith("[cut: 40000 characters in all; --format json gives them all]")


def test_rows_past_a_sheets_limit_go_on_in_the_next_sheet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_report.XlsxWriter, "sheet_rows", 4)  # a header and three rows
    result = CliRunner().invoke(app, ["check", str(MANIFEST), *SETS, "-f", "xlsx"])
    found = sheets(result.stdout_bytes)
    assert list(found) == ["verdicts", "verdicts 2", "verdicts 3", "verdicts 4"]
    assert all(rows[0] == COLUMNS for rows in found.values())
    assert [len(rows) for rows in found.values()] == [4, 4, 4, 2]
    lines = [row[1] for rows in found.values() for row in rows[1:]]
    assert lines == list(range(2, 12))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_workbook_is_never_written_to_a_terminal() -> None:
    out, err = _Terminal(), io.StringIO()
    options = CheckOptions(paths=(str(ROOT / "examples" / "cotton-t-shirts.yaml"),), format="xlsx")
    assert run(options, Streams(out, err)) == 2
    assert out.getvalue() == ""
    assert "writes a binary file; give -o FILE.xlsx or redirect standard output" in err.getvalue()
