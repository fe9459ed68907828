"""Two verdicts on the same input, as of two days: what changed (`exportcheck diff`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from collections.abc import Iterable

    from exportcheck.model.verdict import Finding, Level, Verdict


class FindingChange(Struct, frozen=True):
    subject: str
    rule: str
    before: Level | None
    """None: the rule said nothing about the subject on the first day."""
    after: Level | None
    """None: it says nothing on the second day."""


class Comparison(Struct, frozen=True):
    file: str
    row: int | None
    before: Verdict
    after: Verdict
    changes: tuple[FindingChange, ...]

    @property
    def changed(self) -> bool:
        return self.before.level is not self.after.level or bool(self.changes)


def compare(before: Verdict, after: Verdict) -> Comparison:
    """The findings whose verdict differs between the two days (added, gone or changed), in
    the order of the findings."""
    first = _by_key(before.findings)
    second = _by_key(after.findings)
    changes = []
    for key in dict.fromkeys([*first, *second]):
        a, b = first.get(key), second.get(key)
        if a is not b:
            changes.append(FindingChange(key[0], key[1], a, b))
    return Comparison(before.file, before.row, before, after, tuple(changes))


def _by_key(findings: Iterable[Finding]) -> dict[tuple[str, str], Level]:
    return {(f.subject, f.rule): f.level for f in findings}
