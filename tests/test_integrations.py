"""What the package offers other tools: the pre-commit hook and shell completion."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.report.formats import FORMATS

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (only,) = hooks
    assert isinstance(only, dict)
    return only


def test_the_hook_runs_the_installed_command_on_yaml_and_json() -> None:
    found = hook()
    assert found["id"] == "exportcheck"
    assert found["language"] == "python"
    assert found["types_or"] == ["yaml", "json"]
    entry = str(found["entry"]).split()
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert entry[0] in scripts
    # pre-commit appends the staged file names to the entry.
    files = ["examples/cotton-t-shirts.yaml", "examples/held-licences.yaml"]
    result = CliRunner().invoke(app, [*entry[1:], *[str(ROOT / f) for f in files]])
    assert result.exit_code == 0, result.stdout + result.stderr
    result = CliRunner().invoke(app, [*entry[1:], str(ROOT / "examples/holmium-metal-to-us.yaml")])
    assert result.exit_code == 1  # a licence is needed and none is recorded: the commit fails


@pytest.mark.parametrize(
    ("path", "excluded"),
    [
        ("exportcheck.yaml", True),
        ("team/exportcheck.yaml", True),
        (".pre-commit-config.yaml", True),
        ("shipments/po-1.yaml", False),
        ("shipments/my-exportcheck.yaml", False),
        ("compliance/acme.rules.yaml", True),
        ("manifests/2026-12.header.yml", True),
        ("shipments/rules.yaml", False),
    ],
)
def test_the_hook_leaves_out_configuration_files(path: str, excluded: bool) -> None:
    assert bool(re.search(str(hook()["exclude"]), path)) is excluded


def complete(words: list[str]) -> list[str]:
    """What bash offers after `words` (the last one being completed), with the script that
    `exportcheck completion bash` prints."""
    script = (
        'eval "$(exportcheck completion bash)"; '
        f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}; "
        '_exportcheck_completion exportcheck; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    bash = shutil.which("bash")
    assert bash is not None, "bash is needed to test its completion"
    done = subprocess.run(
        [bash, "-c", script], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    return done.stdout.split()


def test_bash_completes_commands_options_and_choices() -> None:
    assert "check" in complete(["exportcheck", "ch"])
    assert complete(["exportcheck", "check", "--for"]) == ["--format"]
    assert complete(["exportcheck", "check", "--format", ""]) == list(FORMATS)
    assert complete(["exportcheck", "init", "--kind", ""]) == [
        "shipment",
        "investment",
        "technology_transfer",
    ]
    assert complete(["exportcheck", "config", ""]) == ["show"]


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("zsh", "#compdef exportcheck"), ("fish", "complete --command exportcheck")],
)
def test_other_shells_get_their_script(shell: str, marker: str) -> None:
    result = CliRunner().invoke(app, ["completion", shell])
    assert result.exit_code == 0
    assert marker in result.stdout
    assert "_EXPORTCHECK_COMPLETE=complete_" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--help"],
        ["check"],
        ["check", "examples/cotton-t-shirts.yaml", "--bogus"],
        ["check", "examples/cotton-t-shirts.yaml", "--horizon", "-1"],
        ["check", "examples/dysprosium-oxide-to-germany.yaml", "--format", "json"],
        ["--version"],
    ],
)
def test_the_fast_start_of_check_behaves_as_the_whole_app(args: list[str]) -> None:
    """`exportcheck check` starts through `check` alone (cli.main); it must print and exit
    exactly as the whole app does."""
    env = {**os.environ, "COLUMNS": "100"}
    script = "from exportcheck.cli import app; app(prog_name='exportcheck')"
    whole = subprocess.run(  # the app with every command, as the tests' CliRunner runs it
        [sys.executable, "-c", script, *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    fast = subprocess.run(
        [str(BIN / "exportcheck"), *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        whole.returncode,
        whole.stdout,
        whole.stderr,
    )
