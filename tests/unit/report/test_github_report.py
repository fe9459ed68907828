"""GitHub annotations (issue 15, item 4): one command per finding at its line, and nothing an
input writes can end a command early or start another."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from exportcheck.cli import app

COMMAND = re.compile(
    r"^::(error|warning|notice) file=[^,:]+,line=\d+(,col=\d+)?,title=[^:,]+::[^\n]*$"
)


def test_one_command_per_finding_escaped(tmp_path: Path) -> None:
    hostile = tmp_path / "we,ird:%0Aname.yaml"
    hostile.write_text(
        "kind: shipment\nexporter: {name: A, country: CN}\nitems:\n"
        '  - {description: "NdFeB magnets\\n::error::forged %0A, a:b", hs_code: "8505111000"}\n'
    )
    result = CliRunner().invoke(app, ["check", str(hostile), "-f", "github"])
    lines = result.stdout.splitlines()
    assert lines
    assert all(COMMAND.match(line) for line in lines), lines
    assert all(line.count("::") == 2 for line in lines)
    assert "we%2Cird%3A%250Aname.yaml" in result.stdout  # a file name is a property
    assert all(",line=4," in line for line in lines)


def test_an_invalid_input_is_an_error_at_its_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "kind: shipment\nexporter: {name: A, country: CN}\nitems:\n  - {hs_code: 84x1}\n"
    )
    result = CliRunner().invoke(app, ["check", str(bad), str(bad), "-f", "github"])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines
    assert all(line.startswith(f"::error file={bad},line=4,col=") for line in lines), lines
