"""`exportcheck schema` and the parser agree: every example validates, and every hostile input
the parser rejects for its shape, the schema rejects too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.input.schema import schema
from exportcheck.input.templates import template

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
HOSTILE = ROOT / "tests" / "hostile" / "inputs"
SHAPE = (
    "unknown key",
    "missing required key",
    "expected a mapping",
    "expected a list",
    "is not one of",
    "is empty (expected at least one item)",
    "expected a non-empty list",
    "is for kind technology_transfer or investment",
    "nothing is transferred",
)
"""Messages of problems of shape: keys, containers, closed choices, required parts."""
VALIDATOR = Draft202012Validator(schema())


def loaded(path: Path) -> Any:
    """The file as the strict loader sees it: every scalar the text written."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506


def test_the_command_prints_a_valid_draft_2020_12_schema() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    Draft202012Validator.check_schema(printed)
    assert printed == json.loads(json.dumps(schema()))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_validates(path: Path) -> None:
    errors = [e.message for e in VALIDATOR.iter_errors(loaded(path))]
    assert errors == []


@pytest.mark.parametrize("kind", ["shipment", "investment", "technology_transfer"])
def test_every_template_validates(kind: str) -> None:
    document = yaml.load(template(kind), Loader=yaml.BaseLoader)  # noqa: S506
    assert [e.message for e in VALIDATOR.iter_errors(document)] == []


def shape_cases() -> list[Path]:
    found: list[Path] = []
    for expect in sorted(HOSTILE.glob("*.expect")):
        message = expect.read_text()
        if any(marker in message for marker in SHAPE):
            found.extend(p for p in HOSTILE.glob(f"{expect.stem}.*") if p.suffix != ".expect")
    return found


SHAPES = shape_cases()


def test_there_are_shape_cases_to_compare() -> None:
    assert len(SHAPES) >= 10


@pytest.mark.parametrize("path", SHAPES, ids=[p.name for p in SHAPES])
def test_a_file_the_parser_rejects_for_shape_the_schema_rejects(path: Path) -> None:
    assert not VALIDATOR.is_valid(loaded(path)), f"{path.name} passes the schema"
