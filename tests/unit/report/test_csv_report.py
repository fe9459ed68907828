"""`--format csv` (issue 15, item 4): one row per input, the verdicts of the JSON lines, and no
cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.report.csv_report import COLUMNS, cell

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = ROOT / "examples" / "manifests" / "2026-12-01.csv"
SETS = ["--set", "exporter.name=Ganzhou", "--set", "exporter.country=CN", "--as-of", "2026-12-01"]


def test_the_rows_hold_what_the_json_lines_say() -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["check", str(MANIFEST), *SETS, "-f", "csv"]).stdout
    lines = runner.invoke(app, ["check", str(MANIFEST), *SETS, "-f", "jsonl"]).stdout
    rows = list(csv.DictReader(io.StringIO(table)))
    records = [json.loads(line) for line in lines.splitlines()]
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert row["row"] == str(record["row"])
        assert row["verdict"] == record["verdict"]
        if record["verdict"] == "invalid":
            assert row["problems"]
            continue
        assert row["licenses"] == ";".join(record["licenses"])
        assert row["findings"] == "; ".join(
            f"{f['rule']} {f['verdict']}" for f in record["findings"]
        )


def test_no_cell_is_a_formula_or_holds_a_control_character(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        'id,description,hs_code\n"=HYPERLINK(""http://x"")",Cotton t-shirts,6109100000\n'
    )
    table = CliRunner().invoke(app, ["check", str(manifest), *SETS, "-f", "csv"]).stdout
    (row,) = list(csv.DictReader(io.StringIO(table)))
    assert row["item"].startswith("'=")
    assert cell("+1") == "'+1"
    assert cell("a\x1b[31mb") == "a\\x1b[31mb"
    assert cell("Cotton") == "Cotton"
