"""What the bundled rule data changed, day by day (`rulesets/history/changes.yaml`), for
`exportcheck rules changes --since DAY`. Kept by hand with each change of the data; every
bundled ruleset's version (the day its data last changed or was reviewed) has its day here."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from msgspec import Struct

from exportcheck.errors import Problems, RulesetError, raise_if_any
from exportcheck.input.fields import Reader
from exportcheck.input.files import read_regular
from exportcheck.input.yamlio import load
from exportcheck.places import bundled_dir
from exportcheck.vocabulary import Vocabulary

if TYPE_CHECKING:
    import datetime as dt

    from exportcheck.input.yamlio import YMap

FILE = "history/changes.yaml"
"""The change log, under the bundled rulesets' folder."""


class ChangeKind(Vocabulary):
    MEASURE_ADDED = "measure_added"
    MEASURE_ENDED = "measure_ended"
    """A last day in force was set (for a listing: MOFCOM stopped applying it)."""
    MEASURE_SUSPENDED = "measure_suspended"
    """A suspension window was added."""
    MEASURE_CHANGED = "measure_changed"
    MEASURE_REMOVED = "measure_removed"
    RULE_ADDED = "rule_added"
    RULE_CHANGED = "rule_changed"
    RULE_REMOVED = "rule_removed"
    ENTRY_ADDED = "entry_added"
    ENTRY_CHANGED = "entry_changed"
    ENTRY_REMOVED = "entry_removed"


KINDS = {kind.value: kind for kind in ChangeKind}


class DataChange(Struct, frozen=True):
    kind: ChangeKind
    id: str
    """The measure or rule; for an entry, its listing measure."""
    what: str
    """For an entry, the entity's name first."""


class Day(Struct, frozen=True):
    day: dt.date
    summary: str
    changes: tuple[DataChange, ...]


def bundled() -> tuple[Day, ...]:
    path = bundled_dir() / FILE
    return read(read_regular(path), str(path))


def read(data: bytes, file: str) -> tuple[Day, ...]:
    """The change log, every problem reported at once (RulesetError); days in order."""
    problems = Problems(file)
    reader = Reader(problems)
    top = reader.mapping(load(data, file, problems=problems), None, "")
    days: list[Day] = []
    if top is not None:
        reader.keys(top, "", ("history",), required=("history",))
        days = [
            d for _, path, m in reader.mappings(top, "history", "") if (d := _day(reader, m, path))
        ]
    for earlier, later in itertools.pairwise(days):
        if later.day <= earlier.day:
            problems.add(
                None, "history", f"{later.day} comes after {earlier.day}: days go in order"
            )
    raise_if_any(problems, RulesetError)
    return tuple(days)


def _day(reader: Reader, m: YMap, path: str) -> Day | None:
    reader.keys(m, path, ("day", "summary", "changes"), required=("day", "summary", "changes"))
    day = reader.date(m, "day", path)
    summary = reader.text(m, "summary", path)
    changes = []
    ok = reader.get_sequence(m, "changes", path) is not None
    for _, cpath, c in reader.mappings(m, "changes", path):
        reader.keys(c, cpath, ("change", "id", "what"), required=("change", "id", "what"))
        kind = reader.choice(c, "change", cpath, KINDS)
        target = reader.text(c, "id", cpath)
        what = reader.text(c, "what", cpath)
        if kind is None or target is None or what is None:
            ok = False
            continue
        changes.append(DataChange(kind, target, what))
    if day is None or summary is None or not ok:
        return None
    return Day(day, summary, tuple(changes))


def since(days: tuple[Day, ...], first: dt.date) -> tuple[Day, ...]:
    """The days from `first` on."""
    return tuple(d for d in days if d.day >= first)
