"""When a measure, a rule or a list entry binds: the one definition of "in force on day D".

A `Window` holds what decides it: the first day in force, the last day (if the measure ended),
the suspension windows (inclusive at both ends), and the standing cautions about the state of
the law. `state(day)` answers not yet / in force / suspended / ended, with the cautions that
apply that day; `changes()` lists the days on which the answer changes, for the calendar of
upcoming changes.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from msgspec import Struct

from exportcheck.model.verdict import CautionKind
from exportcheck.vocabulary import Vocabulary

if TYPE_CHECKING:
    from exportcheck.rules.dates import Suspension

ONE_DAY = dt.timedelta(days=1)


class Status(enum.Enum):
    IN_FORCE = "in_force"
    NOT_YET = "not_yet"
    SUSPENDED = "suspended"
    ENDED = "ended"


class State(Struct, frozen=True):
    """What a window says of one day."""

    status: Status
    suspension: Suspension | None = None
    """For SUSPENDED: the window in force."""
    cautions: tuple[str, ...] = ()
    """For IN_FORCE: cautions about the state of the law on that day (those of suspensions
    that have ended, then the standing ones)."""
    assumed: tuple[Suspension, ...] = ()
    """For IN_FORCE: the ended suspensions whose end the data does not confirm (they carry
    `caution_after`): the answer assumes each lapsed on its last day."""
    caution_kinds: tuple[CautionKind, ...] = ()
    """What the cautions say is uncertain, each kind once."""

    @property
    def lapsed(self) -> tuple[tuple[str, dt.date], ...]:
        """`assumed` as a finding records it: (the suspending act, its last known day)."""
        return tuple((s.by, s.end) for s in self.assumed)


class Change(Vocabulary):
    """A kind of day on which a window's answer changes."""

    COMES_INTO_FORCE = "comes_into_force"
    ENDS = "ends"
    SUSPENDED = "suspended"
    RESUMES = "resumes"
    """The day after a suspension window: it applies again."""


class Dated(Struct, frozen=True):
    """A change of a window: from `day` on, the answer is different."""

    day: dt.date
    change: Change
    suspension: Suspension | None = None
    """For SUSPENDED and RESUMES: which window."""


class Window(Struct, frozen=True, eq=False):
    effective: dt.date
    ends: dt.date | None = None
    """The last day in force; None: open-ended."""
    suspensions: tuple[Suspension, ...] = ()
    cautions: tuple[str, ...] = ()
    caution_kinds: tuple[CautionKind, ...] = ()
    """The kinds of the standing cautions."""

    def state(self, day: dt.date) -> State:
        if day < self.effective:
            return State(Status.NOT_YET)
        if self.ends is not None and day > self.ends:
            return State(Status.ENDED)
        cautions: list[str] = []
        assumed: list[Suspension] = []
        for suspension in self.suspensions:
            if suspension.start <= day and (day <= suspension.end or suspension.extended):
                return State(Status.SUSPENDED, suspension)
            if day > suspension.end and suspension.caution_after:
                cautions.append(suspension.caution_after)
                assumed.append(suspension)
        if not cautions:
            if not self.cautions:
                return _IN_FORCE
            return State(Status.IN_FORCE, cautions=self.cautions, caution_kinds=self.caution_kinds)
        kinds = tuple(dict.fromkeys((CautionKind.STATUS_UNCONFIRMED, *self.caution_kinds)))
        return State(
            Status.IN_FORCE,
            cautions=(*cautions, *self.cautions),
            assumed=tuple(assumed),
            caution_kinds=kinds,
        )

    def changes(self) -> list[Dated]:
        """Every day on which the answer changes, in the order the data gives them."""
        found = [Dated(self.effective, Change.COMES_INTO_FORCE)]
        if self.ends is not None:
            found.append(Dated(self.ends + ONE_DAY, Change.ENDS))
        for suspension in self.suspensions:
            found.append(Dated(suspension.start, Change.SUSPENDED, suspension))
            if not suspension.extended:
                found.append(Dated(suspension.end + ONE_DAY, Change.RESUMES, suspension))
        return found


_IN_FORCE = State(Status.IN_FORCE)
