"""The typed model: what a description file says, and what the check concludes.

Description, Party and Item come from `parse`; Finding, Note and Verdict come from `engine`.
All are frozen: nothing downstream of parsing changes the user's facts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, ClassVar

from exportcheck.areas import Area
from exportcheck.vocabulary import Vocabulary

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence
    from decimal import Decimal


class Kind(Vocabulary):
    SHIPMENT = "shipment"
    INVESTMENT = "investment"
    TECHNOLOGY_TRANSFER = "technology_transfer"


class Stated(Vocabulary):
    """A yes/no fact the file states as true or false, or leaves unknown (the default)."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"


class Level(Vocabulary):
    """The verdict vocabulary, in order of severity."""

    NO_MATCH = "no_match"
    LICENSED = "licensed"
    """A licence is needed and a held licence covers it."""
    LICENSE_REQUIRED = "license_required"
    REVIEW = "review"
    PROHIBITED = "prohibited"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def exit_code(self) -> int:
        return _EXIT[self]


_RANK = {level: rank for rank, level in enumerate(Level)}
_EXIT = {
    Level.NO_MATCH: 0,
    Level.LICENSED: 0,
    Level.LICENSE_REQUIRED: 1,
    Level.REVIEW: 3,
    Level.PROHIBITED: 4,
}


class Powertrain(Vocabulary):
    BEV = "bev"
    PHEV = "phev"
    EREV = "erev"
    HEV = "hev"
    ICE = "ice"
    FCEV = "fcev"


class Condition(Vocabulary):
    NEW = "new"
    USED = "used"


class LicenseType(Vocabulary):
    DUAL_USE_EXPORT_LICENSE = "dual_use_export_license"
    TECHNOLOGY_EXPORT_LICENSE = "technology_export_license"
    GOODS_EXPORT_LICENSE = "goods_export_license"


@dataclass(frozen=True, slots=True)
class Party:
    path: str
    name: str
    country: str | None
    military: Stated


NO_VIN = "none"
"""`vin: none` states that a vehicle has no VIN."""


@dataclass(frozen=True, slots=True)
class Vehicle:
    """What an item that is a vehicle says about itself (all optional; rules ask for what
    they need)."""

    powertrain: Powertrain | None
    vin: str | None
    """17 characters, upper case; `none` when the file states the vehicle has no VIN."""
    condition: Condition | None
    registration_date: dt.date | None
    after_sales_confirmation: Stated


@dataclass(frozen=True, slots=True)
class Component:
    """Part of an item, for the value-share test of No. 61 of 2025."""

    path: str
    description: str
    origin: str | None
    value: Decimal | None
    elements: Mapping[str, Decimal] | None
    materials: Mapping[str, Decimal]


@dataclass(frozen=True, slots=True)
class Item:
    position: int
    """1-based position in `items`; `items[1]` is the first item."""
    id: str
    description: str
    hs_code: str
    """Digits only, as written (leading and trailing zeros kept)."""
    control_code: str | None
    origin: str | None
    quantity: Decimal | None
    unit: str | None
    value: Decimal | None
    currency: str | None
    elements: Mapping[str, Decimal] | None
    """Element symbol -> mass %; None when the file gives no `contains` at all."""
    materials: Mapping[str, Decimal]
    """Other materials (free text, lower case) -> mass %."""
    parameters: Mapping[str, Decimal]
    vehicle: Vehicle | None = None
    components: tuple[Component, ...] | None = None
    """None when the file gives no `components`."""

    @property
    def path(self) -> str:
        return f"items[{self.position}]"


@dataclass(frozen=True, slots=True)
class Transferred:
    """Know-how or work that goes abroad: a technology or a service."""

    collection: ClassVar[str]
    position: int
    id: str
    description: str
    area: Area | None
    """As given, or classified from the description; None when neither settles it."""
    area_given: bool
    parameters: Mapping[str, Decimal]

    @property
    def path(self) -> str:
        return f"{self.collection}[{self.position}]"


@dataclass(frozen=True, slots=True)
class Technology(Transferred):
    """A technology transferred abroad: licensed, contributed to an investment, or taught."""

    collection = "technologies"


@dataclass(frozen=True, slots=True)
class Service(Transferred):
    """Work done abroad on a production line: assembly, commissioning, maintenance, repair,
    upgrade."""

    collection = "services"


Subject = Item | Technology | Service
"""What a rule judges: an item, a technology or a service."""


@dataclass(frozen=True, slots=True)
class HeldLicense:
    """A licence the exporter holds, from the description's `licenses`."""

    path: str
    """Where in the description: `licenses[1]` is the first."""
    type: LicenseType
    number: str
    general: bool
    """A general licence (通用许可): never for a party on the Watch List."""
    covers: tuple[str, ...] | None
    """The ids of the items (technologies, services) it covers; None: every one."""
    valid_from: dt.date | None
    valid_until: dt.date
    destination: str | None
    end_user: str | None


@dataclass(frozen=True, slots=True)
class Description:
    file: str
    kind: Kind
    reference: str | None
    date: dt.date | None
    exporter: Party
    consignee: Party | None
    end_user: Party | None
    destination: str | None
    end_use: str | None
    items: tuple[Item, ...]
    recipient: Party | None = None
    technologies: tuple[Technology, ...] = ()
    services: tuple[Service, ...] = ()
    row: int | None = None
    """For a row of a CSV manifest: its line number in the file."""
    licenses: tuple[HeldLicense, ...] = ()


class NoteKind(Vocabulary):
    SUSPENDED = "suspended"
    NOT_IN_FORCE = "not_in_force"
    NOT_CONTROLLED = "not_controlled"
    NEAR_MATCH = "near_match"


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    measure: str
    subject: str
    """Where in the description: `items[1]` is the first item."""
    item: str | None
    """The item's own id (from the file, else its position), for mapping back to order lines."""
    level: Level
    license: LicenseType | None
    control_code: str | None
    reason: str
    source: str
    caution: str | None
    missing: tuple[str, ...]
    score: float | None = None
    """For entity-list hits: the name similarity, 0-100."""
    covered_by: str | None = None
    """For `licensed`: the number of the held licence that covers the finding."""
    not_covered: tuple[str, ...] = ()
    """Why each held licence of the finding's licence type does not cover it."""


@dataclass(frozen=True, slots=True)
class Note:
    """A rule that was checked but does not bind (suspended, not in force, not controlled)."""

    rule: str
    measure: str
    subject: str
    kind: NoteKind
    reason: str


@dataclass(frozen=True, slots=True)
class RulesetInfo:
    name: str
    version: str
    sha256: str
    origin: str = "bundled"
    """`bundled` (shipped with the package) or `user` (--rules, the configuration)."""
    amends: tuple[str, ...] = ()
    """For a user ruleset with overlays: the measures and rules it amends."""

    @property
    def origin_label(self) -> str:
        """`bundled`, `user`, or `user overlay amending <ids>`."""
        if self.amends:
            return f"{self.origin} overlay amending {', '.join(self.amends)}"
        return self.origin


def fingerprint(infos: Sequence[RulesetInfo]) -> str:
    """One sha256 over every ruleset's name, version and sha256: names the whole rule book in
    one string (`--version` shows it; JSON lines carry it instead of the ruleset list)."""
    import hashlib  # noqa: PLC0415 (OpenSSL's import is slow; only JSON lines need this)

    lines = "".join(f"{i.name} {i.version} {i.sha256}\n" for i in infos)
    return hashlib.sha256(lines.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Screening:
    """What the party screening covered, said even (above all) when nothing matched."""

    parties: tuple[str, ...]
    entries: int
    """Bundled list entries in force or listed by the check date."""
    announced: int
    """Entities the bundled announcements list (the bundled entries are those confirmed)."""
    lists_as_of: dt.date
    threshold: float
    hits: int


@dataclass(frozen=True, slots=True)
class Change:
    """A day ahead on which a rule that touches the description changes state, and the verdict
    from that day."""

    date: dt.date
    level: Level
    events: tuple[str, ...]
    """What changes that day, rule by rule."""
    licenses: tuple[LicenseType, ...]
    """The licence types needed from that day."""


@dataclass(frozen=True, slots=True)
class Verdict:
    file: str
    reference: str | None
    as_of: dt.date
    level: Level
    licenses: tuple[LicenseType, ...]
    findings: tuple[Finding, ...]
    notes: tuple[Note, ...]
    rulesets: tuple[RulesetInfo, ...]
    screening: Screening | None = None
    row: int | None = None
    """For a row of a CSV manifest: its line number in the file."""
    licenses_applied: tuple[str, ...] = ()
    """The numbers of the held licences that cover findings."""
    horizon: int = 0
    """How many days ahead `upcoming` looked (0: not looked)."""
    upcoming: tuple[Change, ...] = ()
    subjects: tuple[tuple[str, str, str], ...] = ()
    """Every item, technology and service checked: (path, id, description), in order."""

    def for_row(self, row: int, item: str) -> Verdict:
        """This verdict on a manifest row of one item, for another row with the same facts:
        its line number and item id in place of this one's."""
        findings = tuple(
            f if f.item is None or f.item == item else replace(f, item=item) for f in self.findings
        )
        subjects = tuple((path, item, text) for path, _, text in self.subjects)
        return replace(self, row=row, findings=findings, subjects=subjects)
