"""`parameter: {name: ..., at_least|above|at_most|below: number}`: a technical threshold.

Several bounds may be combined (a range). UNKNOWN when the item does not state the parameter:
the rule then needs it, and the finding names `items[n].parameters.<name>`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from exportcheck.errors import key_path
from exportcheck.input.fields import Reader
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab.parameters import PARAMETERS

if TYPE_CHECKING:
    from exportcheck.errors import Mark
    from exportcheck.input.yamlio import Value

BOUNDS: dict[str, tuple[str, str, Callable[[Decimal, Decimal], bool]]] = {
    "at_least": ("≥", "<", operator.ge),
    "above": (">", "≤", operator.gt),
    "at_most": ("≤", ">", operator.le),
    "below": ("<", "≥", operator.lt),
}
"""Bound name -> (symbol when it holds, symbol when it fails, test of value against threshold)."""


@dataclass(frozen=True, eq=False)
class Parameter(Leaf):
    parameter: str
    bounds: tuple[tuple[str, Decimal], ...]
    name = "parameter"
    subjects = frozenset({"items", "technologies", "services"})

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> Parameter | None:
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
        value = ctx.subject.parameters.get(self.parameter)
        if value is None:
            missing = key_path(key_path(ctx.subject.path, "parameters"), self.parameter)
            return Outcome(Truth.UNKNOWN, missing=(missing,))
        unit = PARAMETERS[self.parameter].unit
        for bound, threshold in self.bounds:
            _, negated, holds = BOUNDS[bound]
            if not holds(value, threshold):
                return Outcome(
                    Truth.FALSE,
                    (f"{self.parameter} {value} {negated} {threshold} {unit}",),
                )
        shown = " and ".join(f"{BOUNDS[b][0]} {t}" for b, t in self.bounds)
        return Outcome(Truth.TRUE, (f"{self.parameter} {value} {shown} {unit}",))

    def explain(self) -> str:
        unit = PARAMETERS[self.parameter].unit
        shown = " and ".join(f"{BOUNDS[b][0]} {t}" for b, t in self.bounds)
        return f"{self.parameter} {shown} {unit}"
