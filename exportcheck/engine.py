"""The check: a Description and a RuleBook, as of a date, give a Verdict. No I/O, no printing.

For each item and rule:
1. the trigger (the rule's own test, within its measure's scope) must be TRUE for the rule to
   concern the item at all; UNKNOWN in a trigger is not enough;
2. the condition decides: TRUE gives the rule's verdict, UNKNOWN gives `review` naming the
   missing fields (fail closed), FALSE gives a `not_controlled` note showing what was checked;
3. the rule's dates decide whether it binds on the day: not yet in force, suspended or ended
   rules give notes, not findings.
Goods rules run first; what they concluded about each item, by tag (`dual_use`, `gallium`, ...),
is then visible to destination and end-user rules through the `listed` matcher.
The overall verdict is the most severe finding; with none it is `no_match`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exportcheck import screening
from exportcheck.matchers import Context, Outcome, Truth
from exportcheck.matchers.control_code import NOT_CONTROLLED
from exportcheck.model import Finding, Level, Note, NoteKind, Verdict
from exportcheck.ruleset import DUAL_USE_TAG, Status

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from exportcheck.model import Description, Item, Subject
    from exportcheck.ruleset import Rule, RuleBook, RuleStatus


def check(description: Description, book: RuleBook, as_of: dt.date) -> Verdict:
    findings: list[Finding] = []
    notes: list[Note] = []

    def judge(rules: Iterable[Rule], ctx: Context, listed: dict[str, Outcome] | None) -> None:
        for rule in rules:
            result = _judge(rule, ctx, as_of)
            if isinstance(result, Finding):
                findings.append(result)
                if listed is not None:
                    _record(listed, rule, result)
            elif result is not None:
                notes.append(result)

    goods, dependent = book.indexes["goods"], book.indexes["dependent"]
    dual_use = Truth.FALSE
    for item in description.items:
        listed = _declared(item)
        judge(goods.candidates(item), Context(description, item, as_of), listed)
        item_dual_use = listed.get(DUAL_USE_TAG)
        if item_dual_use is not None and dual_use is not Truth.TRUE:
            dual_use = item_dual_use.truth
        judge(dependent.candidates(item, listed), Context(description, item, as_of, listed), None)
    for kind, group in (
        ("technologies", description.technologies),
        ("services", description.services),
    ):
        index = book.indexes[kind]
        for subject in group:
            judge(index.candidates(subject), Context(description, subject, as_of), None)
    summary = None
    if book.entity_lists is not None:
        screened = screening.screen(description, book.entity_lists, as_of, dual_use)
        findings.extend(screened.findings)
        notes.extend(screened.notes)
        summary = screened.summary
    everything: list[Subject] = [*description.items, *description.technologies]
    everything += description.services
    order = {subject.path: rank for rank, subject in enumerate(everything, start=1)}
    findings.sort(key=lambda f: (order.get(f.subject, 0), -f.level.rank, f.rule))
    notes.sort(key=lambda n: (order.get(n.subject, 0), n.rule, n.kind.value))
    level = max((f.level for f in findings), key=lambda lv: lv.rank, default=Level.NO_MATCH)
    licenses = sorted(
        {f.license for f in findings if f.level is Level.LICENSE_REQUIRED and f.license},
        key=lambda lic: lic.value,
    )
    return Verdict(
        file=description.file,
        reference=description.reference,
        as_of=as_of,
        level=level,
        licenses=tuple(licenses),
        findings=tuple(findings),
        notes=tuple(notes),
        rulesets=book.infos,
        screening=summary,
    )


def _declared(item: Item) -> dict[str, Outcome]:
    """An item with a declared control code is a dual-use item by the exporter's own account."""
    code = item.control_code
    if code is None or code == NOT_CONTROLLED:
        return {}
    return {DUAL_USE_TAG: Outcome(Truth.TRUE, (f"declared control code {code}",))}


def _record(listed: dict[str, Outcome], rule: Rule, finding: Finding) -> None:
    """Remember, per tag, the strongest conclusion a binding rule reached: TRUE over UNKNOWN.
    A `review` finding (a missing fact, or a discretionary rule) leaves the item undecided."""
    if finding.level is Level.REVIEW:
        missing = finding.missing or (f"{finding.subject} (see {rule.id})",)
        outcome = Outcome(Truth.UNKNOWN, missing=missing)
    else:
        outcome = Outcome(Truth.TRUE, (f"controlled under {rule.id}",))
    for tag in rule.tags:
        known = listed.get(tag)
        if known is None or (known.truth is Truth.UNKNOWN and outcome.truth is Truth.TRUE):
            listed[tag] = outcome


def _judge(rule: Rule, ctx: Context, as_of: dt.date) -> Finding | Note | None:
    """What one rule says about one subject: a finding, a note, or nothing."""
    item = ctx.subject
    if rule.trigger.truth(ctx) is not Truth.TRUE:
        return None
    trigger = rule.trigger.evaluate(ctx)
    condition = rule.condition.evaluate(ctx) if rule.condition else Outcome(Truth.TRUE)
    status = rule.status(as_of)
    if condition.truth is Truth.FALSE:
        # A note only where there is something to show (a threshold missed, an element absent);
        # completeness checks answered by a given fact say nothing.
        if status.status is Status.IN_FORCE and condition.evidence:
            why = _not_controlled(rule, trigger, condition)
            return _note(rule, item, NoteKind.NOT_CONTROLLED, why)
        return None
    if status.status is not Status.IN_FORCE:
        return _note(rule, item, *_inactive(rule, status, as_of))
    evidence = _merge(trigger.evidence, condition.evidence)
    if condition.truth is Truth.TRUE:
        level = rule.level
        reason = f"{rule.title}. Matched: {'; '.join(evidence)}."
        missing: tuple[str, ...] = ()
    else:
        # Undecided is review whatever the rule would say: a prohibition that may not apply
        # must not read as one.
        level = Level.REVIEW
        missing = condition.missing
        reason = f"{rule.title}. Cannot decide without {', '.join(missing)}"
        reason += f" (matched so far: {'; '.join(evidence)})." if evidence else "."
    return Finding(
        rule=rule.id,
        measure=rule.measure.id,
        subject=item.path,
        item=item.id,
        level=level,
        license=rule.license,
        control_code=rule.control_code,
        reason=reason,
        source=rule.source,
        caution=" ".join(status.cautions) or None,
        missing=missing,
    )


def _merge(*parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text for part in parts for text in part))


def _note(rule: Rule, item: Subject, kind: NoteKind, reason: str) -> Note:
    return Note(rule=rule.id, measure=rule.measure.id, subject=item.path, kind=kind, reason=reason)


def _not_controlled(rule: Rule, trigger: Outcome, condition: Outcome) -> str:
    why = "; ".join(condition.evidence)
    return (
        f"{rule.title}: checked because {'; '.join(trigger.evidence)}, but not controlled: {why}."
    )


def _inactive(rule: Rule, status: RuleStatus, as_of: dt.date) -> tuple[NoteKind, str]:
    suspension = status.suspension
    if status.status is Status.SUSPENDED and suspension is not None:
        return (
            NoteKind.SUSPENDED,
            f"{rule.title}: would apply, but {rule.measure.title} is suspended by "
            f"{suspension.title} from {suspension.start} to {suspension.end} inclusive.",
        )
    if status.status is Status.NOT_YET:
        return (
            NoteKind.NOT_IN_FORCE,
            f"{rule.title}: would apply, but is in force only from {rule.effective} "
            f"(checked as of {as_of}).",
        )
    return (
        NoteKind.NOT_IN_FORCE,
        f"{rule.title}: would apply, but {rule.measure.title} ended on {rule.measure.ends}.",
    )
