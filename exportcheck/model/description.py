"""What a description file says: the shipment, investment or technology transfer, its parties,
items, technologies, services and held licences.

Built by `exportcheck.input` (YAML descriptions and CSV manifest rows); read by the rules'
matchers. All frozen: nothing downstream of parsing changes the user's facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from msgspec import Struct

from exportcheck.vocab.areas import Area
from exportcheck.vocabulary import Vocabulary

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping
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


class EndUseAssessment(Vocabulary):
    """The exporter's stated assessment for knowledge-based catch-alls (No. 62 of 2025)."""

    RARE_EARTH_ACTIVITY = "rare_earth_activity"
    """The exporter knows the goods will substantially help rare-earth mining, smelting,
    separation, magnet manufacturing or recycling abroad."""
    NONE = "none"
    """The exporter has assessed the end use and knows of no such help."""


class LicenseType(Vocabulary):
    DUAL_USE_EXPORT_LICENSE = "dual_use_export_license"
    TECHNOLOGY_EXPORT_LICENSE = "technology_export_license"
    GOODS_EXPORT_LICENSE = "goods_export_license"


NOT_CONTROLLED = "none"
"""`control_code: none` declares the item not a controlled item (不属于管制物项)."""


class Party(Struct, frozen=True):
    path: str
    name: str
    country: str | None
    military: Stated
    distinct_from: tuple[str, ...] = ()
    """Listed entities the exporter has checked this party is not (`distinct_from`): a match
    or near match on one of them is a note, not a finding."""
    owners: tuple[str, ...] | None = None
    """The entities that own 50 % or more of a receiving party (`owners`; `owners: none`
    gives ()); None: not stated. Screened as well, for the measures that reach companies a
    listed entity owns (No. 61 of 2025)."""
    line: int | None = None
    """The YAML line of the party's mapping (None in a manifest: a row's parties are its
    line's, and screening remembers parties across rows)."""


NO_VIN = "none"
"""`vin: none` states that a vehicle has no VIN."""


class Vehicle(Struct, frozen=True):
    """What an item that is a vehicle says about itself (all optional; rules ask for what
    they need)."""

    powertrain: Powertrain | None
    vin: str | None
    """17 characters, upper case; `none` when the file states the vehicle has no VIN."""
    condition: Condition | None
    registration_date: dt.date | None
    after_sales_confirmation: Stated


class Conversion(Struct, frozen=True):
    """A `contains` entry that is not an element, read as element shares: `Dy2O3: 99.9` as
    dysprosium 87.04 % and oxygen 12.86 % by stoichiometry."""

    written: str
    """The key as the file writes it."""
    read_as: str
    """What the key was read as: a formula (`Dy2O3`) or a family (`NdFeB`)."""
    shares: tuple[tuple[str, Decimal], ...]
    """Element symbol -> mass % of the item; empty for a family, whose shares vary."""
    present: tuple[str, ...] = ()
    """For a family: the elements it holds in unknown shares."""


class Composition(Struct, frozen=True):
    """What an item's (or a component's) `contains` says, as element shares."""

    elements: Mapping[str, Decimal]
    """Element symbol -> mass %, from elements and compounds."""
    materials: Mapping[str, Decimal]
    """Other materials (free text, folded) -> mass %."""
    unstated: Decimal
    """Mass % the composition leaves unknown: 0 when its shares reach 100 % (within a point of
    rounding) or the file says it is complete; a family (`NdFeB: 100`), whose shares vary, or
    an `other: 5` counts as unknown."""
    present: frozenset[str] = frozenset()
    """Elements held in unknown shares (a family's)."""
    converted: tuple[Conversion, ...] = ()

    def key(self) -> tuple[object, ...]:
        """The composition as a hashable value (the engine keys what it decided on it)."""
        return (
            tuple(self.elements.items()),
            tuple(self.materials.items()),
            self.unstated,
            self.present,
            self.converted,
        )


class Component(Struct, frozen=True):
    """Part of an item, for the value-share test of No. 61 of 2025."""

    place: str
    """Where in its item: `components[2]` is the second."""
    description: str
    origin: str | None
    value: Decimal | None
    composition: Composition | None
    """None when the component's `contains` is absent or empty."""


class Item(Struct, frozen=True):
    position: int
    """1-based position in `items`; `items[1]` is the first item."""
    id: str
    description: str
    hs_code: str | None
    """Digits only, as written (leading and trailing zeros kept); None when not given."""
    control_code: str | None
    origin: str | None
    quantity: Decimal | None
    unit: str | None
    value: Decimal | None
    currency: str | None
    composition: Composition | None
    """From `contains`; None when the file gives none, or an empty one."""
    parameters: Mapping[str, Decimal]
    vehicle: Vehicle | None = None
    components: tuple[Component, ...] | None = None
    """None when the file gives no `components`."""
    form: str | None = None
    """The item's form as the file states it (vocab.forms), if it does."""
    line: int | None = None
    """Where the item starts in its file (the YAML line of its mapping, a CSV row's line)."""

    @property
    def path(self) -> str:
        return f"items[{self.position}]"


class Transferred(Struct, frozen=True):
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


class Technology(Transferred, frozen=True):
    """A technology transferred abroad: licensed, contributed to an investment, or taught."""

    collection = "technologies"


class Service(Transferred, frozen=True):
    """Work done abroad on a production line: assembly, commissioning, maintenance, repair,
    upgrade."""

    collection = "services"


Subject = Item | Technology | Service
"""What a rule judges: an item, a technology or a service."""


class HeldLicense(Struct, frozen=True):
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


class Description(Struct, frozen=True):
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
    held_licenses: tuple[HeldLicense, ...] = ()
    """The licences the exporter holds (the file's `licenses`)."""
    end_use_assessment: EndUseAssessment | None = None
    """The exporter's assessment of the end use for catch-alls; None when not stated."""
    defaulted: tuple[str, ...] = ()
    """Top-level fields the file left out that the configuration gave (`exporter`)."""
