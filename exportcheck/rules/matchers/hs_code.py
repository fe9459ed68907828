"""`hs_code: [prefix, ...]`: the item's HS code starts with one of the prefixes.

Chinese announcements give HS codes only as references (参考); rules therefore use them as one
signal among several (contents, control code, description), never as the only test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth

if TYPE_CHECKING:
    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value

_PREFIX = re.compile(r"\d{2,10}")


@dataclass(frozen=True, eq=False)
class HsCode(Leaf):
    prefixes: tuple[str, ...]
    name = "hs_code"

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

    def evaluate(self, ctx: Context) -> Outcome:
        code = ctx.item.hs_code
        for prefix in self.prefixes:
            if code.startswith(prefix):
                if code == prefix:
                    return Outcome(Truth.TRUE, (f"HS {code} is listed",))
                return Outcome(Truth.TRUE, (f"HS {code} is under {prefix}",))
        return Outcome(Truth.FALSE, (f"HS {code} is not under the listed headings",))

    def explain(self) -> str:
        return "HS code under " + ", ".join(self.prefixes)
