"""`needs_fact: field`: UNKNOWN while an item field is absent, FALSE once the file gives it.

For signals too broad to decide on alone (an HS heading covering many machines, a rare-earth
compound that names no element), written as `any: [<specific tests>, needs_fact: control_code]`:
a specific match decides; otherwise, if the file does not state the field, the finding is
`review` and names it; if the file states it (a different control code, or `none`), the
exporter's own statement stands and the rule does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from exportcheck.errors import key_path
from exportcheck.model.description import Item
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab.parameters import PARAMETERS

if TYPE_CHECKING:
    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value

FIELDS = (
    "control_code",
    "contains",
    "parameters.<name>",
    "destination",
    "vehicle.<field>",
    "area",
)
VEHICLE_FIELDS = ("powertrain", "vin", "condition", "registration_date")
DESCRIPTION_FIELDS = frozenset({"destination"})
"""Fields of the whole description rather than of the item."""


def _known(field: str) -> bool:
    group, _, name = field.partition(".")
    if group == "parameters":
        return name in PARAMETERS
    if group == "vehicle":
        return name in VEHICLE_FIELDS
    return field in ("control_code", "contains", "destination", "area")


def _given(ctx: Context, field: str) -> bool:
    if field == "destination":
        return ctx.description.destination is not None
    subject = ctx.subject
    if field.startswith("parameters."):
        return field.removeprefix("parameters.") in subject.parameters
    if field == "area":
        return not isinstance(subject, Item) and subject.area is not None
    item: Item = ctx.item
    if field.startswith("vehicle."):
        vehicle = item.vehicle
        return vehicle is not None and getattr(vehicle, field.removeprefix("vehicle.")) is not None
    if field == "control_code":
        return item.control_code is not None
    return item.elements is not None  # contains


@dataclass(frozen=True, eq=False)
class NeedsFact(Leaf):
    field: str
    name = "needs_fact"
    subjects = frozenset({"items", "technologies", "services"})

    def supports(self, kind: str) -> bool:
        group = self.field.partition(".")[0]
        if group in ("destination", "parameters"):
            return True
        if group == "area":
            return kind != "items"
        return kind == "items"

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> NeedsFact | None:
        names = reader.strings(arg, mark, path)
        if names is None:
            return None
        if len(names) != 1 or not _known(names[0]):
            reader.error(mark, path, f"expected one item field, one of {', '.join(FIELDS)}")
            return None
        return cls(names[0])

    def scene(self) -> frozenset[str]:
        return frozenset({self.field}) & DESCRIPTION_FIELDS

    def evaluate(self, ctx: Context) -> Outcome:
        if _given(ctx, self.field):
            return Outcome(Truth.FALSE)
        if self.field in DESCRIPTION_FIELDS:
            return Outcome(Truth.UNKNOWN, missing=(self.field,))
        return Outcome(Truth.UNKNOWN, missing=(key_path(ctx.subject.path, self.field),))

    def explain(self) -> str:
        return f"undecided while {self.field} is not given"
