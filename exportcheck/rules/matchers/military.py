"""`military: true`: a receiving party is a military user, or the end use is military.

TRUE when a receiving party (consignee, end user, recipient) is stated military, its name says
it is (`Army Research Laboratory`, `防衛省`), or `end_use` names a military use in any language
the glossary knows (`military`, `defence`, `missile`, `军用`, `导弹`, `国防`, `Bundeswehr`);
FALSE when the end user is stated not to be military and nothing says otherwise; UNKNOWN when
the file does not say (no end user, or `military: unknown`), naming `end_user.military`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from exportcheck.identify.facts import receiving
from exportcheck.model.description import Stated
from exportcheck.model.evidence import Missing
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth, flag
from exportcheck.vocab.glossary import military

if TYPE_CHECKING:
    from collections.abc import Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value


def _role(path: str) -> str:
    return path.replace("_", " ")


class Military(Leaf, frozen=True, eq=False):
    name = "military"
    subjects = frozenset({"items", "technologies", "services"})
    reads = frozenset({"parties", "end_use"})
    wording: ClassVar[Mapping[str, str]] = {
        "end_use": 'end use says "{0}"',
        "end_user": "{0} is a military user",
        "named": '{0} is a military user ("{1}")',
        "civil": "end user stated not military, end use not military",
    }

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> Military | None:
        return cls() if flag(arg, mark, path, reader) else None

    def evaluate(self, ctx: Context) -> Outcome:
        description = ctx.description
        found = military(description.end_use or "")
        if found:
            return Outcome(Truth.TRUE, (self.said("end_use", found),))
        parties = receiving(description)
        for party in parties:
            if party.military is Stated.TRUE:
                return Outcome(Truth.TRUE, (self.said("end_user", party.path.replace("_", " ")),))
        for party in parties:
            word = military(party.name)
            if word:
                return Outcome(
                    Truth.TRUE, (self.said("named", party.path.replace("_", " "), word),)
                )
        end_user = description.end_user
        stated = end_user.military if end_user else Stated.UNKNOWN
        if stated is Stated.FALSE:
            return Outcome(Truth.FALSE, (self.said("civil"),))
        return Outcome(Truth.UNKNOWN, missing=(Missing("end_user.military", whole=True),))

    def explain(self) -> str:
        return "military end user or end use"
