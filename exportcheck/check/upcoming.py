"""What will change: the days ahead on which a rule that touches a description comes into force,
ends, or enters or leaves a suspension (docs/format.md#upcoming-changes).

A rule touches a description when the check decided something with it: a finding, or a note
(suspended, not yet in force, not controlled, a near match). Entity-list announcements behind a
party's hit or note count too. The verdict on each such day is the verdict of the same check as
of that day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from exportcheck.model.evidence import Event
from exportcheck.rules.window import Change

if TYPE_CHECKING:
    from collections.abc import Iterable

    from exportcheck.rules.book import RuleBook
    from exportcheck.rules.model import Rule


class Calendar:
    """Every rule's dated changes, gathered once per rule book."""

    def __init__(self, book: RuleBook) -> None:
        self.rules = {r.id: r for r in book.rules}
        self.dated: dict[str, list[tuple[dt.date, Event]]] = {}

    def events(
        self, ids: Iterable[str], after: dt.date, until: dt.date
    ) -> dict[dt.date, list[Event]]:
        """Per day in (after, until]: what changes for the given rules."""
        found: dict[dt.date, list[Event]] = defaultdict(list)
        for rule_id in ids:
            dated = self.dated.get(rule_id)
            if dated is None:
                rule = self.rules.get(rule_id)
                dated = self.dated[rule_id] = [] if rule is None else _dated(rule)
            for day, event in dated:
                if after < day <= until:
                    found[day].append(event)
        return dict(sorted(found.items()))


def _dated(rule: Rule) -> list[tuple[dt.date, Event]]:
    measure = rule.measure
    listing = rule.applies_to == "parties"
    found = []
    for dated in rule.window.changes():
        suspension = dated.suspension
        event = Event(
            rule.id,
            dated.change.value,
            measure.title,
            listing=listing,
            ended=measure.ends if dated.change is Change.ENDS else None,
            by="" if suspension is None else suspension.title,
            until=None if suspension is None else suspension.end,
        )
        found.append((dated.day, event))
    return found
