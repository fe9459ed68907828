"""`exporter_country: [code, ...]`: where the exporter is established.

Chinese export controls bind exports from China; `not` of this scopes the extraterritorial rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from exportcheck.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.matchers.origin import country_list

if TYPE_CHECKING:
    from exportcheck.errors import Mark
    from exportcheck.fields import Reader
    from exportcheck.yamlio import Value


@dataclass(frozen=True, slots=True)
class ExporterCountry(Leaf):
    codes: tuple[str, ...]
    name = "exporter_country"

    @classmethod
    def compile(cls, arg: Value, mark: Mark, path: str, reader: Reader) -> ExporterCountry | None:
        codes = country_list(arg, mark, path, reader)
        return None if codes is None else cls(codes)

    def evaluate(self, ctx: Context) -> Outcome:
        country = ctx.description.exporter.country
        if country in self.codes:
            return Outcome(Truth.TRUE, (f"exporter in {country}",))
        return Outcome(Truth.FALSE, (f"exporter in {country}",))

    def explain(self) -> str:
        return "exporter established in " + ", ".join(self.codes)
