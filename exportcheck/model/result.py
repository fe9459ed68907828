"""The outcome of checking one input: a file, standard input, or one row of a CSV manifest."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from exportcheck import exits

if TYPE_CHECKING:
    from exportcheck.errors import Problem
    from exportcheck.model.verdict import Verdict


class Result(NamedTuple):
    """One input's outcome: a verdict, or the problems that kept it from being checked. (A
    named tuple: a manifest makes one per row, and tuples are made several times faster.)

    For a row of a CSV manifest, `decided` is shared by every row with the same facts (it names
    the first such row) and `row` and `item` say which row this is; `verdict` is this row's own.
    """

    file: str
    decided: Verdict | None
    problems: tuple[Problem, ...] = ()
    seconds: float = 0.0
    row: int | None = None
    """For a row of a CSV manifest: its line number."""
    item: str | None = None
    """For a row of a CSV manifest: its item id."""
    digest: str | None = None
    """The sha256 of the input as read (of a manifest row: of its cells joined by U+001F),
    when the run keeps an audit log."""
    lines: tuple[tuple[str, int], ...] = ()
    """For a description file: where each item and party starts in it, (path, line), for the
    reports that point at lines (SARIF, GitHub annotations); a manifest row's line is `row`."""

    def line_of(self, subject: str) -> int:
        """The line a subject starts on: a manifest row's own, else the item's or party's (an
        owner a party states, `consignee.owners[1]`, is on its party's line), else 1."""
        if self.row is not None:
            return self.row
        found = dict(self.lines)
        return found.get(subject) or found.get(subject.partition(".")[0]) or 1

    @property
    def verdict(self) -> Verdict | None:
        decided = self.decided
        if decided is None or self.row is None or self.item is None:
            return decided
        if decided.row == self.row:
            return decided
        return decided.for_row(self.row, self.item)

    @property
    def exit_code(self) -> int:
        return exits.INVALID if self.decided is None else self.decided.level.exit_code
