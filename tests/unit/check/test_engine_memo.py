"""The engine decides identical line items once: that must change no byte of any verdict.

The memory is keyed by the facts the rules declare they read (Leaf.facts, identify.facts) of the
subject and of the description around it; these tests check that every test reads only what it
declares (by recording every attribute the bundled rules touch), and that verdicts with and
without the memory are equal, also for repeated items whose findings name paths.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import msgspec.structs
import pytest

from exportcheck.check.engine import Checker
from exportcheck.identify import facts
from exportcheck.identify.facts import FACTS, WHOLE
from exportcheck.input.parse import parse_file
from exportcheck.model.description import Description, Item, Party, Subject
from exportcheck.render import reasons
from exportcheck.rules.book import RuleBook
from exportcheck.rules.matchers.base import Context, Leaf

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DAYS = ("2025-06-01", "2026-06-01", "2026-12-01")


def at(item: Item, position: int) -> Item:
    """The same item on another line."""
    return msgspec.structs.replace(item, position=position, id=f"copy-{position}")


def repeated(description: Description, times: int = 3) -> Description:
    """Every item again on later lines, interleaved with the others."""
    items = description.items
    copies = [at(item, n * len(items) + k) for n in range(times) for k, item in enumerate(items, 1)]
    return msgspec.structs.replace(description, items=tuple(copies))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
@pytest.mark.parametrize("day", DAYS)
def test_the_memory_changes_nothing(book: RuleBook, path: Path, day: str) -> None:
    description = repeated(parse_file(path.read_bytes(), path.name))
    as_of = dt.date.fromisoformat(day)
    remembered = Checker(book).check(description, as_of)
    assert remembered == Checker(book, memo_size=0).check(description, as_of)


def test_a_repeated_item_names_its_own_missing_fields(book: RuleBook) -> None:
    path = ROOT / "examples" / "magnets-missing-composition.yaml"
    original = parse_file(path.read_bytes(), path.name)
    lines = len(original.items)
    verdict = Checker(book).check(repeated(original, times=2), dt.date(2026, 12, 1))
    missing = {
        (f.subject, f.rule): tuple(reasons.missing(f.subject, m) for m in f.missing)
        for f in verdict.findings
        if f.missing
    }
    assert missing[("items[1]", "mofcom-2025-18:1C905")][0] == "items[1].contains"
    copy = f"items[{lines + 1}]"
    assert missing[(copy, "mofcom-2025-18:1C905")][0] == f"{copy}.contains"
    for (subject, _), fields in missing.items():
        assert all(field.startswith(subject + ".") for field in fields)
    assert {f.item for f in verdict.findings} <= {f"copy-{n}" for n in range(1, 2 * lines + 1)}


def test_a_small_memory_starts_afresh_and_stays_right(book: RuleBook) -> None:
    path = ROOT / "examples" / "ndfeb-magnets-with-dysprosium.yaml"
    description = repeated(parse_file(path.read_bytes(), path.name), times=5)
    as_of = dt.date(2026, 12, 1)
    checker = Checker(book, memo_size=1)
    assert checker.check(description, as_of) == Checker(book, memo_size=0).check(description, as_of)


def test_different_parties_are_not_confused(book: RuleBook) -> None:
    """One Checker over two descriptions with the same item: the scene is part of the key."""
    path = ROOT / "examples" / "diamond-micropowder-to-japan-military.yaml"
    military = parse_file(path.read_bytes(), path.name)
    assert military.end_user is not None
    civil = msgspec.structs.replace(military, end_use=None, end_user=None, destination="DE")
    checker, fresh = Checker(book), Checker(book, memo_size=0)
    as_of = dt.date(2026, 12, 1)
    for description in (military, civil, military):
        assert checker.check(description, as_of) == fresh.check(description, as_of)


class _Recorder:
    """Records the attributes read from instances of a recording subclass."""

    def __init__(self) -> None:
        self.read: set[str] = set()

    def wrap(self, base: type[Any], obj: Any) -> Any:
        recorder = self

        class Recording(base):  # type: ignore[misc]
            def __getattribute__(self, name: str) -> Any:
                if not name.startswith("__"):
                    recorder.read.add(name)
                return super().__getattribute__(name)

        fields = {f: getattr(obj, f) for f in type(obj).__struct_fields__}
        return Recording(**fields)


ATTRIBUTES = {
    "description": "description",
    "hs_code": "hs_code",
    "control_code": "control_code",
    "origin": "origin",
    "composition": "contains",
    "form": "form",
    "parameters": "parameters",
    "vehicle": "vehicle",
    "components": "components",
    "value": "value",
    "area": "area",
    "area_given": "area",
}
"""Which fact each attribute of a subject is (the others, like its path, are no fact)."""


def _leaves(book: RuleBook) -> list[Leaf]:
    found = {
        id(leaf): leaf
        for index in book.indexes.values()
        for rule in index.rules
        for expr in (rule.trigger, rule.condition)
        if expr is not None
        for leaf in expr.leaves()
    }
    return list(found.values())


def test_each_test_reads_only_the_facts_it_declares(book: RuleBook) -> None:
    descriptions = [parse_file(p.read_bytes(), p.name) for p in EXAMPLES]
    checked = 0
    touched_overall: set[str] = set()
    for leaf in _leaves(book):
        touched = _Recorder()
        for description in descriptions:
            subjects: list[Subject] = [*description.items, *description.technologies]
            subjects += description.services
            for subject in subjects:
                if not leaf.supports(subject.path.partition("[")[0]):
                    continue
                for day in DAYS:
                    spy = touched.wrap(type(subject), subject)
                    leaf.evaluate(Context(description, spy, dt.date.fromisoformat(day)))
                    checked += 1
        read = {ATTRIBUTES[a] for a in touched.read if a in ATTRIBUTES}
        assert read <= leaf.facts(), f"{leaf.explain()} reads {read - leaf.facts()} undeclared"
        assert leaf.facts() <= set(FACTS), leaf.explain()
        touched_overall |= touched.read
    assert checked > 1000
    assert touched_overall - set(ATTRIBUTES) <= {"path", "position"}
    assert {"hs_code", "description", "composition", "form", "value"} <= touched_overall


def test_a_fact_key_tells_apart_what_its_tests_tell_apart(book: RuleBook) -> None:
    """Two items the memory takes for alike (equal keys) get equal decisions from every test."""
    descriptions = [parse_file(p.read_bytes(), p.name) for p in EXAMPLES]
    items = [(d, i) for d in descriptions for i in d.items]
    leaves = [leaf for leaf in _leaves(book) if leaf.supports("items")]
    for leaf in leaves:
        names = sorted(leaf.facts())
        seen: dict[tuple[object, ...], object] = {}
        for description, item in items:
            key = (*facts.key(names, description, item), *facts.scene(leaf.scene(), description))
            outcome = leaf.evaluate(Context(description, item, dt.date(2026, 12, 1)))
            if key in seen:
                assert seen[key] == outcome, leaf.explain()
            seen[key] = outcome


PARTIES = ("exporter", "consignee", "end_user", "recipient")


class _SceneSpy:
    """Descriptions whose own attributes and parties' attributes are recorded when read, as
    scene field names (`destination`, `exporter.country`, ...)."""

    def __init__(self) -> None:
        self.description = _Recorder()
        self.parties = {name: _Recorder() for name in PARTIES}

    def wrap(self, description: Description) -> tuple[Description, list[Subject]]:
        spied = {
            name: recorder.wrap(Party, getattr(description, name))
            for name, recorder in self.parties.items()
            if getattr(description, name) is not None
        }
        spy = self.description.wrap(Description, msgspec.structs.replace(description, **spied))
        subjects: list[Subject] = [*description.items, *description.technologies]
        return spy, [*subjects, *description.services]

    @property
    def read(self) -> set[str]:
        """Reading a party to reach its field is the field's reading; the receiving parties'
        fields are together the fact `parties`."""
        found = self.description.read - set(PARTIES)
        for party, recorder in self.parties.items():
            if party == "exporter":
                found |= {f"{party}.{a}" for a in recorder.read}
            elif recorder.read:
                found.add("parties")
        return found


@pytest.mark.parametrize("phase", ["goods", "dependent", "technologies", "services"])
def test_each_phase_declares_what_its_rules_read_of_the_description(
    book: RuleBook, phase: str
) -> None:
    index = book.indexes[phase]
    spy = _SceneSpy()
    for path in EXAMPLES:
        description, subjects = spy.wrap(parse_file(path.read_bytes(), path.name))
        for subject in subjects:
            for rule in index.rules:
                if rule.applies_to != subject.path.partition("[")[0]:
                    continue
                ctx = Context(description, subject, dt.date(2026, 12, 1))
                rule.trigger.evaluate(ctx)
                if rule.condition is not None:
                    rule.condition.evaluate(ctx)
    read = spy.read
    assert read <= set(index.scene), f"{phase} rules read {read - set(index.scene)} undeclared"
    assert set(index.scene) <= WHOLE
    if phase == "goods":
        assert "destination" not in index.scene  # why a new destination re-decides only the rest
    if phase == "dependent":
        assert {"destination", "exporter.country"} <= read


def test_each_test_declares_what_it_reads_of_the_description(book: RuleBook) -> None:
    leaves = {id(leaf): leaf for leaf in _leaves(book)}
    descriptions = [parse_file(p.read_bytes(), p.name) for p in EXAMPLES]
    for leaf in leaves.values():
        spy = _SceneSpy()
        for plain in descriptions:
            description, subjects = spy.wrap(plain)
            for subject in subjects:
                if leaf.supports(subject.path.partition("[")[0]):
                    leaf.evaluate(Context(description, subject, dt.date(2026, 12, 1)))
        assert spy.read <= leaf.scene(), f"{leaf.explain()} reads {spy.read - leaf.scene()}"


def test_every_fact_of_the_whole_description_can_be_read() -> None:
    path = EXAMPLES[0]
    description = parse_file(path.read_bytes(), path.name)
    assert len(facts.scene(sorted(WHOLE), description)) == len(WHOLE)
    assert {
        "destination",
        "end_use",
        "end_use_assessment",
        "end_user.military",
        "exporter.country",
        "parties",
    } == WHOLE


def test_screening_is_remembered_per_party_set_not_mixed_up(book: RuleBook) -> None:
    path = ROOT / "examples" / "watch-list-consignee.yaml"
    listed = parse_file(path.read_bytes(), path.name)
    assert listed.consignee is not None
    assert listed.end_user is not None
    unlisted = msgspec.structs.replace(
        listed,
        consignee=msgspec.structs.replace(listed.consignee, name="Harmless Trading GmbH"),
        end_user=msgspec.structs.replace(listed.end_user, name="Harmless Trading GmbH"),
    )
    checker, fresh = Checker(book), Checker(book, memo_size=0)
    as_of = dt.date(2026, 12, 1)
    for description in (listed, unlisted, listed, unlisted):
        assert checker.check(description, as_of) == fresh.check(description, as_of)
    hits = [checker.check(d, as_of).screening for d in (listed, unlisted)]
    assert [h.hits if h else None for h in hits] == [2, 0]
