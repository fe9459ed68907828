"""The source distribution carries what its own tests read (issue 15, item 6): built here, it
holds every test, benchmark, example, ruleset and root file the test suite opens, so
`pip install -e '.[test]' && pytest` passes from the unpacked sdist (checked by hand on
2026-12-02: 3,851 tests). The compiled rule book is left out: the build makes it."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def members(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("sdist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(out)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    (built,) = out.glob("exportcheck-*.tar.gz")
    with tarfile.open(built) as archive:
        return {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}


def test_the_sdist_holds_what_the_tests_read(members: set[str]) -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "tests", "benchmarks", "examples", "rulesets", "docs"],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout (the sdist itself): nothing to compare with")
    assert set(tracked) <= members
    read = set()
    for test in (ROOT / "tests").rglob("*.py"):
        read |= set(re.findall(r'ROOT / "([\w./-]+)"', test.read_text(encoding="utf-8")))
    for name in read:
        assert any(m == name or m.startswith(f"{name}/") for m in members), name
    assert {"LICENSE", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml"} <= members
    assert "rulesets/rulebook.compiled.json" not in members
