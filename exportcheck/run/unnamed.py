"""The decisions of manifest rows by their facts less the parties' names: a forwarder's manifest
sends the same goods to a new small buyer on every row, and a row's decision depends on a name
only through screening and the military word it may hold.

A row whose facts, but for the names, an earlier row had, and each of whose names is readable,
in one script and on no entity list (no entry scores `screening.NEAR` against it), takes that
row's decision, provided that row's names were clean too: with no hit, the verdict says nothing
of a name (the screening summary gives the parties' places, not their names). Every other row
is checked as it is. A name's military word stands in its place in the key, so an end user
named for an army is never taken for one that is not. Tests compare a run with this memory and
one without, byte for byte, over names that hit, nearly hit, hold military words, mix scripts
or are empty.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from exportcheck.check.screening import clean
from exportcheck.input.manifest import cells_at
from exportcheck.input.shipment import PARTIES
from exportcheck.vocab.glossary import military
from exportcheck.vocab.text import mixed_script

if TYPE_CHECKING:
    from exportcheck.input.manifest import Manifest
    from exportcheck.model.verdict import Verdict
    from exportcheck.rules.lists import EntityLists

KEPT = 50_000
"""Decisions remembered at most (then the memory starts afresh)."""


class Unnamed:
    """A manifest's decisions by its rows' facts less their parties' names."""

    def __init__(self, opened: Manifest, lists: EntityLists) -> None:
        self.opened, self.lists = opened, lists
        columns = opened.columns
        facts = [c.index for c in columns if c.role == "fact"]
        self.names = sorted(
            c.index for c in columns if c.role == "fact" and _names_a_party(c.place)
        )
        self._others = cells_at([index for index in facts if index not in self.names])
        self.decided: dict[tuple[object, ...], Verdict] = {}

    @classmethod
    def of(cls, opened: Manifest, lists: EntityLists | None) -> Unnamed | None:
        """The memory for a manifest with a column of party names (None without one)."""
        named = any(_names_a_party(c.place) for c in opened.columns)
        return cls(opened, lists) if named and lists is not None else None

    def key(self, cells: list[str]) -> tuple[object, ...]:
        """The row's facts but for its parties' names, and what stands for each name."""
        return (self._others(cells), *(_standing(cells[index]) for index in self.names))

    def clean(self, cells: list[str], line: int) -> bool:
        """Whether each name of the row is readable, in one script, and on no list."""
        seen: set[str] = set()
        for index in self.names:
            name = cells[index].strip()
            if not name or name in seen:
                continue  # a consignee that is also the end user is looked at once
            seen.add(name)
            if self.opened.unreadable([name], line) or mixed_script(name) is not None:
                return False
            if not clean(name, self.lists):
                return False
        return True

    def reused(self, cells: list[str], line: int) -> Verdict | None:
        """The decision of an earlier row with these facts but for clean names, if the row's
        own names are clean; else None."""
        known = self.decided.get(self.key(cells))
        if known is None or not self.clean(cells, line):
            return None
        return known

    def remember(self, cells: list[str], line: int, verdict: Verdict) -> None:
        """Keep a row's decision for the rows like it but for their names, if its names are
        clean."""
        if self.clean(cells, line):
            if len(self.decided) >= KEPT:
                self.decided.clear()
            self.decided[self.key(cells)] = verdict


def _names_a_party(place: tuple[str, ...]) -> bool:
    return place[0] in PARTIES and place[1:] == ("name",)


@functools.lru_cache(maxsize=4_096)
def _standing(name: str) -> object:
    """What stands for a name in the key: whether there is one, and its military word
    (remembered a while: a row's consignee and end user are often one name)."""
    stripped = name.strip()
    return ("named", military(stripped)) if stripped else ""
