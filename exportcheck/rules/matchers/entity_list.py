"""Tests of rules for parties, which say what a party's entity-list hit means.

* `entity_list: control | watch | unreliable`: the entry the party's name matches is on that
  list. Its evidence is the match: the party, the entry, its listing and the name score.
* `shipment_holds: [tag, ...]`: what the whole shipment holds, by the goods rules' tags (the
  Control List bars dual-use items: `shipment_holds: [dual_use]`): TRUE if an item is one,
  UNKNOWN if one may be, FALSE if none was found to be.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from exportcheck.input.fields import describe
from exportcheck.model.description import Party
from exportcheck.rules.entities import KINDS, LIST_TITLES, ListKind
from exportcheck.rules.matchers.base import Context, Leaf, Outcome, Truth

if TYPE_CHECKING:
    from collections.abc import Mapping

    from exportcheck.errors import Mark
    from exportcheck.input.fields import Reader
    from exportcheck.input.yamlio import Value
    from exportcheck.model.evidence import Evidence

MATCH = 90.0
"""Name score from which a party's name matches an entry's (check.screening)."""
SURE = 100.0
"""Name score from which a party is taken to be the entity an entry names: the name read one of
its ways is the entry's (after vocab.names' folding). A match below it (a letter apart, a word
added: `AMP Materials` and `MP Materials` score 96) is for the user to confirm, a `review`."""
PARTIES = frozenset({"parties"})


class EntityList(Leaf, frozen=True, eq=False):
    kind: ListKind
    name = "entity_list"
    subjects = PARTIES
    reads: ClassVar[frozenset[str]] = frozenset()
    """Only the hit it is given."""
    wording: ClassVar[Mapping[str, str]] = {
        "matches": "{subject} {0} matches {1} ({2}, {3}, {4}), score {5} (threshold {6})",
        "matched": "{subject} {0} matches {1} ({2}, {3}, {4}) (score {5})",
        "resembles": "{subject} {0} resembles {1} ({2}, {3}, {4}): score {5} below the match "
        "threshold {6}. Confirm it is a different entity (and say so with {subject}."
        "distinct_from).",
        "close": "{subject} {0} is close to {1} ({2}, {3}, {4}): score {5}, not the same name. "
        "Confirm whether it is that entity: if it is, its listing applies; if it is not, say "
        "so with {subject}.distinct_from.",
        "cleared": "{subject} {0} resembles {1} ({2}, {3}, {4}), score {5}; the file states it "
        "is a different entity ({subject}.distinct_from).",
        "disputed": "{subject} {0} matches {1} ({2}, {3}, {4}), score {5} (threshold {6}), but "
        "the file states it is a different entity ({subject}.distinct_from): a name this close "
        "is cleared only by someone who checked who the party is.",
        "country": "The party's country {0} differs from the entry's {1}.",
    }

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> EntityList | None:
        if not isinstance(arg, str) or arg not in KINDS:
            reader.error(mark, path, f"expected one of {' | '.join(KINDS)}, found {describe(arg)}")
            return None
        return cls(KINDS[arg])

    def evaluate(self, ctx: Context) -> Outcome:
        hit, party = ctx.hit, ctx.subject
        if hit is None or not isinstance(party, Party) or hit.listing.kind is not self.kind:
            return Outcome(Truth.FALSE)
        return Outcome(Truth.TRUE, (self.match(ctx),))

    def match(self, ctx: Context, code: str = "matches") -> Evidence:
        """The party against the entry: who, what, on which listing, how alike."""
        hit, party = ctx.hit, ctx.subject
        assert hit is not None
        assert isinstance(party, Party)
        return self.said(
            code,
            repr(party.name),
            hit.entry.name,
            LIST_TITLES[hit.listing.kind],
            hit.title,
            hit.date,
            hit.score,
            f"{MATCH:g}",
        )

    def country(self, ctx: Context) -> tuple[Evidence, ...]:
        """A remark when the party's country is not the entry's."""
        hit, party = ctx.hit, ctx.subject
        assert hit is not None
        assert isinstance(party, Party)
        if party.country and hit.entry.country and party.country != hit.entry.country:
            return (self.said("country", party.country, hit.entry.country),)
        return ()

    def explain(self) -> str:
        return f"the party is on the {LIST_TITLES[self.kind]}"


class ShipmentHolds(Leaf, frozen=True, eq=False):
    tags: tuple[str, ...]
    name = "shipment_holds"
    subjects = PARTIES
    reads: ClassVar[frozenset[str]] = frozenset()
    """Only what the goods rules concluded of every item."""
    wording: ClassVar[Mapping[str, str]] = {
        "holds": ", and this shipment holds one",
        "undecided": "; whether this shipment holds one is undecided",
        "none": "; no item of this shipment was found to be one. Confirm before shipping",
    }

    @classmethod
    def compile(
        cls, arg: Value, mark: Mark | None, path: str, reader: Reader
    ) -> ShipmentHolds | None:
        tags = reader.tags(arg, mark, path)
        return None if tags is None else cls(tags)

    def evaluate(self, ctx: Context) -> Outcome:
        found = [ctx.listed[t].truth for t in self.tags if t in ctx.listed]
        if Truth.TRUE in found:
            return Outcome(Truth.TRUE, (self.said("holds"),))
        if Truth.UNKNOWN in found:
            return Outcome(Truth.UNKNOWN, (self.said("undecided"),))
        return Outcome(Truth.FALSE, (self.said("none"),))

    def explain(self) -> str:
        return "the shipment holds an item controlled as " + " or ".join(self.tags)


ROLES = ("exporter", "consignee", "end_user", "recipient")


class PartyRole(Leaf, frozen=True, eq=False):
    """`party_role: [consignee, end_user, ...]`: the party screened is one of these (an owner a
    party states is screened in its party's role: `consignee.owners[1]` is the consignee's)."""

    roles: tuple[str, ...]
    name = "party_role"
    subjects = PARTIES
    reads: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> PartyRole | None:
        roles = reader.strings(arg, mark, path)
        if roles is None:
            return None
        wrong = [r for r in roles if r not in ROLES]
        if wrong:
            reader.error(mark, path, f"{', '.join(wrong)}: expected any of {' | '.join(ROLES)}")
            return None
        return cls(roles)

    def evaluate(self, ctx: Context) -> Outcome:
        party = ctx.subject
        role = party.path.partition(".")[0] if isinstance(party, Party) else ""
        return Outcome(Truth.TRUE if role in self.roles else Truth.FALSE)

    def explain(self) -> str:
        return "the party is the " + " or ".join(r.replace("_", " ") for r in self.roles)
