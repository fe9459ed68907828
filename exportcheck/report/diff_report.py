"""`exportcheck diff`: which verdicts and findings change between two days."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from exportcheck.check.compare import Comparison
from exportcheck.render import record
from exportcheck.vocab import safe

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from rich.console import Console

    from exportcheck.model.result import Result


def _name(file: str, row: int | None) -> str:
    return file if row is None else f"{file} row {row}"


def render_text(
    outcomes: Sequence[Comparison | Result], days: tuple[dt.date, dt.date], console: Console
) -> None:
    from rich.text import Text  # noqa: PLC0415 (rich: only for text)

    changed = 0
    for outcome in outcomes:
        if not isinstance(outcome, Comparison) or not outcome.changed:
            continue
        changed += 1
        line = Text(safe.terminal(_name(outcome.file, outcome.row)) + ": ", style="bold")
        line.append(f"{outcome.before.level.value} → {outcome.after.level.value}")
        console.print(line)
        for c in outcome.changes:
            before = c.before.value if c.before else "(nothing)"
            after = c.after.value if c.after else "(nothing)"
            mark = "+" if c.before is None else "-" if c.after is None else "~"
            console.print(Text(safe.terminal(f"  {mark} {c.subject} {c.rule}: {before} → {after}")))
    invalid = sum(1 for o in outcomes if not isinstance(o, Comparison))
    summary = f"{len(outcomes)} compared as of {days[0]} and {days[1]}: {changed} changed"
    if invalid:
        summary += f", {invalid} could not be assessed"
    console.print(Text(summary, style="dim"))


def render_json(
    outcomes: Sequence[Comparison | Result], days: tuple[dt.date, dt.date], out: TextIO
) -> None:
    records = [_record(o, days) for o in outcomes]
    out.write(safe.json(json.dumps(records, indent=2, ensure_ascii=False)) + "\n")


def _record(outcome: Comparison | Result, days: tuple[dt.date, dt.date]) -> dict[str, Any]:
    if not isinstance(outcome, Comparison):
        return record.invalid_dict(outcome.file, outcome.problems, outcome.row)
    found: dict[str, Any] = {"schema_version": record.SCHEMA_VERSION, "file": outcome.file}
    if outcome.row is not None:
        found["row"] = outcome.row
    found |= {
        "before": {"as_of": days[0].isoformat(), "verdict": outcome.before.level.value},
        "after": {"as_of": days[1].isoformat(), "verdict": outcome.after.level.value},
        "changed": outcome.changed,
        "changes": [
            {
                "subject": c.subject,
                "rule": c.rule,
                "before": c.before.value if c.before else None,
                "after": c.after.value if c.after else None,
            }
            for c in outcome.changes
        ],
    }
    return found
