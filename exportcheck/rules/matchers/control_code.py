"""`control_code: [code, ...]`: the exporter's own classification is one of the codes or below it.

`1C905.b` is below `1C905`; `1C9050` is not. Comparison ignores case. An item without a declared
control code, or one declared `none` (not a controlled item), does not match (FALSE): other
signals (contents, HS code, description) still decide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from exportcheck.model.description import NOT_CONTROLLED, Item
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Subject
    from exportcheck.rules.matchers.base import Anchor, Query


def is_within(declared: str, code: str) -> bool:
    d, c = declared.upper(), code.upper()
    return d == c or d.startswith(c + ".")


class ControlCode(Leaf, frozen=True, eq=False):
    codes: tuple[str, ...]
    name = "control_code"
    reads = frozenset({"control_code"})
    wording: ClassVar[Mapping[str, str]] = {"declared": "declared control code {0}"}

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
                    return Outcome(Truth.TRUE, (self.said("declared", declared),))
        return Outcome(Truth.FALSE)

    def anchors(self) -> frozenset[Anchor] | None:
        return frozenset(("cc", c.upper()) for c in self.codes)

    @classmethod
    def signals(cls, subject: Subject, listed: Mapping[str, Outcome]) -> Iterable[Anchor]:
        if not isinstance(subject, Item):
            return ()
        declared = subject.control_code
        if declared is None or declared == NOT_CONTROLLED:
            return ()
        parts = declared.upper().split(".")
        return [("cc", ".".join(parts[:k])) for k in range(1, len(parts) + 1)]

    def terms(self, query: Query) -> Iterable[str]:
        text = query.lowered
        if any(is_within(code, text) or is_within(text, code) for code in self.codes):
            return ("declared control code",)
        return ()

    def explain(self) -> str:
        return "declared control code within " + ", ".join(self.codes)
