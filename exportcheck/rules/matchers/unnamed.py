"""`unnamed_substance: true`: the item is a material, and nothing says what it is made of.

TRUE when the item gives no composition and no control code, its description (or `form`) says
it is a material (metal, alloy, oxide, powder, target, ... : vocab.forms.MATERIALS) and it
names no element, compound or material the glossary knows ("Alloy targets", "Oxide powder,
99.9 %", "Metal powder"): it could be a listed substance in a listed form, so `no_match` would
be a guess. FALSE, with what names it, otherwise. The HS code does not count: it may raise a
question, never settle what an item is made of.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from exportcheck.identify.identity import identity
from exportcheck.input.fields import describe
from exportcheck.model.description import Item
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab.forms import MATERIALS

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Subject
    from exportcheck.rules.matchers.base import Anchor


UNSTATED: frozenset[tuple[str, str]] = frozenset({("unstated-substance", "")})


@dataclass(frozen=True, eq=False)
class UnnamedSubstance(Leaf):
    name = "unnamed_substance"
    reads = frozenset({"description", "control_code", "contains", "form"})
    wording: ClassVar[Mapping[str, str]] = {
        "unnamed": 'description says "{0}" ({1}) but not what it is made of',
        "by": "what it is made of is given by its {0}",
        "article": "not a material",
    }

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> UnnamedSubstance | None:
        if arg != "true":
            reader.error(mark, path, f"expected true, found {describe(arg)}")
            return None
        return cls()

    def evaluate(self, ctx: Context) -> Outcome:
        item = ctx.item
        if item.composition is not None:
            return Outcome(Truth.FALSE, (self.said("by", "composition"),))
        if item.control_code is not None:
            return Outcome(Truth.FALSE, (self.said("by", "control code"),))
        known = identity(item)
        if known.named or known.terms:
            return Outcome(Truth.FALSE, (self.said("by", "description"),))
        material = next(((m, w) for m, w in known.forms if m in MATERIALS), None)
        if material is None or any(m not in MATERIALS for m, _ in known.forms[:1]):
            return Outcome(Truth.FALSE, (self.said("article"),))
        form, written = material
        return Outcome(Truth.TRUE, (self.said("unnamed", written, form),))

    def anchors(self) -> frozenset[Anchor] | None:
        return UNSTATED

    @classmethod
    def signals(cls, subject: Subject, listed: Mapping[str, Outcome]) -> Iterable[Anchor]:
        """Only an item that states neither its composition nor its control code."""
        if isinstance(subject, Item) and not (subject.composition or subject.control_code):
            return UNSTATED
        return ()

    def explain(self) -> str:
        return "a material whose substance nothing names"
