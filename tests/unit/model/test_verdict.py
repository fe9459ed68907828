"""A verdict states how old the bundled data is on its as-of day."""

from __future__ import annotations

import datetime as dt

from exportcheck.model.verdict import STALE_AFTER, Level, RulesetInfo, Verdict, reviewed


def verdict(as_of: str, infos: tuple[RulesetInfo, ...]) -> Verdict:
    day = dt.date.fromisoformat(as_of)
    return Verdict("f.yaml", None, day, Level.NO_MATCH, (), (), (), infos, reviewed=reviewed(infos))


BUNDLED = (
    RulesetInfo("a", "2026.12.02", "0" * 64),
    RulesetInfo("b", "2026.11.24", "0" * 64),
    RulesetInfo("mine", "1999.01.01", "0" * 64, origin="user"),  # a user's own: not counted
    RulesetInfo("odd", "v3", "0" * 64),  # not a date: not counted
)


def test_the_oldest_bundled_review_day_counts() -> None:
    assert reviewed(BUNDLED) == dt.date(2026, 11, 24)
    assert reviewed(BUNDLED[2:]) is None


def test_the_age_on_the_as_of_day_and_when_it_is_stale() -> None:
    fresh = verdict("2026-12-24", BUNDLED)
    assert (fresh.data_age, fresh.data_stale) == (STALE_AFTER, False)
    stale = verdict("2026-12-25", BUNDLED)
    assert (stale.data_age, stale.data_stale) == (STALE_AFTER + 1, True)
    before = verdict("2025-06-01", BUNDLED)  # a check of a day before the review
    assert before.data_age is not None
    assert before.data_age < 0
    assert not before.data_stale
    none = verdict("2026-12-25", ())
    assert (none.reviewed, none.data_age, none.data_stale) == (None, None, False)
