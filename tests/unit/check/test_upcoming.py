"""The days ahead on which rules touching a description change, and `diff` between two days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from exportcheck.check.compare import compare
from exportcheck.check.engine import Checker
from exportcheck.input.parse import parse_file
from exportcheck.model.verdict import Level
from exportcheck.render import reasons
from exportcheck.rules.book import RuleBook

ROOT = Path(__file__).resolve().parents[3]
GALLIUM_TO_US = ROOT / "examples" / "gallium-arsenide-wafers-to-us.yaml"


def test_a_suspension_ending_within_the_horizon_is_listed_with_the_verdict_then(
    book: RuleBook,
) -> None:
    description = parse_file(GALLIUM_TO_US.read_bytes(), GALLIUM_TO_US.name)
    verdict = Checker(book).check(description, dt.date(2026, 11, 1), horizon=90)
    assert verdict.level is Level.LICENSE_REQUIRED
    assert verdict.horizon == 90
    (change,) = verdict.upcoming
    assert change.date == dt.date(2026, 11, 28)
    assert change.level is Level.PROHIBITED
    assert tuple(reasons.event(e) for e in change.events) == (
        "mofcom-2024-46:clause-2: the suspension by MOFCOM Announcement No. 72 of 2025 ends; "
        "it applies again",
    )
    later = Checker(book).check(description, dt.date(2026, 11, 28))
    assert later.level is change.level
    assert later.license_types == change.license_types


def test_the_horizon_bounds_the_search(book: RuleBook) -> None:
    description = parse_file(GALLIUM_TO_US.read_bytes(), GALLIUM_TO_US.name)
    checker = Checker(book)
    assert checker.check(description, dt.date(2026, 11, 1), horizon=26).upcoming == ()
    assert len(checker.check(description, dt.date(2026, 11, 1), horizon=27).upcoming) == 1
    plain = checker.check(description, dt.date(2026, 11, 1))
    assert (plain.horizon, plain.upcoming) == (0, ())


def test_rules_not_yet_in_force_touch_the_description(book: RuleBook) -> None:
    """No. 18 binds from 2025-04-04: checked the day before, its coming is listed."""
    path = ROOT / "examples" / "dysprosium-oxide-to-germany.yaml"
    description = parse_file(path.read_bytes(), path.name)
    verdict = Checker(book).check(description, dt.date(2025, 4, 3), horizon=1)
    (change,) = verdict.upcoming
    assert change.date == dt.date(2025, 4, 4)
    assert change.level is Level.LICENSE_REQUIRED
    assert any(
        reasons.event(e).startswith("mofcom-2025-18:1C905 comes into force") for e in change.events
    )


def test_compare_names_what_appears_goes_and_changes(book: RuleBook) -> None:
    description = parse_file(GALLIUM_TO_US.read_bytes(), GALLIUM_TO_US.name)
    checker = Checker(book)
    before = checker.check(description, dt.date(2026, 11, 1))
    after = checker.check(description, dt.date(2026, 12, 1))
    forward, backward = compare(before, after), compare(after, before)
    assert forward.changed
    assert [(c.subject, c.rule, c.before, c.after) for c in forward.changes] == [
        ("items[1]", "mofcom-2024-46:clause-2", None, Level.PROHIBITED)
    ]
    assert [(c.before, c.after) for c in backward.changes] == [(Level.PROHIBITED, None)]
    assert not compare(before, before).changed
