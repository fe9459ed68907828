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

import dataclasses
import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from exportcheck.check import licensing, screening, upcoming
from exportcheck.model.description import NOT_CONTROLLED
from exportcheck.model.verdict import Change, Finding, Level, Note, NoteKind, Verdict
from exportcheck.rules.matchers.base import Context, Outcome, Truth
from exportcheck.rules.model import DUAL_USE_TAG
from exportcheck.rules.window import Status

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from exportcheck.model.description import Description, Item, Subject
    from exportcheck.rules.book import RuleBook
    from exportcheck.rules.lists import EntityLists
    from exportcheck.rules.model import Rule
    from exportcheck.rules.window import State


def check(description: Description, book: RuleBook, as_of: dt.date) -> Verdict:
    """Check one description; for many, keep one `Checker` so repeated items are decided once."""
    return Checker(book).check(description, as_of)


class Checker:
    """A RuleBook ready to check many descriptions, remembering what it decided per item.

    Line items repeat: a manifest ships the same part on many lines. What a phase of rules
    decides about an item depends only on the item's facts (`item_facts`), the facts of the
    description its rules read (their `scene`: the exporter's country for the goods rules, the
    destination and end user as well for the rules that depend on them), and the day. So each
    phase decides identical items once, and the decisions are re-worded for each line: paths in
    the wording (`items[7].contains`) are moved to the line's own path. The memory is bounded
    (`memo_size` entries per phase, then it starts afresh); `memo_size=0` turns it off.
    """

    def __init__(self, book: RuleBook, *, memo_size: int = 20_000) -> None:
        self.book = book
        self.memo_size = memo_size
        self._goods: dict[tuple[object, ...], _Decided] = {}
        self._dependent: dict[tuple[object, ...], _Decided] = {}
        self._screened: dict[tuple[object, ...], screening.Screened] = {}
        self._infos = book.infos
        self._calendar: upcoming.Calendar | None = None

    def check(self, description: Description, as_of: dt.date, horizon: int = 0) -> Verdict:
        """The verdict as of a day; with `horizon`, also the days ahead (up to that many) on
        which a rule that touches the description changes, and the verdict from each."""
        verdict = self._check(description, as_of)
        if horizon <= 0:
            return verdict
        until = as_of + dt.timedelta(days=horizon)
        if self._calendar is None:
            self._calendar = upcoming.Calendar(self.book)
        ahead = self._calendar.events(upcoming.touching(verdict), as_of, until)
        changes = []
        for day, texts in ahead.items():
            then = self._check(description, day)
            changes.append(Change(day, then.level, tuple(texts), then.licenses))
        return dataclasses.replace(verdict, horizon=horizon, upcoming=tuple(changes))

    def _check(self, description: Description, as_of: dt.date) -> Verdict:
        book = self.book
        findings: list[Finding] = []
        notes: list[Note] = []
        dual_use = Truth.FALSE
        goods, dependent = book.indexes["goods"], book.indexes["dependent"]
        scenes = (
            scene(description, goods.scene, as_of),
            scene(description, dependent.scene, as_of),
        )
        for item in description.items:
            first, then = self._decide_item(description, item, as_of, scenes)
            _word(first, item.path, item.id, findings, notes)
            _word(then, item.path, item.id, findings, notes)
            if first.dual_use is not None and dual_use is not Truth.TRUE:
                dual_use = first.dual_use
        for kind, group in (
            ("technologies", description.technologies),
            ("services", description.services),
        ):
            index = book.indexes[kind]
            for subject in group:
                ctx = Context(description, subject, as_of)
                decisions = _decide_all(index.candidates(subject), ctx, as_of, None)
                _word(_Decided(subject.path, decisions), subject.path, subject.id, findings, notes)
        summary = None
        if book.entity_lists is not None:
            screened = self._screen(description, book.entity_lists, as_of, dual_use)
            findings.extend(screened.findings)
            notes.extend(screened.notes)
            summary = screened.summary
        findings, applied = licensing.apply(findings, description, as_of)
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
            rulesets=self._infos,
            screening=summary,
            row=description.row,
            licenses_applied=applied,
            subjects=tuple((s.path, s.id, s.description) for s in everything),
        )

    def _screen(
        self, description: Description, lists: EntityLists, as_of: dt.date, dual_use: Truth
    ) -> screening.Screened:
        """Party screening, once per set of parties, day and dual-use state."""
        key = (*screening.parties(description), as_of, dual_use)
        known = self._screened.get(key) if self.memo_size else None
        if known is None:
            known = screening.screen(description, lists, as_of, dual_use)
            self._remember(self._screened, key, known)
        return known

    def _decide_item(
        self,
        description: Description,
        item: Item,
        as_of: dt.date,
        scenes: tuple[tuple[object, ...], tuple[object, ...]],
    ) -> tuple[_Decided, _Decided]:
        """The goods rules' decisions on an item, then those of the rules that depend on them."""
        facts = item_facts(item) if self.memo_size else None
        key = (scenes[0], facts)
        first = self._goods.get(key) if facts is not None else None
        if first is None:
            listed = _declared(item)
            decisions = _decide_all(
                self.book.indexes["goods"].candidates(item),
                Context(description, item, as_of),
                as_of,
                listed,
            )
            dual_use = listed.get(DUAL_USE_TAG)
            first = _Decided(
                item.path, decisions, None if dual_use is None else dual_use.truth, listed
            )
            self._remember(self._goods, key, first)
        then_key = (scenes[1], key)
        then = self._dependent.get(then_key) if facts is not None else None
        if then is None:
            listed = first.listed_at(item.path)
            decisions = _decide_all(
                self.book.indexes["dependent"].candidates(item, listed),
                Context(description, item, as_of, listed),
                as_of,
                None,
            )
            then = _Decided(item.path, decisions)
            self._remember(self._dependent, then_key, then)
        return first, then

    def _remember(
        self, memory: dict[tuple[object, ...], T], key: tuple[object, ...], value: T
    ) -> None:
        if not self.memo_size:
            return
        if len(memory) >= self.memo_size:
            memory.clear()
        memory[key] = value


T = TypeVar("T")
SCENE_VALUES: dict[str, Callable[[Description], object]] = {
    "destination": lambda d: d.destination,
    "end_use": lambda d: d.end_use,
    "end_user.military": lambda d: None if d.end_user is None else d.end_user.military,
    "exporter.country": lambda d: d.exporter.country,
}
"""How to read each of the SCENE_FIELDS the tests may read."""


def scene(description: Description, fields: tuple[str, ...], as_of: dt.date) -> tuple[object, ...]:
    """What rules that read `fields` may see of a description around an item, and the day."""
    return (as_of, *(SCENE_VALUES[name](description) for name in fields))


def item_facts(item: Item) -> tuple[object, ...]:
    """Everything about an item that a matcher may read. Not its position, id, quantity, unit or
    currency, which no rule tests; its `value` only with components, as only the value-share
    test reads it and only then. tests/unit/test_engine.py checks this against every rule."""
    components = None
    if item.components is not None:
        components = tuple(
            (
                c.description,
                c.origin,
                c.value,
                None if c.elements is None else tuple(c.elements.items()),
                tuple(c.materials.items()),
            )
            for c in item.components
        )
    return (
        item.description,
        item.hs_code,
        item.control_code,
        item.origin,
        None if item.elements is None else tuple(item.elements.items()),
        tuple(item.materials.items()),
        tuple(item.parameters.items()),
        item.vehicle,
        components,
        None if components is None else item.value,
    )


class _Wording(enum.Enum):
    DECIDED = "decided"
    """A finding: the condition holds."""
    UNDECIDED = "undecided"
    """A review finding: a fact the condition needs is missing."""
    NOT_CONTROLLED = "not_controlled"
    INACTIVE = "inactive"
    """A note: the rule would apply but is not in force, suspended or ended on the day."""


@dataclass(frozen=True, slots=True)
class _Decision:
    """What one rule concluded about one subject, before it is worded for a line."""

    rule: Rule
    wording: _Wording
    evidence: tuple[str, ...] = ()
    """What matched (for NOT_CONTROLLED: why the rule was checked)."""
    detail: tuple[str, ...] = ()
    """UNDECIDED: the missing fields; NOT_CONTROLLED: why not controlled."""
    cautions: tuple[str, ...] = ()
    inactive: tuple[NoteKind, str] | None = None

    @property
    def level(self) -> Level:
        return self.rule.level if self.wording is _Wording.DECIDED else Level.REVIEW


@dataclass(frozen=True, slots=True)
class _Decided:
    path: str
    """The path the decisions were reached for; their texts name it."""
    decisions: tuple[_Decision, ...]
    dual_use: Truth | None = None
    """Whether the goods rules found the item a dual-use item; None when none spoke."""
    listed: Mapping[str, Outcome] | None = None
    """What the goods rules concluded, by tag, for the rules that depend on them."""

    def listed_at(self, path: str) -> dict[str, Outcome]:
        """`listed`, its texts moved to the item at `path`."""
        rebase = None if path == self.path else (self.path, path)
        return {
            tag: Outcome(o.truth, _moved(o.evidence, rebase), _moved(o.missing, rebase))
            for tag, o in (self.listed or {}).items()
        }


def _decide_all(
    rules: Iterable[Rule], ctx: Context, as_of: dt.date, listed: dict[str, Outcome] | None
) -> tuple[_Decision, ...]:
    decisions = []
    for rule in rules:
        decision = _judge(rule, ctx, as_of)
        if decision is None:
            continue
        decisions.append(decision)
        if listed is not None and decision.wording in (_Wording.DECIDED, _Wording.UNDECIDED):
            _record(listed, rule, decision, ctx.subject.path)
    return tuple(decisions)


def _word(
    decided: _Decided,
    path: str,
    item_id: str | None,
    findings: list[Finding],
    notes: list[Note],
) -> None:
    """Turn decisions into findings and notes for the subject at `path`."""
    rebase = None if path == decided.path else (decided.path, path)
    for d in decided.decisions:
        rule = d.rule
        if d.wording is _Wording.INACTIVE:
            assert d.inactive is not None
            notes.append(_note(rule, path, *d.inactive))
            continue
        evidence, detail = _moved(d.evidence, rebase), _moved(d.detail, rebase)
        if d.wording is _Wording.NOT_CONTROLLED:
            reason = (
                f"{rule.title}: checked because {'; '.join(evidence)}, "
                f"but not controlled: {'; '.join(detail)}."
            )
            notes.append(_note(rule, path, NoteKind.NOT_CONTROLLED, reason))
            continue
        if d.wording is _Wording.DECIDED:
            reason = f"{rule.title}. Matched: {'; '.join(evidence)}."
            missing: tuple[str, ...] = ()
        else:
            missing = detail
            reason = f"{rule.title}. Cannot decide without {', '.join(missing)}"
            reason += f" (matched so far: {'; '.join(evidence)})." if evidence else "."
        findings.append(
            Finding(
                rule=rule.id,
                measure=rule.measure.id,
                subject=path,
                item=item_id,
                level=d.level,
                license=rule.license,
                control_code=rule.control_code,
                reason=reason,
                source=rule.source,
                caution=" ".join(d.cautions) or None,
                missing=missing,
            )
        )


def _moved(texts: tuple[str, ...], rebase: tuple[str, str] | None) -> tuple[str, ...]:
    """Texts about the subject at one path, about the subject at another. Matchers begin every
    text that names a place in the subject with the subject's path (`items[7].contains`,
    `items[7].components[2] says ...`); a path ends in `]`, so `items[1]` is no prefix of
    `items[12]`."""
    if rebase is None:
        return texts
    old, new = rebase
    return tuple(new + t[len(old) :] if t.startswith(old) else t for t in texts)


def _declared(item: Item) -> dict[str, Outcome]:
    """An item with a declared control code is a dual-use item by the exporter's own account."""
    code = item.control_code
    if code is None or code == NOT_CONTROLLED:
        return {}
    return {DUAL_USE_TAG: Outcome(Truth.TRUE, (f"declared control code {code}",))}


def _record(listed: dict[str, Outcome], rule: Rule, decision: _Decision, path: str) -> None:
    """Remember, per tag, the strongest conclusion a binding rule reached: TRUE over UNKNOWN.
    A `review` finding (a missing fact, or a discretionary rule) leaves the item undecided."""
    if decision.level is Level.REVIEW:
        missing = decision.detail if decision.wording is _Wording.UNDECIDED else ()
        outcome = Outcome(Truth.UNKNOWN, missing=missing or (f"{path} (see {rule.id})",))
    else:
        outcome = Outcome(Truth.TRUE, (f"controlled under {rule.id}",))
    for tag in rule.tags:
        known = listed.get(tag)
        if known is None or (known.truth is Truth.UNKNOWN and outcome.truth is Truth.TRUE):
            listed[tag] = outcome


def _judge(rule: Rule, ctx: Context, as_of: dt.date) -> _Decision | None:
    """What one rule says about one subject: a decision to word, or nothing."""
    if rule.trigger.truth(ctx) is not Truth.TRUE:
        return None
    trigger = rule.trigger.evaluate(ctx)
    condition = rule.condition.evaluate(ctx) if rule.condition else Outcome(Truth.TRUE)
    status = rule.status(as_of)
    if condition.truth is Truth.FALSE:
        # A note only where there is something to show (a threshold missed, an element absent);
        # completeness checks answered by a given fact say nothing.
        if status.status is Status.IN_FORCE and condition.evidence:
            return _Decision(rule, _Wording.NOT_CONTROLLED, trigger.evidence, condition.evidence)
        return None
    if status.status is not Status.IN_FORCE:
        return _Decision(rule, _Wording.INACTIVE, inactive=_inactive(rule, status, as_of))
    evidence = _merge(trigger.evidence, condition.evidence)
    if condition.truth is Truth.TRUE:
        return _Decision(rule, _Wording.DECIDED, evidence, cautions=status.cautions)
    # Undecided is review whatever the rule would say: a prohibition that may not apply must not
    # read as one.
    return _Decision(rule, _Wording.UNDECIDED, evidence, condition.missing, status.cautions)


def _merge(*parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text for part in parts for text in part))


def _note(rule: Rule, path: str, kind: NoteKind, reason: str) -> Note:
    return Note(rule=rule.id, measure=rule.measure.id, subject=path, kind=kind, reason=reason)


def _inactive(rule: Rule, status: State, as_of: dt.date) -> tuple[NoteKind, str]:
    kind, reason = _inactive_reason(rule, status, as_of)
    for amendment in rule.amendments:
        reason = f"{reason} Status {amendment}."
    return kind, reason


def _inactive_reason(rule: Rule, status: State, as_of: dt.date) -> tuple[NoteKind, str]:
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
