"""`needs_owners: true`: UNKNOWN while a receiving party (consignee, end user, recipient) does
not say who owns 50 % or more of it (`owners`, or `owners: none`), naming each such party's
`owners`; FALSE once every one says. For measures that reach companies a listed entity owns
(No. 61 of 2025): the answer is screened against the entity lists (check.screening).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exportcheck.identify.facts import receiving
from exportcheck.model.evidence import Missing
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth, flag

if TYPE_CHECKING:
    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value


class NeedsOwners(Leaf, frozen=True, eq=False):
    name = "needs_owners"
    subjects = frozenset({"items", "technologies", "services"})
    reads = frozenset({"parties"})

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> NeedsOwners | None:
        return cls() if flag(arg, mark, path, reader) else None

    def evaluate(self, ctx: Context) -> Outcome:
        unstated = [p.path for p in receiving(ctx.description) if p.owners is None]
        if not unstated:
            return Outcome(Truth.FALSE)
        return Outcome(
            Truth.UNKNOWN, missing=tuple(Missing(f"{path}.owners", whole=True) for path in unstated)
        )

    def may_open(self, ctx: Context) -> bool:
        return True

    def explain(self) -> str:
        return "undecided while a receiving party does not say who owns 50 % or more of it"
