"""Country tests: `origin: [code, ...]` (the item's country of origin, default the exporter's),
`exporter_country: [code, ...]` (where the exporter is established; Chinese controls bind
exports from China, and `not` of it scopes the extraterritorial rule) and
`destination: [code, ...]`."""

from __future__ import annotations

from abc import abstractmethod
from typing import TYPE_CHECKING, ClassVar, Self

from exportcheck.identify.facts import receiving
from exportcheck.model.evidence import Missing
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth
from exportcheck.vocab import countries

if TYPE_CHECKING:
    from collections.abc import Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value


def countries_arg(
    arg: Value, mark: Mark | None, path: str, reader: Reader
) -> tuple[str, ...] | None:
    """A list of ISO 3166-1 alpha-2 codes from ruleset data."""
    codes = reader.strings(arg, mark, path)
    if codes is None:
        return None
    bad = [c for c in codes if not countries.is_country(c)]
    if bad:
        reader.error(mark, path, f"not ISO 3166-1 alpha-2 codes: {', '.join(bad)}")
        return None
    return codes


class _CountryLeaf(Leaf, frozen=True, eq=False):
    codes: tuple[str, ...]
    label: ClassVar[str]

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> Self | None:
        codes = countries_arg(arg, mark, path, reader)
        return None if codes is None else cls(codes)

    @abstractmethod
    def country(self, ctx: Context) -> str | None: ...

    def evaluate(self, ctx: Context) -> Outcome:
        country = self.country(ctx)
        truth = Truth.TRUE if country in self.codes else Truth.FALSE
        return Outcome(truth, (self.said("is", country),))

    def explain(self) -> str:
        return f"{self.label} " + ", ".join(self.codes)


class Origin(_CountryLeaf, frozen=True, eq=False):
    name = "origin"
    label = "origin"
    reads = frozenset({"origin"})
    wording: ClassVar[Mapping[str, str]] = {"is": "origin {0}"}

    def country(self, ctx: Context) -> str | None:
        return ctx.item.origin


class ExporterCountry(_CountryLeaf, frozen=True, eq=False):
    name = "exporter_country"
    label = "exporter in"
    subjects = frozenset({"items", "technologies", "services", "parties"})
    reads = frozenset({"exporter.country"})
    wording: ClassVar[Mapping[str, str]] = {"is": "exporter in {0}"}

    def country(self, ctx: Context) -> str | None:
        return ctx.description.exporter.country


class Destination(_CountryLeaf, frozen=True, eq=False):
    """`destination: [code, ...]`: the goods go to one of the countries: the destination, or
    the country of a party that receives them (consignee, end user, recipient), so a US
    military end user is not hidden behind a German destination. UNKNOWN when the file gives
    no destination and no receiving party's country; other countries say nothing."""

    name = "destination"
    label = "destination"
    subjects = frozenset({"items", "technologies", "services"})
    reads = frozenset({"destination", "parties"})
    wording: ClassVar[Mapping[str, str]] = {
        "is": "destination {0}",
        "party": "{1} in {0} ({2})",
    }

    def country(self, ctx: Context) -> str | None:
        return ctx.description.destination

    def evaluate(self, ctx: Context) -> Outcome:
        country = self.country(ctx)
        if country in self.codes:
            return Outcome(Truth.TRUE, (self.said("is", country),))
        for party in receiving(ctx.description):
            if party.country in self.codes:
                return Outcome(
                    Truth.TRUE, (self.said("party", party.country, party.path, party.name),)
                )
        if country is None:
            return Outcome(Truth.UNKNOWN, missing=(Missing("destination", whole=True),))
        return Outcome(Truth.FALSE)
