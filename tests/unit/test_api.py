"""The library API, as docs/library.md shows it."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import exportcheck
from exportcheck import (
    InputError,
    Level,
    check_description,
    load_rulebook,
    parse_description,
    verdict_to_dict,
)
from exportcheck.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "dysprosium-oxide-to-germany.yaml"


def test_parse_and_check_give_what_the_command_prints() -> None:
    description = parse_description(EXAMPLE.read_bytes(), name=str(EXAMPLE))
    verdict = check_description(description)
    assert verdict.level is Level.LICENSE_REQUIRED
    assert [f.rule for f in verdict.findings] == ["mofcom-2025-18:1C905"]
    printed = CliRunner().invoke(app, ["check", str(EXAMPLE), "--format", "json"]).stdout
    assert verdict_to_dict(verdict) == json.loads(printed)["results"][0]


def test_as_of_and_text_input() -> None:
    description = parse_description(EXAMPLE.read_text())
    assert description.file == "<memory>"
    assert check_description(description, as_of=dt.date(2025, 4, 3)).level is Level.NO_MATCH


def test_mapping_over_rows_decides_each_row_on_its_own() -> None:
    head = "kind: shipment\nexporter: {name: A, country: CN}\ndestination: DE\nitems:\n"
    rows = [
        ("Dysprosium oxide", "2846901940", "contains: {Dy: 78, O: 22}", Level.LICENSE_REQUIRED),
        ("Cotton t-shirts", "6109100000", "", Level.NO_MATCH),
        ("Sintered NdFeB magnets", "8505111000", "", Level.REVIEW),
    ] * 50
    for description_, hs_code, extra, expected in rows:
        item = f"  - {{description: {description_}, hs_code: '{hs_code}'"
        item += f", {extra}}}\n" if extra else "}\n"
        verdict = check_description(parse_description(head + item), as_of=dt.date(2026, 12, 1))
        assert verdict.level is expected, description_


def test_bad_input_raises_with_every_problem_and_its_place() -> None:
    with pytest.raises(InputError) as caught:
        parse_description("kind: shipment\nexporter: {name: A, country: XX}\n", name="po.yaml")
    shown = [str(p) for p in caught.value.problems]
    assert any(s.startswith("po.yaml:2:30: exporter.country:") for s in shown), shown
    assert any("items: missing required key" in s for s in shown), shown


def test_a_rulebook_of_ones_own(tmp_path: Path) -> None:
    only_gallium = load_rulebook([ROOT / "rulesets" / "mofcom-2023-23.yaml"], list_paths=[])
    description = parse_description(EXAMPLE.read_bytes())
    verdict = check_description(description, rulebook=only_gallium)
    assert verdict.level is Level.NO_MATCH
    assert [r.name for r in verdict.rulesets] == ["mofcom-2023-23"]
    assert verdict.screening is None


def test_importing_the_package_loads_neither_engine_nor_rules() -> None:
    code = (
        "import sys, exportcheck; "
        "print(sorted(m for m in sys.modules if m.startswith('exportcheck')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "['exportcheck', 'exportcheck.version']"
    assert set(exportcheck.__all__) >= {"check_description", "parse_description", "Verdict"}
    with pytest.raises(AttributeError):
        _ = exportcheck.no_such_name


def test_the_examples_in_docs_library_md_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = (ROOT / "docs" / "library.md").read_text()
    blocks = [b.split("```", 1)[0] for b in text.split("```python\n")[1:]]
    assert len(blocks) == 2
    scope: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "docs/library.md", "exec"), scope)  # noqa: S102 (our own docs)
    verdict = scope["verdict"]
    assert isinstance(verdict, exportcheck.Verdict)
    assert verdict.level is Level.LICENSE_REQUIRED
    verdict_of = scope["verdict_of"]
    assert callable(verdict_of)
    assert verdict_of({"description": "Dysprosium oxide Dy2O3", "hs_code": "2846901940"}) == (
        "license_required"
    )
