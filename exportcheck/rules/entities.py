"""The data of MOFCOM's entity lists: which list, what an announcement listed, who is on it,
and a party's name against an entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from exportcheck.vocabulary import Vocabulary


class ListKind(Vocabulary):
    CONTROL = "control"
    WATCH = "watch"
    UNRELIABLE = "unreliable"


LIST_TITLES = {
    ListKind.CONTROL: "Export Control Control List",
    ListKind.WATCH: "Watch List",
    ListKind.UNRELIABLE: "Unreliable Entity List",
}
KINDS = {k.value: k for k in ListKind}


@dataclass(frozen=True, slots=True)
class Listing:
    """What a measure that lists entities says of its list."""

    kind: ListKind
    announced: int
    """How many entities the announcement listed (the bundled entries are those confirmed)."""


@dataclass(frozen=True, eq=False)
class Entry:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    measure: str
    """The id of the measure (announcement) that lists it."""
    source: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A party's name against an entry: the entry, the announcement that lists it, the name
    score."""

    entry: Entry
    listing: Listing
    title: str
    """The announcement's title."""
    date: dt.date
    """The day the listing took effect."""
    score: float
