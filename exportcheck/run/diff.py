"""`exportcheck diff`: which verdicts and findings change between two days.

Exit codes: 0 nothing changes, 1 something changes, 2 an input could not be assessed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exportcheck import exits
from exportcheck.check import compare
from exportcheck.run import batch
from exportcheck.run.configuration import rulebook, settings
from exportcheck.run.guard import guarded
from exportcheck.run.options import in_range
from exportcheck.run.output import few_collections
from exportcheck.run.streams import Streams, console

if TYPE_CHECKING:
    from exportcheck.model.result import Result
    from exportcheck.run.options import DiffOptions

CHANGED = 1
"""The exit code of a diff in which something changes."""


def run(options: DiffOptions, streams: Streams | None = None) -> int:
    chosen = streams or Streams.standard()
    return guarded(lambda: _diff(options, chosen), chosen, debug=options.debug)


def _diff(options: DiffOptions, streams: Streams) -> int:
    from exportcheck.report import diff_report  # noqa: PLC0415 (only for diff)

    in_range(("--as-of", day) for day in options.days)
    found = settings(streams)
    listed = list(batch.sources(options.paths))
    for line in batch.notices(listed):
        streams.say(line)
    sources = [s for s in listed if s.kind not in batch.SAID]
    book = rulebook(found, options.rules)
    first, second = options.days
    defaults = found.defaults()
    before = batch.run(sources, book, batch.BatchOptions(as_of=first, horizon=0, defaults=defaults))
    after = batch.run(sources, book, batch.BatchOptions(as_of=second, horizon=0, defaults=defaults))
    code = exits.NO_MATCH
    outcomes: list[compare.Comparison | Result] = []
    with few_collections():  # the checks, with the collector on at their pace
        for a, b in zip(before, after, strict=True):
            if a.verdict is None or b.verdict is None:
                for problem in a.problems:
                    streams.err.write(f"{problem}\n")
                outcomes.append(a)
                code = exits.INVALID
                continue
            comparison = compare.compare(a.verdict, b.verdict)
            outcomes.append(comparison)
            if comparison.changed and code == exits.NO_MATCH:
                code = CHANGED
    if options.as_json:
        diff_report.render_json(outcomes, options.days, streams.out)
    else:
        diff_report.render_text(outcomes, options.days, console(streams.out))
    return code
