"""Description file (strict YAML) -> typed `Description`, with every problem collected.

The format is documented in docs/format.md; this module is its executable definition. The
fields are converted by `input.convert`, which the CSV reader shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from msgspec.structs import replace

from exportcheck.errors import InputError, Problems, key_path, raise_if_any
from exportcheck.input import convert
from exportcheck.input.composition import read as read_composition
from exportcheck.input.fields import Reader
from exportcheck.input.keys import (
    AREA_CHOICES,
    ASSESSMENTS,
    BOOLEANS,
    COMPONENT_KEYS,
    END_USER_KEYS,
    ITEM_KEYS,
    KINDS,
    LICENSE_KEYS,
    LICENSE_TYPES,
    PARTY_KEYS,
    RECEIVER_KEYS,
    STATED,
    TECHNOLOGY_KEYS,
    TOP_KEYS,
    VEHICLE_KEYS,
)
from exportcheck.input.yamlio import DEFAULT_LIMITS, Limits, YMap, decode, load_fast, load_text
from exportcheck.model.description import (
    Component,
    Composition,
    Description,
    HeldLicense,
    Item,
    Kind,
    Party,
    Service,
    Stated,
    Technology,
    Vehicle,
)
from exportcheck.vocab import safe
from exportcheck.vocab.areas import classify
from exportcheck.vocab.parameters import PARAMETERS

if TYPE_CHECKING:
    from collections.abc import Callable
    from decimal import Decimal

    from exportcheck.errors import Mark
    from exportcheck.input.yamlio import Value

T = TypeVar("T")


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
    return parse_text(decode(data, file, limits), file, limits, defaults)


def parse_text(
    text: str, file: str, limits: Limits = DEFAULT_LIMITS, defaults: YMap | None = None
) -> Description:
    """`parse_file` of the decoded text."""
    root = load_fast(text, limits)
    if isinstance(root, YMap):
        problems = Problems(file)
        description = _description(Reader(problems), with_defaults(root, defaults), file)
        if description is not None and not problems:
            return _defaulted(description, root, defaults)
    problems = Problems(file)
    root = load_text(text, file, limits, problems)
    if isinstance(root, YMap):
        return _defaulted(parse(with_defaults(root, defaults), file, problems), root, defaults)
    return parse(root, file, problems)


def _defaulted(description: Description, given: YMap, defaults: YMap | None) -> Description:
    """The description, saying which of its fields the configuration gave."""
    taken = tuple(key for key in defaults or () if key not in given)
    return replace(description, defaulted=taken) if taken else description


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


def header(
    reader: Reader, root: YMap, file: str, defaults: YMap | None = None
) -> Description | None:
    """Every field of a description but its items, which are read apart (input.streamed):
    the description has them, and `items` is empty."""
    found = _description(reader, with_defaults(root, defaults), file, streamed=True)
    return None if found is None else _defaulted(found, root, defaults)


def _description(
    reader: Reader, top: YMap, file: str, *, streamed: bool = False
) -> Description | None:
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
    consignee = _party(reader, top, "consignee", RECEIVER_KEYS, country_required=False)
    end_user = _party(reader, top, "end_user", END_USER_KEYS, country_required=False)
    recipient = _party(reader, top, "recipient", RECEIVER_KEYS, country_required=True)
    destination = reader.country(top, "destination", "")
    if destination is None and "destination" not in top:
        parties = (end_user, consignee, recipient)
        destination = next((p.country for p in parties if p and p.country), None)
    end_use = reader.text(top, "end_use", "")
    assessment = reader.choice(top, "end_use_assessment", "", ASSESSMENTS)
    origin = exporter.country if exporter else None
    items = _items(reader, top, origin) if "items" in top and not streamed else ()
    technologies = _technologies(reader, top, "technologies", Technology)
    services = _technologies(reader, top, "services", Service)
    licenses = read_licenses(reader, top)
    transfers = streamed or bool(items or technologies or services)
    _check_kind(reader, top, kind, transfers=transfers)
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
        held_licenses=licenses,
        end_use_assessment=assessment,
    )


def read_licenses(reader: Reader, top: YMap) -> tuple[HeldLicense, ...]:
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
                f"{safe.excerpt(own_id)} is already the id of {seen[own_id]}",
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
    name = None
    if m.get("name") is not None:
        at = key_path(key, "name")
        name = convert.party_name(reader, m["name"], reader.mark_of(m, "name"), at)
    country = reader.country(m, "country", key)
    military = Stated.UNKNOWN
    if "military" in allowed:
        military = reader.choice(m, "military", key, STATED) or Stated.UNKNOWN
    distinct = None
    if m.get("distinct_from") is not None:
        at = key_path(key, "distinct_from")
        distinct = reader.strings(m["distinct_from"], reader.mark_of(m, "distinct_from"), at)
    owners = None
    if m.get("owners") is not None:
        at = key_path(key, "owners")
        owners = convert.owners(reader.strings(m["owners"], reader.mark_of(m, "owners"), at))
    if name is None:
        return None
    return Party(
        path=key,
        name=name,
        country=country,
        military=military,
        distinct_from=distinct or (),
        owners=owners,
        line=m.mark.line if m.mark else None,
    )


def _items(reader: Reader, top: YMap, default_origin: str | None) -> tuple[Item, ...] | None:
    if top.get("items") == []:
        reader.error(reader.mark_of(top, "items"), "items", "is empty (expected at least one item)")
        return None
    if reader.get_sequence(top, "items", "") is None:
        return None
    items: list[Item] = []
    seen_ids: dict[str, str] = {}
    for position, path, m in reader.mappings(top, "items", ""):
        item = read_item(reader, m, path, position, default_origin)
        if item is None:
            continue
        if item.id in seen_ids:
            reader.error(
                reader.mark_of(m, "id"),
                key_path(path, "id"),
                f"{safe.excerpt(item.id)} is already the id of {seen_ids[item.id]}",
            )
        seen_ids[item.id] = path
        items.append(item)
    return tuple(items)


def read_item(
    reader: Reader, m: YMap, path: str, position: int, default_origin: str | None
) -> Item | None:
    """One item of the list (`items[position]` at `path`); None if it has no description."""
    reader.keys(m, path, ITEM_KEYS, required=("description",))
    item_id = reader.text(m, "id", path) or str(position)
    description = reader.text(m, "description", path)
    hs_code = _field(reader, m, "hs_code", path, convert.hs_code)
    control_code = _field(reader, m, "control_code", path, convert.control_code)
    origin = reader.country(m, "origin", path) or default_origin
    quantity, unit, value, currency = _passive(reader, m, path)
    composition = _contains(reader, m, path)
    form = _field(reader, m, "form", path, convert.form)
    parameters = _parameters(reader, m, path)
    vehicle = _vehicle(reader, m, path)
    components = _components(reader, m, path) if "components" in m else None
    if description is None:
        return None
    return Item(
        line=m.mark.line if m.mark else None,
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
        composition=composition,
        parameters=parameters,
        vehicle=vehicle,
        components=components,
        form=form,
    )


def _field(
    reader: Reader,
    m: YMap,
    key: str,
    path: str,
    convert_: Callable[[Reader, Value, Mark | None, str], T | None],
) -> T | None:
    """The converted value at `key`, None when absent."""
    value = m.get(key)
    if value is None:
        return None
    return convert_(reader, value, reader.mark_of(m, key), key_path(path, key))


def _passive(
    reader: Reader, m: YMap, path: str
) -> tuple[Decimal | None, str | None, Decimal | None, str | None]:
    quantity = reader.decimal(m, "quantity", path, what=convert.QUANTITY)
    unit = reader.text(m, "unit", path)
    value = reader.decimal(m, "value", path, what=convert.VALUE)
    currency = _field(reader, m, "currency", path, convert.currency)
    return quantity, unit, value, currency


def _entries(group: YMap, reader: Reader) -> list[convert.Entry]:
    return [
        (key, value, group.key_marks.get(key), reader.mark_of(group, key))
        for key, value in group.items()
    ]


def _contains(reader: Reader, m: YMap, path: str) -> Composition | None:
    shares = reader.get_mapping(m, "contains", path)
    complete = _field(reader, m, "composition_complete", path, convert.boolean) or False
    if shares is None:
        return None
    base = key_path(path, "contains")
    return read_composition(reader, _entries(shares, reader), base, shares.mark, complete=complete)


def _parameters(reader: Reader, m: YMap, path: str) -> dict[str, Decimal]:
    given = reader.get_mapping(m, "parameters", path)
    if given is None:
        return {}
    base = key_path(path, "parameters")
    reader.keys(given, base, PARAMETERS)
    return convert.parameters(reader, _entries(given, reader), base)


def _vehicle(reader: Reader, m: YMap, path: str) -> Vehicle | None:
    v = reader.get_mapping(m, "vehicle", path)
    if v is None:
        return None
    base = key_path(path, "vehicle")
    reader.keys(v, base, VEHICLE_KEYS)
    return convert.vehicle(reader, _entries(v, reader), base)


def _components(reader: Reader, m: YMap, path: str) -> tuple[Component, ...]:
    found = []
    for position, cpath, c in reader.mappings(m, "components", path):
        reader.keys(c, cpath, COMPONENT_KEYS, required=("description",))
        description = reader.text(c, "description", cpath)
        origin = reader.country(c, "origin", cpath)
        value = reader.decimal(c, "value", cpath, what=convert.VALUE)
        contained = _contains(reader, c, cpath)
        if description is not None:
            found.append(
                Component(
                    place=f"components[{position}]",
                    description=description,
                    origin=origin,
                    value=value,
                    composition=contained,
                )
            )
    return tuple(found)
