"""Spreadsheet manifests (issue 15, item 3): a sheet's rows are read as a CSV's, with the same
verdicts, and its problems are named `file:sheet:row:column`."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.input.workbook import text

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = ROOT / "examples" / "manifests" / "2026-12-01.csv"
SETS = ["--set", "exporter.name=Ganzhou", "--set", "exporter.country=CN", "--as-of", "2026-12-01"]


def check(path: Path) -> list[dict[str, object]]:
    out = CliRunner().invoke(app, ["check", str(path), *SETS, "-f", "jsonl"]).stdout
    return [json.loads(line) for line in out.splitlines()]


def _same(record: dict[str, object]) -> tuple[object, ...]:
    findings = record.get("findings") or []
    assert isinstance(findings, list)
    return (record["row"], record["verdict"], tuple(f["rule"] for f in findings))


def test_a_sheet_gives_the_verdicts_of_its_csv(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Orders"
    with MANIFEST.open(newline="") as stream:
        for row in csv.reader(stream):
            sheet.append([float(c) if c.isdigit() and len(c) >= 8 else c for c in row])
    book.create_sheet("Empty")
    path = tmp_path / "orders.xlsx"
    book.save(path)
    expected = check(MANIFEST)
    got = check(path)
    assert [_same(r) for r in got] == [_same(r) for r in expected]
    assert {r["file"] for r in got} == {f"{path}:Orders"}


def test_problems_name_file_sheet_row_and_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Q4"
    sheet.append(["id", "description", "hs_code", "origin"])
    sheet.append(["A1", "Cotton t-shirts", "6109100000", "cn"])
    path = tmp_path / "orders.xlsx"
    book.save(path)
    result = CliRunner().invoke(app, ["check", str(path), *SETS])
    assert result.exit_code == 2
    assert f"{path}:Q4:2:4: origin:" in result.stderr


def test_a_file_that_is_no_spreadsheet_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "orders.xlsx"
    path.write_text("id,description\n")
    result = CliRunner().invoke(app, ["check", str(path), *SETS])
    assert result.exit_code == 2
    assert "cannot read the spreadsheet" in result.stderr
    assert "Traceback" not in result.stderr


def test_cells_read_as_a_csv_export_writes_them() -> None:
    assert text(2846901940.0) == "2846901940"
    assert text(87.1) == "87.1"
    assert text(None) == ""
    assert text(True) == "true"
    assert text(dt.datetime(2026, 12, 1)) == "2026-12-01"
    assert text(dt.date(2026, 12, 1)) == "2026-12-01"
