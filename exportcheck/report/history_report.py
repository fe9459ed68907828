"""`exportcheck rules changes`: what the bundled data changed since a day, as text or JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from rich.padding import Padding
from rich.text import Text

from exportcheck.report.output import write_stripped
from exportcheck.rules.history import ChangeKind
from exportcheck.vocab import safe

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console

    from exportcheck.rules.history import Day

HEADINGS = {
    ChangeKind.MEASURE_ADDED: "measures added",
    ChangeKind.MEASURE_ENDED: "measures ended",
    ChangeKind.MEASURE_SUSPENDED: "measures suspended",
    ChangeKind.MEASURE_CHANGED: "measures changed",
    ChangeKind.MEASURE_REMOVED: "measures removed",
    ChangeKind.RULE_ADDED: "rules added",
    ChangeKind.RULE_CHANGED: "rules changed",
    ChangeKind.RULE_REMOVED: "rules removed",
    ChangeKind.ENTRY_ADDED: "list entries added",
    ChangeKind.ENTRY_CHANGED: "list entries changed",
    ChangeKind.ENTRY_REMOVED: "list entries removed",
}
"""Every kind's heading, in the order the report gives them."""


def to_dict(days: tuple[Day, ...], first: dt.date | None) -> dict[str, Any]:
    return {
        "since": None if first is None else first.isoformat(),
        "days": [
            {
                "day": d.day.isoformat(),
                "summary": d.summary,
                "changes": [
                    {"change": c.kind.value, "id": c.id, "what": c.what} for c in d.changes
                ],
            }
            for d in days
        ],
    }


def render(
    days: tuple[Day, ...], first: dt.date | None, console: Console, *, as_json: bool
) -> None:
    if as_json:
        body = json.dumps(to_dict(days, first), indent=2, ensure_ascii=False)
        console.file.write(safe.json(body) + "\n")
        return
    write_stripped(console, lambda: _text(days, first, console))


def _line(console: Console, text: str, *, style: str = "", indent: int = 0) -> None:
    console.print(Padding(Text(safe.terminal(text), style=style), (0, 0, 0, indent), expand=False))


def _text(days: tuple[Day, ...], first: dt.date | None, console: Console) -> None:
    since = "" if first is None else f" since {first}"
    if not days:
        _line(console, f"No change to the bundled rule data{since}.", style="bold")
        return
    count = sum(len(d.changes) for d in days)
    _line(
        console,
        f"{count} changes to the bundled rule data{since}, on {len(days)} "
        f"day{'s' if len(days) != 1 else ''}",
        style="bold",
    )
    for day in days:
        console.print()
        _line(console, str(day.day), style="bold")
        _line(console, day.summary, indent=2)
        for kind, heading in HEADINGS.items():
            mine = [c for c in day.changes if c.kind is kind]
            if not mine:
                continue
            _line(console, f"{heading} ({len(mine)})", style="bold", indent=2)
            for change in mine:
                _line(console, f"{change.id}  {change.what}", indent=4)
