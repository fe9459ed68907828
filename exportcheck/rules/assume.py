"""The alternative a run can be asked to assume (`--assume extended`): every suspension whose
end the bundled data cannot confirm (it carries `caution_after`) goes on past its last known
day, so the measures it suspends stay suspended. No overlay file is needed: the loaded book is
rebuilt with those windows marked `extended`, and every verdict of the run records it
(`Verdict.assumption`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec.structs

from exportcheck.model.verdict import Assumption
from exportcheck.rules.book import combine

if TYPE_CHECKING:
    from exportcheck.rules.book import RuleBook
    from exportcheck.rules.dates import Suspension
    from exportcheck.rules.model import Measure, Ruleset


def assuming(book: RuleBook, assumption: Assumption) -> RuleBook:
    """The book under `assumption`: itself for `lapsed` (what the data reads by default)."""
    if assumption is Assumption.LAPSED or book.assumption is assumption:
        return book
    measures = {m.id: _measure(m) for r in book.rulesets for m in r.measures}
    for rule in book.rules:  # an overlay may have rebuilt a rule's measure
        measures[rule.measure.id] = _measure(rule.measure)
    rulesets = [_ruleset(r, measures) for r in book.rulesets]
    extended = combine(rulesets)
    return msgspec.structs.replace(extended, assumption=assumption)


def _windows(suspensions: tuple[Suspension, ...]) -> tuple[Suspension, ...]:
    return tuple(
        msgspec.structs.replace(s, extended=True) if s.caution_after else s for s in suspensions
    )


def _measure(measure: Measure) -> Measure:
    return msgspec.structs.replace(measure, suspensions=_windows(measure.suspensions))


def _ruleset(ruleset: Ruleset, measures: dict[str, Measure]) -> Ruleset:
    """The ruleset with its windows extended; its overlays, already applied to the book's
    rules, are not applied again."""
    rules = tuple(
        msgspec.structs.replace(
            rule, measure=measures[rule.measure.id], suspensions=_windows(rule.suspensions)
        )
        for rule in ruleset.rules
    )
    return msgspec.structs.replace(
        ruleset,
        measures=tuple(measures[m.id] for m in ruleset.measures),
        rules=rules,
        overlays=(),
    )
