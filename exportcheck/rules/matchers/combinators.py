"""`all`, `any` and `not`: Kleene three-valued combinations of other matchers."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import msgspec.structs

from exportcheck.rules.matchers.base import Matcher, Outcome, Truth

if TYPE_CHECKING:
    from collections.abc import Iterator

    from exportcheck.rules.matchers.base import Anchor, Context, Leaf

T = TypeVar("T")


def _join(parts: list[tuple[T, ...]]) -> tuple[T, ...]:
    seen: dict[T, None] = {}
    for part in parts:
        for text in part:
            seen.setdefault(text, None)
    return tuple(seen)


def fold(outcomes: list[Outcome], decisive: Truth, otherwise: Truth) -> Outcome:
    """Kleene fold: any `decisive` part decides (all: FALSE, any: TRUE); else UNKNOWN if any
    part is UNKNOWN; else `otherwise`. Evidence: the deciding parts', else every part's."""
    deciding = [o for o in outcomes if o.truth is decisive]
    if deciding:
        return Outcome(decisive, _join([o.evidence for o in deciding]))
    evidence = _join([o.evidence for o in outcomes])
    unknown = [o for o in outcomes if o.truth is Truth.UNKNOWN]
    if not unknown:
        return Outcome(otherwise, evidence)
    missing = _join([o.missing for o in unknown])
    if decisive is Truth.FALSE and not all(any(m.opens for m in o.missing) for o in unknown):
        # all(...) waits on a fact the file does not touch: it opens nothing (Missing.opens).
        missing = tuple(msgspec.structs.replace(m, opens=False) for m in missing)
    return Outcome(Truth.UNKNOWN, evidence, missing)


class All(Matcher, frozen=True, eq=False):
    parts: tuple[Matcher, ...]

    def evaluate(self, ctx: Context) -> Outcome:
        return fold([p.evaluate(ctx) for p in self.parts], Truth.FALSE, Truth.TRUE)

    def truth(self, ctx: Context) -> Truth:
        unknown = False
        for part in self.parts:
            truth = part.truth(ctx)
            if truth is Truth.FALSE:
                return Truth.FALSE
            unknown = unknown or truth is Truth.UNKNOWN
        return Truth.UNKNOWN if unknown else Truth.TRUE

    def explain(self) -> str:
        return "all of (" + "; ".join(p.explain() for p in self.parts) + ")"

    def anchors(self) -> frozenset[Anchor] | None:
        """Those of the part with the fewest: each part must be TRUE."""
        options = [a for a in (p.anchors() for p in self.parts) if a is not None]
        return min(options, key=len) if options else None

    def leaves(self) -> Iterator[Leaf]:
        for part in self.parts:
            yield from part.leaves()

    def affirmed(self) -> Iterator[Leaf]:
        for part in self.parts:
            yield from part.affirmed()


class Any(Matcher, frozen=True, eq=False):
    parts: tuple[Matcher, ...]

    def evaluate(self, ctx: Context) -> Outcome:
        return fold([p.evaluate(ctx) for p in self.parts], Truth.TRUE, Truth.FALSE)

    def truth(self, ctx: Context) -> Truth:
        unknown = False
        for part in self.parts:
            truth = part.truth(ctx)
            if truth is Truth.TRUE:
                return Truth.TRUE
            unknown = unknown or truth is Truth.UNKNOWN
        return Truth.UNKNOWN if unknown else Truth.FALSE

    def explain(self) -> str:
        return "any of (" + "; ".join(p.explain() for p in self.parts) + ")"

    def anchors(self) -> frozenset[Anchor] | None:
        """Every part's: any part may be the one TRUE; none if a part has none."""
        found: set[Anchor] = set()
        for part in self.parts:
            sub = part.anchors()
            if sub is None:
                return None
            found |= sub
        return frozenset(found)

    def leaves(self) -> Iterator[Leaf]:
        for part in self.parts:
            yield from part.leaves()

    def affirmed(self) -> Iterator[Leaf]:
        for part in self.parts:
            yield from part.affirmed()


_NEGATED = {Truth.TRUE: Truth.FALSE, Truth.FALSE: Truth.TRUE, Truth.UNKNOWN: Truth.UNKNOWN}


class Not(Matcher, frozen=True, eq=False):
    part: Matcher

    def evaluate(self, ctx: Context) -> Outcome:
        # An exclusion gives no evidence of its own: "not under HS 84" explains nothing useful
        # in a match, and a negated keyword would read as a reason in a note.
        inner = self.part.evaluate(ctx)
        return Outcome(_NEGATED[inner.truth], (), inner.missing)

    def truth(self, ctx: Context) -> Truth:
        return _NEGATED[self.part.truth(ctx)]

    def explain(self) -> str:
        return f"not ({self.part.explain()})"

    def leaves(self) -> Iterator[Leaf]:
        yield from self.part.leaves()

    def affirmed(self) -> Iterator[Leaf]:
        return iter(())
