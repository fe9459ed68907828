"""`--format text` over many inputs: the answer first, then only what needs action.

A manifest of 200,000 rows fits on one screen as a summary: counts per verdict, the licence
types, the rows needing action grouped by rule and by the fact that would settle them. Then
the inputs that need action (every one with `--show all`): a description file as its full
report, a manifest row as one line and a line per finding, the rules they cite explained once
at the end. Rows are written as plain lines (the verdict coloured when the console is), not laid
out by rich: a row costs about what its JSON line does.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from msgspec import Struct
from rich.text import Text

from exportcheck.model.verdict import ACTION, PRESSING, Level
from exportcheck.render import reasons
from exportcheck.report.tally import ranked
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from rich.console import Console

    from exportcheck.model.result import Result
    from exportcheck.model.verdict import Verdict
    from exportcheck.rules.model import Rule

FACTS_SHOWN = 10
"""Missing facts listed in the summary; the rest are counted."""
DESCRIPTION_WIDTH = 60


class Decided(Struct, frozen=True):
    """What the summary and the row lines take from one decision, made once for all the rows
    that share it."""

    level: Level
    lines: tuple[str, ...]
    """One per finding: verdict, subject, rule, the facts that would settle it."""
    rules: tuple[tuple[str, Level], ...]
    facts: tuple[str, ...]
    """The missing facts, each once."""
    described: str
    """The first subject's description, shortened."""


class BatchText:
    """Collects a run's results, then writes the summary and what needs action."""

    def __init__(self, *, show_all: bool) -> None:
        self.show_all = show_all
        self.levels: Counter[Level] = Counter()
        self.invalid = 0
        self.licenses: Counter[str] = Counter()
        self.by_rule: dict[str, Counter[Level]] = {}
        self.facts: Counter[str] = Counter()
        self.rows: list[tuple[str, int | None, str | None, Decided]] = []
        """The manifest rows to list: file, line, item id, their decision."""
        self.reports: list[Verdict] = []
        """The description files to report in full."""
        self.days: set[str] = set()
        self._known: dict[int, tuple[Verdict, Decided]] = {}

    def add(self, result: Result) -> None:
        decided = result.decided
        if decided is None:
            self.invalid += 1
            return
        mine = self._decided(decided)
        level = mine.level
        self.levels[level] += 1
        self.days.add(decided.as_of.isoformat())
        for license_ in decided.license_types:
            self.licenses[license_.value] += 1
        if level in ACTION:
            for rule, found in mine.rules:
                self.by_rule.setdefault(rule, Counter())[found] += 1
            self.facts.update(mine.facts)
        if level not in ACTION and not self.show_all:
            return
        if result.row is None:
            self.reports.append(decided)
        else:
            self.rows.append((result.file, result.row, result.item, mine))

    def _decided(self, verdict: Verdict) -> Decided:
        known = self._known.get(id(verdict))
        if known is not None and known[0] is verdict:
            return known[1]
        if len(self._known) >= 65_536:
            self._known.clear()
        mine = _decided(verdict)
        self._known[id(verdict)] = (verdict, mine)
        return mine

    @property
    def total(self) -> int:
        return sum(self.levels.values()) + self.invalid

    def write(
        self,
        console: Console,
        rules: Mapping[str, Rule],
        report: Callable[[Verdict], None],
        styles: Mapping[Level, str],
    ) -> None:
        """The summary, the inputs to act on (`report` renders a description file's verdict),
        and the rules the rows cite; verdicts in `styles` where the console has colour."""
        out = console.file
        labels = _labels(console, styles)
        for line in self._summary():
            out.write(f"{line}\n")
        shown = "every file" if self.show_all else "files needing action"
        if self.reports:
            out.write(f"\n{_plural(len(self.reports), 'file')} reported in full ({shown}):\n")
        for verdict in self.reports:
            out.write("\n")
            report(verdict)
        if self.rows:
            shown = "every row" if self.show_all else "rows needing action"
            out.write(f"\n{_plural(len(self.rows), 'row')} listed ({shown}):\n")
            for file, row, item, mine in self.rows:
                head = f"{safe.terminal(file)}:{row}"
                if item:
                    head += f"  id {safe.terminal(item)}"
                out.write(f"  {head}  {labels[mine.level]}  {mine.described}\n")
                for line in mine.lines:
                    out.write(f"      {line}\n")
            cited = sorted({rule for _, _, _, mine in self.rows for rule, _ in mine.rules})
            if cited:
                out.write("\nRules cited:\n")
                for rule_id in cited:
                    out.write(f"  {_rule_line(rule_id, rules.get(rule_id))}\n")

    def _summary(self) -> list[str]:
        lines = []
        days = ", ".join(sorted(self.days)) or "-"
        lines.append(f"Summary of {_plural(self.total, 'check')} (as of {days}):")
        counts = [
            f"{self.levels[level]:,} {level.value}" for level in PRESSING if self.levels[level]
        ]
        if self.invalid:
            counts.insert(0, f"{self.invalid:,} invalid (not checked; problems on stderr)")
        lines.append("  " + (" · ".join(counts) or "nothing was checked"))
        needed = ", ".join(f"{lic} ({n:,})" for lic, n in sorted(self.licenses.items()))
        lines.append(f"  Licence types needed: {needed or 'none determined'}")
        acting = sum(self.levels[level] for level in ACTION)
        lines.append(f"  Needing action: {acting:,}")
        if self.by_rule:
            lines.append("  By rule:")
            rules = sorted(self.by_rule.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
            for rule, counts_ in rules:
                per = ", ".join(f"{counts_[lv]:,} {lv.value}" for lv in PRESSING if counts_[lv])
                lines.append(f"    {safe.terminal(rule)}: {per}")
        if self.facts:
            lines.append("  Most common missing facts (rows that would be settled by each):")
            for fact, count in ranked(self.facts)[:FACTS_SHOWN]:
                lines.append(f"    {safe.terminal(fact)}: {count:,}")
            more = len(self.facts) - FACTS_SHOWN
            if more > 0:
                lines.append(f"    and {more:,} more")
        return lines


def _decided(verdict: Verdict) -> Decided:
    lines = []
    rules: dict[tuple[str, Level], None] = {}
    for f in verdict.findings:
        wanted = reasons.missing_facts((f,))
        rules[(f.rule, f.level)] = None
        line = f"{f.level.value:<16}  {f.subject}  {f.rule}"
        if f.license is not None and f.level is Level.LICENSE_REQUIRED:
            line += f"  ({f.license.value})"
        if wanted:
            line += f"  needs {', '.join(wanted)}"
        if f.caution_kinds:
            line += f"  ⚠ {', '.join(kind.value for kind in f.caution_kinds)}"
        elif f.caution:
            line += "  ⚠ caution"
        lines.append(safe.terminal(line))
    described = verdict.subjects[0][2] if verdict.subjects else ""
    if len(described) > DESCRIPTION_WIDTH:
        described = described[: DESCRIPTION_WIDTH - 1] + "…"
    return Decided(
        verdict.level,
        tuple(lines),
        tuple(rules),
        reasons.missing_facts(verdict.findings),
        safe.terminal(described),
    )


def _labels(console: Console, styles: Mapping[Level, str]) -> dict[Level, str]:
    """Each verdict's label as the console shows it: coloured, or plain (NO_COLOR, a file)."""
    found = {}
    for level in Level:
        with console.capture() as captured:
            console.print(Text(f"{level.value:<16}", style=styles[level]), end="")
        found[level] = captured.get()
    return found


def _rule_line(rule_id: str, rule: Rule | None) -> str:
    if rule is None:
        return safe.terminal(rule_id)
    parts = [rule_id]
    if rule.control_code:
        parts.append(f"control code {rule.control_code}")
    if rule.license is not None:
        parts.append(rule.license.value)
    parts.append(rule.title)
    parts.append(rule.cited)
    return safe.terminal(" · ".join(parts))


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
