"""`element: [symbol or name, ...]`: the item holds one of the elements.

TRUE when the composition gives it a share above 0 (or a family in it holds it), or the
description names it (`Dysprosium oxide`, `氧化镝`, `Dy₂O₃`, `Dy 4 %`; identify.identity).
With a threshold, `element: {any_of: [W], at_least: 97}`: one of the elements makes up at least
that mass percentage, by the composition or a share the description states.

FALSE only on positive evidence: a complete composition without the element, or one whose
stated share plus everything it leaves unknown stays below the threshold. Otherwise UNKNOWN,
naming `contains` and the share the composition leaves unknown: a composition that adds up to
88.5 % cannot exclude 11.5 % of dysprosium.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from exportcheck.identify.identity import identify
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
    from exportcheck.model.description import Composition, Subject
    from exportcheck.model.evidence import Evidence
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


def unknown_share(composition: Composition) -> Missing:
    """The composition, as the fact that would decide, with the share it leaves unknown."""
    return Missing("contains", unstated=f"{composition.unstated.normalize():f}", opens=True)


class Element(Leaf, frozen=True, eq=False):
    symbols: tuple[str, ...]
    at_least: Decimal | None = None
    """Mass %: the element must make up at least this share (None: any share above 0)."""
    name = "element"
    reads = frozenset({"contains", "description"})
    wording: ClassVar[Mapping[str, str]] = {
        "contains": "contains {0} ({1}%)",
        "converted": "contains {0} ({1}%, from {2} by its formula)",
        "family": "contains {0} (in {1})",
        "named": 'description names {0} ("{1}")',
        "named_share": 'description gives {0} {1}% ("{2}")',
        "none": "contains no {0} (the composition is complete)",
        "below": "{0} < {1}% even with what the composition leaves unknown",
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

    def _reaches(self, share: Decimal | None) -> bool:
        if share is None:
            return False
        return share >= self.at_least if self.at_least is not None else share > 0

    def _found(self, item: Item, symbol: str) -> Evidence | None:
        composition = item.composition
        name = elements.name_of(symbol)
        if composition is not None:
            share = composition.elements.get(symbol)
            if self._reaches(share):
                source = next(
                    (c for c in composition.converted if any(s == symbol for s, _ in c.shares)),
                    None,
                )
                if source is not None:
                    return self.said("converted", name, f"{share:f}", source.written)
                return self.said("contains", name, f"{share:f}")
            if self.at_least is None and symbol in composition.present:
                family = next(c.written for c in composition.converted if symbol in c.present)
                return self.said("family", name, family)
        known = identify(item.description)
        named = known.names(symbol)
        if named is not None and named.family and not _spelled(symbol, known.terms):
            named = None  # a family (NdFeB, heavy alloy) says what it is, not what it holds
        if named is not None:
            if named.share is not None and self._reaches(named.share):
                return self.said("named_share", name, f"{named.share:f}", named.written)
            if self.at_least is None:
                return self.said("named", name, named.written)
        return None

    def evaluate(self, ctx: Context) -> Outcome:
        item = ctx.item
        found = [e for e in (self._found(item, s) for s in self.symbols) if e is not None]
        if found:
            return Outcome(Truth.TRUE, tuple(found))
        composition = item.composition
        if composition is None:
            return Outcome(Truth.UNKNOWN, missing=(CONTAINS,))
        unknown = composition.unstated
        wanted = " or ".join(elements.name_of(s) for s in self.symbols)
        if self.at_least is None:
            if unknown == 0:
                return Outcome(Truth.FALSE, (self.said("none", wanted),))
            return Outcome(Truth.UNKNOWN, missing=(unknown_share(composition),))
        best = max(composition.elements.get(s, Decimal(0)) for s in self.symbols) + unknown
        if best < self.at_least:
            given = ", ".join(
                f"{elements.name_of(s)} {composition.elements.get(s, Decimal(0)):f}%"
                for s in self.symbols
            )
            return Outcome(Truth.FALSE, (self.said("below", given, self.at_least),))
        return Outcome(Truth.UNKNOWN, missing=(unknown_share(composition),))

    def may_open(self, ctx: Context) -> bool:
        composition = ctx.item.composition
        return composition is not None and composition.unstated > 0

    def anchors(self) -> frozenset[Anchor] | None:
        if self.at_least is not None and self.at_least <= 0:
            return None  # TRUE even for an element the item does not contain
        return frozenset(("el", s) for s in self.symbols)

    @classmethod
    def signals(cls, subject: Subject, listed: Mapping[str, Outcome]) -> Iterable[Anchor]:
        if not isinstance(subject, Item):
            return ()
        held = set(identify(subject.description).symbols)
        composition = subject.composition
        if composition is not None and composition.unstated > 0:
            return [("el", s) for s in elements.NAMES]  # the unknown share may hold any
        if composition is not None:
            held.update(s for s, share in composition.elements.items() if share > 0)
            held.update(composition.present)
        return [("el", s) for s in sorted(held)]

    def terms(self, query: Query) -> Iterable[str]:
        if query.symbol in self.symbols:
            return (f"contains {elements.name_of(query.symbol)}",)
        return ()

    def explain(self) -> str:
        names = " or ".join(elements.name_of(s) for s in self.symbols)
        if self.at_least is None:
            return "contains " + names
        return f"contains at least {self.at_least}% {names}"


def _spelled(symbol: str, terms: tuple[str, ...]) -> bool:
    """Whether a material the description names spells the element in its own name: TbDyFe
    (Terfenol-D, テルフェノール) holds terbium and dysprosium by definition, while NdFeB says
    nothing of the dysprosium it may hold."""
    return any(symbol in _SYMBOLS.findall(term) for term in terms)


_SYMBOLS = re.compile(r"[A-Z][a-z]?")
