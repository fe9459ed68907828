"""The configuration file: where it is found, what it may say, and how it meets the options."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.errors import InputError
from exportcheck.input import config
from exportcheck.report.formats import FORMATS

ROOT = Path(__file__).resolve().parents[3]
DYSPROSIUM = ROOT / "examples" / "dysprosium-oxide-to-germany.yaml"
OVERLAY = ROOT / "examples" / "rulesets" / "status-overlay-example.rules.yaml"
HOLMIUM = ROOT / "examples" / "holmium-metal-to-us.yaml"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with no configuration above it that the test does not write."""
    monkeypatch.delenv(config.ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def without_exporter(folder: Path) -> Path:
    """The dysprosium example with its exporter left out."""
    lines = DYSPROSIUM.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("exporter:")]
    assert len(kept) == len(lines) - 1
    return write(folder / "no-exporter.yaml", "".join(kept))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_the_nearest_file_upward_wins(here: Path) -> None:
    write(here / "exportcheck.yaml", "horizon: 10\n")
    write(here / "a" / "exportcheck.yaml", "horizon: 20\n")
    (here / "a" / "b").mkdir()
    assert config.settings(FORMATS, here / "a" / "b").horizon == 20
    assert config.settings(FORMATS, here).horizon == 10


def test_pyproject_counts_only_with_its_table(here: Path) -> None:
    write(here / "exportcheck.yaml", "horizon: 10\n")
    write(here / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert config.settings(FORMATS, here / "sub").horizon == 10
    write(
        here / "sub" / "pyproject.toml",
        "[project]\nname = 'x'\n\n[tool.exportcheck]\nhorizon = 30\nformat = 'json'\n"
        "rules = ['rules/acme.yaml']\n",
    )
    found = config.settings(FORMATS, here / "sub")
    assert found.horizon == 30
    assert found.format == "json"
    assert found.rules == (here / "sub" / "rules" / "acme.yaml",)
    assert found.source == f"{here / 'sub' / 'pyproject.toml'} [tool.exportcheck]"


def test_the_environment_names_a_file_or_turns_it_off(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(here / "exportcheck.yaml", "horizon: 10\n")
    other = write(here / "elsewhere" / "team.yaml", "horizon: 45\n")
    monkeypatch.setenv(config.ENV, str(other))
    found = config.settings(FORMATS)
    assert (found.horizon, found.found_by) == (45, config.ENV)
    monkeypatch.setenv(config.ENV, config.OFF)
    assert config.settings(FORMATS).source is None
    assert config.settings(FORMATS).horizon is None


def test_no_file_means_no_settings(here: Path) -> None:
    assert config.settings(FORMATS, here) == config.Settings()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour: red\n", "exportcheck.yaml:1:1: colour: unknown key 'colour'"),
        ("horizon: soon\n", 'exportcheck.yaml:1:10: horizon: "soon" is not a number'),
        ("horizon: 1.5\n", "exportcheck.yaml:1:10: horizon: expected whole days"),
        ("format: pdf\n", "exportcheck.yaml:1:9: format:"),
        ("exporter: {name: X}\n", "exporter.country: missing required key"),
        ("exporter: {name: X, country: XX}\n", "exporter.country:"),
        ("rules: {a: b}\n", "exportcheck.yaml:1:8: rules: expected a non-empty list of text"),
        ("- horizon\n", "exportcheck.yaml: a configuration is a mapping of settings"),
        ("horizon: 1\nhorizon: 2\n", "exportcheck.yaml:2:1: horizon: duplicate key"),
    ],
)
def test_a_bad_file_is_reported_with_its_place(here: Path, text: str, message: str) -> None:
    write(here / "exportcheck.yaml", text)
    with pytest.raises(InputError) as caught:
        config.settings(FORMATS)
    shown = "\n".join(str(p) for p in caught.value.problems)
    assert message in shown
    code, out, err = run("check", str(DYSPROSIUM))
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_a_bad_pyproject_table_is_reported(here: Path) -> None:
    write(here / "pyproject.toml", "[tool.exportcheck]\nhorizon = 'soon'\nspeed = 1\n")
    code, _, err = run("config", "show")
    assert code == 2
    assert 'pyproject.toml: tool.exportcheck.horizon: "soon" is not a number' in err
    assert "tool.exportcheck.speed: unknown key 'speed'" in err


def test_config_show_says_what_comes_from_where(here: Path) -> None:
    write(here / "exportcheck.yaml", "horizon: 30\nexporter: {name: Ganzhou Co., country: CN}\n")
    code, out, _ = run("config", "show", "--format", "json")
    assert code == 0
    shown = json.loads(out)
    assert shown["configuration"] == str(here / "exportcheck.yaml")
    assert shown["settings"]["horizon"] == {"value": 30, "from": "configuration"}
    assert shown["settings"]["format"] == {"value": "text", "from": "default"}
    assert shown["settings"]["exporter"]["value"] == {"name": "Ganzhou Co.", "country": "CN"}
    code, out, _ = run("config", "show")
    assert code == 0
    assert "horizon    30  [configuration]" in out
    assert "format     text  [default]" in out


def test_config_show_without_a_file(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run("config", "show")
    assert code == 0
    assert "configuration: none found" in out
    monkeypatch.setenv(config.ENV, config.OFF)
    assert "configuration: none (EXPORTCHECK_CONFIG=off)" in run("config", "show")[1]


def test_format_and_horizon_come_from_the_file_and_options_win(here: Path) -> None:
    write(here / "exportcheck.yaml", "format: json\nhorizon: 7\n")
    code, out, _ = run("check", str(DYSPROSIUM))
    assert code == 1
    assert json.loads(out)["results"][0]["horizon"] == 7
    code, out, _ = run("check", str(DYSPROSIUM), "--horizon", "0", "--format", "jsonl")
    assert json.loads(out)["horizon"] == 0
    assert out.count("\n") == 1
    code, out, _ = run("check", str(DYSPROSIUM), "--format", "text")
    assert out.startswith("exportcheck · ")


def test_the_exporter_fills_in_for_a_description_without_one(here: Path) -> None:
    bare = without_exporter(here)
    code, _, err = run("check", str(bare))
    assert code == 2
    assert "exporter: missing required key" in err
    write(here / "exportcheck.yaml", "exporter: {name: Ganzhou Rare Metals Co., country: CN}\n")
    code, out, _ = run("check", str(bare), "--format", "json")
    assert code == 1
    assert json.loads(out)["results"][0]["verdict"] == "license_required"
    # A foreign exporter in the file is not subject to the CN-scoped measure: the file's own
    # exporter always wins over the configuration's.
    write(here / "exportcheck.yaml", "exporter: {name: Acme GmbH, country: DE}\n")
    assert run("check", str(bare), "--format", "json")[0] == 0
    assert run("check", str(DYSPROSIUM), "--format", "json")[0] == 1


def test_the_exporter_fills_in_for_a_manifest(here: Path) -> None:
    manifest = write(
        here / "rows.csv",
        "id,description,hs_code,contains.Dy,contains.O,destination,end_user.name,"
        "end_user.country,end_user.military\n"
        "1,Dysprosium oxide,2846901940,78.5,21.5,DE,Bosch GmbH,DE,false\n",
    )
    code, _, err = run("check", str(manifest), "--format", "jsonl")
    assert code == 2, err
    write(here / "exportcheck.yaml", "exporter: {name: Ganzhou Rare Metals Co., country: CN}\n")
    code, out, err = run("check", str(manifest), "--format", "jsonl")
    assert code == 1, err
    assert json.loads(out)["verdict"] == "license_required"
    # --set gives the exporter for this run: it wins over the configuration's.
    code, out, _ = run(
        "check",
        str(manifest),
        "--format",
        "jsonl",
        "--set",
        "exporter.name=Acme GmbH",
        "--set",
        "exporter.country=DE",
    )
    assert code == 0


def test_rules_from_the_file_are_relative_to_it_and_add_to_the_options(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (here / "rules").mkdir()
    (here / "rules" / "overlay.yaml").write_bytes(OVERLAY.read_bytes())
    write(here / "exportcheck.yaml", "rules: [rules/overlay.yaml]\n")
    monkeypatch.chdir(here / "rules")  # found upward; the path stays relative to the file
    code, out, err = run("check", str(HOLMIUM), "--as-of", "2026-12-01", "--format", "json")
    assert code == 0, err
    names = {r["name"]: r["origin"] for r in json.loads(out)["results"][0]["rulesets"]}
    assert names["example-status-overlay"] == "user"
    code, out, _ = run("rules", "show", "mofcom-2025-57", "--format", "json")
    assert json.loads(out)["amendment"].startswith("amended by overlay example-status-overlay")
    company = ROOT / "examples" / "rulesets" / "company-restrictions.rules.yaml"
    code, out, _ = run("rules", "list", "--rules", str(company), "--format", "json")
    ids = {m["id"] for m in json.loads(out)["measures"]}
    assert {"example-co-policy-7", "mofcom-2025-57"} <= ids
    code, out, _ = run("diff", str(HOLMIUM), "--as-of", "2026-11-01", "--as-of", "2026-12-01")
    assert code == 0  # suspended on both days under the overlay
    write(here / "exportcheck.yaml", "rules: [rules/missing.yaml]\n")
    code, _, err = run("check", str(HOLMIUM))
    assert code == 2
    assert "missing.yaml: cannot read the ruleset" in err


def test_the_audit_log_from_the_file_records_the_configuration(here: Path) -> None:
    write(
        here / "exportcheck.yaml",
        "audit_log: logs/audit.jsonl\nexporter: {name: Ganzhou Rare Metals Co., country: CN}\n",
    )
    (here / "logs").mkdir()
    bare = without_exporter(here)
    code, _, _ = run("check", str(bare), "--format", "json")
    assert code == 1
    (line,) = (here / "logs" / "audit.jsonl").read_text().splitlines()
    record = json.loads(line)
    assert record["verdict"] == "license_required"
    assert record["configuration"] == {
        "path": str(here / "exportcheck.yaml"),
        "exporter": {"name": "Ganzhou Rare Metals Co.", "country": "CN"},
    }


def test_version_names_the_configurations_rulesets_and_their_fingerprint(here: Path) -> None:
    (here / "overlay.rules.yaml").write_bytes(OVERLAY.read_bytes())
    write(here / "exportcheck.yaml", "rules: [overlay.rules.yaml]\n")
    code, out, _ = run("--version")
    assert code == 0
    assert "ruleset example-status-overlay 2026-11-24 sha256:" in out
    assert "(user overlay amending mofcom-2025-57, from the configuration)" in out
    fingerprint = out.rsplit("rulebook sha256:", 1)[1].split()[0]
    code, line, _ = run("check", str(HOLMIUM), "--format", "jsonl")
    assert json.loads(line)["rulebook"] == fingerprint
    write(here / "exportcheck.yaml", "rules: [missing.rules.yaml]\n")
    code, out, err = run("--version")
    assert (code, out) == (2, "")
    assert "missing.rules.yaml: cannot read the ruleset" in err


def test_the_search_ends_at_the_repository_root(here: Path) -> None:
    write(here / "exportcheck.yaml", "horizon: 10\n")
    (here / "repo" / ".git").mkdir(parents=True)
    (here / "repo" / "src").mkdir()
    assert config.settings(FORMATS, here / "repo" / "src").source is None
    write(here / "repo" / "exportcheck.yaml", "horizon: 20\n")
    assert config.settings(FORMATS, here / "repo" / "src").horizon == 20


def test_the_search_ends_at_the_home_folder(here: Path) -> None:
    write(here / "exportcheck.yaml", "horizon: 10\n")
    (here / "home" / "project").mkdir(parents=True)
    found, ignored = config.search(here / "home" / "project", home=here / "home")
    assert (found, ignored) == (None, [])
    write(here / "home" / "exportcheck.yaml", "horizon: 20\n")
    found, _ = config.search(here / "home" / "project", home=here / "home")
    assert found == (here / "home" / "exportcheck.yaml", False)


def test_a_file_others_may_write_to_is_ignored_and_said(here: Path) -> None:
    write(here / "exportcheck.yaml", "horizon: 10\n")
    shared = write(here / "team" / "exportcheck.yaml", "exporter: {name: X, country: HK}\n")
    for mode in (0o664, 0o646):
        shared.chmod(mode)
        found = config.settings(FORMATS, here / "team")
        assert found.horizon == 10  # the next trusted file up
        assert found.exporter is None
        (why,) = found.ignored
        assert why == (
            f"exportcheck: ignored the configuration {shared}: others may write to it "
            f"(mode {mode:o})"
        )
    shared.chmod(0o644)
    assert config.settings(FORMATS, here / "team").ignored == ()


def test_a_file_of_another_user_is_ignored_and_said(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = write(here / "exportcheck.yaml", "exporter: {name: X, country: HK}\n")
    mine = planted.stat().st_uid
    monkeypatch.setattr("exportcheck.input.config.os.geteuid", lambda: mine + 1)
    found = config.settings(FORMATS, here)
    assert found.source is None
    assert found.ignored == (
        f"exportcheck: ignored the configuration {planted}: the link belongs to user id {mine}, "
        f"not to you ({mine + 1})",
    )
    code, _, err = run("check", str(without_exporter(here)), "--format", "json")
    assert code == 2  # the exporter is not taken from the planted file
    assert f"ignored the configuration {planted}" in err


def test_a_link_to_your_own_file_counts_only_if_the_link_is_yours(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = write(here / "real" / "exportcheck.yaml", "horizon: 5\n")
    (here / "work").mkdir()
    (here / "work" / "exportcheck.yaml").symlink_to(own)
    assert config.settings(FORMATS, here / "work").horizon == 5
    assert config.untrusted(here / "work" / "exportcheck.yaml") is None
    uid = own.stat().st_uid
    real_lstat = Path.lstat

    def foreign_link(path: Path) -> object:
        info = real_lstat(path)
        if path.name == "exportcheck.yaml" and path.parent.name == "work":
            return type("Stat", (), {"st_uid": uid + 1, "st_mode": info.st_mode})()
        return info

    monkeypatch.setattr(Path, "lstat", foreign_link)
    why = config.untrusted(here / "work" / "exportcheck.yaml")
    assert why == f"the link belongs to user id {uid + 1}, not to you ({uid})"


@pytest.mark.parametrize("setting", ["audit_log", "rules"])
@pytest.mark.parametrize("name", ["../outside.jsonl", "/etc/passwd", "sub/../../x"])
def test_paths_in_a_configuration_stay_inside_its_folder(
    here: Path, setting: str, name: str
) -> None:
    folder = here / "project"
    write(folder / "exportcheck.yaml", f"{setting}: {json.dumps(name)}\n")
    with pytest.raises(InputError) as raised:
        config.settings(FORMATS, folder)
    assert f"is outside the configuration's folder {folder}" in str(raised.value)
    write(folder / "exportcheck.yaml", f"{setting}: logs/../inside.jsonl\n")
    found = config.settings(FORMATS, folder)
    assert (found.audit_log if setting == "audit_log" else found.rules[0]) == (
        folder / "inside.jsonl"
    )


def test_a_link_leading_out_of_the_folder_is_refused(here: Path) -> None:
    folder = here / "project"
    write(folder / "exportcheck.yaml", "audit_log: log.jsonl\n")
    (folder / "log.jsonl").symlink_to(here / "elsewhere.jsonl")
    with pytest.raises(InputError, match="outside the configuration's folder"):
        config.settings(FORMATS, folder)


@pytest.mark.parametrize("setting", ["audit_log", "rules"])
def test_a_path_that_cannot_be_a_path_is_an_error_not_a_crash(here: Path, setting: str) -> None:
    write(here / "exportcheck.yaml", f'{setting}: "a\\0b"\n')
    with pytest.raises(InputError, match=r"'a\\x00b' is not a usable path"):
        config.settings(FORMATS, here)
    code, out, err = run("check", str(DYSPROSIUM))
    assert (code, out) == (2, "")
    assert "internal error" not in err
