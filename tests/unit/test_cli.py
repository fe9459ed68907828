from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.model import days
from exportcheck.model.verdict import reviewed as reviewed_day
from exportcheck.rules.load import load_rulebook
from exportcheck.run import configuration

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "dysprosium-oxide-to-germany.yaml")
COLOUR = re.compile(r"\x1b\[[0-9;]*?(?:3[0-7]|4[0-7]|9[0-7]|38;|48;)[0-9;]*m")
ENV = {"COLUMNS": "100", "NO_COLOR": None, "FORCE_COLOR": None}


def run(*args: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def test_version_names_package_and_rulesets() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.startswith("exportcheck 0.1.0\n")
    assert "ruleset mofcom-2025-18 2026.12.02 sha256:" in out


def test_help_does_not_load_rulesets(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> None:
        raise AssertionError("rulesets loaded for --help")

    monkeypatch.setattr(configuration, "load_rulebook", fail)
    code, out, _ = run("--help")
    assert code == 0
    assert "check" in out


@pytest.mark.parametrize(
    ("as_of", "verdict", "code"),
    [("2025-04-03", "no_match", 0), ("2025-04-04", "license_required", 1)],
)
def test_as_of_overrides_the_file_date(as_of: str, verdict: str, code: int) -> None:
    exit_code, out, _ = run("check", EXAMPLE, "--format", "json", "--as-of", as_of)
    assert exit_code == code
    body = json.loads(out)["results"][0]
    assert body["as_of"] == as_of
    assert body["verdict"] == verdict


def test_same_input_same_bytes() -> None:
    first = run("check", EXAMPLE, "--format", "json")
    assert first == run("check", EXAMPLE, "--format", "json")
    assert run("check", EXAMPLE) == run("check", EXAMPLE)


def test_today_is_the_default_as_of_without_a_file_date(tmp_path: Path) -> None:
    undated = tmp_path / "u.yaml"
    undated.write_text(
        "kind: shipment\nexporter: {name: A, country: CN}\n"
        "items: [{description: x, hs_code: '1234'}]\n"
    )
    _, out, _ = run("check", str(undated), "--format", "json")
    # today in China Standard Time, the product's one definition (between 16:00 and 24:00 UTC
    # it is the next day there: the machine's local date made this test fail then)
    assert json.loads(out)["results"][0]["as_of"] == days.today().isoformat()


def test_invalid_input_is_exit_2_and_json_says_so_in_its_one_shape(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: shipment\nexporter: {name: A, country: XX}\nitems: []\n")
    code, out, _ = run("check", str(bad))
    assert (code, out) == (2, "")
    code, out, err = run("check", str(bad), "--format", "json")
    assert code == 2
    (invalid,) = json.loads(out)["results"]
    assert invalid["verdict"] == "invalid"
    assert [(p["line"], p["column"], p["path"]) for p in invalid["problems"]] == [
        (2, 30, "exporter.country"),
        (3, 8, "items"),
    ]
    assert f"{bad}:2:30: exporter.country:" in err
    assert f"{bad}:3:8: items: is empty" in err


def test_internal_error_is_exit_70_one_line_and_traceback_only_with_debug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def boom(*_: object) -> None:
        raise RuntimeError("engine exploded")

    monkeypatch.setattr("exportcheck.run.batch.Checker.check", boom)
    code, out, err = run("check", EXAMPLE)
    assert code == 70
    assert out == ""
    assert err == (
        "exportcheck: internal error: RuntimeError: engine exploded "
        "(rerun with --debug for the traceback)\n"
    )
    code, _, err = run("check", EXAMPLE, "--debug")
    assert code == 70
    assert "Traceback (most recent call last)" in err


def test_broken_bundled_ruleset_is_exit_2_naming_file_and_rule(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        (ROOT / "rulesets" / "mofcom-2025-58.yaml")
        .read_text()
        .replace('at_least: "300"', "at_least: lots")
    )
    monkeypatch.setattr("exportcheck.rules.load.bundled_files", lambda: [broken])
    code, out, err = run("check", EXAMPLE)
    assert code == 2
    assert out == ""
    assert f"{broken}:" in err
    assert "(mofcom-2025-58:3A001)" in err
    assert '"lots" is not a number' in err


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    plain = CliRunner().invoke(app, ["check", EXAMPLE], env=ENV)
    assert "\x1b[" not in plain.stdout
    forced = CliRunner().invoke(app, ["check", EXAMPLE], env={**ENV, "FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout
    assert COLOUR.search(forced.stdout)
    no_color = CliRunner().invoke(
        app, ["check", EXAMPLE], env={**ENV, "FORCE_COLOR": "1", "NO_COLOR": "1"}
    )
    assert not COLOUR.search(no_color.stdout)  # bold may stay: NO_COLOR is about colour


def test_many_inputs_give_one_json_array_or_one_json_line_each(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: shipment\n")
    cotton = str(ROOT / "examples" / "cotton-t-shirts.yaml")
    code, out, err = run("check", EXAMPLE, str(bad), cotton, "--format", "json")
    assert code == 2
    records = json.loads(out)["results"]
    assert [r["verdict"] for r in records] == ["license_required", "invalid", "no_match"]
    assert records[1]["problems"][0]["path"] == "exporter"
    assert f"{bad}:" in err
    assert "Summary" not in err  # no summary in machine formats
    code, out, _ = run("check", EXAMPLE, str(bad), cotton, "--format", "jsonl")
    lines = out.splitlines()
    assert [json.loads(line)["verdict"] for line in lines] == [
        "license_required",
        "invalid",
        "no_match",
    ]
    _, version, _ = run("--version")
    (line,) = [x for x in version.splitlines() if x.startswith("rulebook sha256:")]
    fingerprint = line.removeprefix("rulebook sha256:")
    reviewed = reviewed_day(load_rulebook().infos)
    assert f"bundled data reviewed {reviewed} (" in version  # issue 14, item 5
    assert json.loads(lines[0])["rulebook"] == fingerprint
    assert "rulesets" not in json.loads(lines[0])


def test_one_file_in_jsonl_is_one_line_with_the_json_verdict(tmp_path: Path) -> None:
    _, out, _ = run("check", EXAMPLE, "--format", "jsonl")
    _, full, _ = run("check", EXAMPLE, "--format", "json")
    (line,) = out.splitlines()
    compact, pretty = json.loads(line), json.loads(full)["results"][0]
    assert compact.pop("rulebook")
    assert pretty.pop("rulesets")
    assert compact == pretty


def test_the_conventions_users_reach_for(tmp_path: Path) -> None:
    """-h, -V, --quiet, --color and EXPORTCHECK_* (issue 15, item 6)."""
    example = str(ROOT / "examples" / "dysprosium-oxide-to-germany.yaml")
    cotton = str(ROOT / "examples" / "cotton-t-shirts.yaml")
    runner = CliRunner()
    assert runner.invoke(app, ["-h"]).stdout.startswith("Usage: exportcheck")
    assert "--as-of" in runner.invoke(app, ["check", "-h"]).stdout
    assert "changes" in runner.invoke(app, ["rules", "-h"]).stdout
    assert runner.invoke(app, ["-V"]).stdout.startswith("exportcheck ")
    loud = runner.invoke(app, ["check", example, cotton])
    quiet = runner.invoke(app, ["check", example, cotton, "--quiet"])
    assert "Summary of 2 checks" in loud.stderr
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout
    coloured = runner.invoke(app, ["check", example, "--color", "always"])
    assert "\x1b[" in coloured.stdout
    plain = runner.invoke(app, ["check", example, "--color", "never"], env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in plain.stdout
    by_env = runner.invoke(app, ["check", example], env={"EXPORTCHECK_FORMAT": "jsonl"})
    assert json.loads(by_env.stdout)["verdict"] == "license_required"
    day = runner.invoke(
        app, ["check", example, "-f", "json"], env={"EXPORTCHECK_AS_OF": "2026-06-01"}
    )
    assert json.loads(day.stdout)["results"][0]["as_of"] == "2026-06-01"
