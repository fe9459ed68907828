"""The index narrows the rules evaluated, never the result: for every example and hostile-free
input, checking with the index gives the same verdict as checking every rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec.structs
import pytest

from exportcheck.check.engine import check
from exportcheck.input.parse import parse_file
from exportcheck.rules.book import RuleBook
from exportcheck.rules.index import RuleIndex
from exportcheck.vocab.words import tokens

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def unindexed(book: RuleBook) -> RuleBook:
    """The same book with every rule of every phase a candidate for every subject."""

    def everything(index: RuleIndex) -> RuleIndex:
        return msgspec.structs.replace(index, always=tuple(range(len(index.rules))), by_anchor={})

    return msgspec.structs.replace(
        book, indexes={k: everything(v) for k, v in book.indexes.items()}
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
@pytest.mark.parametrize("day", ["2025-06-01", "2026-06-01", "2026-12-01"])
def test_the_index_changes_nothing(book: RuleBook, path: Path, day: str) -> None:
    description = parse_file(path.read_bytes(), path.name)
    as_of = dt.date.fromisoformat(day)
    assert check(description, book, as_of) == check(description, unindexed(book), as_of)


def test_anchors_and_signals(book: RuleBook) -> None:
    rule = book.rule("mofcom-2025-18:1C905")
    assert rule is not None
    found = rule.trigger.anchors()
    assert found is not None
    assert ("el", "Dy") in found
    assert ("tok", "dysprosium") in found
    assert ("cc", "1C905") in found
    description = parse_file(
        b"kind: shipment\nexporter: {name: A, country: CN}\nitems:\n"
        b"  - {description: Dy-Fe alloy, hs_code: '7202999191', control_code: 1c905.b,"
        b" contains: {Dy: 80, Fe: 20}}\n",
        "f",
    )
    index = book.indexes["goods"]
    shown = {a for kind in index.kinds for a in kind.signals(description.items[0], {})}
    assert {("hs", "72"), ("hs", "7202999191"), ("el", "Dy"), ("tok", "dy")} <= shown
    assert {("cc", "1C905"), ("cc", "1C905.B")} <= shown
    assert tokens("Li-ion cell, 21700") == ["li", "ion", "cell", "21700"]


def test_a_phrase_in_chinese_is_indexed_by_its_first_character(book: RuleBook) -> None:
    """A keyword list with a phrase of no ASCII word (萃取槽) once made its rule a candidate for
    every item; it is indexed by its first Han character, and still found."""
    goods = book.indexes["goods"]
    always = {goods.rules[p].id for p in goods.always}
    assert not {r for r in always if r.startswith("mofcom-2025-56:2B902")}
    text = (
        "kind: shipment\nexporter: {name: A, country: CN}\nitems:\n"
        "  - {description: 稀土萃取槽, hs_code: '8419899090'}\n"
        "  - {description: Cotton t-shirts, hs_code: '6109100000'}\n"
    )
    description = parse_file(text.encode(), "t.yaml")
    tank, shirts = description.items
    assert "mofcom-2025-56:2B902-extraction-tanks" in {r.id for r in goods.candidates(tank)}
    assert "mofcom-2025-56:2B902-extraction-tanks" not in {r.id for r in goods.candidates(shirts)}
