"""`hs_code: [prefix, ...]`: the item's HS code starts with one of the prefixes.

An item without an HS code is not under any heading (FALSE): the HS code is a reference that
may raise a question, and one not given raises none. What the item is must then be settled by
its control code, composition, form or description, whose tests are UNKNOWN until they are.

Chinese announcements give HS codes only as references (参考); rules therefore use them as one
signal among several (contents, control code, description), never as the only test.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from exportcheck.model.description import Item
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Subject
    from exportcheck.rules.matchers.base import Anchor, Query

_PREFIX = re.compile(r"\d{2,10}")


class HsCode(Leaf, frozen=True, eq=False):
    prefixes: tuple[str, ...]
    name = "hs_code"
    reads = frozenset({"hs_code"})
    wording: ClassVar[Mapping[str, str]] = {
        "listed": "HS {0} is listed",
        "under": "HS {0} is under {1}",
        "outside": "HS {0} is not under the listed headings",
        "none": "no HS code given",
    }

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> HsCode | None:
        prefixes = reader.strings(arg, mark, path)
        if prefixes is None:
            return None
        bad = [p for p in prefixes if not _PREFIX.fullmatch(p)]
        if bad:
            reader.error(mark, path, f"HS prefixes must be 2-10 digits, found {', '.join(bad)}")
            return None
        return cls(prefixes)

    def truth(self, ctx: Context) -> Truth:
        code = ctx.item.hs_code
        if code is not None and code.startswith(self.prefixes):
            return Truth.TRUE
        return Truth.FALSE

    def evaluate(self, ctx: Context) -> Outcome:
        code = ctx.item.hs_code
        if code is None:
            return Outcome(Truth.FALSE, (self.said("none"),))
        for prefix in self.prefixes:
            if code.startswith(prefix):
                if code == prefix:
                    return Outcome(Truth.TRUE, (self.said("listed", code),))
                return Outcome(Truth.TRUE, (self.said("under", code, prefix),))
        return Outcome(Truth.FALSE, (self.said("outside", code),))

    def anchors(self) -> frozenset[Anchor] | None:
        return frozenset(("hs", p) for p in self.prefixes)

    @classmethod
    def signals(cls, subject: Subject, listed: Mapping[str, Outcome]) -> Iterable[Anchor]:
        if not isinstance(subject, Item) or subject.hs_code is None:
            return ()
        code = subject.hs_code
        return [("hs", code[:k]) for k in range(2, len(code) + 1)]

    def terms(self, query: Query) -> Iterable[str]:
        digits = query.digits
        if not digits:
            return ()
        return [f"HS {p}" for p in self.prefixes if p.startswith(digits) or digits.startswith(p)]

    def explain(self) -> str:
        return "HS code under " + ", ".join(self.prefixes)
