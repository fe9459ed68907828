"""`all`, `any` and `not`: Kleene three-valued combinations of other matchers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from exportcheck.matchers.base import Matcher, Outcome, Truth

if TYPE_CHECKING:
    from exportcheck.matchers.base import Context


def _join(parts: list[tuple[str, ...]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for part in parts:
        for text in part:
            seen.setdefault(text, None)
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class All(Matcher):
    parts: tuple[Matcher, ...]

    def evaluate(self, ctx: Context) -> Outcome:
        outcomes = [part.evaluate(ctx) for part in self.parts]
        false = [o for o in outcomes if o.truth is Truth.FALSE]
        if false:
            return Outcome(Truth.FALSE, _join([o.evidence for o in false]))
        unknown = [o for o in outcomes if o.truth is Truth.UNKNOWN]
        evidence = _join([o.evidence for o in outcomes])
        if unknown:
            return Outcome(Truth.UNKNOWN, evidence, _join([o.missing for o in unknown]))
        return Outcome(Truth.TRUE, evidence)

    def explain(self) -> str:
        return "all of (" + "; ".join(p.explain() for p in self.parts) + ")"


@dataclass(frozen=True, slots=True)
class Any(Matcher):
    parts: tuple[Matcher, ...]

    def evaluate(self, ctx: Context) -> Outcome:
        outcomes = [part.evaluate(ctx) for part in self.parts]
        true = [o for o in outcomes if o.truth is Truth.TRUE]
        if true:
            return Outcome(Truth.TRUE, _join([o.evidence for o in true]))
        unknown = [o for o in outcomes if o.truth is Truth.UNKNOWN]
        evidence = _join([o.evidence for o in outcomes])
        if unknown:
            return Outcome(Truth.UNKNOWN, evidence, _join([o.missing for o in unknown]))
        return Outcome(Truth.FALSE, evidence)

    def explain(self) -> str:
        return "any of (" + "; ".join(p.explain() for p in self.parts) + ")"


_NEGATED = {Truth.TRUE: Truth.FALSE, Truth.FALSE: Truth.TRUE, Truth.UNKNOWN: Truth.UNKNOWN}


@dataclass(frozen=True, slots=True)
class Not(Matcher):
    part: Matcher

    def evaluate(self, ctx: Context) -> Outcome:
        # An exclusion gives no evidence of its own: "not under HS 84" explains nothing useful
        # in a match, and a negated keyword would read as a reason in a note.
        inner = self.part.evaluate(ctx)
        return Outcome(_NEGATED[inner.truth], (), inner.missing)

    def explain(self) -> str:
        return f"not ({self.part.explain()})"
