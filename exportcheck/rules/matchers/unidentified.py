"""`unidentified: true`: nothing in the file says what the item is.

TRUE when the item gives no HS code, control code, composition or form, and its description
names no element, compound, material, product or form the glossary knows (identify.identity):
an item written as "Sample lot 7" could be any listed item, so `no_match` would be a guess.
FALSE, with what identifies it, otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from exportcheck.identify.identity import identity
from exportcheck.model.description import Item
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth, flag

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Subject
    from exportcheck.rules.matchers.base import Anchor, Outcome


BARE: frozenset[tuple[str, str]] = frozenset({("bare", "")})


class Unidentified(Leaf, frozen=True, eq=False):
    name = "unidentified"
    reads = frozenset({"description", "hs_code", "control_code", "contains", "form"})
    wording: ClassVar[Mapping[str, str]] = {
        "nothing": "nothing identifies the item",
        "by": "identified by its {0}",
    }

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> Unidentified | None:
        return cls() if flag(arg, mark, path, reader) else None

    def evaluate(self, ctx: Context) -> Outcome:
        item = ctx.item
        given = {
            "HS code": item.hs_code,
            "control code": item.control_code,
            "composition": item.composition,
            "form": item.form,
        }
        for what, value in given.items():
            if value is not None:
                return Outcome(Truth.FALSE, (self.said("by", what),))
        known = identity(item)
        if known.named or known.forms or known.glosses:
            return Outcome(Truth.FALSE, (self.said("by", "description"),))
        return Outcome(Truth.TRUE, (self.said("nothing"),))

    def anchors(self) -> frozenset[Anchor] | None:
        return BARE

    @classmethod
    def signals(cls, subject: Subject, listed: Mapping[str, Outcome]) -> Iterable[Anchor]:
        """Only an item that gives none of the structured facts can be unidentified."""
        if isinstance(subject, Item) and not (
            subject.hs_code or subject.control_code or subject.composition or subject.form
        ):
            return BARE
        return ()

    def explain(self) -> str:
        return "nothing identifies the item"
