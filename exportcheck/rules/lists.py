"""MOFCOM's entity lists as rule-book data: the announcements are measures with a `list`
(docs/rulesets.md#entity-lists), each with one rule for parties saying what a hit means, and the
entries name the listed entities. This module reads the entries and gathers them for screening.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from exportcheck.errors import key_path
from exportcheck.rules.entities import Entry
from exportcheck.vocab.names import normalise

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping

    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import YMap
    from exportcheck.rules.model import Measure, Rule

ENTRY_KEYS = (
    "name",
    "name_zh",
    "aliases",
    "country",
    "measure",
    "source",
    "sources",
    "unconfirmed",
)


OWNED = "reaches_owned"
"""The tag of a rule for parties that reaches companies 50 % or more owned by a listed entity."""


class EntityLists(Struct, frozen=True, eq=False):
    """Every entry of the rule book, with the rule that says what a hit on its listing means."""

    as_of: dt.date
    """The day the bundled entries were last checked against the sources."""
    measures: tuple[Measure, ...]
    """The measures that list entities, in book order."""
    rules: dict[str, Rule]
    """The rule for parties of each listing measure, by measure id."""
    entries: tuple[Entry, ...]
    keys: tuple[str, ...]
    """Normalised names and aliases, parallel to `owners`."""
    owners: tuple[int, ...]
    """For each key, the index of its entry."""
    also: tuple[Rule, ...] = ()
    """Rules for parties of other measures, read on every hit on a listing of a kind their
    `entity_list` names while that listing binds (No. 61 of 2025 on Control and Watch List
    entities); those tagged `OWNED` read the hits on the owners a party states too."""


def read_entries(reader: Reader, top: YMap) -> tuple[Entry, ...] | None:
    """The `entries` of a ruleset file; None when one is invalid (reported). Whether each
    names a listing measure is checked when the rule book is put together."""
    entries: list[Entry] = []
    ok = True
    for _, path, m in reader.mappings(top, "entries", ""):
        reader.keys(m, path, ENTRY_KEYS, required=("name", "measure"))
        name = reader.text(m, "name", path)
        aliases: tuple[str, ...] = ()
        if "aliases" in m:
            where = reader.mark_of(m, "aliases")
            aliases = reader.strings(m["aliases"], where, key_path(path, "aliases")) or ()
        country = reader.country(m, "country", path)
        measure = reader.text(m, "measure", path)
        sources = _sources(reader, m, path)
        name_zh = reader.text(m, "name_zh", path)
        unconfirmed = reader.text(m, "unconfirmed", path)
        if name is None or measure is None or sources is None:
            ok = False
            continue
        entries.append(Entry(name, aliases, country, measure, sources, name_zh, unconfirmed))
    return tuple(entries) if ok else None


def _sources(reader: Reader, m: YMap, path: str) -> tuple[str, ...] | None:
    """An entry's `source` (one address) or `sources` (several, the issuer's page first);
    None when one is not an http(s) address (reported)."""
    if "source" in m and "sources" in m:
        where = reader.mark_of(m, "sources")
        reader.error(where, key_path(path, "sources"), "give `source` or `sources`, not both")
        return None
    if "sources" not in m:
        one = reader.url(m, "source", path) if "source" in m else ""
        return None if one is None else ((one,) if one else ())
    return reader.urls(m, "sources", path)


def gather(
    entries: Iterable[Entry],
    measures: Mapping[str, Measure],
    rules: Mapping[str, Rule],
    as_of: dt.date,
    also: tuple[Rule, ...] = (),
) -> EntityLists:
    """The entity lists of a validated rule book: entries that give no source take their
    measure's."""
    found = tuple(
        entry if entry.sources else replace(entry, sources=(measures[entry.measure].source,))
        for entry in entries
    )
    keys: list[str] = []
    owners: list[int] = []
    for index, entry in enumerate(found):
        for text in entry.names:
            key = normalise(text)
            if key:
                keys.append(key)
                owners.append(index)
    listing = tuple(m for m in measures.values() if m.listing is not None)
    return EntityLists(as_of, listing, dict(rules), found, tuple(keys), tuple(owners), also)
