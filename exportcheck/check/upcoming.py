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

from exportcheck.rules.window import Change

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from exportcheck.model.verdict import Verdict
    from exportcheck.rules.book import RuleBook
    from exportcheck.rules.lists import Announcement
    from exportcheck.rules.model import Rule
    from exportcheck.rules.window import Dated


def touching(verdict: Verdict) -> list[str]:
    """The ids of the rules (and list hits) the verdict's findings and notes come from."""
    return sorted({f.rule for f in verdict.findings} | {n.rule for n in verdict.notes})


class Calendar:
    """Every rule's and list announcement's dated changes, gathered once per rule book."""

    def __init__(self, book: RuleBook) -> None:
        self.rules = {r.id: r for r in book.rules}
        self.dated: dict[str, list[tuple[dt.date, str]]] = {}
        self.announcements = (
            {a.id: a for a in book.entity_lists.announcements} if book.entity_lists else {}
        )

    def events(
        self, ids: Iterable[str], after: dt.date, until: dt.date
    ) -> dict[dt.date, list[str]]:
        """Per day in (after, until]: what changes for the given rules (or list hits)."""
        found: dict[dt.date, list[str]] = defaultdict(list)
        for rule_id in ids:
            dated = self.dated.get(rule_id)
            if dated is None:
                dated = self.dated[rule_id] = self._dated(rule_id)
            for day, text in dated:
                if after < day <= until:
                    found[day].append(text)
        return dict(sorted(found.items()))

    def _dated(self, rule_id: str) -> list[tuple[dt.date, str]]:
        rule = self.rules.get(rule_id)
        if rule is not None:
            return _rule(rule)
        announcement = self.announcements.get(rule_id.partition(":")[0])
        return [] if announcement is None else _announcement(rule_id, announcement)


def _rule(rule: Rule) -> list[tuple[dt.date, str]]:
    measure = rule.measure
    words = {
        Change.COMES_INTO_FORCE: lambda _: f"{rule.id} comes into force ({measure.title})",
        Change.ENDS: lambda _: f"{rule.id} ends ({measure.title} ended on {measure.ends})",
    }
    return [(d.day, words.get(d.change, _suspension(rule.id))(d)) for d in rule.window.changes()]


def _announcement(rule_id: str, announcement: Announcement) -> list[tuple[dt.date, str]]:
    words = {
        Change.COMES_INTO_FORCE: lambda _: f"{rule_id}: {announcement.title} takes effect",
        Change.ENDS: lambda _: f"{rule_id}: {announcement.title} ends",
    }
    changes = announcement.window.changes()
    return [(d.day, words.get(d.change, _suspension(rule_id))(d)) for d in changes]


def _suspension(rule_id: str) -> Callable[[Dated], str]:
    def word(dated: Dated) -> str:
        suspension = dated.suspension
        assert suspension is not None
        if dated.change is Change.SUSPENDED:
            return f"{rule_id} is suspended by {suspension.title} until {suspension.end}"
        return f"{rule_id}: the suspension by {suspension.title} ends; it applies again"

    return word
