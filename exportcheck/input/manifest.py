"""CSV manifests: one row per line item, the shape ERPs export (docs/format.md#csv-manifests).

Each row is a shipment of that one item. Its columns are item fields (`description`, `hs_code`,
`contains.Dy`, `parameters.energy_density_wh_per_kg`, `vehicle.powertrain`, ...) and,
optionally, shipment-level fields (`exporter.country`, `end_user.name`, `destination`, ...);
those may instead be given once (input.shipment), and a non-empty cell wins.

Rows stream: `Manifest.rows` reads a row at a time. A row's description is built straight from
its cells by the converters every description uses (input.convert), so a cell fails as the same
field of a YAML file would, named by its line, column and column name. A row's decision depends
only on its fact cells (`key`); its id and passive cells (quantity, unit, value, currency,
which no rule reads without components) are checked on their own (`extras_ok`), so a run may
reuse the decision of an earlier row with the same facts.
"""

from __future__ import annotations

import csv
import io
import itertools
import operator
import os
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TextIO, TypeVar

from msgspec import Struct

from exportcheck.errors import InputError, Mark, Problem, Problems, key_path
from exportcheck.input import convert, encodings, layout
from exportcheck.input.composition import read as read_composition
from exportcheck.input.fields import Reader
from exportcheck.input.files import NotRegularError, open_regular
from exportcheck.input.keys import ITEM_KEYS, PASSIVE_ITEM_KEYS, VEHICLE_KEYS
from exportcheck.input.shipment import PARTIES, Place, Written, names, place_of, unknown
from exportcheck.model.description import Description, Item, Kind, Party, Stated
from exportcheck.vocab import countries, safe
from exportcheck.vocab.parameters import PARAMETERS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from exportcheck.input.shipment import Shipment
    from exportcheck.input.yamlio import Value

T = TypeVar("T")

ITEM_FIELDS = tuple(k for k in ITEM_KEYS if k not in ("contains", "parameters", "vehicle"))
GROUPS = ("contains", "parameters", "vehicle")
ROW_MARK = 1
"""The column of a problem about a whole row."""
_PLAIN_NUMBER = re.compile(r"\d+(\.\d+)?").fullmatch
"""A quantity or value that needs no second look."""
NUMBERS = layout.NUMBERS
UNREADABLE = encodings.UNREADABLE

Role = Literal["id", "passive", "fact"]


class Column(Struct, frozen=True):
    index: int
    name: str
    place: Place
    """Where the value goes: ("items", "contains", "Dy"), ("exporter", "country"), ("date",)."""
    role: Role


class Unfit(Struct, frozen=True):
    """A row that is no row of this manifest: the wrong number of fields, bytes that are not
    text, or CSV that stops being CSV."""

    line: int
    problems: tuple[Problem, ...]


class Manifest:
    """One CSV file, open, past its header row."""

    def __init__(
        self,
        name: str,
        handle: TextIO,
        reader: Any,
        columns: list[Column],
        shipment: Shipment,
        *,
        decimal_comma: bool = False,
    ) -> None:
        self.name = name
        self.handle = handle
        self.encoding = handle.encoding or "utf-8"
        self.reader = reader
        self.columns = columns
        self.shipment = shipment
        facts = [c.index for c in columns if c.role == "fact"]
        self.key = cells_at(facts)
        """A row's facts: the values of its fact columns (a tuple, or one cell)."""
        self.id_index = next((c.index for c in columns if c.role == "id"), None)
        self.passive = [(c.index, c.name) for c in columns if c.role == "passive"]
        self.numbers = [(index, name) for index, name in self.passive if name in NUMBERS]
        self.currency_columns = [index for index, name in self.passive if name == "currency"]
        self.currencies = countries.currencies()
        numeric = [c.index for c in columns if layout.numeric(c.place)]
        self.decimals = numeric if decimal_comma else []
        """The numeric columns read with a decimal comma (`87,1` is 87.1), when the file uses
        them: a semicolon- or tab-separated file (as European spreadsheets save CSV), or
        `--decimal-comma`."""
        self.extras = _joined([c.index for c in columns if c.role != "fact"])
        self.items = [c for c in columns if c.place[0] == "items" and c.role != "id"]
        self.parties = [c for c in columns if c.place[0] in PARTIES]
        self.fields = [c for c in columns if c.place[0] not in PARTIES and c.place[0] != "items"]
        configured = any(
            place[0] == "exporter" and written.file == "configuration"
            for place, written in shipment.values.items()
        )
        exporter_columns = any(c.place[0] == "exporter" for c in columns)
        self._defaulted = ("exporter",) if configured and not exporter_columns else ()
        """The fields the configuration gives every row (its exporter)."""

    def close(self) -> None:
        self.handle.close()

    def rows(self, offset: int = 0) -> Iterator[tuple[int, list[str]] | Unfit]:
        """Each row of the header's width, with its line (`offset` + the reader's), cells as
        read (`blank` tells an empty one); or what makes a row unfit."""
        reader, width = self.reader, len(self.columns)
        end = reader.line_num + offset
        try:
            for cells in reader:
                start, end = end + 1, reader.line_num + offset
                if len(cells) != width:
                    if "".join(cells).strip():
                        problem = f"has {len(cells)} fields; the header has {width}"
                        yield Unfit(
                            start, (Problem(self.name, Mark(start, ROW_MARK), "", problem),)
                        )
                    continue
                yield start, cells
        except csv.Error as exc:
            mark = Mark(end + 1, 1)
            yield Unfit(end + 1, (Problem(self.name, mark, "", f"not a valid CSV row: {exc}"),))

    def comma_decimals(self, cells: list[str]) -> list[str]:
        """The cells with each number in a numeric column written with a decimal comma
        (`87,1`, `1.234,5`) as a decimal point number; other cells as they are."""
        for index in self.decimals:
            cell = cells[index]
            if "," in cell:
                cells[index] = convert.decimal_comma(cell)
        return cells

    @staticmethod
    def blank(cells: list[str]) -> bool:
        return not "".join(cells).strip()

    def item_id(self, cells: list[str], line: int) -> str:
        index = self.id_index
        return (cells[index].strip() if index is not None else "") or str(line)

    def extras_ok(self, cells: list[str]) -> bool:
        """Whether the cells outside the facts (the id and the passive cells) are readable and
        well formed: a row whose facts an earlier row had may then take its decision. Plain
        numbers and currency codes pass at a glance (this runs for every repeated row)."""
        if UNREADABLE.search(self.extras(cells)):
            return False
        plain, currencies = _PLAIN_NUMBER, self.currencies
        for index, name in self.numbers:
            cell = cells[index]
            if cell and not plain(cell) and cell.strip() and not passive_ok(name, cell.strip()):
                return False
        for index in self.currency_columns:
            cell = cells[index]
            if cell and cell not in currencies and cell.strip() and cell.strip() not in currencies:
                return False
        return True

    def unreadable(self, cells: list[str], line: int) -> tuple[Problem, ...]:
        """A problem per cell holding a NUL or bytes its encoding does not read."""
        return encodings.unreadable(self.name, cells, line, self.encoding)

    def describe(self, cells: list[str], line: int) -> Description:
        """The row's description (a shipment of its one item); InputError naming each problem
        by line, column and column name."""
        problems = Problems(self.name)
        reader = Reader(problems)
        row = Mark(line, ROW_MARK)
        given = self._shipment_values(cells, line)
        parties = {party: self._party(reader, party, given, row) for party in PARTIES}
        exporter = parties["exporter"]
        if exporter is None and not any(p[0] == "exporter" for p in given):
            problems.add(row, "exporter", "missing required key")
        reference = _given(reader, ("reference",), given, _text)
        end_use = _given(reader, ("end_use",), given, _text)
        assessment = _given(reader, ("end_use_assessment",), given, convert.assessment)
        date = _given(reader, ("date",), given, convert.date)
        destination = _given(reader, ("destination",), given, convert.country)
        if destination is None and ("destination",) not in given:
            known = (parties["end_user"], parties["consignee"])
            destination = next((p.country for p in known if p and p.country), None)
        item = self._item(reader, cells, line, None if exporter is None else exporter.country)
        if problems or exporter is None or item is None:
            raise InputError(problems.sorted())
        return Description(
            file=self.name,
            kind=Kind.SHIPMENT,
            reference=reference,
            date=date,
            exporter=exporter,
            consignee=parties["consignee"],
            end_user=parties["end_user"],
            destination=destination,
            end_use=end_use,
            items=(item,),
            row=line,
            held_licenses=self.shipment.held_licenses,
            end_use_assessment=assessment,
            defaulted=self._defaulted,
        )

    def _shipment_values(self, cells: list[str], line: int) -> dict[Place, Written]:
        """The shipment-level values of a row: its cells over the shipment's."""
        given = dict(self.shipment.values)
        for column in (*self.parties, *self.fields):
            cell = cells[column.index].strip()
            if cell:
                given[column.place] = Written(cell, self.name, Mark(line, column.index + 1))
        return given

    def _party(
        self, reader: Reader, party: str, given: dict[Place, Written], row: Mark
    ) -> Party | None:
        mine = {place[1]: written for place, written in given.items() if place[0] == party}
        if not mine and party not in self.shipment.parties:
            return None
        from_cells = [w.mark for w in mine.values() if w.file == self.name and w.mark]
        shared = party in self.shipment.parties or len(from_cells) < len(mine)
        mark = row if shared or not from_cells else min(from_cells, key=lambda m: m.column)
        name = _given(reader, (party, "name"), given, convert.party_name)
        country = _given(reader, (party, "country"), given, convert.country)
        military = _given(reader, (party, "military"), given, convert.stated) or Stated.UNKNOWN
        distinct = _given(reader, (party, "distinct_from"), given, _text)
        owned = _given(reader, (party, "owners"), given, _text)
        required = ("name", "country") if party == "exporter" else ("name",)
        for key in required:
            if key not in mine:
                reader.error(mark, key_path(party, key), "missing required key")
        if name is None:
            return None
        cleared = tuple(n.strip() for n in (distinct or "").split(";") if n.strip())
        return Party(
            path=party,
            name=name,
            country=country,
            military=military,
            distinct_from=cleared,
            owners=None if owned is None else convert.owners((owned,)),
        )

    def _item(self, reader: Reader, cells: list[str], line: int, origin: str | None) -> Item | None:
        row = Mark(line, ROW_MARK)
        scalar: dict[str, tuple[str, Mark]] = {}
        groups: dict[str, list[convert.Entry]] = {group: [] for group in GROUPS}
        for column in self.items:
            cell = cells[column.index].strip()
            if not cell:
                continue
            mark = Mark(line, column.index + 1)
            if len(column.place) == 3:
                groups[column.place[1]].append((column.place[2], cell, mark, mark))
            else:
                scalar[column.name] = (cell, mark)

        def field(key: str, how: Callable[[Reader, Value, Mark | None, str], T | None]) -> T | None:
            if key not in scalar:
                return None
            raw, mark = scalar[key]
            return how(reader, raw, mark, key)

        if "description" not in scalar:
            reader.error(row, "description", "missing required key")
        description = field("description", _text)
        hs_code = field("hs_code", convert.hs_code)
        control_code = field("control_code", convert.control_code)
        own_origin = field("origin", convert.country)
        quantity = field("quantity", _quantity)
        unit = field("unit", _text)
        value = field("value", _value)
        currency = field("currency", convert.currency)
        contains = groups["contains"]
        complete = field("composition_complete", convert.boolean) or False
        composition = None
        if contains:
            composition = read_composition(
                reader, contains, "contains", contains[0][3], complete=complete
            )
        form = field("form", convert.form)
        parameters = convert.parameters(reader, groups["parameters"], "parameters")
        vehicle = (
            convert.vehicle(reader, groups["vehicle"], "vehicle") if groups["vehicle"] else None
        )
        if description is None:
            return None
        return Item(
            position=1,
            id=self.item_id(cells, line),
            description=description,
            hs_code=hs_code,
            control_code=control_code,
            origin=own_origin or origin,
            quantity=quantity,
            unit=unit,
            value=value,
            currency=currency,
            composition=composition,
            form=form,
            parameters=parameters,
            vehicle=vehicle,
            components=None,
        )


def cells_at(indexes: list[int]) -> Any:
    return operator.itemgetter(*indexes) if indexes else (lambda _: ())  # a tuple, or one cell


def _joined(indexes: list[int]) -> Callable[[list[str]], str]:
    """The cells at `indexes`, joined."""
    if not indexes:
        return lambda _: ""
    if len(indexes) == 1:
        (index,) = indexes
        return lambda cells: cells[index]
    get = operator.itemgetter(*indexes)
    return lambda cells: "".join(get(cells))


def _text(reader: Reader, raw: Value, mark: Mark | None, path: str) -> str | None:
    return reader.text_at(raw, mark, path)


def _quantity(reader: Reader, raw: Value, mark: Mark | None, path: str) -> Decimal | None:
    return convert.number(reader, raw, mark, path, what=convert.QUANTITY)


def _value(reader: Reader, raw: Value, mark: Mark | None, path: str) -> Decimal | None:
    return convert.number(reader, raw, mark, path, what=convert.VALUE)


PASSIVE: dict[str, Callable[[Reader, Value, Mark | None, str], object]] = {
    "quantity": _quantity,
    "unit": _text,
    "value": _value,
    "currency": convert.currency,
}


def passive_ok(name: str, raw: str) -> bool:
    """Whether `raw` is a valid value of the passive item field `name` (PASSIVE_ITEM_KEYS)."""
    if name in NUMBERS and _PLAIN_NUMBER(raw):
        return True
    if name == "unit" and (stripped := raw.strip()) and stripped.isascii():
        return True  # as Reader.text: other text is checked for mixed scripts below
    if name == "currency" and countries.is_currency(raw):
        return True
    problems = Problems("")
    PASSIVE[name](Reader(problems), raw, None, name)
    return not problems


def _given(
    reader: Reader,
    place: Place,
    given: dict[Place, Written],
    how: Callable[[Reader, Value, Mark | None, str], T | None],
) -> T | None:
    """The shipment-level value at `place`, converted; None when not given."""
    written = given.get(place)
    if written is None:
        return None
    return how(reader, written.raw, written.mark, ".".join(place))


def open_manifest(
    name: str, shipment: Shipment, encoding: str | None = None, *, decimal_comma: bool = False
) -> Manifest | tuple[Problem, ...]:
    """The manifest past its header row; or what is wrong with the file or its header.
    `encoding`: a codec (input.encodings); None: UTF-8, or UTF-16 by its BOM."""
    try:
        descriptor = open_regular(name)
        chosen = encodings.detect(os.pread(descriptor, 4, 0), encoding)
        # Bytes the encoding does not read become lone surrogates, reported row by row.
        handle = open(  # noqa: SIM115, PTH123 (Manifest.close closes it; a descriptor)
            descriptor, encoding=chosen, errors="surrogateescape", newline=""
        )
    except NotRegularError as exc:
        return (Problem(name, None, "", str(exc.strerror)),)
    except OSError as exc:
        return (Problem(name, None, "", f"cannot read the file: {exc.strerror or exc}"),)
    try:
        first = handle.readline()
        reader = csv.reader(itertools.chain((first,), handle), layout.dialect(first))
        header = next(reader, [])
    except csv.Error as exc:
        handle.close()
        return (Problem(name, Mark(1, 1), "", f"not a valid CSV row: {exc}"),)
    except UnicodeError as exc:
        handle.close()
        return (Problem(name, Mark(1, 1), "", f"cannot be read as {chosen}: {exc}"),)
    problems = Problems(name)
    columns = _columns(header, shipment, problems)
    bad = encodings.unreadable(name, header, 1, handle.encoding)
    if problems or bad:
        handle.close()
        return bad or problems.sorted()
    european = reader.dialect.delimiter in (";", "\t")
    return Manifest(
        name, handle, reader, columns, shipment, decimal_comma=decimal_comma or european
    )


def open_sheet(
    name: str, rows: Sequence[Sequence[object]], shipment: Shipment, *, decimal_comma: bool = False
) -> Manifest | tuple[Problem, ...]:
    """A spreadsheet's sheet (input.workbook) past its header row, as a manifest named
    `file:sheet`; or what is wrong with its header."""
    from exportcheck.input.workbook import SheetReader  # noqa: PLC0415 (spreadsheets only)

    reader = SheetReader(rows)
    header = next(reader, [])
    problems = Problems(name)
    columns = _columns(header, shipment, problems)
    bad = encodings.unreadable(name, header, 1)
    if problems or bad:
        return bad or problems.sorted()
    return Manifest(name, io.StringIO(), reader, columns, shipment, decimal_comma=decimal_comma)


def _columns(header: list[str], shipment: Shipment, problems: Problems) -> list[Column]:
    columns: list[Column] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip()
        mark = Mark(1, index + 1)
        if not name:
            problems.add(mark, "", f"column {index + 1} has no name")
            continue
        if name in seen:
            problems.add(mark, safe.clip(name), f"is also column {seen[name]}")
            continue
        seen[name] = index + 1
        place = item_place(name)
        role: Role = "fact"
        if place is not None:
            if name == "id":
                role = "id"
            elif name in PASSIVE_ITEM_KEYS:
                role = "passive"
        else:
            place = place_of(name)
        if place is None:
            problems.add(mark, safe.clip(name), unknown(name, _item_names() + names()))
            continue
        columns.append(Column(index, name, place, role))
    given = {c.name for c in columns}
    for required in ("description",):
        if required not in given and required not in seen:
            problems.add(Mark(1, 1), required, "missing required column")
    for key in ("name", "country"):
        column = f"exporter.{key}"
        if column not in given and not shipment.gives(("exporter", key)):
            problems.add(
                Mark(1, 1),
                column,
                "missing: give it as a column, in the --header file, with --set or as the "
                "configuration's exporter",
            )
    return columns


def item_place(name: str) -> Place | None:
    """The place an item column names: ("items", "hs_code"), ("items", "contains", "Dy")."""
    if name in ITEM_FIELDS:
        return ("items", name)
    group, dot, field = name.partition(".")
    if not dot or not field or group not in GROUPS:
        return None
    if group == "parameters" and field not in PARAMETERS:
        return None
    if group == "vehicle" and field not in VEHICLE_KEYS:
        return None
    return ("items", group, field)


def _item_names() -> list[str]:
    return [
        *ITEM_FIELDS,
        *(f"parameters.{p}" for p in PARAMETERS),
        *(f"vehicle.{v}" for v in VEHICLE_KEYS),
        "contains.<element or material>",
    ]
