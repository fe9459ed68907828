"""Dates of measures, rules and list announcements: suspension windows, read from ruleset data."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from msgspec import Struct

from exportcheck.errors import key_path

if TYPE_CHECKING:
    import datetime as dt

    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import YMap

SUSPENSION_KEYS = ("by", "title", "from", "until", "source", "caution_after")


class Suspension(Struct, frozen=True, eq=False):
    by: str
    title: str
    start: dt.date
    end: dt.date
    """Inclusive: the measure is suspended on `end` and applies again the day after."""
    source: str
    caution_after: str | None
    extended: bool = False
    """Assumed to go on past `end` (`--assume extended`, rules.assume): only a window with
    `caution_after`, whose end the data cannot confirm, is ever extended."""


def read_suspensions(reader: Reader, measure: YMap, path: str) -> tuple[Suspension, ...] | None:
    found: list[tuple[Suspension, str, YMap]] = []
    ok = True
    for _, spath, m in reader.mappings(measure, "suspensions", path):
        reader.keys(m, spath, SUSPENSION_KEYS, required=("by", "title", "from", "until", "source"))
        by = reader.identifier(m, "by", spath)
        title = reader.text(m, "title", spath)
        start = reader.date(m, "from", spath)
        end = reader.date(m, "until", spath)
        source = reader.url(m, "source", spath)
        caution_after = reader.text(m, "caution_after", spath)
        if by is None or title is None or start is None or end is None or source is None:
            ok = False
            continue
        if end < start:
            reader.error(
                reader.mark_of(m, "until"),
                key_path(spath, "until"),
                f"{end} is before from ({start})",
            )
            ok = False
            continue
        found.append((Suspension(by, title, start, end, source, caution_after), spath, m))
    found.sort(key=lambda entry: entry[0].start)
    for (earlier, _, _), (later, lpath, lm) in itertools.pairwise(found):
        if later.start <= earlier.end:
            reader.error(
                reader.mark_of(lm, "from"),
                key_path(lpath, "from"),
                f"suspension window {later.start}..{later.end} "
                f"overlaps {earlier.start}..{earlier.end}",
            )
            ok = False
    return tuple(s for s, _, _ in found) if ok else None
