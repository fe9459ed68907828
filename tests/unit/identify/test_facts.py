"""The facts rules read: each readable from every example, and the engine's fast item keys give
exactly the facts' values."""

from __future__ import annotations

from pathlib import Path

from exportcheck.identify import facts
from exportcheck.identify.facts import ASKABLE, FACTS, WHOLE, given
from exportcheck.input.parse import parse_file
from exportcheck.rules.book import RuleBook

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def test_the_fast_item_key_tells_items_apart_as_the_facts_do(book: RuleBook) -> None:
    items = []
    for path in EXAMPLES:
        description = parse_file(path.read_bytes(), path.name)
        items += [(description, item) for item in description.items]
    every = sorted(n for n in FACTS if n not in WHOLE)
    keyers = [(index.item_key, index.facts) for index in book.indexes.values()]
    keyers.append((facts.item_key(every), tuple(every)))
    for fast, names in keyers:
        for d1, a in items:
            for d2, b in items:
                alike = facts.key(names, d1, a) == facts.key(names, d2, b)
                assert (fast(d1, a) == fast(d2, b)) is alike, (a.description, b.description)


def test_every_askable_fact_is_a_fact_and_says_whether_it_is_given() -> None:
    path = ROOT / "examples" / "magnets-missing-composition.yaml"
    description = parse_file(path.read_bytes(), path.name)
    first, second = description.items[:2]
    assert not given("contains", description, second)
    assert given("contains", description, first) is (first.composition is not None)
    for field in ASKABLE:
        assert field.partition(".")[0] in FACTS
