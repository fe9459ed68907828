"""Markdown, SARIF and JUnit reports, and `-o FILE`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from exportcheck.cli import app

ROOT = Path(__file__).resolve().parents[3]
HELD = str(ROOT / "examples" / "held-licences.yaml")
MISSING = str(ROOT / "examples" / "magnets-missing-composition.yaml")
ENV = {"COLUMNS": "100", "NO_COLOR": "1"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=ENV)
    return result.exit_code, result.stdout, result.stderr


def bad_file(tmp_path: Path) -> str:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: shipment\nexporter: {name: A, country: CN}\nitems: [{hs_code: '1'}]\n")
    return str(bad)


def test_sarif_has_one_result_per_finding_with_its_rule(tmp_path: Path) -> None:
    code, out, _ = run("check", HELD, MISSING, bad_file(tmp_path), "--format", "sarif")
    assert code == 2
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    (run_,) = sarif["runs"]
    rules = run_["tool"]["driver"]["rules"]
    results = run_["results"]
    assert len(results) == 5  # 2 licensed + 3 review findings
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
    levels = {(r["ruleId"], r["properties"]["verdict"], r["level"]) for r in results}
    assert ("mofcom-2025-18:1C905", "licensed", "note") in levels
    assert ("mofcom-2025-58:3A001", "review", "warning") in levels
    invocation = run_["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notifications = invocation["toolExecutionNotifications"]
    assert {n["level"] for n in notifications} == {"error"}
    lines = [
        n["locations"][0]["physicalLocation"].get("region", {}).get("startLine")
        for n in notifications
    ]
    assert 3 in lines


def test_junit_has_one_case_per_item_and_fails_what_needs_work(tmp_path: Path) -> None:
    code, out, _ = run("check", HELD, MISSING, bad_file(tmp_path), "--format", "junit")
    assert code == 2
    root = ET.fromstring(out)  # noqa: S314 (our own output)
    held, missing, bad = root.findall("testsuite")
    assert [c.get("name") for c in held.findall("testcase")] == [
        "items[1] (id 10) Dysprosium oxide Dy2O3 99.9%",
        "items[2] (id 20) Terbium metal 99.9%",
        "parties (screening)",
    ]
    assert held.get("failures") == "0"
    assert missing.get("failures") == "2"
    failures = [c.find("failure") for c in missing.findall("testcase")]
    assert [f.get("type") if f is not None else None for f in failures] == [
        "review",
        "review",
        None,
    ]
    assert bad.get("errors") == "1"
    error = bad.find("testcase/error")
    assert error is not None
    assert "items[1].description: missing required key" in (error.text or "")


def test_markdown_escapes_what_would_break_a_table(tmp_path: Path) -> None:
    odd = tmp_path / "odd.yaml"
    odd.write_text(
        "kind: shipment\nreference: 'PO|7'\nexporter: {name: A, country: CN}\ndestination: DE\n"
        "items: [{id: 'a|b', description: Dysprosium oxide, hs_code: '2846901940',"
        " contains: {Dy: 78, O: 22}}]\n"
    )
    code, out, _ = run("check", str(odd), "--format", "markdown")
    assert code == 1
    assert "reference PO\\|7" in out
    row = next(line for line in out.splitlines() if line.startswith("| 1 |"))
    assert "items[1] (id a\\|b)" in row
    assert row.count(" | ") == 6  # seven cells, no stray separator


def test_output_file_is_written_whole_at_the_end(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    code, out, _ = run("check", HELD, "--format", "json", "-o", str(target))
    assert (code, out) == (0, "")
    assert json.loads(target.read_text())["results"][0]["verdict"] == "licensed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary left


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "markdown", "jsonl"])
def test_no_output_file_when_nothing_could_be_checked(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "report.out"
    code, _, err = run("check", bad_file(tmp_path), "--format", fmt, "-o", str(target))
    assert code == 2
    assert "missing required key" in err
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_an_output_file_that_cannot_be_written_stops_the_run(tmp_path: Path) -> None:
    target = tmp_path / "no" / "report.json"
    code, out, err = run("check", HELD, "-o", str(target))
    assert (code, out) == (2, "")
    assert f"{target}: cannot write the report" in err


def test_text_to_a_file_has_no_colour(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    result = CliRunner().invoke(
        app, ["check", HELD, "-o", str(target)], env={"FORCE_COLOR": None, "NO_COLOR": None}
    )
    assert result.exit_code == 0
    text = target.read_text()
    assert "Verdict:  LICENSED" in text
    assert "\x1b[" not in text


def test_junit_timestamps_are_when_the_run_began() -> None:
    """An ISO 8601 datetime in UTC, not the as-of day (issue 15, item 4)."""
    _, out, _ = run("check", HELD, "--format", "junit", "--as-of", "2026-06-01")
    stamps = re.findall(r'timestamp="([^"]+)"', out)
    assert stamps
    for stamp in stamps:
        when = dt.datetime.fromisoformat(stamp)
        assert when.tzinfo is not None
        assert abs((dt.datetime.now(dt.UTC) - when).total_seconds()) < 600
