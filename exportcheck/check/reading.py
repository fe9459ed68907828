"""What a line item's rules read of its description: the key of the engine's second memory,
so rows whose descriptions differ only in words no test reads (a lot or batch number, an order
reference) take one decision.

A test reads a description in one of two ways (Leaf.reads_words):

* through its identity only (identify.identity: the elements, forms, terms and glosses the
  description names, each as the description writes it). The key holds that identity, less two
  things only tests of the other kind read: the description as the gloss that joins the others
  writes it, and the description with its negated names blanked out (`kept`);
* in its own words (a keyword; the words after a symbol): the key holds each such test's
  outcome on the item, exactly as its rule will see it.

With the item's other facts (RuleIndex.unworded_key), the description around it and the rules
chosen for it, that is everything the rules read: equal keys give equal decisions. Tests
compare verdicts with and without this memory over every example, and over rows that differ by
a lot number, a share, a symbol, a negation or a keyword.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exportcheck.identify.identity import identify

if TYPE_CHECKING:
    from collections.abc import Sequence

    from exportcheck.rules.matchers.base import Anchor, Context, Leaf
    from exportcheck.rules.model import Rule


def identity_key(description: str) -> tuple[object, ...]:
    """What tests that read a description through its identity alone can tell of it."""
    known = identify(description)
    return (known.named, known.forms, tuple(english for english, _ in known.glosses), known.terms)


def words_key(rules: Sequence[Rule], ctx: Context) -> tuple[object, ...]:
    """The rules chosen, and the outcome of each of their tests that reads the description in
    its own words (with its truth and whether it may open, which a rule asks first); None for
    a test that is FALSE without evidence because the item shows none of its anchors."""
    found: list[object] = [rule.id for rule in rules]
    shown: dict[type[Leaf], set[Anchor]] = {}
    for rule in rules:
        for leaf, anchors in rule.worded:
            if anchors is not None and leaf.quiet_unanchored:
                kind = type(leaf)
                signals = shown.get(kind)
                if signals is None:
                    signals = shown[kind] = set(kind.signals(ctx.described, {}))
                if signals.isdisjoint(anchors):
                    found.append(None)
                    continue
            found.append((leaf.truth(ctx), leaf.evaluate(ctx), leaf.may_open(ctx)))
    return tuple(found)
