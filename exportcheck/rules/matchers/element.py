"""`element: [symbol or name, ...]`: the item contains one of the elements (mass share above 0).

With a threshold, `element: {any_of: [W], at_least: 97}`: one of the elements makes up at least
that mass percentage. UNKNOWN when the item has no `contains` at all: the rule then needs the
composition to decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from exportcheck.errors import key_path
from exportcheck.input.yamlio import YMap
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab import elements

if TYPE_CHECKING:
    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value


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
            return Outcome(
                Truth.UNKNOWN,
                missing=(key_path(ctx.item.path, "contains"),),
            )
        minimum = self.at_least
        found = [
            f"contains {elements.name_of(s)} ({contained[s]}%)"
            for s in self.symbols
            if (contained.get(s, 0) >= minimum if minimum is not None else contained.get(s, 0) > 0)
        ]
        if found:
            return Outcome(Truth.TRUE, tuple(found))
        wanted = " or ".join(elements.name_of(s) for s in self.symbols)
        if minimum is None:
            return Outcome(Truth.FALSE, (f"contains no {wanted}",))
        given = ", ".join(f"{elements.name_of(s)} {contained.get(s, 0)}%" for s in self.symbols)
        return Outcome(Truth.FALSE, (f"{given} < {minimum}%",))

    def explain(self) -> str:
        names = " or ".join(elements.name_of(s) for s in self.symbols)
        if self.at_least is None:
            return "contains " + names
        return f"contains at least {self.at_least}% {names}"
