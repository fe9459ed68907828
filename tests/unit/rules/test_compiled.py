"""The compiled rule book: what it gives is what validating the YAML gives, and reading it
builds nothing but the book's own classes from plain values."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from exportcheck.check.engine import Checker
from exportcheck.input.parse import parse_file
from exportcheck.render.record import to_dict
from exportcheck.rules import compiled, load
from exportcheck.rules.compile import write

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled rulesets, compiled."""
    copy = tmp_path_factory.mktemp("compiled") / "rulesets"
    shutil.copytree(ROOT / "rulesets", copy, ignore=shutil.ignore_patterns(compiled.NAME))
    write(copy)
    return copy


def test_the_compiled_book_checks_exactly_as_the_validated_one(folder: Path) -> None:
    files = load.bundled_paths(folder)
    book = compiled.read(folder / compiled.NAME, files)
    assert book is not None
    fresh = load.build(files, under=folder)
    assert [r.id for r in book.rules] == [r.id for r in fresh.rules]
    for path in EXAMPLES:
        description = parse_file(path.read_bytes(), path.name)
        for day in ("2025-06-01", "2026-11-01", "2026-12-01"):
            as_of = dt.date.fromisoformat(day)
            ours = Checker(book).check(description, as_of, horizon=90)
            theirs = Checker(fresh).check(description, as_of, horizon=90)
            assert to_dict(ours) == to_dict(theirs), (path.name, day)


def test_a_changed_ruleset_or_changed_code_is_not_read(folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / "rulesets"
    shutil.copytree(folder, copy)
    files = load.bundled_paths(copy)
    assert compiled.read(copy / compiled.NAME, files) is not None
    files[0].write_text(files[0].read_text() + "\n# changed\n")
    assert compiled.read(copy / compiled.NAME, files) is None
    data = json.loads((folder / compiled.NAME).read_text())
    data["source"]["code"][0][1] += 1  # a module of another size
    (copy / compiled.NAME).write_text(json.dumps(data))
    shutil.copy(folder / files[0].name, files[0])
    assert compiled.read(copy / compiled.NAME, files) is None
    assert compiled.read(copy / compiled.NAME, files, code=False) is not None


@pytest.mark.parametrize(
    "book",
    [
        {"$object": ["Popen", 0, ["touch", "MARK"]]},
        {"$object": ["RuleBook", 0, {"$class": "system"}]},
        {"$object": ["RuleBook", 0, [], []]},  # fewer fields than it has
        {
            "$object": [
                "RuleBook",
                0,
                [],
                [],
                None,
                [],
                [],
                {"$dict": []},
                {"$dict": []},
                {"$enum": "Assumption", "$value": "lapsed"},
                1,
            ]
        },
        {"$enum": "Signals", "$value": 9},
        {"$words": {"$object": ["eval", 0, "MARK"]}},
        "not a book",
    ],
)
def test_reading_builds_only_the_books_own_classes(
    folder: Path, tmp_path: Path, book: object
) -> None:
    data = json.loads((folder / compiled.NAME).read_text())
    mark = tmp_path / "ran"
    data["book"] = json.loads(json.dumps(book).replace("MARK", str(mark)))
    target = tmp_path / compiled.NAME
    target.write_text(json.dumps(data))
    assert compiled.read(target, load.bundled_paths(folder)) is None
    assert not mark.exists()


def test_unreadable_files_are_no_book(folder: Path, tmp_path: Path) -> None:
    files = load.bundled_paths(folder)
    assert compiled.read(tmp_path / "missing.json", files) is None
    (tmp_path / "bad.json").write_bytes(b"\xff{not json")
    assert compiled.read(tmp_path / "bad.json", files) is None


def test_only_the_books_classes_can_be_written() -> None:
    with pytest.raises(TypeError, match="cannot compile"):
        compiled.dumps(object(), [])  # type: ignore[arg-type]
