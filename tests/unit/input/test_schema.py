"""`exportcheck schema` and the parser agree: every example validates, and every hostile input
the parser rejects for its shape, the schema rejects too."""

from __future__ import annotations

import datetime as dt
import json
import re
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


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2's core schema, as editors' YAML language servers read a file: only `true` and
    `false` are booleans, numbers as 1.2 writes them, no timestamps (a date stays text)."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def as_json(value: Any) -> Any:
    """What a reader's value is in JSON, which has no dates: a date as its ISO text."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


READERS: dict[str, Any] = {
    "yaml.safe_load (YAML 1.1)": yaml.safe_load,
    "an editor's language server (YAML 1.2 core)": lambda text: yaml.load(text, Yaml12Loader),  # noqa: S506
}


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize(
    "path",
    EXAMPLES,
    ids=[p.name for p in EXAMPLES],
)
def test_every_example_validates_as_standard_readers_read_it(path: Path, reader: str) -> None:
    """Booleans, numbers and dates as a standard YAML reader and an editor read them (issue
    16, item 6): `military: false` is a boolean there, not the text the strict reader sees."""
    document = as_json(READERS[reader](path.read_text(encoding="utf-8")))
    assert [e.message for e in VALIDATOR.iter_errors(document)] == []


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("kind", ["shipment", "investment", "technology_transfer"])
def test_every_template_validates_as_standard_readers_read_it(kind: str, reader: str) -> None:
    document = as_json(READERS[reader](template(kind)))
    assert [e.message for e in VALIDATOR.iter_errors(document)] == []
