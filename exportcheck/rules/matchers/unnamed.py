"""`unnamed_substance: true`: the item is a material, and nothing says what it is made of.

TRUE when the item gives no composition and no control code, its description (or `form`) says
it is a material (metal, alloy, oxide, powder, target, ... : vocab.forms.MATERIALS) and it
names no element, compound or material the glossary knows ("Alloy targets", "Oxide powder,
99.9 %", "Metal powder"): it could be a listed substance in a listed form, so `no_match` would
be a guess. FALSE, with what names it, otherwise. The HS code does not count: it may raise a
question, never settle what an item is made of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from exportcheck.identify.identity import identity
from exportcheck.model.description import Item
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth, flag
from exportcheck.vocab.forms import MATERIALS
from exportcheck.vocab.text import fold

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Subject
    from exportcheck.rules.matchers.base import Anchor


UNSTATED: frozenset[tuple[str, str]] = frozenset({("unstated-substance", "")})
CARRIERS = ("backing", "back plate", "backplate", "crucible", "container", "packaging", "spool")
"""Words after an element's name that make it what holds the item, not what it is made of
(`targets bonded to Cu backing plate`)."""


PRODUCTS = frozenset({"sputtering target"})
"""Glossary terms that say what an item is for, not what it is made of."""


def _carrier(folded: str, written: str) -> bool:
    at = folded.find(written)
    if at < 0:
        return False
    if any(word in written for word in CARRIERS):
        return True  # the symbol was read with the word after it (`Cu backing`)
    return folded[at + len(written) :].lstrip(" -").startswith(CARRIERS)


class UnnamedSubstance(Leaf, frozen=True, eq=False):
    name = "unnamed_substance"
    reads = frozenset({"description", "control_code", "contains", "form"})
    reads_words = True  # the words after a symbol (`Cu backing`)
    wording: ClassVar[Mapping[str, str]] = {
        "unnamed": 'description says "{0}" ({1}) but not what it is made of',
        "by": "what it is made of is given by its {0}",
        "article": "not a material",
    }

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> UnnamedSubstance | None:
        return cls() if flag(arg, mark, path, reader) else None

    def evaluate(self, ctx: Context) -> Outcome:
        item = ctx.item
        if item.composition is not None:
            return Outcome(Truth.FALSE, (self.said("by", "composition"),))
        if item.control_code is not None:
            return Outcome(Truth.FALSE, (self.said("by", "control code"),))
        known = identity(item)
        folded = fold(item.description)
        made_of = [n for n in known.named if not _carrier(folded, fold(n.written))]
        if made_of or any(t not in PRODUCTS for t in known.terms):
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
