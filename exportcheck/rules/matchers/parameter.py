"""`parameter: {name: ..., at_least|above|at_most|below: number}`: a technical threshold.

Several bounds may be combined (a range). The value is the subject's `parameters`, else what
its description states in a unit that stands for the parameter (identify.stated: `320 Wh/kg`).
UNKNOWN when neither gives it: the rule then needs it, and the finding names
`items[n].parameters.<name>`; UNKNOWN too when the value is outside what the unit makes
plausible (0.32 Wh/kg for a cell of 320 Wh/kg), when the description gives it only with a
qualifier or as a range (`up to 320 Wh/kg`), or when the description states a value on the
other side of the threshold from the given one: the finding names what is in doubt, and a
corrected value settles it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from exportcheck.errors import key_path
from exportcheck.identify.stated import stated
from exportcheck.model.evidence import Missing
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab.parameters import PARAMETERS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value

BOUNDS: dict[str, tuple[str, str, Callable[[Decimal, Decimal], bool]]] = {
    "at_least": ("≥", "<", operator.ge),
    "above": (">", "≤", operator.gt),
    "at_most": ("≤", ">", operator.le),
    "below": ("<", "≥", operator.lt),
}
"""Bound name -> (symbol when it holds, symbol when it fails, test of value against threshold)."""


class ParameterBound(Leaf, frozen=True, eq=False):
    parameter: str
    bounds: tuple[tuple[str, Decimal], ...]
    name = "parameter"
    subjects = frozenset({"items", "technologies", "services"})
    reads = frozenset({"parameters", "description"})
    reads_words = True  # a value the description states (identify.stated)
    wording: ClassVar[Mapping[str, str]] = {
        "holds": "{0} {1} {2} {3}",
        "fails": "{0} {1} {2} {3} {4}",
        "said_holds": 'description says "{4}": {0} {1} {2} {3}',
        "said_fails": 'description says "{5}": {0} {1} {2} {3} {4}',
    }

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> ParameterBound | None:
        m = reader.mapping(arg, mark, path)
        if m is None:
            return None
        reader.keys(m, path, ("name", *BOUNDS), required=("name",))
        name = reader.text(m, "name", path)
        if name is not None and name not in PARAMETERS:
            reader.error(reader.mark_of(m, "name"), f"{path}.name", f"unknown parameter {name!r}")
            return None
        bounds = []
        for bound in BOUNDS:
            value = reader.decimal(m, bound, path, minimum=None, what="a threshold")
            if value is not None:
                bounds.append((bound, value))
        if not bounds:
            reader.error(m.mark, path, f"needs at least one of {', '.join(BOUNDS)}")
            return None
        if name is None:
            return None
        return cls(name, tuple(bounds))

    def evaluate(self, ctx: Context) -> Outcome:
        subject = ctx.described
        given = subject.parameters.get(self.parameter)
        said = stated(subject.description).get(self.parameter)
        field = key_path("parameters", self.parameter)
        unit = PARAMETERS[self.parameter].unit
        if given is None:
            if said is None:
                return Outcome(Truth.UNKNOWN, missing=(Missing(field),))
            if said.value is None:
                doubt = f'the description says "{said.written}": give the value'
                return Outcome(Truth.UNKNOWN, missing=(Missing(field, doubt=doubt),))
            return self._judged(said.value, field, said.written)
        outcome = self._judged(given, field, None)
        if said is not None and said.value is not None and said.value != given:
            other = self._judged(said.value, field, said.written)
            if other.truth is not outcome.truth:
                doubt = (
                    f'the description says "{said.written}", {field} is {given} {unit}: '
                    "correct the one that is wrong"
                )
                return Outcome(Truth.UNKNOWN, missing=(Missing(field, doubt=doubt),))
        return outcome

    def _judged(self, value: Decimal, field: str, written: str | None) -> Outcome:
        """The test on one value (`written`: the description's words that state it)."""
        known = PARAMETERS[self.parameter]
        unit = known.unit
        if known.implausible(value):
            low, high = known.plausible or ("", "")
            doubt = (
                f"{value} {unit} is outside the plausible {low} to {high} {unit}: check the unit"
            )
            return Outcome(Truth.UNKNOWN, missing=(Missing(field, doubt=doubt),))
        said = () if written is None else (written,)
        prefix = "" if written is None else "said_"
        for bound, threshold in self.bounds:
            _, negated, holds = BOUNDS[bound]
            if not holds(value, threshold):
                evidence = self.said(
                    prefix + "fails", self.parameter, value, negated, threshold, unit, *said
                )
                return Outcome(Truth.FALSE, (evidence,))
        shown = " and ".join(f"{BOUNDS[b][0]} {t}" for b, t in self.bounds)
        evidence = self.said(prefix + "holds", self.parameter, value, shown, unit, *said)
        return Outcome(Truth.TRUE, (evidence,))

    def explain(self) -> str:
        unit = PARAMETERS[self.parameter].unit
        shown = " and ".join(f"{BOUNDS[b][0]} {t}" for b, t in self.bounds)
        return f"{self.parameter} {shown} {unit}"
