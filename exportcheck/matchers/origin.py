"""`origin: [code, ...]`: the item's country of origin (default: the exporter's country)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from exportcheck import countries
from exportcheck.matchers.base import Context, Leaf, Outcome, Truth

if TYPE_CHECKING:
    from exportcheck.errors import Mark
    from exportcheck.fields import Reader
    from exportcheck.yamlio import Value


def country_list(arg: Value, mark: Mark, path: str, reader: Reader) -> tuple[str, ...] | None:
    codes = reader.strings(arg, mark, path)
    if codes is None:
        return None
    bad = [c for c in codes if not countries.is_country(c)]
    if bad:
        reader.error(mark, path, f"not ISO 3166-1 alpha-2 codes: {', '.join(bad)}")
        return None
    return codes


@dataclass(frozen=True, slots=True)
class Origin(Leaf):
    codes: tuple[str, ...]
    name = "origin"

    @classmethod
    def compile(cls, arg: Value, mark: Mark, path: str, reader: Reader) -> Origin | None:
        codes = country_list(arg, mark, path, reader)
        return None if codes is None else cls(codes)

    def evaluate(self, ctx: Context) -> Outcome:
        origin = ctx.item.origin
        if origin in self.codes:
            return Outcome(Truth.TRUE, (f"origin {origin}",))
        return Outcome(Truth.FALSE, (f"origin {origin}",))

    def explain(self) -> str:
        return "origin in " + ", ".join(self.codes)
