"""Vehicle tests, on an item's `vehicle` block. Each is UNKNOWN when the fact it reads is not
given, naming `items[n].vehicle.<field>`, so a car the file does not describe is review.

* `powertrain: [bev, phev, ...]`
* `vehicle_condition: [new | used]`
* `has_vin: true` (FALSE for `vin: none`)
* `registered_within_days: N`: registered at most N days before the check date (inclusive)
* `after_sales_confirmation: true`: the manufacturer's after-sales service confirmation is held
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from exportcheck.errors import key_path
from exportcheck.input.fields import describe
from exportcheck.model.description import NO_VIN, Condition, Item, Powertrain, Stated
from exportcheck.model.evidence import Missing
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth, flag

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Subject
    from exportcheck.rules.matchers.base import Anchor

POWERTRAINS = {p.value: p for p in Powertrain}
CONDITIONS = {c.value: c for c in Condition}


def _missing(field: str) -> Outcome:
    return Outcome(Truth.UNKNOWN, missing=(Missing(key_path("vehicle", field)),))


VEHICLE_ANCHOR: tuple[str, str] = ("vehicle", "")
VEHICLE = frozenset({VEHICLE_ANCHOR})


class _VehicleLeaf(Leaf, frozen=True, eq=False):
    reads: ClassVar[frozenset[str]] = frozenset({"vehicle"})

    def anchors(self) -> frozenset[Anchor] | None:
        return VEHICLE  # TRUE only for an item that says it is a vehicle

    @classmethod
    def signals(cls, subject: Subject, listed: Mapping[str, Outcome]) -> Iterable[Anchor]:
        return [VEHICLE_ANCHOR] if isinstance(subject, Item) and subject.vehicle else ()


class PowertrainIs(_VehicleLeaf, frozen=True, eq=False):
    powertrains: tuple[Powertrain, ...]
    name = "powertrain"
    wording: ClassVar[Mapping[str, str]] = {"is": "powertrain {0}"}

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> PowertrainIs | None:
        names = reader.strings(arg, mark, path)
        if names is None:
            return None
        bad = [n for n in names if n not in POWERTRAINS]
        if bad:
            reader.error(
                mark, path, f"unknown powertrain {', '.join(bad)} ({' | '.join(POWERTRAINS)})"
            )
            return None
        return cls(tuple(POWERTRAINS[n] for n in names))

    def evaluate(self, ctx: Context) -> Outcome:
        vehicle = ctx.item.vehicle
        if vehicle is None or vehicle.powertrain is None:
            return _missing("powertrain")
        truth = Truth.TRUE if vehicle.powertrain in self.powertrains else Truth.FALSE
        return Outcome(truth, (self.said("is", vehicle.powertrain.value),))

    def explain(self) -> str:
        return "powertrain " + " or ".join(p.value for p in self.powertrains)


class ConditionIs(_VehicleLeaf, frozen=True, eq=False):
    condition: Condition
    name = "vehicle_condition"
    wording: ClassVar[Mapping[str, str]] = {"is": "{0} vehicle"}

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> ConditionIs | None:
        if not isinstance(arg, str) or arg not in CONDITIONS:
            reader.error(mark, path, f"expected new or used, found {describe(arg)}")
            return None
        return cls(CONDITIONS[arg])

    def evaluate(self, ctx: Context) -> Outcome:
        vehicle = ctx.item.vehicle
        if vehicle is None or vehicle.condition is None:
            return _missing("condition")
        truth = Truth.TRUE if vehicle.condition is self.condition else Truth.FALSE
        return Outcome(truth, (self.said("is", vehicle.condition.value),))

    def explain(self) -> str:
        return f"{self.condition.value} vehicle"


class HasVin(_VehicleLeaf, frozen=True, eq=False):
    name = "has_vin"
    wording: ClassVar[Mapping[str, str]] = {"is": "VIN {0}", "none": "no VIN"}

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> HasVin | None:
        return cls() if flag(arg, mark, path, reader) else None

    def evaluate(self, ctx: Context) -> Outcome:
        vehicle = ctx.item.vehicle
        if vehicle is None or vehicle.vin is None:
            return _missing("vin")
        if vehicle.vin == NO_VIN:
            return Outcome(Truth.FALSE, (self.said("none"),))
        return Outcome(Truth.TRUE, (self.said("is", vehicle.vin),))

    def explain(self) -> str:
        return "has a VIN"


class RegisteredWithin(_VehicleLeaf, frozen=True, eq=False):
    days: int
    name = "registered_within_days"
    wording: ClassVar[Mapping[str, str]] = {
        "within": "registered {0} days before {1} (≤ {2})",
        "before": "registered {0} days before {1} (> {2})",
    }

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> RegisteredWithin | None:
        if not isinstance(arg, str) or not arg.isdigit():
            reader.error(mark, path, f"expected a whole number of days, found {describe(arg)}")
            return None
        return cls(int(arg))

    def evaluate(self, ctx: Context) -> Outcome:
        vehicle = ctx.item.vehicle
        if vehicle is None or vehicle.registration_date is None:
            return _missing("registration_date")
        days = (ctx.as_of - vehicle.registration_date).days
        if days <= self.days:
            return Outcome(Truth.TRUE, (self.said("within", days, ctx.as_of, self.days),))
        return Outcome(Truth.FALSE, (self.said("before", days, ctx.as_of, self.days),))

    def explain(self) -> str:
        return f"registered at most {self.days} days before export"


class AfterSalesConfirmation(_VehicleLeaf, frozen=True, eq=False):
    name = "after_sales_confirmation"
    wording: ClassVar[Mapping[str, str]] = {
        "held": "after-sales service confirmation held",
        "none": "no after-sales service confirmation",
    }

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> AfterSalesConfirmation | None:
        return cls() if flag(arg, mark, path, reader) else None

    def evaluate(self, ctx: Context) -> Outcome:
        vehicle = ctx.item.vehicle
        stated = vehicle.after_sales_confirmation if vehicle else Stated.UNKNOWN
        if stated is Stated.TRUE:
            return Outcome(Truth.TRUE, (self.said("held"),))
        if stated is Stated.FALSE:
            return Outcome(Truth.FALSE, (self.said("none"),))
        return _missing("after_sales_confirmation")

    def explain(self) -> str:
        return "manufacturer's after-sales service confirmation held"
