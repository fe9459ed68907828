"""What the user supplied is said in every verdict; overlays that lower a verdict are shown."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.input import config

ROOT = Path(__file__).resolve().parents[3]
OVERLAY = ROOT / "examples" / "rulesets" / "status-overlay-example.rules.yaml"
HOLMIUM = ROOT / "examples" / "holmium-metal-to-us.yaml"
CONFIGURED = "exporter: {name: Ganzhou Rare Metals Co., country: CN}\nrules: [ov.rules.yaml]\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(config.ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ov.rules.yaml").write_bytes(OVERLAY.read_bytes())
    lines = HOLMIUM.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "h.yaml").write_text(
        "".join(line for line in lines if not line.startswith("exporter:")), encoding="utf-8"
    )
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_json_names_what_the_configuration_supplied(here: Path) -> None:
    (here / "exportcheck.yaml").write_text(CONFIGURED, encoding="utf-8")
    code, out, _ = run("check", "h.yaml", "--as-of", "2026-12-01", "-f", "json")
    body = json.loads(out)["results"][0]
    source = str(here / "exportcheck.yaml")
    assert body["configuration"] == [
        {"setting": "exporter", "value": "Ganzhou Rare Metals Co. (CN)", "from": source},
        {"setting": "rules", "value": str(here / "ov.rules.yaml"), "from": source},
    ]
    # the overlay suspends No. 57 past the day: it lowers the verdict, and the verdict says so
    assert (code, body["verdict"], body["without_overlays"]) == (0, "no_match", "license_required")
    code, out, _ = run("check", "h.yaml", "--as-of", "2026-12-01", "-f", "json", "--no-overlays")
    body = json.loads(out)["results"][0]
    assert (code, body["verdict"], body["without_overlays"]) == (1, "license_required", None)


def test_a_description_with_its_own_exporter_takes_nothing_from_the_file(here: Path) -> None:
    (here / "exportcheck.yaml").write_text(CONFIGURED, encoding="utf-8")
    _, out, _ = run("check", str(HOLMIUM), "--as-of", "2026-12-01", "-f", "json")
    assert [s["setting"] for s in json.loads(out)["results"][0]["configuration"]] == ["rules"]


def test_without_configuration_nothing_is_said(here: Path) -> None:
    code, out, _ = run("check", str(HOLMIUM), "--as-of", "2026-12-01", "-f", "json")
    body = json.loads(out)["results"][0]
    assert (code, body["configuration"], body["without_overlays"]) == (1, [], None)


def test_rules_from_the_command_line_are_named(here: Path) -> None:
    _, out, _ = run(
        "check", str(HOLMIUM), "--as-of", "2026-12-01", "-f", "json", "--rules", "ov.rules.yaml"
    )
    body = json.loads(out)["results"][0]
    assert body["configuration"] == [
        {"setting": "rules", "value": "ov.rules.yaml", "from": "--rules"}
    ]
    assert body["without_overlays"] == "license_required"


def test_every_format_shows_the_supplied_exporter_and_the_lowered_verdict(here: Path) -> None:
    (here / "exportcheck.yaml").write_text(CONFIGURED, encoding="utf-8")
    day = ("--as-of", "2026-12-01")
    _, text, _ = run("check", "h.yaml", *day, "-f", "text")
    assert "Without your overlays:  LICENCE REQUIRED " in text
    assert f"Supplied by you: exporter Ganzhou Rare Metals Co. (CN) from {here}" in text
    _, markdown, _ = run("check", "h.yaml", *day, "-f", "markdown")
    assert "**Without your overlays: licence required**" in markdown
    assert "Supplied by you: exporter Ganzhou Rare Metals Co. (CN) from" in markdown
    _, junit, _ = run("check", "h.yaml", *day, "-f", "junit")
    root = ET.fromstring(junit)  # noqa: S314 (our own output)
    names = {p.get("name"): p.get("value") for p in root.iter("property")}
    assert names["without_overlays"] == "license_required"
    assert str(names["supplied.exporter"]).startswith("Ganzhou Rare Metals Co. (CN) from ")
    (here / "exportcheck.yaml").write_text(
        "exporter: {name: Ganzhou Rare Metals Co., country: CN}\n", encoding="utf-8"
    )
    _, sarif, _ = run("check", "h.yaml", *day, "-f", "sarif")
    (result, *_) = json.loads(sarif)["runs"][0]["results"]
    assert result["properties"]["configuration"][0]["setting"] == "exporter"


def test_the_audit_log_records_what_was_supplied(here: Path) -> None:
    (here / "exportcheck.yaml").write_text(CONFIGURED, encoding="utf-8")
    run("check", "h.yaml", "--as-of", "2026-12-01", "--audit-log", "audit.jsonl")
    (line,) = (here / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["without_overlays"] == "license_required"
    assert [s["setting"] for s in record["supplied"]] == ["exporter", "rules"]
