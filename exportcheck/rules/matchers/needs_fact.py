"""`needs_fact: field`: UNKNOWN while a fact is not given, FALSE once the file gives it.

For signals too broad to decide on alone (an HS heading covering many machines, a rare-earth
compound that names no element), written as `any: [<specific tests>, needs_fact: control_code]`:
a specific match decides; otherwise, if the file does not state the field, the finding is
`review` and names it; if the file states it (a different control code, or `none`), the
exporter's own statement stands and the rule does not apply. The facts it may ask for are
identify.facts.ASKABLE.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exportcheck.identify.facts import ASKABLE, FACTS, given
from exportcheck.model.evidence import Missing
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab.parameters import PARAMETERS

if TYPE_CHECKING:
    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value

VEHICLE_FIELDS = ("powertrain", "vin", "condition", "registration_date")


def _known(field: str) -> bool:
    group, _, name = field.partition(".")
    if group == "parameters":
        return name in PARAMETERS
    if group == "vehicle":
        return name in VEHICLE_FIELDS
    return field in ASKABLE


class NeedsFact(Leaf, frozen=True, eq=False):
    field: str
    name = "needs_fact"
    subjects = frozenset({"items", "technologies", "services"})
    reads = frozenset(FACTS)
    """Any fact: each test reads only the one it asks for (`facts`)."""

    @property
    def fact(self) -> str:
        return self.field.partition(".")[0]

    def supports(self, kind: str) -> bool:
        return kind in FACTS[self.fact].subjects

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> NeedsFact | None:
        names = reader.strings(arg, mark, path)
        if names is None:
            return None
        if len(names) != 1 or not _known(names[0]):
            reader.error(mark, path, f"expected one item field, one of {', '.join(ASKABLE)}")
            return None
        return cls(names[0])

    def facts(self) -> frozenset[str]:
        if self.fact == "form":
            return frozenset({"form", "description", "contains"})
        return frozenset({self.fact})

    def evaluate(self, ctx: Context) -> Outcome:
        if given(self.field, ctx.description, ctx.described):
            return Outcome(Truth.FALSE)
        # Asked beside a test that raised the question: it opens the rule (Missing.opens).
        wanted = Missing(self.field, whole=FACTS[self.fact].whole, opens=True)
        return Outcome(Truth.UNKNOWN, missing=(wanted,))

    def may_open(self, ctx: Context) -> bool:
        return True

    def explain(self) -> str:
        return f"undecided while {self.field} is not given"
