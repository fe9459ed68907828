"""Fail closed, as a property: around every threshold of every bundled rule, the verdict is
never less severe than the truth.

For each rule whose condition is made of parameter thresholds (combined with all/any), a subject
that meets the rule's trigger is built from the rule's own data (an HS prefix, a keyword, an
element, an area). Hypothesis then draws each parameter just below, at, or just above each bound,
far away, or leaves it out. An oracle written here, independent of the engine, says what the
condition is (TRUE, FALSE, or UNKNOWN when a deciding parameter is missing), and the check must
agree: TRUE gives the rule's verdict, UNKNOWN a `review` naming the parameter, and the overall
verdict is at least that severe.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportcheck.check.engine import check
from exportcheck.input.parse import parse_file
from exportcheck.model.description import Description, Subject
from exportcheck.model.verdict import Level
from exportcheck.rules.load import load_rulebook
from exportcheck.rules.matchers.area import AreaIs
from exportcheck.rules.matchers.base import Context, Matcher, Truth
from exportcheck.rules.matchers.combinators import All, Not
from exportcheck.rules.matchers.combinators import Any as AnyOf
from exportcheck.rules.matchers.control_code import ControlCode
from exportcheck.rules.matchers.element import Element
from exportcheck.rules.matchers.hs_code import HsCode
from exportcheck.rules.matchers.keyword import Keyword
from exportcheck.rules.matchers.parameter import ParameterBound
from exportcheck.rules.model import Rule
from exportcheck.rules.window import Status
from exportcheck.vocab.parameters import PARAMETERS

AS_OF = dt.date(2026, 12, 1)
BOOK = load_rulebook()
T, F, U = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN
OPS = {
    "at_least": lambda v, t: v >= t,
    "above": lambda v, t: v > t,
    "at_most": lambda v, t: v <= t,
    "below": lambda v, t: v < t,
}


# -- building a subject that meets the trigger ---------------------------------------------------


def plan(expr: Matcher) -> dict[str, Any] | None:
    """Facts that make `expr` TRUE, or None if this simple planner cannot."""
    if isinstance(expr, All):
        merged: dict[str, Any] = {"words": [], "contains": {}}
        for part in expr.parts:
            sub = plan(part)
            if sub is None:
                return None
            merged["words"] += sub.get("words", [])
            merged["contains"].update(sub.get("contains", {}))
            for key in ("hs_code", "area"):
                if key in sub:
                    merged[key] = sub[key]
        return merged
    if isinstance(expr, AnyOf):
        for part in expr.parts:
            if isinstance(part, ControlCode):
                continue  # a declared code would decide the condition too
            sub = plan(part)
            if sub is not None:
                return sub
        return None
    if isinstance(expr, Not):
        return {}
    if isinstance(expr, HsCode):
        return {"hs_code": expr.prefixes[0].ljust(10, "0")}
    if isinstance(expr, Keyword):
        return {"words": [expr.words[0]]}
    if isinstance(expr, Element):
        return {"contains": {expr.symbols[0]: "1"}}
    if isinstance(expr, AreaIs):
        return {"area": expr.areas[0].value}
    if expr.__class__.__name__ in ("ExporterCountry", "Origin"):
        return {}
    return None


def parameters_of(expr: Matcher) -> list[ParameterBound] | None:
    """The parameter leaves of a condition made only of parameters, control codes and
    keyword tests."""
    found: list[ParameterBound] = []
    for leaf in expr.leaves():
        if isinstance(leaf, ParameterBound):
            found.append(leaf)
        elif not isinstance(leaf, (ControlCode, Keyword)):
            return None
    return found


def oracle(expr: Matcher, values: dict[str, Decimal], text: str) -> Truth:
    """Kleene evaluation of a condition, written independently of the engine: parameters
    against their bounds, keywords as words of the description text, no control code."""
    if isinstance(expr, ParameterBound):
        value = values.get(expr.parameter)
        plausible = PARAMETERS[expr.parameter].plausible
        if value is None or (
            plausible and not Decimal(plausible[0]) <= value <= Decimal(plausible[1])
        ):
            return U  # not stated, or not a value the unit allows: written in another unit?
        return T if all(OPS[b](value, t) for b, t in expr.bounds) else F
    if isinstance(expr, ControlCode):
        return F
    if isinstance(expr, Keyword):
        words = set(text.lower().replace(",", " ").split())
        return T if any(w.lower() in words for w in expr.words) else F
    if isinstance(expr, Not):
        inner = oracle(expr.part, values, text)
        return {T: F, F: T, U: U}[inner]
    results = [oracle(p, values, text) for p in expr.parts]  # type: ignore[attr-defined]
    if isinstance(expr, All):
        return F if F in results else U if U in results else T
    return T if T in results else U if U in results else F


def candidates(rule: Rule) -> list[tuple[Rule, dict[str, Any], list[ParameterBound]]]:
    """The rule with its trigger plan, if the rule is a threshold rule the planner can trigger
    (checked once here, so the property below never has to skip)."""
    if rule.condition is None or rule.status(AS_OF).status is not Status.IN_FORCE:
        return []
    params = parameters_of(rule.condition)
    facts = plan(rule.trigger)
    if not params or facts is None:
        return []
    description = parse_file(describe(rule, facts, {}).encode(), "probe.yaml")
    if rule.trigger.evaluate(Context(description, first_subject(description), AS_OF)).truth is T:
        return [(rule, facts, params)]
    return []


def test_the_property_covers_the_threshold_rules() -> None:
    covered = {rule.id for rule, _, _ in CASES}
    for expected in (
        "mofcom-2025-58:3A001",
        "mofcom-2025-58:3C901.a.1",
        "mofcom-2025-55:2C902.c",
        "mofcom-2023-39:artificial-graphite",
        "mofcom-2024-33:antimony-oxides",
        "mofcom-2025-28:lfp-cathode",
        "mofcom-2025-28:lmfp-cathode",
        "mofcom-2025-58:3E901.a",
    ):
        assert expected in covered
    assert len(covered) >= 20


def describe(rule: Rule, facts: dict[str, Any], values: dict[str, Decimal]) -> str:
    params = ", ".join(f"{k}: {v}" for k, v in values.items())
    words = " ".join(facts.get("words", [])) or "goods"
    if rule.applies_to == "items":
        contains = ", ".join(f"{k}: {v}" for k, v in facts.get("contains", {}).items())
        item = f"description: '{words}', hs_code: '{facts.get('hs_code', '9999')}'"
        if contains:
            item += f", contains: {{{contains}}}"
        if params:
            item += f", parameters: {{{params}}}"
        return textwrap.dedent(f"""\
            kind: shipment
            exporter: {{name: Exporter, country: CN}}
            end_user: {{name: User, country: DE, military: false}}
            items:
              - {{{item}}}
            """)
    subject = f"description: '{words}', area: {facts['area']}"
    if params:
        subject += f", parameters: {{{params}}}"
    return textwrap.dedent(f"""\
        kind: technology_transfer
        exporter: {{name: Exporter, country: CN}}
        recipient: {{name: User, country: DE}}
        {rule.applies_to}:
          - {{{subject}}}
        """)


def first_subject(description: Description) -> Subject:
    return (description.items or description.technologies or description.services)[0]


CASES = [c for rule in BOOK.rules for c in candidates(rule)]


def near(parameter: ParameterBound) -> st.SearchStrategy[Decimal | None]:
    declared = PARAMETERS[parameter.parameter].maximum
    top = Decimal(declared) if declared else Decimal(100000)
    points: list[Decimal] = []
    for _, threshold in parameter.bounds:
        for delta in ("0", "0.001", "-0.001", "1", "-1"):
            points.append(threshold + Decimal(delta))
        points.append(threshold * 10)
    points = [p for p in points if 0 <= p <= top]
    anywhere = st.decimals(0, min(top, Decimal(1000)), places=3)
    return st.one_of(st.none(), st.sampled_from(points), anywhere)


@pytest.mark.parametrize(("rule", "facts", "params"), CASES, ids=[c[0].id for c in CASES])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_never_less_severe_than_the_truth(
    rule: Rule, facts: dict[str, Any], params: list[ParameterBound], data: st.DataObject
) -> None:
    values: dict[str, Decimal] = {}
    for parameter in params:
        value = data.draw(near(parameter), label=parameter.parameter)
        if value is not None:
            values.setdefault(parameter.parameter, value)
    description = parse_file(describe(rule, facts, values).encode(), "property.yaml")
    subject = first_subject(description)
    assert rule.trigger.evaluate(Context(description, subject, AS_OF)).truth is T
    assert rule.condition is not None
    words = " ".join(facts.get("words", []))
    truth = oracle(rule.condition, values, words)
    verdict = check(description, BOOK, AS_OF)
    mine = [f for f in verdict.findings if f.rule == rule.id]
    if truth is T:
        assert [f.level for f in mine] == [rule.level]
        assert verdict.level.rank >= rule.level.rank
    elif truth is U:
        assert [f.level for f in mine] == [Level.REVIEW]
        assert mine[0].missing
        assert verdict.level.rank >= Level.REVIEW.rank
    else:
        assert mine == []
