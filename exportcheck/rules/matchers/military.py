"""`military: true`: the end user is a military user, or the stated end use is military.

TRUE when `end_user.military` is true or `end_use` names a military use; FALSE when the end user
is stated not to be military and the end use does not say otherwise; UNKNOWN when the file does
not say (no end user, or `military: unknown`), naming `end_user.military`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from exportcheck.input.fields import describe
from exportcheck.model.description import Stated
from exportcheck.model.evidence import Missing
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth

if TYPE_CHECKING:
    from collections.abc import Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value

MILITARY_USE = re.compile(
    r"(?<![a-z])(military|defen[cs]e|armed forces|army|navy|naval|air force|weapons?|munitions?|"
    r"missiles?|warships?|fighter jets?|ammunition)(?![a-z])",
    re.IGNORECASE,
)


@dataclass(frozen=True, eq=False)
class Military(Leaf):
    name = "military"
    subjects = frozenset({"items", "technologies", "services"})
    reads = frozenset({"end_user.military", "end_use"})
    wording: ClassVar[Mapping[str, str]] = {
        "end_use": 'end use says "{0}"',
        "end_user": "end user is a military user",
        "civil": "end user stated not military, end use not military",
    }

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> Military | None:
        if arg != "true":
            reader.error(mark, path, f"expected true, found {describe(arg)}")
            return None
        return cls()

    def evaluate(self, ctx: Context) -> Outcome:
        description = ctx.description
        end_use = description.end_use or ""
        found = MILITARY_USE.search(end_use)
        if found:
            return Outcome(Truth.TRUE, (self.said("end_use", found.group(0)),))
        end_user = description.end_user
        stated = end_user.military if end_user else Stated.UNKNOWN
        if stated is Stated.TRUE:
            return Outcome(Truth.TRUE, (self.said("end_user"),))
        if stated is Stated.FALSE:
            return Outcome(Truth.FALSE, (self.said("civil"),))
        return Outcome(Truth.UNKNOWN, missing=(Missing("end_user.military", whole=True),))

    def explain(self) -> str:
        return "military end user or end use"
