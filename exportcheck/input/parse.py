"""Description file (strict YAML) -> typed `Description`, with every problem collected.

The format is documented in docs/format.md; this module is its executable definition.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from exportcheck.errors import InputError, Problems, key_path, raise_if_any
from exportcheck.input.fields import Reader, describe
from exportcheck.input.yamlio import DEFAULT_LIMITS, Limits, YMap, decode, load_fast, load_text
from exportcheck.model.description import (
    NO_VIN,
    NOT_CONTROLLED,
    Component,
    Condition,
    Description,
    HeldLicense,
    Item,
    Kind,
    LicenseType,
    Party,
    Powertrain,
    Service,
    Stated,
    Technology,
    Vehicle,
)
from exportcheck.vocab import countries, elements
from exportcheck.vocab.areas import Area, classify
from exportcheck.vocab.parameters import PARAMETERS

if TYPE_CHECKING:
    from exportcheck.input.yamlio import Value

TOP_KEYS = (
    "kind",
    "reference",
    "date",
    "exporter",
    "consignee",
    "end_user",
    "destination",
    "end_use",
    "items",
    "recipient",
    "technologies",
    "services",
    "licenses",
)
PARTY_KEYS = ("name", "country")
END_USER_KEYS = (*PARTY_KEYS, "military")
ITEM_KEYS = (
    "id",
    "description",
    "hs_code",
    "control_code",
    "origin",
    "quantity",
    "unit",
    "value",
    "currency",
    "contains",
    "parameters",
    "vehicle",
    "components",
)
KINDS = {kind.value: kind for kind in Kind}
TECHNOLOGY_KEYS = ("id", "description", "area", "parameters")
AREA_CHOICES = {a.value: a for a in Area}
COMPONENT_KEYS = ("id", "description", "origin", "value", "contains")
STATED = {m.value: m for m in Stated}
POWERTRAINS = {p.value: p for p in Powertrain}
CONDITIONS = {c.value: c for c in Condition}
VEHICLE_KEYS = (
    "powertrain",
    "vin",
    "condition",
    "registration_date",
    "after_sales_confirmation",
)
VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")

HS_CODE = re.compile(r"\d{4,10}")
CONTROL_CODE = re.compile(r"[0-9][A-Ea-e][0-9]{3}(\.[A-Za-z0-9]+)*")
HUNDRED = Decimal(100)


def parse_file(
    data: bytes,
    file: str,
    limits: Limits = DEFAULT_LIMITS,
    defaults: YMap | None = None,
) -> Description:
    """Bytes of a description file -> Description, or InputError listing every problem.

    `defaults` gives top-level fields (from the configuration: the usual exporter) that the file
    may leave out; the file's own always win.

    A clean file is read once by the fast loader, without positions. At the first sign of a
    problem, in the YAML or in the description, it is read again with positions, so every problem
    is reported with its line and column; both readings give the same Description."""
    text = decode(data, file, limits)
    root = load_fast(text, limits)
    if isinstance(root, YMap):
        problems = Problems(file)
        description = _description(Reader(problems), with_defaults(root, defaults), file)
        if description is not None and not problems:
            return description
    problems = Problems(file)
    root = load_text(text, file, limits, problems)
    if isinstance(root, YMap):
        root = with_defaults(root, defaults)
    return parse(root, file, problems)


def with_defaults(given: YMap, defaults: YMap | None) -> YMap:
    """`given` with the top-level fields of `defaults` it leaves out (the configuration's
    exporter), as a new mapping; positions are those of `given` (the defaults were checked where
    they were written). `given` itself when it leaves out none."""
    if not defaults or all(key in given for key in defaults):
        return given
    merged = YMap(given.mark)
    for key, value in defaults.items():
        merged[key] = value
    for key, value in given.items():
        merged[key] = value
        if key in given.value_marks:
            merged.value_marks[key] = given.value_marks[key]
            merged.key_marks[key] = given.key_marks[key]
    return merged


def parse(root: Value, file: str, problems: Problems | None = None) -> Description:
    """A loaded document -> Description; `problems` may already hold the loader's findings."""
    problems = problems if problems is not None else Problems(file)
    reader = Reader(problems)
    top = reader.mapping(root, None, "")
    if top is None:
        raise_if_any(problems, InputError)
        raise AssertionError  # unreachable: mapping() recorded a problem
    description = _description(reader, top, file)
    raise_if_any(problems, InputError)
    assert description is not None
    return description


def _description(reader: Reader, top: YMap, file: str) -> Description | None:
    reader.keys(
        top,
        "",
        TOP_KEYS,
        required=("kind", "exporter"),
        hints={"militray": "military belongs under end_user"},
    )
    kind = reader.choice(top, "kind", "", KINDS)
    reference = reader.text(top, "reference", "")
    date = reader.date(top, "date", "")
    exporter = _party(reader, top, "exporter", PARTY_KEYS, country_required=True)
    consignee = _party(reader, top, "consignee", PARTY_KEYS, country_required=False)
    end_user = _party(reader, top, "end_user", END_USER_KEYS, country_required=False)
    recipient = _party(reader, top, "recipient", PARTY_KEYS, country_required=True)
    destination = reader.country(top, "destination", "")
    if destination is None and "destination" not in top:
        parties = (end_user, consignee, recipient)
        destination = next((p.country for p in parties if p and p.country), None)
    end_use = reader.text(top, "end_use", "")
    origin = exporter.country if exporter else None
    items = _items(reader, top, origin) if "items" in top else ()
    technologies = _technologies(reader, top, "technologies", Technology)
    services = _technologies(reader, top, "services", Service)
    licenses = _licenses(reader, top)
    _check_kind(reader, top, kind, transfers=bool(items or technologies or services))
    if kind is None or exporter is None or items is None:
        return None
    return Description(
        file=file,
        kind=kind,
        reference=reference,
        date=date,
        exporter=exporter,
        consignee=consignee,
        end_user=end_user,
        destination=destination,
        end_use=end_use,
        items=items,
        recipient=recipient,
        technologies=technologies,
        services=services,
        licenses=licenses,
    )


LICENSE_KEYS = (
    "type", "number", "general", "covers", "valid_from", "valid_until", "destination", "end_user",
)  # fmt: skip
LICENSE_TYPES = {t.value: t for t in LicenseType}
BOOLEANS = {"true": True, "false": False}


def _licenses(reader: Reader, top: YMap) -> tuple[HeldLicense, ...]:
    """The licences the exporter holds: each finding of a licence type one of them covers
    (right type, item, day, destination and end user) becomes `licensed`."""
    found = []
    for _, path, m in reader.mappings(top, "licenses", ""):
        reader.keys(m, path, LICENSE_KEYS, required=("type", "number", "valid_until"))
        license_type = reader.choice(m, "type", path, LICENSE_TYPES)
        number = reader.text(m, "number", path)
        general = reader.choice(m, "general", path, BOOLEANS) or False
        covers = None
        if m.get("covers") is not None:
            covers = reader.strings(m["covers"], reader.mark_of(m, "covers"), f"{path}.covers")
        valid_from = reader.date(m, "valid_from", path)
        valid_until = reader.date(m, "valid_until", path)
        if valid_from and valid_until and valid_from > valid_until:
            reader.error(
                reader.mark_of(m, "valid_until"),
                key_path(path, "valid_until"),
                f"{valid_until} is before valid_from {valid_from}",
            )
            continue
        destination = reader.country(m, "destination", path)
        end_user = reader.text(m, "end_user", path)
        if license_type is None or number is None or valid_until is None:
            continue
        found.append(
            HeldLicense(
                path=path,
                type=license_type,
                number=number,
                general=general,
                covers=covers,
                valid_from=valid_from,
                valid_until=valid_until,
                destination=destination,
                end_user=end_user,
            )
        )
    return tuple(found)


def _check_kind(
    reader: Reader,
    top: YMap,
    kind: Kind | None,
    *,
    transfers: bool,
) -> None:
    """A shipment has items and no technologies or services; a transfer or investment names
    its recipient and transfers something."""
    if kind is Kind.SHIPMENT:
        if "items" not in top:
            reader.error(top.mark, "items", "missing required key")
        for key in ("technologies", "services", "recipient"):
            if key in top:
                reader.error(
                    top.key_marks.get(key),
                    key,
                    "is for kind technology_transfer or investment, not shipment",
                )
    elif kind is not None:
        if "recipient" not in top:
            reader.error(
                top.mark,
                "recipient",
                f"missing required key (the foreign party of the {kind.value})",
            )
        if not transfers:
            reader.error(
                top.mark,
                "technologies",
                "nothing is transferred: give technologies, services or items",
            )


def _technologies(
    reader: Reader, top: YMap, key: str, make: type[Technology] | type[Service]
) -> tuple[Any, ...]:
    found = []
    seen: dict[str, str] = {}
    for position, path, m in reader.mappings(top, key, ""):
        reader.keys(m, path, TECHNOLOGY_KEYS, required=("description",))
        own_id = reader.text(m, "id", path) or str(position)
        description = reader.text(m, "description", path)
        area = reader.choice(m, "area", path, AREA_CHOICES)
        parameters = _parameters(reader, m, path)
        if own_id in seen:
            reader.error(
                reader.mark_of(m, "id"),
                key_path(path, "id"),
                f'"{own_id}" is already the id of {seen[own_id]}',
            )
        seen[own_id] = path
        if description is None:
            continue
        given = area is not None
        found.append(
            make(
                position=position,
                id=own_id,
                description=description,
                area=area if given else classify(description),
                area_given=given,
                parameters=parameters,
            )
        )
    return tuple(found)


def _party(
    reader: Reader,
    top: YMap,
    key: str,
    allowed: tuple[str, ...],
    *,
    country_required: bool,
) -> Party | None:
    m = reader.get_mapping(top, key, "")
    if m is None:
        return None
    required = ("name", "country") if country_required else ("name",)
    reader.keys(m, key, allowed, required=required)
    name = reader.text(m, "name", key)
    country = reader.country(m, "country", key)
    military = Stated.UNKNOWN
    if "military" in allowed:
        military = reader.choice(m, "military", key, STATED) or Stated.UNKNOWN
    if name is None:
        return None
    return Party(path=key, name=name, country=country, military=military)


def _items(reader: Reader, top: YMap, default_origin: str | None) -> tuple[Item, ...] | None:
    if top.get("items") == []:
        reader.error(reader.mark_of(top, "items"), "items", "is empty (expected at least one item)")
        return None
    if reader.get_sequence(top, "items", "") is None:
        return None
    items: list[Item] = []
    seen_ids: dict[str, str] = {}
    for position, path, m in reader.mappings(top, "items", ""):
        item = _item(reader, m, path, position, default_origin)
        if item is None:
            continue
        if item.id in seen_ids:
            reader.error(
                reader.mark_of(m, "id"),
                key_path(path, "id"),
                f'"{item.id}" is already the id of {seen_ids[item.id]}',
            )
        seen_ids[item.id] = path
        items.append(item)
    return tuple(items)


def _item(
    reader: Reader, m: YMap, path: str, position: int, default_origin: str | None
) -> Item | None:
    reader.keys(m, path, ITEM_KEYS, required=("description", "hs_code"))
    item_id = reader.text(m, "id", path) or str(position)
    description = reader.text(m, "description", path)
    hs_code = _hs_code(reader, m, path)
    control_code = _control_code(reader, m, path)
    origin = reader.country(m, "origin", path) or default_origin
    quantity, unit, value, currency = _passive(reader, m, path)
    elements_, materials = _contains(reader, m, path)
    parameters = _parameters(reader, m, path)
    vehicle = _vehicle(reader, m, path)
    components = _components(reader, m, path, origin) if "components" in m else None
    if description is None or hs_code is None:
        return None
    return Item(
        position=position,
        id=item_id,
        description=description,
        hs_code=hs_code,
        control_code=control_code,
        origin=origin,
        quantity=quantity,
        unit=unit,
        value=value,
        currency=currency,
        elements=elements_,
        materials=materials,
        parameters=parameters,
        vehicle=vehicle,
        components=components,
    )


PASSIVE_ITEM_KEYS = ("quantity", "unit", "value", "currency")
"""Item fields that are checked for form but that no rule reads (`value` only through
components): `engine.item_facts` leaves them out, and so may a manifest's cache."""


def _passive(
    reader: Reader, m: YMap, path: str
) -> tuple[Decimal | None, str | None, Decimal | None, str | None]:
    quantity = reader.decimal(m, "quantity", path, what="a quantity of 0 or more")
    unit = reader.text(m, "unit", path)
    value = reader.decimal(m, "value", path, what="a value of 0 or more")
    currency = _currency(reader, m, path)
    return quantity, unit, value, currency


_UNSIGNED = re.compile(r"\d+(\.\d*)?|\.\d+")
"""What `Reader.number` accepts, less signs: a quantity or value of 0 or more, at a glance."""


def read_passive(
    m: YMap,
) -> tuple[Decimal | None, str | None, Decimal | None, str | None] | None:
    """Quantity, unit, value and currency from a mapping of them; None if one is malformed."""
    problems = Problems("")
    found = _passive(Reader(problems), m, "")
    return None if problems else found


def passive_ok(key: str, raw: str) -> bool:
    """Whether `raw` is a valid value of the item field `key`, one of PASSIVE_ITEM_KEYS: the
    checks of `_passive`, with shortcuts for plain numbers and units (test_parse compares)."""
    if key in ("quantity", "value") and _UNSIGNED.fullmatch(raw):
        return True
    if key == "unit" and raw.strip():
        return True
    m = YMap(None)
    m[key] = raw
    problems = Problems("")
    _passive(Reader(problems), m, "")
    return not problems


def _components(
    reader: Reader, m: YMap, path: str, default_origin: str | None
) -> tuple[Component, ...]:
    found = []
    for _, cpath, c in reader.mappings(m, "components", path):
        reader.keys(c, cpath, COMPONENT_KEYS, required=("description",))
        description = reader.text(c, "description", cpath)
        origin = reader.country(c, "origin", cpath)
        value = reader.decimal(c, "value", cpath, what="a value of 0 or more")
        elements_, materials = _contains(reader, c, cpath)
        if description is not None:
            found.append(
                Component(
                    path=cpath,
                    description=description,
                    origin=origin,
                    value=value,
                    elements=elements_,
                    materials=materials,
                )
            )
    return tuple(found)


def _vehicle(reader: Reader, m: YMap, path: str) -> Vehicle | None:
    v = reader.get_mapping(m, "vehicle", path)
    if v is None:
        return None
    base = key_path(path, "vehicle")
    reader.keys(v, base, VEHICLE_KEYS)
    vin = reader.text(v, "vin", base)
    if vin is not None:
        if vin.lower() == NO_VIN:
            vin = NO_VIN
        elif VIN.fullmatch(vin.upper()):
            vin = vin.upper()
        else:
            reader.error(
                reader.mark_of(v, "vin"),
                key_path(base, "vin"),
                f'"{vin}" is not a VIN (expected 17 letters and digits without I, O or Q, '
                "or none for a vehicle without one)",
            )
            vin = None
    return Vehicle(
        powertrain=reader.choice(v, "powertrain", base, POWERTRAINS),
        vin=vin,
        condition=reader.choice(v, "condition", base, CONDITIONS),
        registration_date=reader.date(v, "registration_date", base),
        after_sales_confirmation=reader.choice(v, "after_sales_confirmation", base, STATED)
        or Stated.UNKNOWN,
    )


def _hs_code(reader: Reader, m: YMap, path: str) -> str | None:
    raw = reader.text(m, "hs_code", path)
    if raw is None:
        return None
    digits = raw.replace(".", "").replace(" ", "")
    if HS_CODE.fullmatch(digits):
        return digits
    where = reader.mark_of(m, "hs_code")
    field = key_path(path, "hs_code")
    if any(c.isalpha() for c in digits):
        reader.error(
            where,
            field,
            f'"{raw}" has a letter (expected 4-10 digits; dots and spaces are ignored)',
        )
    else:
        reader.error(where, field, f'"{raw}" is not 4-10 digits (dots and spaces are ignored)')
    return None


def _control_code(reader: Reader, m: YMap, path: str) -> str | None:
    raw = reader.text(m, "control_code", path)
    if raw is None:
        return None
    if CONTROL_CODE.fullmatch(raw):
        return raw
    if raw.lower() == NOT_CONTROLLED:
        return NOT_CONTROLLED
    reader.error(
        reader.mark_of(m, "control_code"),
        key_path(path, "control_code"),
        f'"{raw}" is not a control-list code (expected a code like 1C902.a or 3A001, or none '
        "for an item declared not controlled; leave control_code out if unclassified)",
    )
    return None


def _currency(reader: Reader, m: YMap, path: str) -> str | None:
    raw = reader.text(m, "currency", path)
    if raw is None:
        return None
    if countries.is_currency(raw):
        return raw
    reader.error(
        reader.mark_of(m, "currency"),
        key_path(path, "currency"),
        f'"{raw}" is not an ISO 4217 currency code (expected three capital letters, like USD)',
    )
    return None


def _contains(
    reader: Reader, m: YMap, path: str
) -> tuple[dict[str, Decimal] | None, dict[str, Decimal]]:
    shares = reader.get_mapping(m, "contains", path)
    if shares is None:
        return None, {}
    base = key_path(path, "contains")
    found: dict[str, Decimal] = {}
    materials: dict[str, Decimal] = {}
    spelled: dict[str, str] = {}
    total = Decimal(0)
    for key, raw in shares.items():
        field = key_path(base, key)
        where = reader.mark_of(shares, key)
        lookup = elements.lookup(key)
        if lookup.suggestion is not None:
            reader.error(
                shares.key_marks.get(key, where),
                field,
                f"unknown element {key!r}; did you mean {lookup.suggestion!r}?",
            )
            continue
        if not isinstance(raw, str):
            reader.error(where, field, f"expected a mass percentage, found {describe(raw)}")
            continue
        share = reader.number(
            raw, where, field, minimum=Decimal(0), maximum=HUNDRED, what="a mass percentage 0-100"
        )
        if share is None:
            continue
        total += share
        if lookup.symbol is not None:
            if lookup.symbol in spelled:
                reader.error(
                    shares.key_marks.get(key, where),
                    field,
                    f"{elements.name_of(lookup.symbol)} is already given as "
                    f"{spelled[lookup.symbol]!r}",
                )
                continue
            spelled[lookup.symbol] = key
            found[lookup.symbol] = share
        else:
            materials[key.strip().lower()] = share
    if total > HUNDRED:
        reader.error(shares.mark, base, f"shares add up to {total}%, more than 100%")
    return found, materials


def _parameters(reader: Reader, m: YMap, path: str) -> dict[str, Decimal]:
    given = reader.get_mapping(m, "parameters", path)
    if given is None:
        return {}
    base = key_path(path, "parameters")
    reader.keys(given, base, PARAMETERS)
    values: dict[str, Decimal] = {}
    for key in given:
        parameter = PARAMETERS.get(key)
        if parameter is None:
            continue
        maximum = Decimal(parameter.maximum) if parameter.maximum else None
        number = reader.decimal(
            given, key, base, maximum=maximum, what=f"a value in {parameter.unit}"
        )
        if number is not None:
            values[key] = number
    return values
