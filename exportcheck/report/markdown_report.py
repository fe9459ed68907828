"""`--format markdown`: a verdict as a Markdown section, for a ticket, a pull request or a wiki."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from exportcheck.model.verdict import Assumption, Level
from exportcheck.render import reasons, record
from exportcheck.report.writer import Writer
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from exportcheck.model.result import Result
    from exportcheck.model.verdict import RulesetInfo, Verdict
    from exportcheck.report.tally import Tally

HEADLINES = {
    Level.NO_MATCH: "no match",
    Level.LICENSED: "licensed",
    Level.LICENSE_REQUIRED: "licence required",
    Level.REVIEW: "review",
    Level.PROHIBITED: "prohibited",
}


def cell(text: str) -> str:
    """Text safe in prose or a table cell: no raw HTML, link, code span or cell break from an
    input (vocab.safe.markdown), control characters shown escaped."""
    return safe.markdown(text)


def code(text: str) -> str:
    return safe.code(text)


def render(verdict: Verdict, out: IO[str], *, rulesets: bool = True) -> None:
    lines: list[str] = []
    add = lines.append
    title = verdict.file if verdict.row is None else f"{verdict.file}, row {verdict.row}"
    add(f"## exportcheck: {cell(title)}")
    add("")
    facts = [f"**Verdict: {HEADLINES[verdict.level]}** ({code(verdict.level.value)}, exit "
             f"{verdict.level.exit_code})"]  # fmt: skip
    if verdict.reference:
        facts.append(f"reference {cell(verdict.reference)}")
    facts.append(f"as of {record.as_of_words(verdict)}")
    add(" · ".join(facts))
    add("")
    if verdict.without_overlays is not None:
        lowered = verdict.without_overlays
        add(
            f"**Without your overlays: {HEADLINES[lowered]}** ({code(lowered.value)}): the "
            "overlays of your rulesets lowered this verdict; `--no-overlays` gives the rules' "
            "own answer."
        )
        add("")
    if verdict.if_extended is not None:
        extended = verdict.if_extended
        add(
            f"**If the suspensions were extended: {HEADLINES[extended]}** "
            f"({code(extended.value)}): this verdict assumes that suspensions whose end no source "
            "confirms lapsed."
        )
        add("")
    if verdict.assumption is Assumption.EXTENDED:
        add(
            "**Assumed:** suspensions whose end the bundled data cannot confirm go on "
            "(`--assume extended`)."
        )
        add("")
    for setting, value, source in verdict.configuration:
        add(f"Supplied by you: {cell(setting)} {cell(value)} from {cell(source)}")
        add("")
    needed = ", ".join(code(lic.value) for lic in verdict.license_types) or "none determined"
    add(f"Licence types needed: {needed}")
    if verdict.licenses_applied:
        add("")
        add(f"Held licences applied: {', '.join(code(n) for n in verdict.licenses_applied)}")
    _findings(verdict, add)
    _upcoming(verdict, add)
    _notes(verdict, add)
    if verdict.screening is not None:
        s = verdict.screening
        add("")
        add(
            f"Party screening: {len(s.parties)} parties against {s.entries} bundled entity-list "
            f"entries (lists as of {s.lists_as_of}, match at {s.threshold:g}): {s.hits} hits."
        )
    if rulesets:
        render_rulesets(verdict.rulesets, lines)
    out.write("\n".join(lines) + "\n")


def render_rulesets(infos: Sequence[RulesetInfo], lines: list[str]) -> None:
    lines.append("")
    lines.append(
        "Rulesets: "
        + ", ".join(
            cell(f"{i.name} {i.version}")
            + f" (sha256 {i.sha256[:12]}"
            + ("" if i.origin == "bundled" else f"; {cell(i.origin_label)}")
            + ")"
            for i in infos
        )
    )


def _findings(verdict: Verdict, add: Callable[[str], None]) -> None:
    if not verdict.findings:
        return
    add("")
    add("| # | Subject | Verdict | Rule | Control code | Licence type | Reason |")
    add("|---|---|---|---|---|---|---|")
    for number, f in enumerate(verdict.findings, 1):
        subject = f.subject if f.item is None else f"{f.subject} (id {f.item})"
        reason = cell(reasons.finding(f))
        if f.caution:
            kinds = ", ".join(kind.value for kind in f.caution_kinds)
            reason += f" **Caution{f' ({kinds})' if kinds else ''}:** {cell(f.caution)}"
        if f.missing:
            missing = ", ".join(reasons.missing(f.subject, m) for m in f.missing)
            reason += f" **Missing:** {cell(missing)}"
        for why in f.not_covered:
            reason += f" **Not covered:** {cell(reasons.not_covered(f, why))}"
        license_ = code(f.license.value) if f.license else ""
        source = safe.link(f.source)
        add(
            f"| {number} | {cell(subject)} | **{f.level.value}** | {code(f.rule)} | "
            f"{cell(f.control_code or '')} | {license_} | {reason} [source]({source}) |"
        )


def _upcoming(verdict: Verdict, add: Callable[[str], None]) -> None:
    if not verdict.upcoming:
        return
    add("")
    add(f"Upcoming (next {verdict.horizon} days):")
    add("")
    for change in verdict.upcoming:
        events = "; ".join(reasons.event(e) for e in change.events)
        add(f"- from {change.date}: **{change.level.value}**: {cell(events)}")


def _notes(verdict: Verdict, add: Callable[[str], None]) -> None:
    if not verdict.notes:
        return
    add("")
    add(f"<details><summary>Checked, not binding ({len(verdict.notes)})</summary>")
    add("")
    for n in verdict.notes:
        add(f"- {cell(n.subject)} {code(n.rule)} ({n.kind.value}): {cell(reasons.note(n))}")
    add("")
    add("</details>")


class MarkdownWriter(Writer):
    """One Markdown section per verdict (the rulesets once, at the end, over many inputs)."""

    def _add(self, result: Result) -> None:
        if result.verdict is None:
            return
        if self.count:
            self.target.out.write("\n")
        render(result.verdict, self.target.out, rulesets=self.single)

    def close(self, tally: Tally) -> None:
        if not self.single and self.rulesets:
            lines: list[str] = []
            render_rulesets(self.rulesets, lines)
            self.target.out.write("\n".join(lines) + "\n")
