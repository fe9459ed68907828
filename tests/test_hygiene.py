"""Output hygiene, end to end: what an input puts in an id, a name, a CSV cell or a file name
is shown, never acted on, in every format (issue 13, item 3)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from exportcheck.cli import app

PLAIN = {"COLUMNS": "100", "NO_COLOR": "1", "FORCE_COLOR": None, "TERM": "dumb"}
COLOUR = {"COLUMNS": "100", "NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm-256color"}
SGR = re.compile(r"\x1b\[[0-9;]*m")
"""The tool's own colours: select-graphic-rendition sequences, nothing else."""
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ATTACK = "\\e[2J\\e[HVerdict: NO MATCH\\e[8m"
"""The attacker's item id as YAML writes it: clear the screen, home, a false verdict, hide."""

SHIPMENT = """\
kind: shipment
exporter: {{name: Acme, country: CN}}
destination: DE
items:
  - id: "{id}"
    description: "{description}"
    hs_code: "2846901920"
"""


def run(args: list[str], env: dict[str, str | None] = PLAIN) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.stdout, result.stderr


def acting(text: str) -> set[str]:
    return {c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")}


def shipment(tmp_path: Path, name: str = "in.yaml", **fields: str) -> Path:
    path = tmp_path / name
    given = {"id": "A-1", "description": "dysprosium oxide"} | fields
    path.write_text(SHIPMENT.format(**given), encoding="utf-8")
    return path


@pytest.mark.parametrize("env", [PLAIN, COLOUR], ids=["plain", "colour"])
def test_an_escape_sequence_in_an_id_reaches_no_terminal(
    tmp_path: Path, env: dict[str, str | None]
) -> None:
    path = shipment(tmp_path, id=ATTACK + "\\u202e[bold]x[/bold]")
    code, out, err = run(["check", str(path)], env)
    assert code == 1  # license_required, whatever the id says
    own = SGR.sub("", out)
    assert "\x1b" not in own
    assert "\x1b" not in err
    assert not acting(own) - {"\n"}
    assert "\\x1b[2J\\x1b[HVerdict: NO MATCH\\x1b[8m\\u202e[bold]x[/bold]" in own
    assert "LICENCE REQUIRED" in own
    if env is COLOUR:
        assert SGR.search(out)  # the tool's own colours are still there


def test_an_escape_sequence_in_an_invalid_value_reaches_no_terminal(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(SHIPMENT.format(id="A", description="x").replace('"2846901920"', f'"{ATTACK}"'))
    for args in (["check", str(path)], ["check", str(path), "--format", "json"]):
        code, out, err = run(args)
        assert code == 2
        assert "\x1b" not in err
        assert "\x1b" not in out
        assert '"\\x1b[2J\\x1b[HVerdict: NO MATCH\\x1b[8m" has a letter' in err


def test_bidi_overrides_and_escapes_in_a_csv_cell(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        "id,description,hs_code,exporter.name,exporter.country,destination\n"
        "\u202eA-1\x1b[31m,dysprosium oxide \u2066evil\u2069,2846901920,Acme\u202d,CN,DE\n",
        encoding="utf-8",
    )
    code, out, err = run(["check", str(path)])
    assert code == 1
    assert not acting(out + err) - {"\n"}
    assert "\\u202eA-1\\x1b[31m" in out
    code, out, _ = run(["check", str(path), "--format", "jsonl"])
    assert not acting(out) - {"\n"}
    record = json.loads(out)
    assert record["findings"][0]["item"] == "\u202eA-1\x1b[31m"  # JSON keeps the true value


def test_a_bidi_override_and_an_escape_in_a_file_name(tmp_path: Path) -> None:
    name = "order\u202egpj.\x1b[2Jyaml.yaml"
    path = shipment(tmp_path, name=name)
    code, out, err = run(["check", str(path)])
    assert code == 1
    assert not acting(out + err) - {"\n"}
    assert "order\\u202egpj.\\x1b[2Jyaml.yaml" in out
    bad = tmp_path / ("bad\u202e\x1b[2J.yaml")
    bad.write_text("kind: shipment\n")
    code, out, err = run(["check", str(bad)])
    assert code == 2
    assert not acting(err) - {"\n"}
    assert "bad\\u202e\\x1b[2J.yaml" in err


CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0)]


def test_junit_stays_xml_under_every_control_character(tmp_path: Path) -> None:
    for code_point in CONTROLS:
        escaped = f"\\x{code_point:02x}"
        path = shipment(
            tmp_path,
            name=f"c{code_point:02x}.yaml",
            id=f"A{escaped}1",
            description=f"dysprosium oxide {escaped}x",
        )
        code, out, err = run(["check", str(path), "--format", "junit"])
        assert code == 1, (code_point, err)
        root = ET.fromstring(out)  # noqa: S314 (our own output; raises if it is not XML)
        names = [case.get("name", "") for case in root.iter("testcase")]
        shown = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}.get(code_point, escaped)
        assert any(f"A{shown}1" in n for n in names), (code_point, names)
        assert not acting("".join(names))


def test_junit_stays_xml_when_an_invalid_input_quotes_a_control_character(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(SHIPMENT.format(id="A", description="x").replace("DE", '"D\\x07E"'))
    code, out, _ = run(["check", str(path), str(path), "--format", "junit"])
    assert code == 2
    error = ET.fromstring(out).find("testsuite/testcase/error")  # noqa: S314 (our own output)
    assert error is not None
    assert '"D\\x07E"' in (error.text or "")


def test_markdown_shows_html_from_an_id_escaped(tmp_path: Path) -> None:
    path = shipment(
        tmp_path,
        id="<script>alert(1)</script> | [NO MATCH](https://evil.example) `x`",
        description="dysprosium oxide <img src=x onerror=alert(1)>",
    )
    code, out, _ = run(["check", str(path), "--format", "markdown"])
    assert code == 1
    assert "<script>" not in out
    assert "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\[NO MATCH\\](https://evil.example)" in out
    rows = [line for line in out.splitlines() if line.startswith("| 1 ")]
    assert rows
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 8 for row in rows)


def test_sarif_uris_are_percent_encoded(tmp_path: Path) -> None:
    path = shipment(tmp_path, name="order #1 of 100% é.yaml")
    code, out, _ = run(["check", str(path), "--format", "sarif"])
    assert code == 1
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in json.loads(out)["runs"][0]["results"]
        for location in result["locations"]
    }
    assert len(uris) == 1
    uri = uris.pop()
    assert re.fullmatch(r"(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})*", uri)
    assert uri.endswith("/order%20%231%20of%20100%25%20%C3%A9.yaml")
    assert unquote(uri) == str(path)


KEY = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    + "".join(
        f"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz{n:04d}\n"
        for n in range(6)
    )
    + "-----END OPENSSH PRIVATE KEY-----\n"
)


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "junit", "markdown"])
def test_a_file_that_is_not_a_description_is_not_repeated(tmp_path: Path, fmt: str) -> None:
    key = tmp_path / "id_ed25519"
    key.write_text(KEY)
    link = tmp_path / "key.yaml"
    link.symlink_to(key)
    code, out, err = run(["check", str(link), str(link), "--format", fmt])
    assert code == 2
    for line in KEY.splitlines():
        assert line not in out + err
    assert "found text (" in out + err


def test_an_error_quotes_at_most_a_short_snippet(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    secret = "s3cr3t-" * 40
    path.write_text(f"kind: shipment\nexporter: {{name: A, country: CN}}\nitems: {secret}\n")
    code, _, err = run(["check", str(path)])
    assert code == 2
    assert secret not in err
    quoted = re.search(r'found "([^"]*)"', err)
    assert quoted is not None
    assert len(quoted.group(1)) <= 61
    assert quoted.group(1).endswith("…")
