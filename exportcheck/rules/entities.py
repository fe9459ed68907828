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
    sources: tuple[str, ...]
    """Where the listing is read, the issuer's page first where its address is known."""
    name_zh: str | None = None
    """The name in the announcement's Chinese text, screened like the name."""
    unconfirmed: str | None = None
    """Why the entry is UNCONFIRMED (a single secondary source, say); None when confirmed."""

    @property
    def source(self) -> str:
        return self.sources[0] if self.sources else ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the entry is screened by."""
        return (self.name, *self.aliases, *((self.name_zh,) if self.name_zh else ()))


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
