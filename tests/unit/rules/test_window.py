"""The one definition of "in force on day D": every rule, measure and list entry answers through
a Window, and the calendar of upcoming changes lists exactly the days its answer changes."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from msgspec.structs import replace

from exportcheck.model.verdict import CautionKind
from exportcheck.rules.dates import Suspension
from exportcheck.rules.window import Change, Status, Window

DAY = dt.date(2026, 1, 1)


def suspension(start: int, end: int, caution: str | None = None) -> Suspension:
    return Suspension(
        "by", "No. 70", DAY + dt.timedelta(start), DAY + dt.timedelta(end), "https://x", caution
    )


def test_each_status_at_its_boundaries() -> None:
    window = Window(DAY, DAY + dt.timedelta(99), (suspension(10, 19, "after"),), ("standing",))
    assert window.state(DAY - dt.timedelta(1)).status is Status.NOT_YET
    assert window.state(DAY).status is Status.IN_FORCE
    assert window.state(DAY).cautions == ("standing",)
    assert window.state(DAY + dt.timedelta(9)).status is Status.IN_FORCE
    suspended = window.state(DAY + dt.timedelta(10))
    assert suspended.status is Status.SUSPENDED
    assert suspended.suspension is window.suspensions[0]
    assert window.state(DAY + dt.timedelta(19)).status is Status.SUSPENDED  # inclusive
    again = window.state(DAY + dt.timedelta(20))
    assert again.status is Status.IN_FORCE
    assert again.cautions == ("after", "standing")
    assert window.state(DAY + dt.timedelta(99)).status is Status.IN_FORCE  # the last day
    assert window.state(DAY + dt.timedelta(100)).status is Status.ENDED


def test_changes_name_the_days_and_what_happens() -> None:
    window = Window(DAY, DAY + dt.timedelta(99), (suspension(10, 19),))
    assert [(d.day - DAY, d.change) for d in window.changes()] == [
        (dt.timedelta(0), Change.COMES_INTO_FORCE),
        (dt.timedelta(100), Change.ENDS),
        (dt.timedelta(10), Change.SUSPENDED),
        (dt.timedelta(20), Change.RESUMES),
    ]


@st.composite
def windows(draw: st.DrawFn) -> Window:
    ends = draw(st.one_of(st.none(), st.integers(0, 200)))
    cuts = sorted(draw(st.lists(st.integers(-20, 220), max_size=6, unique=True)))
    found = [suspension(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False)]
    return Window(DAY, None if ends is None else DAY + dt.timedelta(ends), tuple(found))


@given(windows())
def test_the_answer_changes_exactly_on_the_days_changes_lists(window: Window) -> None:
    listed = {d.day for d in window.changes()}
    before = window.state(DAY - dt.timedelta(30))
    for offset in range(-29, 260):
        day = DAY + dt.timedelta(offset)
        now = window.state(day)
        changed = (now.status, now.suspension) != (before.status, before.suspension)
        if changed:
            assert day in listed, (day, before, now)
        before = now


def test_caution_kinds_follow_the_cautions_in_force() -> None:
    kinds = (CautionKind.CODE_UNCONFIRMED,)
    window = Window(DAY, None, (suspension(10, 19, "after"),), ("standing",), kinds)
    assert window.state(DAY).caution_kinds == kinds
    # After a window whose end no source confirms, the status is an assumption too.
    after = window.state(DAY + dt.timedelta(20))
    assert after.caution_kinds == (CautionKind.STATUS_UNCONFIRMED, *kinds)
    plain = Window(DAY, None, (suspension(10, 19),))
    assert plain.state(DAY + dt.timedelta(20)).caution_kinds == ()


@given(st.integers(0, 30), st.integers(0, 30), st.integers(-5, 80))
def test_an_extended_window_never_ends(start: int, length: int, day: int) -> None:
    """`--assume extended`: a window marked extended suspends from its start on, for good, and
    the calendar lists no day on which it ends."""
    window = Window(
        DAY, None, (replace(suspension(start, start + length, "after"), extended=True),)
    )
    state = window.state(DAY + dt.timedelta(day))
    assert (state.status is Status.SUSPENDED) is (day >= start)
    assert state.assumed == ()
    assert [c.change for c in window.changes()] == [Change.COMES_INTO_FORCE, Change.SUSPENDED]
