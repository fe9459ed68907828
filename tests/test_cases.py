"""Golden CLI cases: each folder under tests/cases/ holds `cmd` (the arguments, run from the
repository root), `stdout`, `exit` and, when something is expected there, `stderr`.

Run with EXPORTCHECK_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change;
review the diff before committing it.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted(p for p in (ROOT / "tests" / "cases").iterdir() if (p / "cmd").is_file())
UPDATE = os.environ.get("EXPORTCHECK_UPDATE_GOLDEN") == "1"
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "FORCE_COLOR": None, "TERM": "dumb"}
TIMING = re.compile(r"^ +\d+\.\d{3} s  (.*)$")
"""The summary's slowest files: their durations and so their order vary run to run; they are
compared as `<t> s  file` lines in name order."""


STARTED = re.compile(r'timestamp="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"')
"""JUnit's timestamp: when the run began, compared as `<started>`."""


def steady(text: str) -> str:
    lines = text.splitlines(keepends=True)
    found = [(i, m) for i, line in enumerate(lines) if (m := TIMING.match(line))]
    names = sorted(f"    <t> s  {m.group(1)}\n" for _, m in found)
    for (i, _), name in zip(found, names, strict=True):
        lines[i] = name
    return "".join(lines)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = shlex.split((case / "cmd").read_text())
    stdin = (case / "stdin").read_bytes() if (case / "stdin").exists() else None
    result = CliRunner().invoke(app, args, input=stdin, env=ENV)
    got = {
        "stdout": STARTED.sub('timestamp="<started>"', result.stdout),
        "stderr": steady(result.stderr),
        "exit": f"{result.exit_code}\n",
    }
    if UPDATE:
        for name, text in got.items():
            path = case / name
            if text or name != "stderr":
                path.write_text(text)
            elif path.exists():
                path.unlink()
    for name, text in got.items():
        path = case / name
        expected = path.read_text() if path.exists() else ""
        assert text == expected, f"{case.name}/{name} differs"


def test_every_example_has_a_golden_case() -> None:
    commands = " ".join((c / "cmd").read_text() for c in CASES)
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        assert f"examples/{example.name}" in commands, example.name
