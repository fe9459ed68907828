"""SARIF a code-scanning upload takes (issue 15, item 4): every result at a line, and no run
over GitHub's 25,000 results."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.report import sarif_report
from exportcheck.report.sarif_report import Sarif

ROOT = Path(__file__).resolve().parents[3]


def _result(level: str, n: int) -> dict[str, object]:
    return {"ruleId": f"r{n}", "level": level, "message": {"text": "x"}}


def test_results_are_split_into_runs_most_severe_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif_report, "RESULTS_PER_RUN", 10)
    monkeypatch.setattr(sarif_report, "MAX_RUNS", 3)
    sarif = Sarif({})
    sarif.results = [_result(("note", "warning", "error")[n % 3], n) for n in range(45)]
    document = sarif.document()
    runs = document["runs"]
    assert [len(run["results"]) for run in runs] == [10, 10, 10]
    kept = [r["level"] for run in runs for r in run["results"]]
    assert kept == ["error"] * 15 + ["warning"] * 15  # the 15 notes are left out, and said
    (told,) = runs[0]["invocations"][0]["toolExecutionNotifications"]
    assert told["message"]["text"].startswith("15 results left out (15 note)")
    small = Sarif({})
    small.results = [_result("note", n) for n in range(5)]
    assert [len(run["results"]) for run in small.document()["runs"]] == [5]


def test_every_result_is_placed_at_its_line() -> None:
    example = ROOT / "examples" / "magnets-missing-composition.yaml"
    out = CliRunner().invoke(app, ["check", str(example), "-f", "sarif"]).stdout
    results = json.loads(out)["runs"][0]["results"]
    text = example.read_text().splitlines()
    for result in results:
        line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
        subject = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        position = int(re.fullmatch(r"items\[(\d+)\]", subject).group(1))  # type: ignore[union-attr]
        starts = [n for n, t in enumerate(text, 1) if t.startswith("  - ")]
        assert line == starts[position - 1]
    manifest = ROOT / "examples" / "manifests" / "2026-12-01.csv"
    out = (
        CliRunner()
        .invoke(
            app,
            [
                "check",
                str(manifest),
                "--set",
                "exporter.name=X",
                "--set",
                "exporter.country=CN",
                "-f",
                "sarif",
            ],
        )
        .stdout
    )
    lines = {
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
        for r in json.loads(out)["runs"][0]["results"]
    }
    assert lines <= set(range(2, 12))
    assert len(lines) > 3
