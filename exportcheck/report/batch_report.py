"""Writing the results of a run as they come: text, one JSON document, or JSON lines.

A run over one description file writes exactly what a single check writes. Over several inputs:

* text: each verdict's report (its rulesets block once, at the end); the problems of an input
  that cannot be checked on stderr; then a summary on stderr (counts per verdict, licence types,
  slowest files), so standard output holds only verdicts and stays the same bytes run to run;
* json: one array, one element per input, written element by element;
* jsonl: one compact object per line, per input file or CSV row, written as soon as decided;
  `rulebook` (one fingerprint of the rulesets) stands in for the list of rulesets.

In json and jsonl an input that cannot be checked is an element with `"verdict": "invalid"`
and its problems (and the same problems on stderr); no summary and no progress bar.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, BinaryIO, TextIO

from exportcheck.report import json_report

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from rich.console import Console

    from exportcheck.batch import Tally
    from exportcheck.model import RulesetInfo, Verdict
    from exportcheck.results import Result
    from exportcheck.ruleset import Rule


class Writer:
    """Writes one run's results; `single` is a run over exactly one description file. `say`
    writes one diagnostic line to standard error."""

    def __init__(self, say: Callable[[str], None], *, single: bool) -> None:
        self.say = say
        self.single = single
        self.count = 0
        self.rulesets: tuple[RulesetInfo, ...] = ()

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


class TextWriter(Writer):
    """Reports for people, on rich consoles (colour on a terminal, none with NO_COLOR)."""

    def __init__(self, out: Console, err: Console, *, single: bool) -> None:
        super().__init__(lambda text: err.print(text, markup=False), single=single)
        self.out = out
        self.err = err

    def _add(self, result: Result) -> None:
        from exportcheck.report import text_report  # noqa: PLC0415 (rich: only for text)

        if result.verdict is None:
            return
        if self.count:
            self.out.file.write("\n")
        text_report.render(result.verdict, self.out, rulesets=self.single)

    def close(self, tally: Tally) -> None:
        from exportcheck.report import text_report  # noqa: PLC0415 (rich: only for text)
        from exportcheck.report.output import write_stripped  # noqa: PLC0415

        if self.single:
            return
        if self.rulesets:
            text_report.render_rulesets(self.rulesets, self.out)
        write_stripped(self.err, lambda: _summary(tally, self.err))


class MachineWriter(Writer):
    """JSON for programs, on plain text streams (no rich needed)."""

    def __init__(self, out: TextIO, err: TextIO, *, single: bool) -> None:
        super().__init__(lambda text: print(text, file=err), single=single)
        self.out = out


class JsonWriter(MachineWriter):
    def _add(self, result: Result) -> None:
        write = self.out.write
        verdict = result.verdict
        if self.single:
            if verdict is not None:
                for chunk in json_report.chunks(verdict):
                    write(chunk)
            return
        write("[\n" if not self.count else ",\n")
        if verdict is None:
            record = json_report.invalid_dict(result.file, result.problems, result.row)
            write(json_report.line(record).rstrip("\n"))
        else:
            for chunk in json_report.chunks(verdict, end=""):
                write(chunk)

    def close(self, tally: Tally) -> None:
        if not self.single:
            self.out.write("[]\n" if not self.count else "\n]\n")


class MarkdownWriter(MachineWriter):
    """One Markdown section per verdict (the rulesets once, at the end, over many inputs)."""

    def _add(self, result: Result) -> None:
        from exportcheck.report import markdown_report  # noqa: PLC0415

        if result.verdict is None:
            return
        if self.count:
            self.out.write("\n")
        markdown_report.render(result.verdict, self.out, rulesets=self.single)

    def close(self, tally: Tally) -> None:
        from exportcheck.report import markdown_report  # noqa: PLC0415

        if not self.single and self.rulesets:
            lines: list[str] = []
            markdown_report.render_rulesets(self.rulesets, lines)
            self.out.write("\n".join(lines) + "\n")


class SarifWriter(MachineWriter):
    """One SARIF document for the run, written at its end."""

    def __init__(
        self, out: TextIO, err: TextIO, *, single: bool, rules: Mapping[str, Rule]
    ) -> None:
        from exportcheck.report.sarif_report import Sarif  # noqa: PLC0415

        super().__init__(out, err, single=single)
        self.sarif = Sarif(rules)

    def _add(self, result: Result) -> None:
        if result.verdict is None:
            self.sarif.add_problems(result.problems)
        else:
            self.sarif.add_verdict(result.verdict)

    def close(self, tally: Tally) -> None:
        self.out.write(self.sarif.dumps())


class JunitWriter(MachineWriter):
    """JUnit XML: one test suite per input, written as it comes."""

    def _add(self, result: Result) -> None:
        from exportcheck.report import junit_report  # noqa: PLC0415

        if not self.count:
            self.out.write(junit_report.HEAD)
        if result.verdict is None:
            self.out.write(junit_report.invalid(result.file, result.problems, result.row))
        else:
            self.out.write(junit_report.suite(result.verdict))

    def close(self, tally: Tally) -> None:
        from exportcheck.report import junit_report  # noqa: PLC0415

        if not self.count:
            self.out.write(junit_report.HEAD)
        self.out.write(junit_report.TAIL)


class JsonLinesWriter(MachineWriter):
    """One line per result. Lines are written in batches of up to BATCH, and at least every
    FLUSH_AFTER seconds, so a reader of the stream sees results as they come; as UTF-8 bytes to
    the stream's buffer when it has one (a manifest row's line is then mostly bytes encoded
    once per decision)."""

    def __init__(self, out: TextIO, err: TextIO, *, single: bool) -> None:
        super().__init__(out, err, single=single)
        self.templates: dict[int, json_report.RowTemplate] = {}
        self.buffer: BinaryIO | None = getattr(out, "buffer", None)
        self.lines: list[bytes] = []
        self.flushed = time.monotonic()

    def add(self, result: Result) -> None:
        decided = result.decided
        row, item = result.row, result.item
        if decided is not None and row is not None and item is not None:
            template = self.templates.get(id(decided))
            if template is None or template.verdict is not decided:
                template = self._template(decided)
            lines = self.lines
            lines.append(template.render_bytes(row, item))
            if len(lines) >= BATCH or (
                not len(lines) % 32 and time.monotonic() - self.flushed > FLUSH_AFTER
            ):
                self._flush()
        else:
            super().add(result)

    def _add(self, result: Result) -> None:
        decided = result.decided
        if decided is None:
            text = json_report.line(
                json_report.invalid_dict(result.file, result.problems, result.row)
            )
        else:
            text = json_report.line(json_report.to_dict(decided, rulesets=False))
        self.lines.append(text.encode())
        self._flush()  # a file's or an invalid row's line goes out at once

    def _template(self, decided: Verdict) -> json_report.RowTemplate:
        """Rows that share a decision share one template (kept while the decision is)."""
        if len(self.templates) >= TEMPLATES:
            self.templates.clear()
        template = self.templates[id(decided)] = json_report.RowTemplate(decided)
        return template

    def _flush(self) -> None:
        if self.lines:
            data = b"".join(self.lines)
            if self.buffer is not None:
                self.out.flush()  # nothing is pending there, but keep the order if it were
                self.buffer.write(data)
                self.buffer.flush()
            else:
                self.out.write(data.decode())
            self.lines.clear()
        self.flushed = time.monotonic()

    def close(self, tally: Tally) -> None:
        self._flush()


BATCH = 512
FLUSH_AFTER = 0.2
TEMPLATES = 50_000
"""Row templates kept at most (then the memory starts afresh)."""


def _summary(tally: Tally, console: Console) -> None:
    from rich.text import Text  # noqa: PLC0415 (rich: only for text)

    console.print()
    order = ("prohibited", "invalid", "review", "license_required", "licensed", "no_match")
    counts = ", ".join(f"{tally.verdicts[v]:,} {v}" for v in order if tally.verdicts[v])
    checks = f"{tally.total:,} check{'' if tally.total == 1 else 's'}"
    console.print(Text(f"Summary of {checks}: ", style="bold").append(counts))
    if tally.licenses:
        needed = ", ".join(
            f"{lic.value} ({n:,})" for lic, n in sorted(tally.licenses.items(), key=_by_name)
        )
        console.print(Text(f"  Licence types needed: {needed}"))
    else:
        console.print(Text("  Licence types needed: none determined"))
    slowest = tally.slowest()
    if slowest:
        console.print(Text("  Slowest files:"))
        for name, seconds in slowest:
            console.print(Text(f"    {seconds:.3f} s  {name}"))


def _by_name(entry: tuple[object, int]) -> str:
    return str(getattr(entry[0], "value", entry[0]))
