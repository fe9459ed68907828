"""The data of MOFCOM's entity lists: which list, what an announcement listed, who is on it,
and a party's name against an entry."""

from __future__ import annotations

import datetime as dt

from msgspec import Struct

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


class Listing(Struct, frozen=True):
    """What a measure that lists entities says of its list."""

    kind: ListKind
    announced: int
    """How many entities the announcement listed (the bundled entries are those confirmed)."""


class Entry(Struct, frozen=True, eq=False):
    name: str
    aliases: tuple[str, ...]
    country: str | None
    measure: str
    """The id of the measure (announcement) that lists it."""
    source: str


class Hit(Struct, frozen=True):
    """A party's name against an entry: the entry, the announcement that lists it, the name
    score."""

    entry: Entry
    listing: Listing
    title: str
    """The announcement's title."""
    date: dt.date
    """The day the listing took effect."""
    score: float
