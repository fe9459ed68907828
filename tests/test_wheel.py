"""The built wheel ships the rulesets and works from any directory in a fresh environment."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
        ],
        check=True,
    )
    (built,) = out.glob("exportcheck-*.whl")
    return built


def test_wheel_contains_every_bundled_ruleset_and_their_compiled_book(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for ruleset in (ROOT / "rulesets").glob("*.yaml"):
        assert f"exportcheck/rulesets/{ruleset.name}" in names
    assert "exportcheck/rulesets/rulebook.compiled.json" in names
    assert "exportcheck/rulesets/history/changes.yaml" in names  # rules changes
    assert "exportcheck/py.typed" in names  # typed for library users (issue 15)
    assert any(name.endswith("licenses/LICENSE") for name in names)
    assert not any(name.endswith((".pickle", ".pkl")) for name in names)


def test_installed_wheel_checks_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [
        str(venv / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "-q",
        "--disable-pip-version-check",
    ]
    subprocess.run([*pip, str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    example = ROOT / "examples" / "dysprosium-oxide-to-germany.yaml"
    exe = str(venv / "bin" / "exportcheck")
    run = subprocess.run(
        [exe, "check", str(example), "--format", "json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert '"rule": "mofcom-2025-18:1C905"' in run.stdout
    version = subprocess.run(
        [exe, "--version"], cwd=elsewhere, capture_output=True, text=True, check=True
    )
    assert "ruleset mofcom-2025-18" in version.stdout
    where = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import exportcheck.places as r; print(r.bundled_dir())",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(venv) in where.stdout
    compiled = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import exportcheck.rules.load as r, exportcheck.places as p; "
            "import exportcheck.vocab.glossary as g; "
            "print(r._compiled(r.bundled_paths(p.bundled_dir())) is not None, "
            "g._compiled() is not None)",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert compiled.stdout == "True True\n"  # the installed package reads its compiled book
