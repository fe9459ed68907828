"""CSV manifests: one row per line item, the shape ERPs export (docs/format.md#csv-manifests).

Each row is checked as a shipment of that one item. Its columns are item fields (`description`,
`hs_code`, `contains.Dy`, `parameters.energy_density_wh_per_kg`, `vehicle.powertrain`, ...) and,
optionally, shipment-level fields (`exporter.country`, `end_user.name`, `destination`, ...). The
shipment-level fields may instead be given once, in a YAML header file (`--header`) or as
`--set KEY=VALUE` options; a non-empty cell wins over `--set`, which wins over the header.

Rows stream: the file is read a row at a time and each row's result is yielded at once. Rows
that repeat the facts of an earlier row (a manifest ships the same part on many lines) reuse
its decision; quantity, unit, value and currency, which no rule reads without components (a
row cannot give components), are only checked for form. Rows are never merged: each row's
verdict names its own line and item id.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import operator
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from exportcheck.errors import InputError, Mark, Problem, Problems
from exportcheck.input.files import read_input
from exportcheck.input.parse import (
    END_USER_KEYS,
    ITEM_KEYS,
    PARTY_KEYS,
    PASSIVE_ITEM_KEYS,
    TOP_KEYS,
    VEHICLE_KEYS,
    parse,
    passive_ok,
    read_passive,
)
from exportcheck.input.yamlio import Limits, YMap, YSeq, load
from exportcheck.model.result import Result
from exportcheck.vocab.parameters import PARAMETERS

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from exportcheck.check.engine import Checker
    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Description, Item, Party
    from exportcheck.model.verdict import Verdict

HEADER_KEYS = tuple(
    k for k in TOP_KEYS if k not in ("items", "recipient", "technologies", "services")
)
"""What a header file (and --set) may give: a description's keys, less what it transfers."""
PARTIES = {"exporter": PARTY_KEYS, "consignee": PARTY_KEYS, "end_user": END_USER_KEYS}
SHIPMENT_FIELDS = ("reference", "date", "destination", "end_use")
ITEM_FIELDS = tuple(k for k in ITEM_KEYS if k not in ("contains", "parameters", "vehicle"))
GROUPS = ("contains", "parameters", "vehicle")
_PLAIN_NUMBER = re.compile(r"\d+(\.\d+)?").fullmatch
"""A quantity or value that `passive_ok` accepts without a second look."""
_NUMBERS = frozenset({"quantity", "value"})
ROW_MARK = 1
"""The column of a problem about a whole row."""
CACHE_SIZE = 50_000
"""Distinct rows whose decisions are kept (then the memory starts afresh)."""

Role = Literal["id", "passive", "fact"]


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    name: str
    place: tuple[str, ...]
    """Where the value goes in the description: ("items", "contains", "Dy"), ("exporter",
    "country"), ("date",)."""
    role: Role


def shipment_fields(header: str | None, sets: Sequence[str], limits: Limits) -> YMap:
    """The shipment-level fields given once: the header file's, with --set's over them.
    Each is checked as a description would check it; problems raise InputError."""
    base = YMap(None)
    if header is not None:
        root = load(read_input(header, limits), header, limits)
        problems = Problems(header)
        if not isinstance(root, YMap):
            problems.add(None, "", "a manifest header is a mapping of shipment-level fields")
            raise InputError(problems.sorted())
        _check_given(root, header)
        base = root
    if sets:
        given = _from_sets(sets)
        _check_given(given, "--set")
        base = _merged(base, given)
    return base


def _from_sets(sets: Sequence[str]) -> YMap:
    problems = Problems("--set")
    given = YMap(None)
    for entry in sets:
        key, sep, value = entry.partition("=")
        key, value = key.strip(), value.strip()
        place = _shipment_place(key)
        if not sep or not value:
            problems.add(None, key, f"expected KEY=VALUE, found {entry!r}")
        elif place is None:
            problems.add(None, key, _unknown(key, _shipment_names(), "field"))
        else:
            _put(given, place, value)
    if problems:
        raise InputError(problems.sorted())
    return given


def _check_given(given: YMap, file: str) -> None:
    """Problems of header fields: checked in a description completed with stand-ins for
    whatever the rows may give, so only what is given can be wrong."""
    problems = Problems(file)
    for key in given:
        if key not in HEADER_KEYS:
            problems.add(
                given.key_marks.get(key),
                key,
                f"is not a shipment-level field (a header may give {', '.join(HEADER_KEYS)})",
            )
    kind = given.get("kind")
    if kind is not None and kind != "shipment":
        problems.add(given.value_marks.get("kind"), "kind", "a CSV manifest is a shipment")
    known = YMap(given.mark)
    for key in HEADER_KEYS:
        if key in given and key != "kind":
            known[key] = given[key]
            if given.mark is not None:
                known.value_marks[key] = given.value_marks[key]
                known.key_marks[key] = given.key_marks[key]
    probe = _merged(_stand_ins(known), known)
    probe["items"] = _seq([_map({"description": "-", "hs_code": "0000"})])
    probe["kind"] = "shipment"
    try:
        parse(probe, file)
    except InputError as error:
        problems.items.extend(error.problems)
    if problems:
        raise InputError(problems.sorted())


def _stand_ins(given: YMap) -> YMap:
    """Valid placeholders for the fields a header may leave to the rows."""
    base = _map({"exporter": _map({"name": "-", "country": "CN"})})
    for party in ("consignee", "end_user"):
        if isinstance(given.get(party), YMap):
            base[party] = _map({"name": "-"})
    return base


class Manifest:
    """One CSV file's columns, and the rows' decisions so far."""

    def __init__(
        self, name: str, columns: list[Column], shipment: YMap, checker: Checker, horizon: int
    ) -> None:
        self.name = name
        self.horizon = horizon
        self.columns = columns
        self.shipment = shipment
        self.checker = checker
        self.facts = [c.index for c in columns if c.role == "fact"]
        self.passive = [(c.index, c.name) for c in columns if c.role == "passive"]
        self.id_index = next((c.index for c in columns if c.role == "id"), None)
        self.good: dict[int, set[str]] = {i: set() for i, _ in self.passive}
        self.numbers = [i for i, name in self.passive if name in _NUMBERS]
        self.texts = [i for i, name in self.passive if name not in _NUMBERS]
        self.decided: dict[object, Verdict] = {}
        self.key = operator.itemgetter(*self.facts)
        """A row's facts: the values of its fact columns."""
        self.item_columns = [c for c in columns if c.place[0] == "items" and c.role == "fact"]
        self.passive_columns = [c for c in columns if c.role == "passive"]
        self.shipment_columns = [c for c in columns if c.place[0] != "items"]
        self.exporter_country = next(
            (c.index for c in columns if c.place == ("exporter", "country")), None
        )
        self.items: dict[tuple[str, ...], Item | None] = {}
        self.shipments: dict[tuple[str, ...], Description | None] = {}

    def row(
        self, cells: list[str], line: int, as_of: dt.date | None, today: dt.date
    ) -> tuple[Verdict | None, tuple[Problem, ...], str] | None:
        """The decision on a row whose fact cells no earlier row had (`rows` knows the others),
        its problems, and its item id; None for a blank row. `cells` are as read."""
        key = self.key(cells)
        values = [cell.strip() for cell in cells]
        if not any(values):
            return None
        item = self._item(values, line)
        description = self._described(values, line, item)
        if description is None:
            try:
                description = parse(self._tree(values, line, item), self.name)
            except InputError as error:
                return None, tuple(_for_row(p) for p in error.problems), item
            description = replace(description, row=line)
        verdict = self.checker.check(description, as_of or description.date or today, self.horizon)
        for index, _ in self.passive:
            if values[index]:
                self._remember(self.good[index], cells[index])
        if len(self.decided) >= CACHE_SIZE:
            self.decided.clear()
        self.decided[key] = verdict
        return verdict, (), item

    def _item(self, cells: list[str], line: int) -> str:
        return (cells[self.id_index].strip() if self.id_index is not None else "") or str(line)

    def passive_ok(self, cells: list[str]) -> bool:
        """Whether the row's quantity, unit, value and currency are well formed (they are
        checked on their own: they do not enter into the decision). Plain numbers pass at a
        glance; other cells once per distinct text."""
        good, plain = self.good, _PLAIN_NUMBER
        for index in self.numbers:
            cell = cells[index]
            if cell and not plain(cell) and cell not in good[index]:
                return self._passive_ok(cells)
        for index in self.texts:
            cell = cells[index]
            if cell and cell not in good[index]:
                return self._passive_ok(cells)
        return True

    def _passive_ok(self, cells: list[str]) -> bool:
        good = self.good
        for index, name in self.passive:
            cell = cells[index]
            if not cell or cell in good[index]:
                continue
            value = cell.strip()
            if _UNREADABLE.search(cell) or (value and not passive_ok(name, value)):
                return False
            self._remember(good[index], cell)
        return True

    @staticmethod
    def _remember(good: set[str], value: str) -> None:
        if len(good) >= CACHE_SIZE:
            good.clear()
        good.add(value)

    def _described(self, values: list[str], line: int, item_id: str) -> Description | None:
        """The row's description from its item part and its shipment part, each parsed once
        per distinct cells (manifests repeat both); None when either has a problem, to be read
        again whole so that every problem is reported as for any row."""
        shipment_cells = tuple(values[c.index] for c in self.shipment_columns)
        if shipment_cells not in self.shipments:
            shipment_tree = self._tree(values, line, "-", self.shipment_columns)
            self.shipments[shipment_cells] = _parsed(shipment_tree, self.name)
        shipment = self.shipments[shipment_cells]
        if shipment is None:
            return None
        exporter = values[self.exporter_country] if self.exporter_country is not None else None
        item_cells = (*(values[c.index] for c in self.item_columns), exporter or "")
        if item_cells not in self.items:
            item_tree = self._tree(values, line, "-", self.item_columns, shipment.exporter)
            parsed = _parsed(item_tree, self.name)
            self.items[item_cells] = parsed.items[0] if parsed is not None else None
        item = self.items[item_cells]
        if item is None:
            return None
        for cache in (self.shipments, self.items):
            if len(cache) >= CACHE_SIZE:
                cache.clear()
        passive = YMap(None)
        for column in self.passive_columns:
            if values[column.index]:
                passive[column.name] = values[column.index]
        read = read_passive(passive)
        if read is None:
            return None
        quantity, unit, value, currency = read
        own = replace(
            item, id=item_id, quantity=quantity, unit=unit, value=value, currency=currency
        )
        return replace(shipment, items=(own,), row=line)

    def _tree(
        self,
        values: list[str],
        line: int,
        item_id: str,
        columns: list[Column] | None = None,
        exporter: Party | None = None,
    ) -> YMap:
        """The description a row stands for, as a strict-YAML tree with the cells' positions;
        with `columns`, only those cells (and stand-ins: a one-line item for a shipment part,
        the exporter for an item part)."""
        mark = Mark(line, ROW_MARK)
        top = YMap(mark)
        if exporter is None:
            for key, value in self.shipment.items():
                top[key] = _merged(YMap(mark), value) if isinstance(value, YMap) else value
                if key in self.shipment.value_marks:
                    top.value_marks[key] = self.shipment.value_marks[key]
        else:
            top["exporter"] = _map({"name": exporter.name, "country": exporter.country or ""})
        item = YMap(mark)
        item["id"] = item_id
        item.value_marks["id"] = mark
        if columns is self.shipment_columns:
            item["description"], item["hs_code"] = "-", "0000"
        for column in self.columns if columns is None else columns:
            value = values[column.index]
            if not value or column.role == "id":
                continue
            inside = column.place[0] == "items"
            target = item if inside else top
            place = column.place[1:] if inside else column.place
            cell = Mark(line, column.index + 1)
            for key in place[:-1]:
                sub = target.get(key)
                if not isinstance(sub, YMap):
                    sub = YMap(cell)
                    target[key] = sub
                    target.value_marks[key] = cell
                target = sub
            target[place[-1]] = value
            target.value_marks[place[-1]] = target.key_marks[place[-1]] = cell
        items = YSeq(mark)
        items.append(item)
        items.item_marks.append(mark)
        top["items"] = items
        top["kind"] = top.get("kind") or "shipment"
        return top


def _parsed(tree: YMap, name: str) -> Description | None:
    try:
        return parse(tree, name)
    except InputError:
        return None


def rows(
    name: str,
    shipment: YMap,
    checker: Checker,
    as_of: dt.date | None,
    today: dt.date,
    *,
    horizon: int = 0,
    digest: bool = False,
) -> Iterator[Result]:
    """Each row's result, as it is read; a problem with the file itself (it cannot be read,
    its header is wrong, it stops being CSV) is one result, and ends the file."""
    opened = _open(name, shipment)
    if isinstance(opened, Result):
        yield opened
        return
    handle, reader, columns = opened
    with handle:
        manifest = Manifest(name, columns, shipment, checker, horizon)
        known_rows, key_of = manifest.decided, manifest.key
        id_index, passive_ok_ = manifest.id_index, manifest.passive_ok
        width = len(columns)
        end = reader.line_num
        clock, unreadable, join = time.perf_counter, _UNREADABLE.search, "".join
        try:
            for cells in reader:
                started = clock()
                start, end = end + 1, reader.line_num
                if len(cells) != width:
                    if any(cell.strip() for cell in cells):
                        yield _misshapen(name, start, len(cells), width)
                    continue
                # A row whose fact cells an earlier row had: its decision is known (the fact
                # cells were read then). Its id and passive cells are checked here: passive
                # cells pass as plain numbers or as texts already checked clean.
                known = known_rows.get(key_of(cells))
                if (
                    known is not None
                    and (id_index is None or not unreadable(cells[id_index]))
                    and passive_ok_(cells)
                ):
                    item = (cells[id_index].strip() if id_index is not None else "") or str(start)
                    seconds = clock() - started
                    if digest:
                        yield Result(name, known, (), seconds, start, item, _digest(cells))
                    else:
                        yield Result(name, known, (), seconds, start, item)
                elif unreadable(join(cells)):
                    row_digest = _digest(cells) if digest else None
                    yield Result(
                        name, None, _unreadable(cells, start, name), row=start, digest=row_digest
                    )
                else:
                    decided = manifest.row(cells, start, as_of, today)
                    if decided is not None:
                        verdict, found, item = decided
                        seconds = clock() - started
                        row_digest = _digest(cells) if digest else None
                        yield Result(name, verdict, found, seconds, start, item, row_digest)
        except csv.Error as exc:
            yield _invalid(name, Mark(end + 1, 1), f"not a valid CSV row: {exc}", row=end + 1)


def _digest(cells: list[str]) -> str:
    """The sha256 of a row: its cells as read, joined by U+001F (the unit separator)."""
    from exportcheck.input.files import sha256  # noqa: PLC0415 (batch imports this module lazily)

    return sha256("\x1f".join(cells).encode("utf-8", "surrogateescape"))


_UNREADABLE = re.compile("[\\x00\\udc80-\\udcff]")
"""A NUL, or a byte that is not UTF-8 (read as a lone surrogate)."""


def _unreadable(values: Sequence[str], line: int, name: str) -> tuple[Problem, ...]:
    found = []
    for column, value in enumerate(values, 1):
        hit = _UNREADABLE.search(value)
        if hit is None:
            continue
        if hit.group() == "\x00":
            message = "contains a NUL character; is it a binary file?"
        else:
            message = "is not valid UTF-8; save the file as UTF-8"
        found.append(Problem(name, Mark(line, column), "", message))
    return tuple(found)


def _open(name: str, shipment: YMap) -> tuple[TextIO, Any, list[Column]] | Result:
    """The file, its CSV reader past the header row, and its columns; or what is wrong."""
    started = time.perf_counter()
    try:
        # Bytes that are not UTF-8 become lone surrogates, found and reported row by row.
        handle = Path(name).open(  # noqa: SIM115 (the caller closes it)
            encoding="utf-8-sig", errors="surrogateescape", newline=""
        )
    except OSError as exc:
        return _invalid(name, None, f"cannot read the file: {exc.strerror or exc}")
    first = handle.readline()
    reader = csv.reader(itertools.chain((first,), handle), _dialect(first))
    try:
        header = next(reader, [])
    except csv.Error as exc:
        handle.close()
        return _invalid(name, Mark(1, 1), f"not a valid CSV row: {exc}")
    problems = Problems(name)
    columns = _columns(header, shipment, problems)
    bad = _unreadable(header, 1, name)
    if problems or bad:
        handle.close()
        return Result(name, None, bad or problems.sorted(), time.perf_counter() - started)
    return handle, reader, columns


def _misshapen(name: str, start: int, fields: int, width: int) -> Result:
    message = f"has {fields} fields; the header has {width}"
    return _invalid(name, Mark(start, ROW_MARK), message, row=start)


def _invalid(file: str, mark: Mark | None, message: str, row: int | None = None) -> Result:
    return Result(file, None, (Problem(file, mark, "", message),), row=row)


def _dialect(first: str) -> type[csv.Dialect]:
    """Comma, semicolon (the European spreadsheet default) or tab: whichever the header line
    uses most."""
    delimiter = max((",", ";", "\t"), key=first.count)

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


def _for_row(problem: Problem) -> Problem:
    """A problem of a row's description, said of the row's columns: `items[1].hs_code` is the
    `hs_code` column."""
    path = problem.path
    if path in {"items[1]", "items"}:
        path = ""
    elif path.startswith("items[1]."):
        path = path.removeprefix("items[1].")
    return replace(problem, path=path)


def _columns(header: list[str], shipment: YMap, problems: Problems) -> list[Column]:
    columns: list[Column] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip()
        mark = Mark(1, index + 1)
        if not name:
            problems.add(mark, "", f"column {index + 1} has no name")
            continue
        if name in seen:
            problems.add(mark, name, f"is also column {seen[name]}")
            continue
        seen[name] = index + 1
        place = _item_place(name)
        role: Role = "fact"
        if place is not None:
            if name == "id":
                role = "id"
            elif name in PASSIVE_ITEM_KEYS:
                role = "passive"
        else:
            place = _shipment_place(name)
        if place is None:
            problems.add(mark, name, _unknown(name, _item_names() + _shipment_names()))
            continue
        columns.append(Column(index, name, place, role))
    names = {c.name for c in columns}
    for required in ("description", "hs_code"):
        if required not in names and required not in seen:
            problems.add(Mark(1, 1), required, "missing required column")
    exporter = shipment.get("exporter")
    for key in PARTY_KEYS:
        column = f"exporter.{key}"
        given = isinstance(exporter, YMap) and exporter.get(key) is not None
        if column not in names and not given:
            problems.add(
                Mark(1, 1),
                column,
                "missing: give it as a column, in the --header file, with --set or as the "
                "configuration's exporter",
            )
    return columns


def _item_place(name: str) -> tuple[str, ...] | None:
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


def _shipment_place(name: str) -> tuple[str, ...] | None:
    if name in SHIPMENT_FIELDS:
        return (name,)
    party, dot, field = name.partition(".")
    if dot and field in PARTIES.get(party, ()):
        return (party, field)
    return None


def _item_names() -> list[str]:
    return [
        *ITEM_FIELDS,
        *(f"parameters.{p}" for p in PARAMETERS),
        *(f"vehicle.{v}" for v in VEHICLE_KEYS),
        "contains.<element or material>",
    ]


def _shipment_names() -> list[str]:
    return [*SHIPMENT_FIELDS, *(f"{p}.{k}" for p, keys in PARTIES.items() for k in keys)]


def _unknown(name: str, known: list[str], what: str = "column") -> str:
    if name == "components" or name.startswith("components."):
        return "components cannot be given in a CSV manifest; describe the item in YAML"
    if name == "kind":
        return "a CSV manifest is a shipment; leave kind out"
    import difflib  # noqa: PLC0415 (only for a near miss)

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"unknown {what}; did you mean {close[0]!r}?"
    return f"unknown {what} (see docs/format.md#csv-manifests)"


def _map(values: dict[str, Value]) -> YMap:
    m = YMap(None)
    m.update(values)
    return m


def _seq(values: list[Value]) -> YSeq:
    s = YSeq(None)
    s.extend(values)
    return s


def _merged(base: YMap, over: YMap) -> YMap:
    """`over` on top of `base`, one level of mappings deep (parties), positions kept."""
    merged = YMap(base.mark or over.mark)
    for source in (base, over):
        for key, value in source.items():
            mine = merged.get(key)
            if isinstance(value, YMap) and isinstance(mine, YMap):
                merged[key] = _merged(mine, value)
            else:
                merged[key] = value
            if merged.mark is not None and key in source.value_marks:
                merged.value_marks[key] = source.value_marks[key]
                merged.key_marks[key] = source.key_marks[key]
    return merged


def _put(owner: YMap, place: Sequence[str], value: str) -> None:
    target = owner
    for key in place[:-1]:
        sub = target.get(key)
        if not isinstance(sub, YMap):
            sub = YMap(None)
            target[key] = sub
        target = sub
    target[place[-1]] = value
