"""`may_contain: [Ga, ...]`: nothing the file says excludes the elements.

For tests too broad to decide on alone (an HS heading shared by several metals: 8112.92 is
unwrought gallium, germanium, hafnium, indium, niobium, rhenium and vanadium), written as
`all: [hs_code: [...], may_contain: [Ga]]`: the HS code raises the question only for an item
that may hold the element. TRUE when the item holds one (by its composition or description);
FALSE when its composition is complete without them (terbium under 8112.92 is not gallium), or
when its description names what it is made of (`Dysprosium oxide`, `Sm2Co17`) and none of
them (a family such as NdFeB, whose composition varies, names nothing of the kind); UNKNOWN
otherwise, naming `contains`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from exportcheck.identify.identity import identify
from exportcheck.model.evidence import Missing
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.rules.matchers.element import Element, symbols_arg
from exportcheck.vocab import elements

if TYPE_CHECKING:
    from collections.abc import Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value

CONTAINS = Missing("contains", opens=True)


class MayContain(Leaf, frozen=True, eq=False):
    symbols: tuple[str, ...]
    name = "may_contain"
    reads = frozenset({"contains", "description"})
    wording: ClassVar[Mapping[str, str]] = {
        "none": "contains no {0} (the composition is complete)",
        "other": 'description names {0} ("{1}"), not {2}',
    }

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> MayContain | None:
        symbols = symbols_arg(arg, mark, path, reader)
        return None if symbols is None else cls(symbols)

    def evaluate(self, ctx: Context) -> Outcome:
        held = Element(self.symbols).evaluate(ctx)
        if held.truth is Truth.TRUE:
            return held
        if held.truth is Truth.FALSE:
            wanted = " or ".join(elements.name_of(s) for s in self.symbols)
            return Outcome(Truth.FALSE, (self.said("none", wanted),))
        named = identify(ctx.item.description).substance
        if named:
            wanted = " or ".join(elements.name_of(s) for s in self.symbols)
            shown = ", ".join(elements.name_of(n.symbol) for n in named)
            return Outcome(Truth.FALSE, (self.said("other", shown, named[0].written, wanted),))
        return Outcome(Truth.UNKNOWN, missing=(CONTAINS,))

    def may_open(self, ctx: Context) -> bool:
        return True

    def explain(self) -> str:
        return "may contain " + " or ".join(elements.name_of(s) for s in self.symbols)
