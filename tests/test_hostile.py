"""The hostile corpus: every file under tests/hostile/ with its `.expect` sidecar (exit code,
a substring of the message, optional arguments with `{file}` standing for the file).

Bad input must end in the expected exit code with the message on stderr, nothing on stdout
but, in `--format json` once an input was read, the one document saying every input was
invalid, and never a traceback. A few generated cases (a 100 MB file, a directory, a missing file)
need no corpus file.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
CONFIGURATIONS = HOSTILE / "configurations"
"""Cases of a configuration found on the way: each folder holds `exportcheck.yaml` (and what
it names), `project/shipment.yaml` (checked from `project/`) and `case.expect` (exit code,
stream, a substring of it, arguments)."""
CASES = sorted(
    p
    for p in HOSTILE.rglob("*")
    if p.is_file() and p.suffix != ".expect" and CONFIGURATIONS not in p.parents
)
FOUND = sorted(p for p in CONFIGURATIONS.iterdir() if p.is_dir())


def expectation(path: Path) -> dict[str, str]:
    lines = path.with_suffix(".expect").read_text().splitlines()
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in lines if line)}


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env={"COLUMNS": "100"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("path", CASES, ids=[str(p.relative_to(HOSTILE)) for p in CASES])
def test_hostile_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    expect = expectation(path)
    relative = str(path.relative_to(ROOT))
    template = expect.get("args", "")
    if template.startswith("check "):
        args = shlex.split(template.replace("{file}", relative))
    else:
        args = ["check", relative, "--format", "json", *shlex.split(template)]
    started = time.perf_counter()
    code, out, err = run(args)
    elapsed = time.perf_counter() - started
    assert code == int(expect["exit"]), err or out
    assert "Traceback" not in err
    if code == 2:
        formats = (args[i + 1] for i, a in enumerate(args[:-1]) if a in ("--format", "-f"))
        if out and "json" in formats:  # an input was read: its result is in the document
            body = json.loads(out)
            assert {r["verdict"] for r in body["results"]} == {"invalid"}, out
            assert body["summary"]["verdicts"] == {"invalid": len(body["results"])}
        else:
            assert out == ""
        assert expect["message"] in err, err
        assert all(
            line.startswith(relative) or "exportcheck" in line
            for line in err.splitlines()
            if line and "--rules" not in template
        ), err
    else:
        assert expect["message"] in out
    assert elapsed < 5, f"took {elapsed:.1f} s"


def test_corpus_holds_at_least_40_bad_files() -> None:
    bad = [p for p in CASES if expectation(p)["exit"] == "2"]
    assert len(bad) >= 40


def test_a_100_mb_file_fails_at_once_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing to read
    started = time.perf_counter()
    code, out, err = run(["check", str(big)])
    assert time.perf_counter() - started < 2
    assert code == 2
    assert out == ""
    assert f"{big}: file is 104,857,600 bytes; the limit is 67,108,864 bytes" in err


def test_an_empty_directory_and_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a description")
    code, out, err = run(["check", str(tmp_path), "--format", "json"])
    assert code == 2
    assert err == (f"{tmp_path}: directory has no description files (*.yaml, *.yml, *.json)\n")
    assert json.loads(out)["results"][0]["verdict"] == "invalid"
    code, out, err = run(["check", str(tmp_path / "nope.yaml")])
    assert (code, out) == (2, "")
    assert err == f"{tmp_path / 'nope.yaml'}: no such file or directory\n"


def test_stdin_over_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(app, ["check", "-", "--max-bytes", "10"], input=b"a: 1\n" * 10)
    assert result.exit_code == 2
    assert "<stdin>: input is over" in result.stderr
    assert os.environ.get("PYTEST_CURRENT_TEST")


@pytest.mark.parametrize("case", FOUND, ids=[p.name for p in FOUND])
def test_hostile_configuration(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copied out of the repository (so its `.git` does not end the search first) with the
    modes a careful user's files have: the configuration is trusted, and still cannot hide
    what it did or reach outside its folder."""
    here = tmp_path / case.name
    shutil.copytree(case, here)
    for path in here.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    expect = expectation(here / "case")
    monkeypatch.delenv("EXPORTCHECK_CONFIG", raising=False)
    monkeypatch.chdir(here / "project")
    before = {p: p.read_bytes() for p in here.rglob("*") if p.is_file()}
    code, out, err = run(["check", "shipment.yaml", *shlex.split(expect.get("args", ""))])
    assert code == int(expect["exit"]), err or out
    assert "Traceback" not in err
    assert expect["message"] in (out if expect["stream"] == "stdout" else err), (out, err)
    assert {p: p.read_bytes() for p in here.rglob("*") if p.is_file()} == before
    assert not (tmp_path / ".bashrc").exists()
