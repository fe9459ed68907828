"""`element: [symbol or name, ...]`: the item contains one of the elements (mass share above 0).

UNKNOWN when the item has no `contains` at all: the rule then needs the composition to decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from exportcheck import elements
from exportcheck.errors import key_path
from exportcheck.matchers.base import Context, Leaf, Outcome, Truth

if TYPE_CHECKING:
    from exportcheck.errors import Mark
    from exportcheck.fields import Reader
    from exportcheck.yamlio import Value


@dataclass(frozen=True, slots=True)
class Element(Leaf):
    symbols: tuple[str, ...]
    name = "element"

    @classmethod
    def compile(cls, arg: Value, mark: Mark, path: str, reader: Reader) -> Element | None:
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
        return cls(tuple(symbols))

    def evaluate(self, ctx: Context) -> Outcome:
        contained = ctx.item.elements
        if contained is None:
            return Outcome(
                Truth.UNKNOWN,
                missing=(key_path(ctx.item.path, "contains"),),
            )
        found = [
            f"contains {elements.name_of(s)} ({contained[s]}%)"
            for s in self.symbols
            if contained.get(s, 0) > 0
        ]
        if found:
            return Outcome(Truth.TRUE, tuple(found))
        wanted = " or ".join(elements.name_of(s) for s in self.symbols)
        return Outcome(Truth.FALSE, (f"contains no {wanted}",))

    def explain(self) -> str:
        return "contains " + " or ".join(elements.name_of(s) for s in self.symbols)
