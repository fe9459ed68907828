"""Text over many inputs leads with the answer (issue 15, item 1): the summary's counts, rule
groups and missing facts are those of the JSON lines of the same run, and the rows listed are
exactly those needing action (every row with `--show all`)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportcheck.cli import app

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = ROOT / "examples" / "manifests" / "2026-12-01.csv"
SETS = ["--set", "exporter.name=Ganzhou Rare Metals Co., Ltd.", "--set", "exporter.country=CN"]
ACTION = {"prohibited", "review", "license_required"}


def run(*args: str) -> str:
    result = CliRunner().invoke(
        app, ["check", str(MANIFEST), *SETS, "--as-of", "2026-12-02", *args]
    )
    return result.stdout


@pytest.fixture(scope="module")
def records() -> list[dict[str, object]]:
    lines = run("--format", "jsonl").splitlines()
    return [json.loads(line) for line in lines]


def _section(text: str, title: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(title) + 1
    found = []
    for line in lines[start:]:
        if not line.startswith("    "):
            break
        found.append(line.strip())
    return found


def test_the_summary_counts_what_the_json_lines_say(records: list[dict[str, object]]) -> None:
    text = run()
    checked = [r for r in records if r["verdict"] != "invalid"]
    assert text.startswith(f"Summary of {len(records)} checks (as of 2026-12-02):")
    counts = Counter(str(r["verdict"]) for r in records)
    for verdict, count in counts.items():
        assert f"{count} {verdict}" in text.splitlines()[1]
    acting = sum(1 for r in checked if r["verdict"] in ACTION)
    assert f"  Needing action: {acting}" in text.splitlines()
    by_rule: dict[str, Counter[str]] = {}
    facts: Counter[str] = Counter()
    for r in checked:
        if r["verdict"] not in ACTION:
            continue
        findings = r["findings"]
        assert isinstance(findings, list)
        for rule, level in dict.fromkeys((f["rule"], f["verdict"]) for f in findings):
            by_rule.setdefault(rule, Counter())[level] += 1
        facts.update(list(dict.fromkeys(m for f in findings for m in f["missing"])))
    shown = {line.split(": ")[0]: line.split(": ")[1] for line in _section(text, "  By rule:")}
    assert set(shown) == set(by_rule)
    for rule, levels in by_rule.items():
        for level, count in levels.items():
            assert f"{count} {level}" in shown[rule]
    title = "  Most common missing facts (rows that would be settled by each):"
    listed = dict(line.rsplit(": ", 1) for line in _section(text, title))
    assert {fact: int(n) for fact, n in listed.items()} == dict(facts)


def test_only_the_rows_needing_action_are_listed_unless_all_are_asked(
    records: list[dict[str, object]],
) -> None:
    pattern = re.compile(r"^  \S+:(\d+)  id ")
    acting = [r["row"] for r in records if r["verdict"] in ACTION]
    rows = [int(m.group(1)) for line in run().splitlines() if (m := pattern.match(line))]
    assert rows == acting
    every = [r["row"] for r in records if r["verdict"] != "invalid"]
    rows = [
        int(m.group(1)) for line in run("--show", "all").splitlines() if (m := pattern.match(line))
    ]
    assert rows == every


def test_row_lines_are_escaped_for_the_terminal(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "id,description,hs_code\n\x1b[31mX,Dysprosium oxide \u202e99.9%,2846901940\n"
    )
    result = CliRunner().invoke(
        app, ["check", str(manifest), *SETS, "--as-of", "2026-12-02", "--show", "all"]
    )
    assert "\x1b[31m" not in result.stdout
    assert "\u202e" not in result.stdout
