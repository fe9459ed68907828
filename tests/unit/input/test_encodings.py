"""Manifests as ERPs and spreadsheets save them (issue 15, item 3): the same rows in UTF-8,
UTF-8 with a BOM, UTF-16, GBK, GB18030, cp1252 or Shift-JIS give the same verdicts, and bytes
read in the wrong encoding are named with the one they look like."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.input import encodings

HEAD = "id,description,hs_code,origin,contains.Dy,exporter.name,exporter.country,consignee.name\n"
ROWS = {
    "gbk": (
        "A1,氧化镝 99.9%,2846901940,CN,78,赣州稀土,CN,首尔贸易\n"
        "A2,棉制T恤,6109100000,CN,,赣州稀土,CN,首尔贸易\n"
    ),
    "cp1252": (
        "A1,Dysprosiumoxid,2846901940,CN,78,Ganzhou,CN,Müller GmbH\n"
        "A2,T-Shirts aus Baumwolle,6109100000,CN,,Ganzhou,CN,Müller GmbH\n"
    ),
    "shift_jis": "A1,酸化ジスプロシウム,2846901940,CN,78,Ganzhou,CN,トヨタ通商\n",
}


def verdicts(path: Path, *args: str) -> list[tuple[int, str, list[str]]]:
    result = CliRunner().invoke(
        app, ["check", str(path), "-f", "jsonl", "--as-of", "2026-12-01", *args]
    )
    found = []
    for line in result.stdout.splitlines():
        record = json.loads(line)
        rules = [f["rule"] for f in record.get("findings", [])]
        found.append((record["row"], record["verdict"], rules))
    return found


@pytest.mark.parametrize("script", sorted(ROWS))
def test_every_encoding_gives_the_verdicts_of_utf8(script: str, tmp_path: Path) -> None:
    text = HEAD + ROWS[script]
    plain = tmp_path / "utf8.csv"
    plain.write_bytes(text.encode("utf-8"))
    expected = verdicts(plain)
    assert all(v != "invalid" for _, v, _ in expected)
    for name, data, args in (
        ("bom.csv", text.encode("utf-8-sig"), ()),
        ("utf16.csv", text.encode("utf-16"), ()),
        ("utf16le.csv", text.encode("utf-16-le"), ("--encoding", "utf-16")),
        (f"{script}.csv", text.encode(script), ("--encoding", script)),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        assert verdicts(path, *args) == expected, name
    if script == "gbk":
        path = tmp_path / "gb18030.csv"
        path.write_bytes(text.encode("gb18030"))
        assert verdicts(path, "--encoding", "gb18030") == expected


@pytest.mark.parametrize(
    ("script", "named"),
    [
        ("gbk", "give --encoding gbk"),
        ("cp1252", "give --encoding cp1252"),
        ("shift_jis", "give --encoding shift_jis"),
    ],
)
def test_unsaid_encodings_are_named(script: str, named: str, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_bytes((HEAD + ROWS[script]).encode(script))
    result = CliRunner().invoke(app, ["check", str(path), "--as-of", "2026-12-01"])
    assert result.exit_code == 2
    problems = [line for line in result.stderr.splitlines() if "is not valid UTF-8" in line]
    assert problems
    assert all(named in line for line in problems), problems


@settings(max_examples=200)
@given(st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=12))
def test_chinese_text_in_gbk_is_guessed_as_gbk(text: str) -> None:
    try:
        raw = text.encode("gb2312")
    except UnicodeEncodeError:
        return  # the guess is for the common set
    assert encodings.guess(raw) == "GBK/GB18030"


def test_an_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(HEAD)
    result = CliRunner().invoke(app, ["check", str(path), "--encoding", "ebcdic"])
    assert result.exit_code == 2
    assert "not an encoding exportcheck reads" in result.stderr
