"""`element: [symbol or name, ...]`: the item contains one of the elements (mass share above 0).

With a threshold, `element: {any_of: [W], at_least: 97}`: one of the elements makes up at least
that mass percentage. UNKNOWN when the item has no `contains` at all: the rule then needs the
composition to decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from exportcheck.input.yamlio import YMap
from exportcheck.model.description import Item
from exportcheck.model.evidence import Missing
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab import elements

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Subject
    from exportcheck.rules.matchers.base import Anchor, Query

CONTAINS = Missing("contains")


def symbols_arg(arg: Value, mark: Mark | None, path: str, reader: Reader) -> tuple[str, ...] | None:
    """Element symbols from ruleset data given as symbols or names."""
    names = reader.strings(arg, mark, path)
    if names is None:
        return None
    symbols = []
    for text in names:
        symbol = elements.symbol_of(text)
        if symbol is None:
            reader.error(mark, path, f"{text!r} is not a chemical element")
            return None
        symbols.append(symbol)
    return tuple(symbols)


@dataclass(frozen=True, eq=False)
class Element(Leaf):
    symbols: tuple[str, ...]
    at_least: Decimal | None = None
    """Mass %: the element must make up at least this share (None: any share above 0)."""
    name = "element"
    reads = frozenset({"contains"})
    wording: ClassVar[Mapping[str, str]] = {
        "contains": "contains {0} ({1}%)",
        "none": "contains no {0}",
        "below": "{0} < {1}%",
    }

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> Element | None:
        at_least = None
        if isinstance(arg, YMap):
            reader.keys(arg, path, ("any_of", "at_least"), required=("any_of", "at_least"))
            at_least = reader.decimal(
                arg, "at_least", path, maximum=Decimal(100), what="a mass percentage 0-100"
            )
            if at_least is None:
                return None
            mark, arg = reader.mark_of(arg, "any_of"), arg.get("any_of")
        symbols = symbols_arg(arg, mark, path, reader)
        if symbols is None:
            return None
        return cls(symbols, at_least)

    def evaluate(self, ctx: Context) -> Outcome:
        contained = ctx.item.elements
        if contained is None:
            return Outcome(Truth.UNKNOWN, missing=(CONTAINS,))
        minimum = self.at_least
        found = [
            self.said("contains", elements.name_of(s), contained[s])
            for s in self.symbols
            if (contained.get(s, 0) >= minimum if minimum is not None else contained.get(s, 0) > 0)
        ]
        if found:
            return Outcome(Truth.TRUE, tuple(found))
        wanted = " or ".join(elements.name_of(s) for s in self.symbols)
        if minimum is None:
            return Outcome(Truth.FALSE, (self.said("none", wanted),))
        given = ", ".join(f"{elements.name_of(s)} {contained.get(s, 0)}%" for s in self.symbols)
        return Outcome(Truth.FALSE, (self.said("below", given, minimum),))

    def anchors(self) -> frozenset[Anchor] | None:
        if self.at_least is not None and self.at_least <= 0:
            return None  # TRUE even for an element the item does not contain
        return frozenset(("el", s) for s in self.symbols)

    @classmethod
    def signals(cls, subject: Subject, listed: Mapping[str, Outcome]) -> Iterable[Anchor]:
        if isinstance(subject, Item) and subject.elements:
            return [("el", s) for s, share in subject.elements.items() if share > 0]
        return ()

    def terms(self, query: Query) -> Iterable[str]:
        if query.symbol in self.symbols:
            return (f"contains {elements.name_of(query.symbol)}",)
        return ()

    def explain(self) -> str:
        names = " or ".join(elements.name_of(s) for s in self.symbols)
        if self.at_least is None:
            return "contains " + names
        return f"contains at least {self.at_least}% {names}"
