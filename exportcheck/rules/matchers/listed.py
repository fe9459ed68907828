"""`listed: [tag, ...]`: what the goods rules concluded about the item.

Destination and end-user rules apply to items that are controlled by other rules (No. 46 of 2024
to "dual-use items", its clause 2 to gallium, germanium, antimony and superhard items). Goods
rules carry tags (every rule requiring a dual-use licence is tagged `dual_use`); the engine
evaluates them first and this matcher reads their outcome: TRUE if a rule in force with one of the
tags matched the item, UNKNOWN if one could not decide for lack of a fact, FALSE otherwise. A
declared control code (other than `none`) makes the item `dual_use`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Subject
    from exportcheck.rules.matchers.base import Anchor


class Listed(Leaf, frozen=True, eq=False):
    tags: tuple[str, ...]
    name = "listed"
    subjects = frozenset({"items", "technologies", "services"})
    reads: ClassVar[frozenset[str]] = frozenset()
    """Only what the goods rules concluded (the engine's phases see to it)."""
    wording: ClassVar[Mapping[str, str]] = {
        "controlled": "controlled under {0}",
        "declared": "declared control code {0}",
    }

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> Listed | None:
        tags = reader.tags(arg, mark, path)
        return None if tags is None else cls(tags)

    def evaluate(self, ctx: Context) -> Outcome:
        found = [ctx.listed[t] for t in self.tags if t in ctx.listed]
        true = [o for o in found if o.truth is Truth.TRUE]
        if true:
            return Outcome(Truth.TRUE, tuple(e for o in true for e in o.evidence))
        unknown = [o for o in found if o.truth is Truth.UNKNOWN]
        if unknown:
            return Outcome(Truth.UNKNOWN, missing=tuple(m for o in unknown for m in o.missing))
        return Outcome(Truth.FALSE)

    def anchors(self) -> frozenset[Anchor] | None:
        return frozenset(("tag", t) for t in self.tags)

    @classmethod
    def signals(cls, subject: Subject, listed: Mapping[str, Outcome]) -> Iterable[Anchor]:
        return [("tag", t) for t, o in listed.items() if o.truth is Truth.TRUE]

    def explain(self) -> str:
        return "item controlled as " + " or ".join(self.tags)
