"""`--format text`: the verdict for a person at a terminal, coloured when the terminal allows.

Layout: a header (file, reference, date), the verdict and the licence types, one table row per
finding, then cautions (what the bundled data could not confirm), notes (rules that were checked
but do not bind: suspended, not yet in force, below a threshold), sources and rulesets.
`no_match` is never worded as a clearance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.padding import Padding
from rich.text import Text

from exportcheck.model.verdict import STALE_AFTER, Assumption, Level, NoteKind
from exportcheck.render import reasons, record
from exportcheck.report.batch_text import BatchText
from exportcheck.report.output import write_stripped
from exportcheck.report.writer import Target, Writer
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from exportcheck.model.result import Result
    from exportcheck.model.verdict import RulesetInfo, Verdict
    from exportcheck.report.tally import Tally

STYLES = {
    Level.NO_MATCH: "bold cyan",
    Level.LICENSED: "bold green",
    Level.LICENSE_REQUIRED: "bold yellow",
    Level.REVIEW: "bold magenta",
    Level.PROHIBITED: "bold white on red",
}
HEADLINES = {
    Level.NO_MATCH: "NO MATCH",
    Level.LICENSED: "LICENSED",
    Level.LICENSE_REQUIRED: "LICENCE REQUIRED",
    Level.REVIEW: "REVIEW",
    Level.PROHIBITED: "PROHIBITED",
}
MEANINGS = {
    Level.NO_MATCH: (
        "No bundled rule applies as of this date. This is not an export clearance: it covers "
        "only the measures bundled with exportcheck."
    ),
    Level.LICENSED: (
        "Every licence the export needs is covered by a licence the file says is held (named "
        "in the findings). Keep the licences' conditions; this checked only type, items, dates, "
        "destination and end user."
    ),
    Level.LICENSE_REQUIRED: "The export needs the licence types below before it may leave.",
    Level.REVIEW: (
        "A rule may apply but the file lacks a fact it needs, or the rule is discretionary. "
        "Supply the missing facts or have the item assessed."
    ),
    Level.PROHIBITED: "At least one finding bans the export or presumes its denial.",
}
NOTE_LABELS = {
    NoteKind.SUSPENDED: "suspended",
    NoteKind.NOT_IN_FORCE: "not in force",
    NoteKind.NOT_CONTROLLED: "not controlled",
    NoteKind.NEAR_MATCH: "near match",
    NoteKind.SUBSUMED: "same licence",
}


def _t(text: str, style: str = "", **options: Any) -> Text:
    """Text for the report: whatever an input put in it is shown escaped (no control
    character, escape sequence or bidi override reaches the terminal), and never read as
    rich markup."""
    return Text(safe.terminal(text), style=style, **options)


def _block(console: Console, first: Text, *rest: Text, indent: int = 4) -> None:
    """A first line, then wrapped lines indented under it."""
    console.print(first)
    for text in rest:
        console.print(Padding(text, (0, 0, 0, indent), expand=False))


def render(verdict: Verdict, console: Console, *, rulesets: bool = True) -> None:
    """The report of one verdict; `rulesets=False` leaves out the rulesets block, which a run
    over many inputs prints once (`render_rulesets`)."""
    write_stripped(console, lambda: _render(verdict, console, rulesets=rulesets))


def render_rulesets(infos: Sequence[RulesetInfo], console: Console) -> None:
    write_stripped(console, lambda: _rulesets(infos, console))


def _render(verdict: Verdict, console: Console, *, rulesets: bool) -> None:
    _verdict(verdict, console)
    for section in (_findings, _cautions, _missing, _upcoming, _notes, _screening, _sources):
        section(verdict, console)
    if rulesets:
        _rulesets(verdict.rulesets, console)


def _rulesets(infos: Sequence[RulesetInfo], console: Console) -> None:
    console.print()
    console.print(_t("Rulesets", style="dim bold"))
    for r in infos:
        line = _t(f"  {r.name} {r.version} sha256:{r.sha256[:12]}", style="dim")
        if r.origin != "bundled":
            line.append(safe.terminal(f"  ({r.origin_label})"), style="yellow")
        console.print(line)


def _freshness(verdict: Verdict, console: Console) -> None:
    """When the bundled data was last reviewed, and a warning once that is long before the
    as-of day."""
    age = verdict.data_age
    if verdict.reviewed is None or age is None:
        return
    when = f"{abs(age)} day{'' if abs(age) == 1 else 's'} {'before' if age >= 0 else 'after'}"
    line = _t("Rule data reviewed: ", style="bold").append(
        f"{verdict.reviewed} ({when} the as-of day)"
    )
    console.print(line)
    if verdict.data_stale:
        console.print(
            _t(
                f"The bundled rule data was reviewed more than {STALE_AFTER} days before the "
                "as-of day: announcements made since then are not in it. Update exportcheck.",
                style="yellow",
            )
        )


def _verdict(verdict: Verdict, console: Console) -> None:
    header = _t("exportcheck · ", style="bold")
    header.append(safe.terminal(verdict.file))
    if verdict.row is not None:
        header.append(f" · row {verdict.row}")
    if verdict.reference:
        header.append(safe.terminal(f" · reference {verdict.reference}"))
    header.append(f" · as of {record.as_of_words(verdict)}")
    console.print(header)
    console.print()
    line = _t("Verdict: ", style="bold")
    line.append(f" {HEADLINES[verdict.level]} ", style=STYLES[verdict.level])
    line.append(f"  ({verdict.level.value}, exit {verdict.level.exit_code})")
    console.print(line)
    lowered = verdict.without_overlays
    if lowered is not None:
        other = Text("Without your overlays: ", style="bold yellow")
        other.append(f" {HEADLINES[lowered]} ", style=STYLES[lowered])
        other.append(
            f"  ({lowered.value}): the overlays of your rulesets lowered this verdict; "
            "--no-overlays gives the rules' own answer"
        )
        console.print(other)
    if verdict.assumption is Assumption.EXTENDED:
        console.print(
            _t("Assumed: ", style="bold yellow").append(
                "suspensions whose end the bundled data cannot confirm go on (--assume "
                "extended); without that assumption the measures they suspend apply again."
            )
        )
    extended = verdict.if_extended
    if extended is not None:
        acts = sorted(
            {f"the suspension by {by} lapsed after {last}" for f in verdict.findings
             for by, last in f.assumes}
        )  # fmt: skip
        other = Text("If the suspensions were extended: ", style="bold yellow")
        other.append(f" {HEADLINES[extended]} ", style=STYLES[extended])
        other.append(
            f"  ({extended.value}): this verdict assumes what no source confirms, that "
            f"{'; '.join(acts)}"
        )
        console.print(other)
    meaning = MEANINGS[verdict.level]
    user = [r for r in verdict.rulesets if r.origin != "bundled"]
    if verdict.level is Level.NO_MATCH and user:
        meaning = (
            "No rule applies as of this date, of the bundled measures and "
            f"{len(user)} user ruleset{'s' if len(user) > 1 else ''} (an overlay may have "
            "changed a measure's status: see the notes). This is not an export clearance."
        )
    console.print(_t(meaning))
    _freshness(verdict, console)
    licences = ", ".join(lic.value for lic in verdict.license_types) or "none determined"
    console.print(_t("Licence types needed: ", style="bold").append(licences))
    if verdict.licenses_applied:
        applied = ", ".join(verdict.licenses_applied)
        console.print(_t("Held licences applied: ", style="bold").append(safe.terminal(applied)))
    for setting, value, source in verdict.configuration:
        given = _t("Supplied by you: ", style="bold yellow")
        console.print(given.append(safe.terminal(f"{setting} {value} from {source}")))


def _findings(verdict: Verdict, console: Console) -> None:
    if not verdict.findings:
        return
    console.print()
    console.print(_t(f"Findings ({len(verdict.findings)})", style="bold"))
    width = len(str(len(verdict.findings)))
    for number, f in enumerate(verdict.findings, 1):
        subject = f.subject
        if f.item is not None and subject != f"items[{f.item}]":
            subject += f" (id {f.item})"
        first = _t(f" {number:>{width}}. {subject}  ")
        first.append(f.level.value, style=STYLES[f.level])
        first.append(safe.terminal(f"  {f.rule}"))
        facts = f"measure {f.measure} · control code {f.control_code or '-'}"
        if f.license:
            facts += f" · licence type {f.license.value}"
        if f.score is not None:
            facts += f" · name score {f.score:g}"
        if f.caution:
            facts += " · ⚠ caution"
        if f.covered_by:
            facts += f" · covered by {f.covered_by.number}"
        rest = [_t(facts, style="dim"), _t(reasons.finding(f))]
        rest += [_t(f"✗ {reasons.not_covered(f, why)}", style="dim") for why in f.not_covered]
        _block(console, first, *rest, indent=width + 3)


def _upcoming(verdict: Verdict, console: Console) -> None:
    if not verdict.horizon:
        return
    console.print()
    title = _t(f"Upcoming (next {verdict.horizon} days)", style="bold")
    if not verdict.upcoming:
        console.print(title.append(": no rule that touches this input changes", style="none"))
        return
    console.print(title)
    before = verdict.level
    for change in verdict.upcoming:
        first = _t(f"  from {change.date}: ")
        first.append(change.level.value, style=STYLES[change.level])
        first.append(" (unchanged)" if change.level is before else f" (was {before.value})")
        _block(console, first, *(_t(reasons.event(e)) for e in change.events), indent=4)
        before = change.level


def _cautions(verdict: Verdict, console: Console) -> None:
    cautioned = [f for f in verdict.findings if f.caution]
    if not cautioned:
        return
    console.print()
    console.print(_t("Cautions", style="bold yellow"))
    for f in cautioned:
        kinds = ", ".join(kind.value for kind in f.caution_kinds)
        head = _t(f"  ⚠ {f.subject} {f.rule}").append(f" [{kinds}]" if kinds else "", style="dim")
        _block(console, head, _t(str(f.caution)))


def _missing(verdict: Verdict, console: Console) -> None:
    missing = sorted(reasons.missing_facts(verdict.findings))
    if not missing:
        return
    console.print()
    console.print(_t("Facts to supply", style="bold magenta"))
    for m in missing:
        console.print(_t(f"  • {m}"))


def _notes(verdict: Verdict, console: Console) -> None:
    if not verdict.notes:
        return
    console.print()
    console.print(_t(f"Checked, not binding ({len(verdict.notes)})", style="bold"))
    for n in verdict.notes:
        _block(
            console,
            _t(f"  · {n.subject} {n.rule} ({NOTE_LABELS[n.kind]})"),
            _t(reasons.note(n)),
        )


def _screening(verdict: Verdict, console: Console) -> None:
    s = verdict.screening
    if s is None:
        return
    console.print()
    console.print(_t("Party screening", style="bold"))
    outcome = f"{s.hits} match(es)" if s.hits else "no match"
    console.print(
        Padding(
            _t(
                f"{len(s.parties)} parties ({', '.join(s.parties)}) screened against {s.entries} "
                f"bundled entries of MOFCOM's Control List, Watch List and Unreliable Entity "
                f"List (as of {s.lists_as_of}; match at a name score of {s.threshold:g} or more): "
                f"{outcome}. The bundled entries are the listed entities public sources confirm "
                f"({s.entries} entries for the {s.announced} entities announced; an entity may be "
                "entered with its branches); no match is not a clearance."
            ),
            (0, 0, 0, 2),
            expand=False,
        )
    )


def _sources(verdict: Verdict, console: Console) -> None:
    if not verdict.findings:
        return
    console.print()
    console.print(_t("Sources", style="bold"))
    for rule, source in sorted({(f.rule, f.source) for f in verdict.findings}):
        _block(console, _t(f"  {rule}"), _t(source, overflow="fold"))


class TextWriter(Writer):
    """Reports for people, on rich consoles (colour on a terminal, none with NO_COLOR). Over
    many inputs, the rulesets block comes once at the end and a summary goes to stderr."""

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.out = target.out_console()
        self.err = target.err_console()
        self.batch = None if target.single else BatchText(show_all=target.show_all)

    def _add(self, result: Result) -> None:
        if self.batch is not None:
            self.batch.add(result)
            return
        if result.verdict is None:
            return
        render(result.verdict, self.out, rulesets=True)

    def close(self, tally: Tally) -> None:
        if self.batch is None:
            return
        out = self.out
        self.batch.write(out, self.target.rules, lambda v: render(v, out, rulesets=False), STYLES)
        if self.rulesets:
            render_rulesets(self.rulesets, out)
        if not self.target.quiet:
            write_stripped(self.err, lambda: _summary(tally, self.err))


def _summary(tally: Tally, console: Console) -> None:
    console.print()
    order = ("prohibited", "invalid", "review", "license_required", "licensed", "no_match")
    counts = ", ".join(f"{tally.verdicts[v]:,} {v}" for v in order if tally.verdicts[v])
    checks = f"{tally.total:,} check{'' if tally.total == 1 else 's'}"
    console.print(_t(f"Summary of {checks}: ", style="bold").append(counts))
    if tally.skipped:
        console.print(_t(f"  Skipped by the directory search: {tally.skipped:,} (named above)"))
    if tally.license_types:
        needed = ", ".join(
            f"{lic.value} ({n:,})" for lic, n in sorted(tally.license_types.items(), key=_by_name)
        )
        console.print(_t(f"  Licence types needed: {needed}"))
    else:
        console.print(_t("  Licence types needed: none determined"))
    slowest = tally.slowest()
    if slowest:
        console.print(_t("  Slowest files (reading, checking and writing each):"))
        for name, seconds in slowest:
            console.print(_t(f"    {seconds:.3f} s  {name}"))


def _by_name(entry: tuple[object, int]) -> str:
    return str(getattr(entry[0], "value", entry[0]))
