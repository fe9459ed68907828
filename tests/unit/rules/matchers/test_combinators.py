from __future__ import annotations

import datetime as dt
import typing

import pytest

from exportcheck.model.evidence import Evidence, Missing
from exportcheck.rules.matchers.base import Context, Matcher, Outcome, Truth
from exportcheck.rules.matchers.combinators import All, Any, Not

T, F, U = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN


class Fixed(Matcher, frozen=True):
    value: Truth
    label: str

    def evaluate(self, ctx: Context) -> Outcome:
        missing = (Missing(self.label),) if self.value is U else ()
        return Outcome(self.value, (Evidence(self.label),), missing)

    def explain(self) -> str:
        return self.label


CTX = Context(
    typing.cast("typing.Any", None), typing.cast("typing.Any", None), dt.date(2026, 1, 1)
)  # never looked at


@pytest.mark.parametrize(
    ("truths", "all_", "any_"),
    [
        ((T, T), T, T),
        ((T, F), F, T),
        ((F, F), F, F),
        ((T, U), U, T),
        ((F, U), F, U),
        ((U, U), U, U),
    ],
)
def test_kleene_truth_tables(truths: tuple[Truth, ...], all_: Truth, any_: Truth) -> None:
    parts = tuple(Fixed(t, f"p{i}") for i, t in enumerate(truths))
    assert All(parts).evaluate(CTX).truth is all_
    assert Any(parts).evaluate(CTX).truth is any_
    # the evidence-free fast path used for triggers must agree with the full evaluation
    assert All(parts).truth(CTX) is all_
    assert Any(parts).truth(CTX) is any_


@pytest.mark.parametrize(("inner", "outer"), [(T, F), (F, T), (U, U)])
def test_not_keeps_unknown(inner: Truth, outer: Truth) -> None:
    assert Not(Fixed(inner, "x")).evaluate(CTX).truth is outer


def test_unknown_names_only_the_undecided_parts() -> None:
    outcome = All((Fixed(T, "known"), Fixed(U, "missing-a"), Fixed(U, "missing-b"))).evaluate(CTX)
    assert [m.field for m in outcome.missing] == ["missing-a", "missing-b"]
    assert [e.code for e in outcome.evidence] == ["known", "missing-a", "missing-b"]


def test_false_explains_with_the_failing_parts_only() -> None:
    outcome = All((Fixed(T, "held"), Fixed(F, "failed"))).evaluate(CTX)
    assert outcome.evidence == (Evidence("failed"),)
    true = Any((Fixed(F, "no"), Fixed(T, "yes"))).evaluate(CTX)
    assert true.evidence == (Evidence("yes"),)
