"""Choosing the rules worth evaluating for a subject, without scanning every rule.

A rule can only fire when its trigger is TRUE, and a TRUE trigger needs at least one of its
*anchors*: an HS prefix the code starts with, an element the item contains, a description
token a keyword starts with, a declared control code, an area, or listed components. The index
maps each anchor to the rules it may trigger; a subject's candidates are the rules of the anchors
it shows, plus the rules no anchor can stand for (their triggers test only the exporter, the
destination, other rules' conclusions, or a negation), in book order. Candidates are then
evaluated exactly as before: the index narrows the work, never the result.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exportcheck.model.description import NOT_CONTROLLED, Item
from exportcheck.rules.matchers.area import AreaIs
from exportcheck.rules.matchers.base import Truth
from exportcheck.rules.matchers.combinators import All, Any, Not
from exportcheck.rules.matchers.components import ComponentIs, ValueShare
from exportcheck.rules.matchers.control_code import ControlCode
from exportcheck.rules.matchers.element import Element
from exportcheck.rules.matchers.hs_code import HsCode
from exportcheck.rules.matchers.keyword import Keyword
from exportcheck.rules.matchers.listed import Listed

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from exportcheck.model.description import Subject
    from exportcheck.rules.matchers.base import Matcher, Outcome
    from exportcheck.rules.model import Rule

Anchor = tuple[str, str]
_TOKEN = re.compile(r"[0-9a-z]+")
COMPONENTS: Anchor = ("components", "")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def anchors(expr: Matcher) -> frozenset[Anchor] | None:
    """Anchors one of which is present whenever `expr` is TRUE; None if there are none."""
    if isinstance(expr, Any):
        found: set[Anchor] = set()
        for part in expr.parts:
            sub = anchors(part)
            if sub is None:
                return None
            found |= sub
        return frozenset(found)
    if isinstance(expr, All):
        options = [a for a in (anchors(p) for p in expr.parts) if a is not None]
        return min(options, key=len) if options else None
    if isinstance(expr, Not):
        return None
    if isinstance(expr, HsCode):
        return frozenset(("hs", p) for p in expr.prefixes)
    if isinstance(expr, Element):
        if expr.at_least is not None and expr.at_least <= 0:
            return None  # TRUE even for an element the item does not contain
        return frozenset(("el", s) for s in expr.symbols)
    if isinstance(expr, Keyword):
        return frozenset(("tok", tokens(w)[0]) for w in expr.words if tokens(w))
    if isinstance(expr, ControlCode):
        return frozenset(("cc", c.upper()) for c in expr.codes)
    if isinstance(expr, AreaIs):
        return frozenset(("area", a.value) for a in expr.areas)
    if isinstance(expr, (ComponentIs, ValueShare)):
        return frozenset({COMPONENTS})
    if isinstance(expr, Listed):
        return frozenset(("tag", t) for t in expr.tags)
    return None


def signals(subject: Subject) -> set[Anchor]:
    """The anchors a subject shows."""
    shown: set[Anchor] = {("tok", t) for t in tokens(subject.description)}
    if not isinstance(subject, Item):
        if subject.area is not None:
            shown.add(("area", subject.area.value))
        return shown
    code = subject.hs_code
    shown.update(("hs", code[:k]) for k in range(2, len(code) + 1))
    if subject.elements:
        shown.update(("el", s) for s, share in subject.elements.items() if share > 0)
    declared = subject.control_code
    if declared is not None and declared != NOT_CONTROLLED:
        parts = declared.upper().split(".")
        shown.update(("cc", ".".join(parts[:k])) for k in range(1, len(parts) + 1))
    if subject.components is not None:
        shown.add(COMPONENTS)
    return shown


@dataclass(frozen=True, eq=False)
class RuleIndex:
    rules: tuple[Rule, ...]
    always: tuple[int, ...]
    """Positions of the rules no anchor stands for."""
    by_anchor: dict[Anchor, tuple[int, ...]]
    scene: tuple[str, ...] = ()
    """What these rules read of the description around a subject (see Leaf.scene)."""

    @classmethod
    def build(cls, rules: Iterable[Rule]) -> RuleIndex:
        ordered = tuple(rules)
        scene = sorted(
            {
                name
                for rule in ordered
                for expr in (rule.trigger, rule.condition)
                if expr is not None
                for leaf in expr.leaves()
                for name in leaf.scene()
            }
        )
        always: list[int] = []
        by_anchor: dict[Anchor, list[int]] = defaultdict(list)
        for position, rule in enumerate(ordered):
            found = anchors(rule.trigger)
            if found is None:
                always.append(position)
            else:
                for anchor in found:
                    by_anchor[anchor].append(position)
        by_anchor_ = {a: tuple(p) for a, p in by_anchor.items()}
        return cls(ordered, tuple(always), by_anchor_, tuple(scene))

    def candidates(
        self, subject: Subject, listed: Mapping[str, Outcome] | None = None
    ) -> list[Rule]:
        """The rules worth evaluating; `listed` gives the goods rules' conclusions, whose TRUE
        tags are anchors of the dependent rules."""
        chosen = set(self.always)
        shown = signals(subject)
        if listed:
            shown.update(("tag", t) for t, o in listed.items() if o.truth is Truth.TRUE)
        for anchor in shown:
            hit = self.by_anchor.get(anchor)
            if hit:
                chosen.update(hit)
        return [self.rules[p] for p in sorted(chosen)]
