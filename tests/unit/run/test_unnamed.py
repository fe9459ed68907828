"""Rows that differ only in their parties' names take an earlier row's decision (run.unnamed)
when every name is clean, and give the bytes a run without that memory gives, whatever the
names: listed, nearly listed, military, in mixed scripts, empty or unreadable."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportcheck.check.engine import Checker
from exportcheck.cli import app
from exportcheck.run import unnamed

ROOT = Path(__file__).resolve().parents[3]
NAMES = [
    "Kunde 1 Handels GmbH",
    "Kunde 2 Handels GmbH",
    "Lockheed Martin Corporation",  # on the Unreliable Entity List
    "Lockheed Martn Corp",  # nearly
    "Skydio Inc.",
    "Japan Ground Self-Defense Force",  # a military end user
    "Army Logistics Centre",  # a military word
    "日本陆上自卫队",  # the same military end user, written in Chinese
    "ＡＲＭＹ　Ｌｏｇｉｓｔｉｃｓ",  # full-width letters and space
    "Вoeing Supply",  # a Cyrillic В among Latin letters
    "通用动力公司",  # General Dynamics in Chinese
    "",
    "   ",  # blank but for spaces: an error, never a party left out
    "Kunde 3 Handels GmbH",
    "Kunde 4\x00 GmbH",
]
GOODS = [
    ("Cotton t-shirts", "6109100000", "", "JP"),
    ("Dysprosium oxide Dy2O3 99.9%", "2846901940", "78.5", "JP"),
    ("Gallium arsenide wafers", "3818009000", "", "US"),
]


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    lines = ["id,description,hs_code,contains.Dy,consignee.name,consignee.country,end_user.name"]
    pairs = itertools.product(GOODS, NAMES, NAMES[::-1])
    for n, ((text, hs, dy, country), consignee, user) in enumerate(pairs):
        if not consignee:
            continue  # a consignee's name is required; the end user may go unnamed
        lines.append(f'R{n},"{text}",{hs},{dy},"{consignee}",{country},"{user}"')
    path = tmp_path / "m.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(path: Path) -> tuple[int, str, str]:
    sets = ["--set", "exporter.name=Ganzhou Rare Metals Co.", "--set", "exporter.country=CN"]
    args = ["check", str(path), *sets, "--as-of", "2026-12-01", "-f", "jsonl", "--jobs", "1"]
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def test_the_memory_changes_no_byte_and_spares_checks(
    manifest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[int] = []
    real = Checker.check

    def counted(self: Checker, *args: object, **kwargs: object) -> object:
        checks.append(1)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Checker, "check", counted)
    remembered = run(manifest)
    with_memory = len(checks)
    checks.clear()
    monkeypatch.setattr(unnamed.Unnamed, "of", classmethod(lambda cls, opened, lists: None))
    plain = run(manifest)
    assert remembered == plain
    assert remembered[0] == 4  # prohibited parties and wafers among the rows
    assert '"verdict":"prohibited"' in plain[1]
    assert with_memory <= len(checks) - 50  # rows differing only in clean names
