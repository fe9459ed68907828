"""MOFCOM's entity lists as bundled data: announcements (who listed whom, when, on which list)
and the entries they name, validated like rulesets (docs/rulesets.md#entity-lists)."""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exportcheck.errors import Problems, RulesetError, key_path, raise_if_any
from exportcheck.input.fields import Reader
from exportcheck.input.yamlio import YMap, load
from exportcheck.model.verdict import RulesetInfo
from exportcheck.rules.dates import read_suspensions
from exportcheck.rules.window import Window
from exportcheck.vocab.names import normalise

if TYPE_CHECKING:
    import datetime as dt

    from exportcheck.rules.dates import Suspension


class ListKind(enum.Enum):
    CONTROL = "control"
    WATCH = "watch"
    UNRELIABLE = "unreliable"


LIST_TITLES = {
    ListKind.CONTROL: "Export Control Control List",
    ListKind.WATCH: "Watch List",
    ListKind.UNRELIABLE: "Unreliable Entity List",
}
KINDS = {k.value: k for k in ListKind}


@dataclass(frozen=True, eq=False)
class Announcement:
    id: str
    title: str
    kind: ListKind
    date: dt.date
    announced: int
    ends: dt.date | None
    source: str
    caution: str | None
    suspensions: tuple[Suspension, ...]

    @functools.cached_property
    def window(self) -> Window:
        """When the listing binds: from its date, until it ends, outside its suspensions."""
        cautions = (self.caution,) if self.caution else ()
        return Window(self.date, self.ends, self.suspensions, cautions)


@dataclass(frozen=True, eq=False)
class Entry:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    announcement: Announcement
    source: str


@dataclass(frozen=True, eq=False)
class EntityLists:
    info: RulesetInfo
    title: str
    as_of: dt.date
    announcements: tuple[Announcement, ...]
    entries: tuple[Entry, ...]
    keys: tuple[str, ...]
    """Normalised names and aliases, parallel to `owners`."""
    owners: tuple[int, ...]
    """For each key, the index of its entry."""

    @property
    def announced(self) -> int:
        return sum(a.announced for a in self.announcements)


def _sha256(data: bytes) -> str:
    import hashlib  # noqa: PLC0415 (slow to import; a cached rule book needs none)

    return hashlib.sha256(data).hexdigest()


def load_entity_lists(data: bytes, file: str) -> EntityLists:
    """Read and validate an entity-list file; raise RulesetError naming every problem."""
    problems = Problems(file)
    root = load(data, file, problems=problems)
    reader = Reader(problems)
    top = reader.mapping(root, None, "")
    lists = None
    if top is not None:
        sections = ("entity_lists", "announcements", "entries")
        reader.keys(top, "", sections, required=sections)
        announcements = _announcements(reader, top)
        entries = _entries(reader, top, announcements)
        lists = _header(reader, top, data, announcements, entries)
    raise_if_any(problems, RulesetError)
    assert lists is not None
    return lists


ANNOUNCEMENT_KEYS = (
    "id", "title", "list", "date", "announced", "ends", "source", "caution", "suspensions",
)  # fmt: skip


def _announcements(reader: Reader, top: YMap) -> dict[str, Announcement]:
    found: dict[str, Announcement] = {}
    for _, path, m in reader.mappings(top, "announcements", ""):
        required = ("id", "title", "list", "date", "announced", "source")
        reader.keys(m, path, ANNOUNCEMENT_KEYS, required=required)
        ann_id = reader.text(m, "id", path)
        title = reader.text(m, "title", path)
        kind = reader.choice(m, "list", path, KINDS)
        date = reader.date(m, "date", path)
        announced = reader.decimal(m, "announced", path, what="a count of entities")
        source = reader.url(m, "source", path)
        ends = reader.date(m, "ends", path)
        caution = reader.text(m, "caution", path)
        suspensions = read_suspensions(reader, m, path)
        if (
            ann_id is None
            or title is None
            or kind is None
            or date is None
            or announced is None
            or source is None
            or suspensions is None
        ):
            continue
        if ann_id in found:
            where = reader.mark_of(m, "id")
            reader.error(where, key_path(path, "id"), f"duplicate announcement {ann_id!r}")
        found[ann_id] = Announcement(
            ann_id, title, kind, date, int(announced), ends, source, caution, suspensions
        )
    return found


def _entries(reader: Reader, top: YMap, announcements: dict[str, Announcement]) -> list[Entry]:
    entries: list[Entry] = []
    for _, path, m in reader.mappings(top, "entries", ""):
        allowed = ("name", "aliases", "country", "announcement", "source")
        reader.keys(m, path, allowed, required=("name", "announcement"))
        name = reader.text(m, "name", path)
        aliases: tuple[str, ...] = ()
        if "aliases" in m:
            where = reader.mark_of(m, "aliases")
            aliases = reader.strings(m["aliases"], where, key_path(path, "aliases")) or ()
        country = reader.country(m, "country", path)
        ann_id = reader.text(m, "announcement", path)
        announcement = announcements.get(ann_id or "")
        if ann_id is not None and announcement is None:
            where = reader.mark_of(m, "announcement")
            reader.error(where, key_path(path, "announcement"), f"no announcement {ann_id!r}")
        source = reader.url(m, "source", path)
        if name is not None and announcement is not None:
            entries.append(
                Entry(name, aliases, country, announcement, source or announcement.source)
            )
    return entries


def _header(
    reader: Reader,
    top: YMap,
    data: bytes,
    announcements: dict[str, Announcement],
    entries: list[Entry],
) -> EntityLists | None:
    header = reader.get_mapping(top, "entity_lists", "")
    if header is None:
        return None
    fields = ("name", "version", "title", "as_of")
    reader.keys(header, "entity_lists", fields, required=fields)
    name = reader.text(header, "name", "entity_lists")
    version = reader.text(header, "version", "entity_lists")
    title = reader.text(header, "title", "entity_lists")
    as_of = reader.date(header, "as_of", "entity_lists")
    if name is None or version is None or title is None or as_of is None:
        return None
    keys: list[str] = []
    owners: list[int] = []
    for index, entry in enumerate(entries):
        for text in (entry.name, *entry.aliases):
            key = normalise(text)
            if key:
                keys.append(key)
                owners.append(index)
    return EntityLists(
        info=RulesetInfo(name, version, _sha256(data)),
        title=title,
        as_of=as_of,
        announcements=tuple(announcements.values()),
        entries=tuple(entries),
        keys=tuple(keys),
        owners=tuple(owners),
    )
