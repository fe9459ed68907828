"""What every format's writer is: it takes a run's results one by one and writes the report.

A writer never decides an exit code and never opens a file: the run hands it a `Target` (the
report's stream, the diagnostics' stream, and a way to put a rich Console on a stream for the
formats that need one) and calls `add` for each result, then `close` with the run's tally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from msgspec import Struct

from exportcheck.vocab import safe

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from rich.console import Console

    from exportcheck.model.result import Result
    from exportcheck.model.verdict import RulesetInfo
    from exportcheck.report.tally import Tally
    from exportcheck.rules.model import Rule


class Target(Struct, frozen=True):
    """Where a run's report goes."""

    out: TextIO
    """The report (standard output, or the temporary file behind `--output`)."""
    err: TextIO
    """Diagnostics: the problems of inputs that could not be checked, the summary."""
    out_console: Callable[[], Console]
    """A rich Console on `out`, coloured as the run decided (for the formats for people)."""
    err_console: Callable[[], Console]
    """A rich Console on `err`."""
    single: bool
    """A run over exactly one description file: its report is a single check's."""
    rules: Mapping[str, Rule]
    """The rule book's rules by id, for formats that describe the rules they cite."""
    show_all: bool = False
    """Over many inputs, list every one (`--show all`), not only those needing action."""
    quiet: bool = False
    """No summary on standard error (`--quiet`)."""
    started: str = ""
    """When the run began, ISO 8601 in UTC (the run reads the clock; JUnit's timestamp)."""


class Writer:
    """Writes one run's results as they come."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.single = target.single
        self.count = 0
        self.rulesets: tuple[RulesetInfo, ...] = ()

    def say(self, text: str) -> None:
        """One diagnostic line on standard error, escaped as for a terminal."""
        self.target.err.write(f"{safe.lines(text)}\n")

    def add(self, result: Result) -> None:
        for problem in result.problems:
            self.say(str(problem))
        if result.decided is not None:
            self.rulesets = result.decided.rulesets
        self._add(result)
        self.count += 1

    def _add(self, result: Result) -> None:
        raise NotImplementedError

    def close(self, tally: Tally) -> None:
        """After the last result."""
