"""The check: a Description and a RuleBook, as of a date, give a Verdict. No I/O, no printing.

For each subject and rule:
1. the trigger (the rule's own test, within its measure's scope) must be TRUE for the rule to
   concern the subject at all, or UNKNOWN for want of a fact the file has begun to give (a
   composition short of 100 %, a form not settled: `Missing.opens`); a fact the file does not
   touch at all is not enough;
2. the condition decides: TRUE gives the rule's verdict, UNKNOWN gives `review` naming the
   missing facts (fail closed), FALSE gives a `not_controlled` note showing what was checked;
3. the rule's window (rules.window) decides whether it binds on the day: not yet in force,
   suspended or ended rules give notes, not findings.
Goods rules run first; what they concluded about each item, by tag (`dual_use`, `gallium`, ...),
is then visible to destination and end-user rules through the `listed` matcher, and to what a
party's entity-list listing means (check.screening).
The overall verdict is the most severe finding; with none it is `no_match`.

Findings and notes are data (model.evidence): their places are relative to their subject, so a
decision reached for one line is given to another by setting its subject, never by editing text.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypeVar

from exportcheck.check import licensing, reading, screening, upcoming
from exportcheck.check.decisions import Decided, Decision, gather, outcome, resting, word
from exportcheck.identify import facts
from exportcheck.model.days import AS_OF, LATEST
from exportcheck.model.description import NOT_CONTROLLED
from exportcheck.model.evidence import Basis, Evidence, Form, Missing
from exportcheck.model.verdict import (
    Assumption,
    Change,
    Finding,
    Level,
    Note,
    NoteKind,
    Verdict,
    reviewed,
)
from exportcheck.rules.matchers.base import Context, Outcome, Truth
from exportcheck.rules.model import DUAL_USE_TAG
from exportcheck.rules.window import Status

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from exportcheck.model.description import Description, Item, LicenseType, Subject
    from exportcheck.rules.book import RuleBook
    from exportcheck.rules.index import RuleIndex
    from exportcheck.rules.model import Rule
    from exportcheck.rules.window import State

T = TypeVar("T")


def check(description: Description, book: RuleBook, as_of: dt.date) -> Verdict:
    """Check one description; for many, keep one `Checker` so repeated items are decided once."""
    return Checker(book).check(description, as_of)


class Checker:
    """A RuleBook ready to check many descriptions, remembering what it decided per item.

    Line items repeat: a manifest ships the same part on many lines. What a phase of rules
    decides about an item depends only on the facts its rules read of the item (RuleIndex.facts)
    and of the description around it (RuleIndex.scene), and the day. So each phase decides
    identical items once. The memory is bounded (`memo_size` entries per phase, then it starts
    afresh); `memo_size=0` turns it off.
    """

    def __init__(self, book: RuleBook, *, memo_size: int = 20_000) -> None:
        self.book = book
        self.memo_size = memo_size
        self._goods: dict[tuple[object, ...], Decided] = {}
        self._worded: dict[tuple[object, ...], Decided] = {}
        """The goods rules' decisions by what they read of an item's description (a second
        memory: items whose descriptions differ only in words no test reads)."""
        self._dependent: dict[tuple[object, ...], Decided] = {}
        self._screened: dict[tuple[object, ...], screening.Screened] = {}
        self.infos = book.infos
        self.reviewed = reviewed(self.infos)
        self._calendar: upcoming.Calendar | None = None
        self._alternative: Checker | None = None

    def check(
        self, description: Description, as_of: dt.date, horizon: int = 0, as_of_from: str = AS_OF
    ) -> Verdict:
        """The verdict as of a day (chosen as `as_of_from` says: model.days); with `horizon`,
        also the days ahead (up to that many) on which a rule that touches the description
        changes, and the verdict from each."""
        return self._check(description, as_of, as_of_from, horizon)

    def ahead(
        self,
        as_of: dt.date,
        horizon: int,
        rules: Iterable[str],
        judge: Callable[[dt.date], tuple[Level, tuple[LicenseType, ...]]],
    ) -> tuple[Change, ...]:
        """The days within `horizon` after `as_of` on which one of `rules` changes, with the
        verdict from each (`judge`: a day's verdict and licence types)."""
        until = as_of + dt.timedelta(days=min(horizon, max((LATEST - as_of).days, 0)))
        if self._calendar is None:
            self._calendar = upcoming.Calendar(self.book)
        changes = []
        for day, events in self._calendar.events(sorted(rules), as_of, until).items():
            level, license_types = judge(day)
            changes.append(Change(day, level, tuple(events), license_types))
        return tuple(changes)

    def _check(
        self, description: Description, as_of: dt.date, as_of_from: str = AS_OF, horizon: int = 0
    ) -> Verdict:
        book = self.book
        findings: list[Finding] = []
        notes: list[Note] = []
        shipment: dict[str, Outcome] = {}
        goods, dependent = book.indexes["goods"], book.indexes["dependent"]
        scenes = (facts.scene(goods.scene, description), facts.scene(dependent.scene, description))
        for item in description.items:
            first, then = self.decide_item(description, item, as_of, scenes)
            word(first.decisions, item.path, item.id, findings, notes)
            word(then.decisions, item.path, item.id, findings, notes)
            gather(shipment, first.listed)
        for kind, group in (
            ("technologies", description.technologies),
            ("services", description.services),
        ):
            index = book.indexes[kind]
            for subject in group:
                decisions, held = transferred(description, subject, as_of, index)
                word(decisions, subject.path, subject.id, findings, notes)
                # a dual-use technology or service is a dual-use export to the parties that
                # receive it, as an item is (a Control List recipient: prohibited)
                gather(shipment, held)

        def judge(day: dt.date) -> tuple[Level, tuple[LicenseType, ...]]:
            then = self._check(description, day)
            return then.level, then.license_types

        summary = None
        if book.entity_lists is not None:
            screened = self.screen(description, as_of, shipment)
            findings.extend(screened.findings)
            notes.extend(screened.notes)
            summary = screened.summary
        findings, applied = licensing.apply(findings, description, as_of, book)
        if_extended = None
        if book.assumption is Assumption.LAPSED and (
            any(f.assumes for f in findings) or any(n.assumes for n in notes)
        ):
            # Findings rest on a lapse no source confirms: the verdict under the alternative
            # is that of a run with those suspensions extended (a rule reading what a lapsed
            # rule made an item, or a party's listing, changes with it).
            other = self.extended().check(description, as_of)
            if_extended = other.level
            findings = resting(findings, other.findings)
        everything: list[Subject] = [*description.items, *description.technologies]
        everything += description.services
        order = {subject.path: rank for rank, subject in enumerate(everything, start=1)}
        findings.sort(key=lambda f: (order.get(f.subject, 0), -f.level.rank, f.rule))
        notes.sort(key=lambda n: (order.get(n.subject, 0), n.rule, n.kind.value))
        touched = {n.rule for n in notes}
        level, license_types = outcome(findings)
        return Verdict(
            file=description.file,
            reference=description.reference,
            as_of=as_of,
            level=level,
            license_types=license_types,
            findings=tuple(findings),
            notes=tuple(notes),
            rulesets=self.infos,
            screening=summary,
            row=description.row,
            licenses_applied=applied,
            subjects=tuple((s.path, s.id, s.description) for s in everything),
            as_of_from=as_of_from,
            reviewed=self.reviewed,
            if_extended=if_extended,
            assumption=book.assumption,
            horizon=max(horizon, 0),
            upcoming=(
                self.ahead(as_of, horizon, {f.rule for f in findings} | touched, judge)
                if horizon > 0
                else ()
            ),
        )

    def extended(self) -> Checker:
        """The checker under the alternative: suspensions whose end the data cannot confirm
        assumed extended (rules.assume)."""
        if self._alternative is None:
            from exportcheck.rules.assume import assuming  # noqa: PLC0415 (a lapse in play only)

            book = assuming(self.book, Assumption.EXTENDED)
            self._alternative = Checker(book, memo_size=self.memo_size)
        return self._alternative

    def screen(
        self, description: Description, as_of: dt.date, shipment: Mapping[str, Outcome]
    ) -> screening.Screened:
        """Party screening, once per set of parties, day and what the shipment holds."""
        held = tuple(sorted((tag, o.truth) for tag, o in shipment.items()))
        key = (*screening.parties(description), as_of, held)
        known = self._screened.get(key) if self.memo_size else None
        if known is None:
            known = screening.screen(description, self.book, as_of, shipment)
            self._remember(self._screened, key, known)
        return known

    def decide_item(
        self,
        description: Description,
        item: Item,
        as_of: dt.date,
        scenes: tuple[tuple[object, ...], tuple[object, ...]],
    ) -> tuple[Decided, Decided]:
        """The goods rules' decisions on an item, then those of the rules that depend on them."""
        book = self.book
        goods: RuleIndex = book.indexes["goods"]
        remember = bool(self.memo_size)
        key = (as_of, scenes[0], goods.item_key(description, item)) if remember else None
        first = self._goods.get(key) if key is not None else None
        if first is None:
            listed = _declared(item)
            ctx = Context(description, item, as_of)
            rules = goods.candidates(item)
            read: tuple[object, ...] | None = None
            if key is not None:  # what the rules read of the description (check.reading)
                words = reading.words_key(rules, ctx)
                text = reading.identity_key(item.description)
                others = goods.unworded_key(description, item)
                read = (as_of, scenes[0], others, item.control_code, words, text)
                first = self._worded.get(read)
            if first is None:
                first = Decided(_subsume(_decide_all(rules, ctx, as_of, listed)), listed)
                if read is not None:
                    self._remember(self._worded, read, first)
            if key is not None:
                self._remember(self._goods, key, first)
        dependent: RuleIndex = book.indexes["dependent"]
        then_key = None
        if key is not None:
            then_key = (key, scenes[1], dependent.item_key(description, item))
        then = self._dependent.get(then_key) if then_key is not None else None
        if then is None:
            ctx = Context(description, item, as_of, first.listed)
            decisions = _decide_all(dependent.candidates(item, first.listed), ctx, as_of, None)
            then = Decided(decisions)
            if then_key is not None:
                self._remember(self._dependent, then_key, then)
        return first, then

    def _remember(
        self, memory: dict[tuple[object, ...], T], key: tuple[object, ...], value: T
    ) -> None:
        if len(memory) >= self.memo_size:
            memory.clear()
        memory[key] = value


def _decide_all(
    rules: Iterable[Rule], ctx: Context, as_of: dt.date, listed: dict[str, Outcome] | None
) -> tuple[Decision, ...]:
    decisions = []
    for rule in rules:
        decision = _judge(rule, ctx, as_of)
        if decision is None:
            continue
        decisions.append(decision)
        if listed is not None and decision.level is not None:
            _record(listed, rule, decision)
    return tuple(decisions)


def _subsume(decisions: tuple[Decision, ...]) -> tuple[Decision, ...]:
    """A rule that could not decide, where another rule already puts the item under the same
    licence type, becomes a note: the answer changes the entries to declare, not the verdict
    (what the item is for destination rules, by tag, was recorded before)."""
    licensed = {d.rule.license: d.rule.id for d in decisions if d.level is Level.LICENSE_REQUIRED}
    if not licensed:
        return decisions
    found = []
    for d in decisions:
        by = licensed.get(d.rule.license)
        if d.level is Level.REVIEW and by is not None and d.missing:
            basis = Basis(Form.SUBSUMED, d.rule.title, d.basis.evidence, by=by, wanted=d.missing)
            found.append(Decision(d.rule, None, basis, note=NoteKind.SUBSUMED, assumes=d.assumes))
        else:
            found.append(d)
    return tuple(found)


def _declared(item: Item) -> dict[str, Outcome]:
    """An item with a declared control code is a dual-use item by the exporter's own account."""
    code = item.control_code
    if code is None or code == NOT_CONTROLLED:
        return {}
    return {DUAL_USE_TAG: Outcome(Truth.TRUE, (Evidence("listed.declared", (code,)),))}


def _record(listed: dict[str, Outcome], rule: Rule, decision: Decision) -> None:
    """Remember, per tag, the strongest conclusion a binding rule reached: TRUE over UNKNOWN.
    A `review` finding (a missing fact, or a discretionary rule) leaves the item undecided."""
    if decision.level is Level.REVIEW:
        outcome = Outcome(Truth.UNKNOWN, missing=decision.missing or (Missing("", see=rule.id),))
    else:
        outcome = Outcome(Truth.TRUE, (Evidence("listed.controlled", (rule.id,)),))
    for tag in rule.tags:
        known = listed.get(tag)
        if known is None or (known.truth is Truth.UNKNOWN and outcome.truth is Truth.TRUE):
            listed[tag] = outcome


def transferred(
    description: Description, subject: Subject, as_of: dt.date, index: RuleIndex
) -> tuple[tuple[Decision, ...], dict[str, Outcome]]:
    """A technology's or service's decisions: its own rules', then those of the rules that read
    what they concluded (a dual-use technology licensed to a military user), as for an item;
    and what it is, by tag."""
    held: dict[str, Outcome] = {}
    chosen = [r for r in index.candidates(subject) if not r.uses_listed]
    decisions = _decide_all(chosen, Context(description, subject, as_of), as_of, held)
    reading = [r for r in index.candidates(subject, held) if r.uses_listed]
    if reading:
        ctx = Context(description, subject, as_of, held)
        decisions += _decide_all(reading, ctx, as_of, None)
    return decisions, held


def _judge(rule: Rule, ctx: Context, as_of: dt.date) -> Decision | None:
    """What one rule says about one subject, or nothing."""
    first = rule.trigger.truth(ctx)
    if first is Truth.FALSE:
        return None
    if first is Truth.UNKNOWN and not any(leaf.may_open(ctx) for leaf in rule.trigger.leaves()):
        return None  # waits only on facts the file does not touch
    trigger = rule.trigger.evaluate(ctx)
    truth = trigger.truth
    if truth is Truth.UNKNOWN and not any(m.opens for m in trigger.missing):
        return None
    condition = rule.condition.evaluate(ctx) if rule.condition else Outcome(Truth.TRUE)
    if truth is Truth.UNKNOWN and condition.truth is not Truth.FALSE:
        # Concerned only for want of a fact: at most review, naming what the trigger waits on.
        waits = tuple(dict.fromkeys((*trigger.missing, *condition.missing)))
        condition = Outcome(Truth.UNKNOWN, condition.evidence, waits)
    state = rule.status(as_of)
    if condition.truth is Truth.FALSE:
        # A note only where there is something to show (a threshold missed, an element absent);
        # completeness checks answered by a given fact say nothing, nor do rules only opened by
        # what a composition leaves unknown (every element rule would note a steel bolt).
        raised = truth is Truth.TRUE or any(m.opens and m.unstated is None for m in trigger.missing)
        if state.status is Status.IN_FORCE and condition.evidence and raised:
            basis = Basis(
                Form.NOT_CONTROLLED, rule.title, trigger.evidence, detail=condition.evidence
            )
            return Decision(rule, None, basis, note=NoteKind.NOT_CONTROLLED)
        return None
    if state.status is not Status.IN_FORCE:
        return _inactive(rule, state, as_of)
    evidence = tuple(dict.fromkeys((*trigger.evidence, *condition.evidence)))
    if condition.truth is Truth.TRUE:
        basis = Basis(Form.MATCHED, rule.title, evidence)
        missing: tuple[Missing, ...] = ()
        level: Level | None = rule.level
    else:
        # Undecided is review whatever the rule would say: a prohibition that may not apply must
        # not read as one.
        basis = Basis(Form.UNDECIDED, rule.title, evidence)
        missing, level = condition.missing, Level.REVIEW
    return Decision(
        rule,
        level,
        basis,
        missing,
        state.cautions,
        assumes=state.lapsed,
        caution_kinds=state.caution_kinds,
    )


def _inactive(rule: Rule, state: State, as_of: dt.date) -> Decision:
    """A note: the rule would apply, but does not bind on the day."""
    window = rule.window
    measure = rule.measure.title
    amendments = rule.amendments
    suspension = state.suspension
    if suspension is not None:
        basis = Basis(
            Form.SUSPENDED,
            rule.title,
            measure=measure,
            since=suspension.start,
            until=suspension.end,
            by=suspension.title,
            amendments=amendments,
            assumed_extended=suspension.extended,
        )
        assumes = ((suspension.by, suspension.end),) if suspension.extended else ()
        return Decision(rule, None, basis, note=NoteKind.SUSPENDED, assumes=assumes)
    if state.status is Status.NOT_YET:
        basis = Basis(
            Form.NOT_YET, rule.title, since=window.effective, as_of=as_of, amendments=amendments
        )
        return Decision(rule, None, basis, note=NoteKind.NOT_IN_FORCE)
    basis = Basis(Form.ENDED, rule.title, measure=measure, until=window.ends, amendments=amendments)
    return Decision(rule, None, basis, note=NoteKind.NOT_IN_FORCE)
