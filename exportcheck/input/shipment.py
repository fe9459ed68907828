"""A CSV manifest's shipment-level fields given once for every row: a `--header` YAML file,
`--set KEY=VALUE` options over it, and the configuration's exporter when neither names one
(docs/format.md#csv-manifests). Each value is checked where it is written, with the converters
every description uses; a row's own cells win over them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct, field

from exportcheck.errors import InputError, Mark, Problems
from exportcheck.input import convert
from exportcheck.input.fields import Reader
from exportcheck.input.files import read_input
from exportcheck.input.keys import END_USER_KEYS, PARTY_KEYS, RECEIVER_KEYS, TOP_KEYS
from exportcheck.input.parse import read_licenses
from exportcheck.input.yamlio import YMap, load
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from exportcheck.input.yamlio import Limits, Value
    from exportcheck.model.description import HeldLicense

HEADER_KEYS = tuple(
    k for k in TOP_KEYS if k not in ("items", "recipient", "technologies", "services")
)
"""What a header file (and --set) may give: a description's keys, less what it transfers."""
PARTIES = {"exporter": PARTY_KEYS, "consignee": RECEIVER_KEYS, "end_user": END_USER_KEYS}
FIELDS = ("reference", "date", "destination", "end_use", "end_use_assessment")
"""Shipment-level fields that are not parties."""

Place = tuple[str, ...]
"""Where a value goes in a description: ("destination",), ("exporter", "country")."""


class Written(Struct, frozen=True):
    """A value as written, and where."""

    raw: str
    file: str
    mark: Mark | None


class Shipment(Struct, frozen=True):
    values: dict[Place, Written] = field(default_factory=dict)
    parties: frozenset[str] = frozenset()
    """The parties the header gives as a mapping (even one with no name: the rows name them)."""
    held_licenses: tuple[HeldLicense, ...] = ()

    def gives(self, place: Place) -> bool:
        return place in self.values

    def with_exporter(self, exporter: YMap | None) -> Shipment:
        """The shipment with the configuration's exporter, when it names none of its own."""
        if exporter is None or "exporter" in self.parties:
            return self
        values = dict(self.values)
        for key in PARTY_KEYS:
            raw = exporter.get(key)
            if isinstance(raw, str):
                values[("exporter", key)] = Written(raw, "configuration", None)
        return Shipment(values, self.parties | {"exporter"}, self.held_licenses)


def converter(place: Place) -> Callable[[Reader, Value, Mark | None, str], object]:
    """How the value at a shipment-level place is read."""
    if place in (("date",),):
        return convert.date
    if place[-1] == "country" or place == ("destination",):
        return convert.country
    if place[-1] == "military":
        return convert.stated
    if place == ("end_use_assessment",):
        return convert.assessment
    return _text


def _text(reader: Reader, value: Value, mark: Mark | None, path: str) -> str | None:
    return reader.text_at(value, mark, path)


def place_of(name: str) -> Place | None:
    """The place a column or --set key names, if it is a shipment-level field."""
    if name in FIELDS:
        return (name,)
    party, dot, key = name.partition(".")
    if dot and key in PARTIES.get(party, ()):
        return (party, key)
    return None


def names() -> list[str]:
    return [*FIELDS, *(f"{p}.{k}" for p, keys in PARTIES.items() for k in keys)]


def shipment_fields(header: str | None, sets: Sequence[str], limits: Limits) -> Shipment:
    """The shipment-level fields given once: the header file's, with --set's over them. Each is
    checked as a description would check it; problems raise InputError."""
    found = Shipment()
    if header is not None:
        found = _from_header(header, limits)
    if sets:
        given = _from_sets(sets)
        found = Shipment(
            {**found.values, **given.values}, found.parties | given.parties, found.held_licenses
        )
    return found


def _from_header(header: str, limits: Limits) -> Shipment:
    root = load(read_input(header, limits), header, limits)
    problems = Problems(header)
    if not isinstance(root, YMap):
        problems.add(None, "", "a manifest header is a mapping of shipment-level fields")
        raise InputError(problems.sorted())
    reader = Reader(problems)
    values: dict[Place, Written] = {}
    parties: set[str] = set()
    for key in root:
        if key not in HEADER_KEYS:
            problems.add(
                root.key_marks.get(key),
                key,
                f"is not a shipment-level field (a header may give {', '.join(HEADER_KEYS)})",
            )
    kind = root.get("kind")
    if kind is not None and kind != "shipment":
        problems.add(root.value_marks.get("kind"), "kind", "a CSV manifest is a shipment")
    for key in FIELDS:
        _take(reader, root, key, (key,), values, file=header)
    for party, allowed in PARTIES.items():
        given = reader.get_mapping(root, party, "")
        if given is None:
            continue
        parties.add(party)
        reader.keys(given, party, allowed)
        for key in allowed:
            _take(reader, given, key, (party, key), values, file=header)
    licenses = read_licenses(reader, root)
    if problems:
        raise InputError(problems.sorted())
    return Shipment(values, frozenset(parties), licenses)


def _take(
    reader: Reader, m: YMap, key: str, place: Place, values: dict[Place, Written], *, file: str
) -> None:
    """Check the value at `key` and keep it as written."""
    value = m.get(key)
    if value is None:
        return
    mark = reader.mark_of(m, key)
    path = ".".join(place)
    if converter(place)(reader, value, mark, path) is not None and isinstance(value, str):
        values[place] = Written(value, file, mark)


def _from_sets(sets: Sequence[str]) -> Shipment:
    """`--set` options: first their form (KEY=VALUE, a known field), then their values."""
    problems = Problems("--set")
    reader = Reader(problems)
    values: dict[Place, Written] = {}
    for entry in sets:
        key, sep, value = entry.partition("=")
        key, value = key.strip(), value.strip()
        place = place_of(key)
        if not sep or not value:
            problems.add(None, key, f"expected KEY=VALUE, found {safe.clip(entry)!r}")
        elif place is None:
            problems.add(None, key, unknown(key, names(), "field"))
        else:
            values[place] = Written(value, "--set", None)
    if not problems:
        for place, written in values.items():
            converter(place)(reader, written.raw, None, ".".join(place))
    if problems:
        raise InputError(problems.sorted())
    return Shipment(values, frozenset(p[0] for p in values if len(p) == 2))


def unknown(name: str, known: list[str], what: str = "column") -> str:
    """What to say of a column (or --set key) that names no field."""
    if name == "components" or name.startswith("components."):
        return "components cannot be given in a CSV manifest; describe the item in YAML"
    if name == "kind":
        return "a CSV manifest is a shipment; leave kind out"
    import difflib  # noqa: PLC0415 (only for a near miss)

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"unknown {what}; did you mean {close[0]!r}?"
    return f"unknown {what} (see docs/format.md#csv-manifests)"
