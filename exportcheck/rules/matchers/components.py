"""Tests on an item's `components` (for No. 61 of 2025), UNKNOWN while the file lists none.

* `component: {keyword: [...], element: [...], origin: [...]}`: some component matches every
  criterion given (its description names a keyword; it contains one of the elements; its origin
  is one of the countries). A criterion a component leaves unanswered (no `contains`, no
  `origin`) makes it UNKNOWN, naming the field.
* `value_share: {origin: [CN], elements: [...], keywords: [...], at_least: 0.1}`: the value of
  the components of that origin that contain one of the elements (or name one of the keywords),
  as a percentage of the item's value, reaches the threshold. A qualifying component's value
  counts in full: the rule counts the value of the listed materials in the item, and a
  component's value is an upper bound of that, so the test errs towards a licence.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

from msgspec import Struct

from exportcheck.errors import key_path
from exportcheck.identify.identity import identify
from exportcheck.input.yamlio import YMap
from exportcheck.model.description import Component, Item
from exportcheck.model.evidence import Evidence, Missing
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.rules.matchers.combinators import fold
from exportcheck.rules.matchers.country import countries_arg
from exportcheck.rules.matchers.element import symbols_arg
from exportcheck.vocab.words import WordPattern, word_pattern

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Subject
    from exportcheck.rules.matchers.base import Anchor

COMPONENTS: Anchor = ("components", "")
HUNDRED = Decimal(100)
SHOWN = Decimal("0.001")
"""Shares are shown to three decimals; the comparison uses the exact value."""


class _Criteria(Struct, frozen=True, eq=False):
    """What makes a component count: any listed keyword or element (content), and an origin."""

    keywords: tuple[str, ...]
    symbols: tuple[str, ...]
    origins: tuple[str, ...]
    pattern: WordPattern | None

    def content(self, c: Component) -> Outcome:
        """Does the component name a keyword or contain an element (either, when both given)?"""
        parts: list[Outcome] = []
        if self.pattern is not None:
            found = self.pattern.find(c.description)
            parts.append(
                Outcome(Truth.TRUE, (said("says", found, at=c.place),))
                if found
                else Outcome(Truth.FALSE)
            )
        if self.symbols:
            held = c.composition
            named = identify(c.description).symbols
            hit = [
                s
                for s in self.symbols
                if s in named
                or (held is not None and (held.elements.get(s, 0) > 0 or s in held.present))
            ]
            if hit:
                parts.append(Outcome(Truth.TRUE, (said("contains", ", ".join(hit), at=c.place),)))
            elif held is None or held.unstated > 0:
                missing = Missing(
                    f"{c.place}.contains",
                    unstated=None if held is None else f"{held.unstated.normalize():f}",
                )
                parts.append(Outcome(Truth.UNKNOWN, missing=(missing,)))
            else:
                parts.append(Outcome(Truth.FALSE))
        return fold(parts, Truth.TRUE, Truth.FALSE) if parts else Outcome(Truth.TRUE)

    def origin(self, c: Component) -> Outcome:
        if not self.origins:
            return Outcome(Truth.TRUE)
        if c.origin is None:
            return Outcome(Truth.UNKNOWN, missing=(Missing(f"{c.place}.origin"),))
        truth = Truth.TRUE if c.origin in self.origins else Truth.FALSE
        return Outcome(truth, (said("origin", c.origin, at=c.place),))

    def matches(self, c: Component) -> Outcome:
        return fold([self.content(c), self.origin(c)], Truth.FALSE, Truth.TRUE)


def _criteria(
    m: YMap, path: str, reader: Reader, keyword_key: str, element_key: str
) -> _Criteria | None:
    keywords: tuple[str, ...] = ()
    if keyword_key in m:
        keywords = (
            reader.strings(
                m[keyword_key], reader.mark_of(m, keyword_key), key_path(path, keyword_key)
            )
            or ()
        )
    symbols: tuple[str, ...] = ()
    if element_key in m:
        symbols = (
            symbols_arg(
                m[element_key], reader.mark_of(m, element_key), key_path(path, element_key), reader
            )
            or ()
        )
    origins: tuple[str, ...] = ()
    if "origin" in m:
        origins = (
            countries_arg(
                m["origin"], reader.mark_of(m, "origin"), key_path(path, "origin"), reader
            )
            or ()
        )
    if not (keywords or symbols or origins):
        reader.error(m.mark, path, f"needs at least one of {keyword_key}, {element_key}, origin")
        return None
    return _Criteria(keywords, symbols, origins, word_pattern(keywords) if keywords else None)


def _no_components(ctx: Context) -> Outcome | None:
    if ctx.item.components is None:
        return Outcome(Truth.UNKNOWN, missing=(Missing("components"),))
    return None


def said(code: str, *values: object, at: str = "") -> Evidence:
    """Evidence about a component (the words are ComponentIs's)."""
    return Evidence(f"component.{code}", tuple(str(v) for v in values), at)


WORDING = {
    "says": '{at} says "{0}"',
    "contains": "{at} contains {0}",
    "origin": "{at} origin {0}",
}


class _OnComponents(Leaf, frozen=True, eq=False):
    """A test on components: the subject must list some."""

    reads: ClassVar[frozenset[str]] = frozenset({"components"})

    def anchors(self) -> frozenset[Anchor] | None:
        return frozenset({COMPONENTS})

    @classmethod
    def signals(cls, subject: Subject, listed: Mapping[str, Outcome]) -> Iterable[Anchor]:
        if isinstance(subject, Item) and subject.components is not None:
            return (COMPONENTS,)
        return ()


class ComponentIs(_OnComponents, frozen=True, eq=False):
    criteria: _Criteria
    name = "component"
    wording: ClassVar[Mapping[str, str]] = WORDING

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> ComponentIs | None:
        m = reader.mapping(arg, mark, path)
        if m is None:
            return None
        reader.keys(m, path, ("keyword", "element", "origin"))
        criteria = _criteria(m, path, reader, "keyword", "element")
        return None if criteria is None else cls(criteria)

    def evaluate(self, ctx: Context) -> Outcome:
        unknown = _no_components(ctx)
        if unknown is not None:
            return unknown
        return fold(
            [self.criteria.matches(c) for c in ctx.item.components or ()], Truth.TRUE, Truth.FALSE
        )

    def explain(self) -> str:
        c = self.criteria
        parts = []
        if c.keywords:
            parts.append("named " + " / ".join(c.keywords))
        if c.symbols:
            parts.append("containing " + " or ".join(c.symbols))
        if c.origins:
            parts.append("of origin " + " or ".join(c.origins))
        return "a component " + ", ".join(parts)


class ValueShare(_OnComponents, frozen=True, eq=False):
    criteria: _Criteria
    at_least: Decimal
    name = "value_share"
    reads = frozenset({"components", "value"})
    wording: ClassVar[Mapping[str, str]] = {
        "share": "{0}-origin content {1}% of value ({2} of {3}); threshold {4}%; margin {5} points"
    }

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> ValueShare | None:
        m = reader.mapping(arg, mark, path)
        if m is None:
            return None
        reader.keys(
            m, path, ("origin", "elements", "keywords", "at_least"), required=("origin", "at_least")
        )
        criteria = _criteria(m, path, reader, "keywords", "elements")
        at_least = reader.decimal(m, "at_least", path, maximum=HUNDRED, what="a percentage 0-100")
        if criteria is None or at_least is None:
            return None
        return cls(criteria, at_least)

    def evaluate(self, ctx: Context) -> Outcome:
        unknown = _no_components(ctx)
        if unknown is not None:
            return unknown
        item = ctx.item
        missing: list[Missing] = []
        counted: list[Component] = []
        for c in item.components or ():
            match = self.criteria.matches(c)
            if match.truth is Truth.UNKNOWN:
                missing.extend(match.missing)
            elif match.truth is Truth.TRUE:
                counted.append(c)
        missing.extend(Missing(f"{c.place}.value") for c in counted if c.value is None)
        # a counted component of no value says nothing of its share (a price not filled in)
        missing.extend(
            Missing(f"{c.place}.value", doubt="a value of 0: give the component's value")
            for c in counted
            if c.value == 0
        )
        if item.value is None:
            missing.append(Missing("value"))
        if missing:
            return Outcome(Truth.UNKNOWN, missing=tuple(dict.fromkeys(missing)))
        assert item.value is not None
        content = sum((c.value or Decimal(0) for c in counted), Decimal(0))
        if item.value == 0:
            return Outcome(Truth.UNKNOWN, missing=(Missing("value"),))
        if content > item.value:
            # components worth more than the item: one value is a unit price, the other a
            # line total, or a value is mistyped; no share can be read from them
            doubt = (
                f"its listed components are worth {content}, more than the item's {item.value}: "
                "give both as the value of one item, or both for the whole line"
            )
            return Outcome(Truth.UNKNOWN, missing=(Missing("value", doubt=doubt),))
        share = content / item.value * HUNDRED
        truth = Truth.TRUE if share >= self.at_least else Truth.FALSE  # exact, before rounding
        shown = share.quantize(SHOWN)
        margin = (share - self.at_least).quantize(SHOWN)
        origin = "/".join(self.criteria.origins) or "any"
        evidence = self.said(
            "share", origin, shown, content, item.value, self.at_least, f"{margin:+}"
        )
        return Outcome(truth, (evidence,))

    def explain(self) -> str:
        origin = "/".join(self.criteria.origins)
        return f"{origin}-origin listed content at least {self.at_least}% of value"
