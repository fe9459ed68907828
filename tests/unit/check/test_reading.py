"""The engine's second memory (check.reading): items whose descriptions differ only in words no
test reads take one decision, and that changes no byte of any verdict.

The key holds what a test reads of a description: its identity (less what only the keyword test
reads) for the tests that read it through that, the outcome of each test that reads its own
words. These tests check the claim behind each half, and compare verdicts with and without the
memory over descriptions that differ by a lot number and by words that do count: a share, a
symbol, a negation, a keyword, a formula, another script.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import msgspec.structs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportcheck.check import engine, reading
from exportcheck.check.engine import Checker
from exportcheck.input.parse import parse_file
from exportcheck.model.description import Description, Item
from exportcheck.rules.book import RuleBook
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DAY = dt.date(2026, 12, 1)

INERT = [", lot 4711", " (batch 2026-11-30)", " order 4500012345", " - ref 77/2026", ", Los 12"]
"""Words no test reads: what ERP lines append to a description."""
MEANINGFUL = [
    " Dy 4 %",
    " Dy 0.05 %",
    " Dy 40 %",
    ", 2.5 wt% Tb",
    " Dy-free",
    " ohne Dysprosium",
    " gallium",
    " Dy2O3",
    " 镝",
    " 负极材料",
    " Cu backing",
    " NdFeB",
    " 99.999% purity",
    " for missile guidance",
    " artificial graphite anode",
    " lithium iron phosphate",
    " B12",
    " Pulver",  # one form in two languages: the evidence quotes the word as written
    " powder",
    " Oxid",
    " oxide",
    " PO 4500012345",  # once read as P and O (a formula); a purchase order since 6e0d3bd
    # keywords no identity names, in one case and another: the evidence quotes them as written
    " Czochralski",
    " CZOCHRALSKI puller",
    " anvil",
    " anvil blocks",
    " Alnico",
    " ALNICO",
    " MPCVD",
    " mpcvd",
]
"""Words that may count: shares, symbols, negations, keywords, formulas, other scripts."""


@pytest.fixture(scope="module")
def descriptions() -> list[Description]:
    return [parse_file(p.read_bytes(), p.name) for p in EXAMPLES]


def _leaves(book: RuleBook) -> list[Leaf]:
    found = {
        id(leaf): leaf
        for rule in book.indexes["goods"].rules
        for expr in (rule.trigger, rule.condition)
        if expr is not None
        for leaf in expr.leaves()
    }
    return list(found.values())


def _with(item: Item, suffix: str) -> Item:
    return msgspec.structs.replace(item, description=item.description + suffix)


def test_a_test_that_reads_a_description_through_its_identity_reads_nothing_else(
    book: RuleBook, descriptions: list[Description]
) -> None:
    """Items whose descriptions have one identity key get one outcome from every test that reads
    a description without reading its words (Leaf.reads_words false): each of many variants of
    an item is compared with the first that has its key."""
    leaves = [
        leaf
        for leaf in _leaves(book)
        if "description" in leaf.facts() and not leaf.reads_words and leaf.supports("items")
    ]
    assert {type(leaf).__name__ for leaf in leaves} >= {"Element", "FormIs", "MayContain"}
    compared = 0
    for description in descriptions:
        for item in description.items:
            first_of: dict[tuple[object, ...], Item] = {}
            for suffix in ["", *INERT, *MEANINGFUL]:
                other = _with(item, suffix)
                alike = first_of.setdefault(reading.identity_key(other.description), other)
                if alike is other:
                    continue
                for leaf in leaves:
                    one, two = Context(description, alike, DAY), Context(description, other, DAY)
                    assert leaf.evaluate(one) == leaf.evaluate(two), (leaf.explain(), suffix)
                    assert leaf.may_open(one) == leaf.may_open(two)
                    compared += 1
    assert compared > 2_000


def test_a_lot_number_leaves_the_identity_key_as_it_is(descriptions: list[Description]) -> None:
    items = [item for d in descriptions for item in d.items]
    for item in items:
        for suffix in INERT:
            assert reading.identity_key(item.description + suffix) == reading.identity_key(
                item.description
            ), (item.description, suffix)


def test_a_quiet_test_is_false_without_evidence_when_no_anchor_shows(
    book: RuleBook, descriptions: list[Description]
) -> None:
    quiet = [leaf for leaf in _leaves(book) if leaf.quiet_unanchored]
    assert quiet
    unanchored = 0
    for description in descriptions:
        for item in description.items:
            for suffix in ["", *INERT, *MEANINGFUL]:
                other = _with(item, suffix)
                ctx = Context(description, other, DAY)
                for leaf in quiet:
                    anchors = leaf.anchors()
                    if anchors is not None and set(type(leaf).signals(other, {})).isdisjoint(
                        anchors
                    ):
                        assert leaf.truth(ctx) is Truth.FALSE
                        assert leaf.evaluate(ctx) == Outcome(Truth.FALSE)
                        unanchored += 1
    assert unanchored > 10_000


def _variants(description: Description, suffixes: list[str]) -> Description:
    """Each item once per suffix, as lines of one description."""
    items = [
        msgspec.structs.replace(_with(item, suffix), position=n, id=f"v{n}")
        for n, (item, suffix) in enumerate(
            ((item, suffix) for item in description.items for suffix in suffixes), start=1
        )
    ]
    return msgspec.structs.replace(description, items=tuple(items))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_items_that_differ_by_a_lot_number_are_decided_once(
    book: RuleBook, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    description = _variants(parse_file(path.read_bytes(), path.name), INERT)
    decided = []
    real = engine._decide_all

    def counting(*args: object, **kwargs: object) -> object:
        decided.append(args[0])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_decide_all", counting)
    remembered = Checker(book).check(description, DAY)
    with_memory = len(decided)
    decided.clear()
    fresh = Checker(book, memo_size=0).check(description, DAY)
    assert remembered == fresh
    if description.items:  # each item is decided once, not once per lot
        assert with_memory < len(decided)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    suffixes=st.lists(
        st.lists(st.sampled_from([*INERT, *MEANINGFUL]), max_size=3).map("".join),
        min_size=2,
        max_size=6,
    ),
    day=st.sampled_from([dt.date(2025, 6, 1), DAY]),
)
def test_the_memory_changes_no_verdict(
    book: RuleBook,
    descriptions: list[Description],
    data: st.DataObject,
    suffixes: list[str],
    day: dt.date,
) -> None:
    description = data.draw(st.sampled_from([d for d in descriptions if d.items]))
    varied = _variants(description, suffixes)
    assert Checker(book).check(varied, day) == Checker(book, memo_size=0).check(varied, day)
