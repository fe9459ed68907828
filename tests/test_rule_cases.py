"""Per-measure golden cases: tests/cases/rules/<measure>.yaml, each a list of descriptions run
through `exportcheck check --format json` with the verdict, exit code and findings expected.

Every measure file shows the measure firing, not firing below its threshold (or for what it
does not list), not firing outside its dates, and `review` when a needed fact is missing.
A case gives either a whole `input`, or `items` and/or `parties` (any other top-level keys,
such as parties, technologies or services) appended to the file's `head`. Expected findings
are "subject rule verdict" strings, in output order; expected notes ("rule kind") must be
among the notes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from exportcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "tests" / "cases" / "rules").glob("*.yaml"))


def _cases() -> list[Any]:
    found = []
    for path in FILES:
        spec = yaml.safe_load(path.read_text())
        for case in spec["cases"]:
            found.append(pytest.param(spec, case, id=f"{path.stem}: {case['name']}"))
    return found


def _text(spec: dict[str, Any], case: dict[str, Any]) -> str:
    if "input" in case:
        return str(case["input"])
    items = str(case.get("items", "")).strip()
    body = f"items:\n{case['items']}" if items else ""
    return str(spec["head"]) + str(case.get("parties", "")) + body


@pytest.mark.parametrize(("spec", "case"), _cases())
def test_rule_case(spec: dict[str, Any], case: dict[str, Any], tmp_path: Path) -> None:
    file = tmp_path / "case.yaml"
    file.write_text(_text(spec, case))
    args = ["check", str(file), "--format", "json"]
    if "as_of" in case:
        args += ["--as-of", str(case["as_of"])]
    result = CliRunner().invoke(app, args)
    expect = case["expect"]
    assert result.exit_code == expect["exit"], result.stderr or result.stdout
    body = json.loads(result.stdout)["results"][0]
    assert body["verdict"] == expect["verdict"]
    if "findings" in expect:
        got = [f"{f['subject']} {f['rule']} {f['verdict']}" for f in body["findings"]]
        assert got == expect["findings"]
    if "missing" in expect:
        got_missing = sorted({m for f in body["findings"] for m in f["missing"]})
        assert got_missing == sorted(expect["missing"])
    notes = [f"{n['rule']} {n['kind']}" for n in body["notes"]]
    for note in expect.get("notes", []):
        assert note in notes, notes


def test_every_measure_has_a_case_file() -> None:
    names = {p.stem for p in FILES}
    assert names >= {
        "mofcom-2025-55", "mofcom-2025-56", "mofcom-2023-23", "mofcom-2023-39",
        "mofcom-2024-33", "mofcom-2025-10", "mofcom-2024-46", "mofcom-2026-1",
        "mofcom-2025-54", "mofcom-2025-648", "entity-lists",
        # issue 4
        "mofcom-2023-57", "mofcom-2025-28", "mofcom-2025-62", "mofcom-2025-61",
    }  # fmt: skip
