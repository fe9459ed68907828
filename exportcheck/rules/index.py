"""Choosing the rules worth evaluating for a subject, without scanning every rule.

A rule can only fire when its trigger is TRUE, and a TRUE trigger needs at least one of its
*anchors* (Matcher.anchors): an HS prefix the code starts with, an element the item contains, a
description word, a declared control code, an area, listed components, a tag the goods rules
gave. The index maps each anchor to the rules it may trigger; a subject's candidates are the
rules of the anchors it shows (Leaf.signals of the kinds of test in use), plus the rules no
anchor can stand for (their triggers test only the exporter, the destination, or a negation),
in book order. Candidates are then evaluated exactly as before: the index narrows the work,
never the result.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import TYPE_CHECKING

from msgspec import Struct

from exportcheck.identify import facts

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from exportcheck.model.description import Description, Item, Subject
    from exportcheck.rules.matchers.base import Anchor, Leaf, Outcome
    from exportcheck.rules.model import Rule


class RuleIndex(Struct, frozen=True, eq=False, dict=True):
    rules: tuple[Rule, ...]
    always: tuple[int, ...]
    """Positions of the rules no anchor stands for."""
    by_anchor: dict[Anchor, tuple[int, ...]]
    kinds: tuple[type[Leaf], ...] = ()
    """The kinds of test whose anchors the rules use: the signals a subject is asked for."""
    scene: tuple[str, ...] = ()
    """What these rules read of the description around a subject (Leaf.scene)."""
    facts: tuple[str, ...] = ()
    """What these rules read of the subject itself (Leaf.facts): the engine's memory key."""

    @functools.cached_property
    def item_key(self) -> Callable[[Description, Item], tuple[object, ...]]:
        """The key of an item's facts for these rules (identify.facts.item_key)."""
        return facts.item_key(self.facts)

    @functools.cached_property
    def unworded_key(self) -> Callable[[Description, Item], tuple[object, ...]]:
        """`item_key` less the description (check.reading keys what these rules read of it)."""
        return facts.item_key(tuple(name for name in self.facts if name != "description"))

    @classmethod
    def build(cls, rules: Iterable[Rule]) -> RuleIndex:
        ordered = tuple(rules)
        leaves = [
            leaf
            for rule in ordered
            for expr in (rule.trigger, rule.condition)
            if expr is not None
            for leaf in expr.leaves()
        ]
        scene = sorted({name for leaf in leaves for name in leaf.scene()})
        facts = sorted({name for leaf in leaves for name in leaf.facts()} - set(scene))
        always: list[int] = []
        by_anchor: dict[Anchor, list[int]] = defaultdict(list)
        kinds: dict[type[Leaf], None] = {}
        for position, rule in enumerate(ordered):
            found = rule.trigger.anchors()
            if found is None:
                always.append(position)
                continue
            for anchor in found:
                by_anchor[anchor].append(position)
            for leaf in rule.trigger.leaves():
                if leaf.anchors():
                    kinds.setdefault(type(leaf), None)
        by_anchor_ = {a: tuple(p) for a, p in by_anchor.items()}
        return cls(ordered, tuple(always), by_anchor_, tuple(kinds), tuple(scene), tuple(facts))

    def candidates(
        self, subject: Subject, listed: Mapping[str, Outcome] | None = None
    ) -> list[Rule]:
        """The rules worth evaluating; `listed` gives the goods rules' conclusions, whose TRUE
        tags are anchors of the dependent rules."""
        chosen = set(self.always)
        by_anchor = self.by_anchor
        for kind in self.kinds:
            for anchor in kind.signals(subject, listed or {}):
                hit = by_anchor.get(anchor)
                if hit:
                    chosen.update(hit)
        return [self.rules[p] for p in sorted(chosen)]
