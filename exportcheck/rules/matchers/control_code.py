"""`control_code: [code, ...]`: the exporter's own classification is one of the codes or below it.

`1C905.b` is below `1C905`; `1C9050` is not. Comparison ignores case. An item without a declared
control code, or one declared `none` (not a controlled item), does not match (FALSE): other
signals (contents, HS code, description) still decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth

if TYPE_CHECKING:
    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value


NOT_CONTROLLED = "none"
"""`control_code: none` declares the item not a controlled item (不属于管制物项)."""


def is_within(declared: str, code: str) -> bool:
    d, c = declared.upper(), code.upper()
    return d == c or d.startswith(c + ".")


@dataclass(frozen=True, eq=False)
class ControlCode(Leaf):
    codes: tuple[str, ...]
    name = "control_code"

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> ControlCode | None:
        codes = reader.strings(arg, mark, path)
        return None if codes is None else cls(codes)

    def evaluate(self, ctx: Context) -> Outcome:
        declared = ctx.item.control_code
        if declared is not None:
            for code in self.codes:
                if is_within(declared, code):
                    return Outcome(Truth.TRUE, (f"declared control code {declared}",))
        return Outcome(Truth.FALSE)

    def explain(self) -> str:
        return "declared control code within " + ", ".join(self.codes)
