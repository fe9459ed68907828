"""The rule book's parts: measures (the legal acts, with their dates) and rules (what each act
controls, as matcher expressions), grouped in rulesets."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from msgspec import Struct

from exportcheck.rules.window import Window

if TYPE_CHECKING:
    import datetime as dt

    from exportcheck.errors import Mark
    from exportcheck.model.description import LicenseType
    from exportcheck.model.verdict import CautionKind, Level, RulesetInfo
    from exportcheck.rules.dates import Suspension
    from exportcheck.rules.entities import Entry, Listing
    from exportcheck.rules.matchers.base import Anchor, Leaf, Matcher
    from exportcheck.rules.window import State

DUAL_USE_TAG = "dual_use"
"""Every rule requiring a dual-use export licence carries this tag (see matchers.listed)."""


def official(address: str) -> bool:
    """Whether an address is a Chinese government page (MOFCOM, Customs, MOST, the State
    Council): where a measure's own text is published."""
    host = urlsplit(address).hostname or ""
    return host == "gov.cn" or host.endswith(".gov.cn")


class Measure(Struct, frozen=True, eq=False, dict=True):
    id: str
    title: str
    published: dt.date | None
    effective: dt.date
    ends: dt.date | None
    source: str
    caution: str | None
    scope: Matcher | None
    suspensions: tuple[Suspension, ...]
    amendment: str | None = None
    """Set by an overlay (exportcheck.overlay): which, with its hash, what it changed, why."""
    listing: Listing | None = None
    """For an announcement that lists entities: which list, how many it named."""
    confirmed_by: tuple[str, ...] = ()
    """Other pages that confirm the text (`source` is the issuer's page where its address is
    known)."""
    caution_kinds: tuple[CautionKind, ...] = ()
    """What the caution says is uncertain (given with every caution)."""

    @functools.cached_property
    def window(self) -> Window:
        cautions = (self.caution,) if self.caution else ()
        return Window(self.effective, self.ends, self.suspensions, cautions, self.caution_kinds)


class Rule(Struct, frozen=True, eq=False, dict=True):
    id: str
    measure: Measure
    control_code: str | None
    title: str
    level: Level
    license: LicenseType | None
    effective: dt.date
    trigger: Matcher
    condition: Matcher | None
    source: str
    caution: str | None
    ruleset: str
    tags: frozenset[str] = frozenset()
    suspensions: tuple[Suspension, ...] = ()
    applies_to: str = "items"
    """Which subjects the rule judges: items, technologies, services, or parties (what a hit
    on its measure's entity listing means)."""
    otherwise: Level | None = None
    """The verdict when the condition does not hold (a party rule: a hit still to be cleared);
    None: the rule does not apply then."""
    amendment: str | None = None
    """Set by an overlay amending this rule (exportcheck.overlay)."""
    caution_kinds: tuple[CautionKind, ...] = ()
    """What the caution says is uncertain (given with every caution)."""

    @property
    def amendments(self) -> tuple[str, ...]:
        """The overlays that changed this rule's status, its measure's first."""
        return tuple(a for a in (self.measure.amendment, self.amendment) if a)

    @functools.cached_property
    def cited(self) -> str:
        """The page a finding cites: the issuer's page of the measure where the rule's own
        source is a secondary one (`rules show` lists both)."""
        if not official(self.source) and official(self.measure.source):
            return self.measure.source
        return self.source

    @functools.cached_property
    def worded(self) -> tuple[tuple[Leaf, frozenset[Anchor] | None], ...]:
        """The tests of the rule that read a description in its own words (Leaf.reads_words),
        each with its anchors."""
        matchers = [self.trigger] if self.condition is None else [self.trigger, self.condition]
        return tuple(
            (leaf, leaf.anchors()) for m in matchers for leaf in m.leaves() if leaf.reads_words
        )

    @property
    def uses_listed(self) -> bool:
        """Whether the rule reads other rules' conclusions (it is then evaluated after them)."""
        matchers = [self.trigger] if self.condition is None else [self.trigger, self.condition]
        return any(leaf.name == "listed" for m in matchers for leaf in m.leaves())

    @functools.cached_property
    def window(self) -> Window:
        """When the rule binds: from its own effective date to its measure's end, outside its
        measure's suspensions and its own."""
        measure = self.measure
        return Window(
            self.effective,
            measure.ends,
            (*measure.suspensions, *self.suspensions),
            tuple(text for text in (self.caution, measure.caution) if text),
            tuple(dict.fromkeys((*self.caution_kinds, *measure.caution_kinds))),
        )

    def status(self, as_of: dt.date) -> State:
        return self.window.state(as_of)


class Ruleset(Struct, frozen=True, eq=False):
    info: RulesetInfo
    title: str
    file: str
    measures: tuple[Measure, ...]
    rules: tuple[Rule, ...]
    overlays: tuple[Overlay, ...] = ()
    """Amendments to the status of other rulesets' measures and rules (exportcheck.overlay)."""
    entries: tuple[Entry, ...] = ()
    """Entities its listing measures name (rules.lists)."""
    entries_as_of: dt.date | None = None
    """The day its entries were last checked against their sources."""


class Overlay(Struct, frozen=True, eq=False):
    target: str
    """The id of the measure or rule amended."""
    is_rule: bool
    title: str
    """What changed, in a line: "No. 70's suspension extended to 2027-11-10"."""
    source: str
    effective: dt.date | None
    ends: dt.date | None
    caution: str | None
    suspensions: tuple[Suspension, ...]
    """Windows to add; one with the `by` of an existing window replaces it."""
    path: str
    mark: Mark | None
