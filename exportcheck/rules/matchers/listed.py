"""`listed: [tag, ...]`: what the goods rules concluded about the item.

Destination and end-user rules apply to items that are controlled by other rules (No. 46 of 2024
to "dual-use items", its clause 2 to gallium, germanium, antimony and superhard items). Goods
rules carry tags (every rule requiring a dual-use licence is tagged `dual_use`); the engine
evaluates them first and this matcher reads their outcome: TRUE if a rule in force with one of the
tags matched the item, UNKNOWN if one could not decide for lack of a fact, FALSE otherwise. A
declared control code (other than `none`) makes the item `dual_use`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth

if TYPE_CHECKING:
    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value


@dataclass(frozen=True, eq=False)
class Listed(Leaf):
    tags: tuple[str, ...]
    name = "listed"
    subjects = frozenset({"items", "technologies", "services"})

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

    def explain(self) -> str:
        return "item controlled as " + " or ".join(self.tags)
