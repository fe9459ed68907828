"""The bundled rule book, compiled: validated once when the package is built, read at run time
from data that cannot run code.

Loading and validating the bundled rulesets takes longer than a whole check of a small file, so
the wheel ships the validated book as JSON (hatch_build.py writes it; `python -m
exportcheck.rules.compiled` writes it beside a source checkout's rulesets). Reading it builds
only objects of the classes named in `CLASSES` from plain values: no module is imported and no
function is called that the file names. The file records what it was built from (each ruleset
file's name, size and CRC-32, and the package's code, by the same measures); anything else is
ignored and the book is validated from the YAML instead, so a compiled book never changes a
verdict.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import sys
import zlib
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from exportcheck.input.files import read_regular
from exportcheck.model.description import Condition, EndUseAssessment, LicenseType, Powertrain
from exportcheck.model.verdict import Assumption, CautionKind, Level, RulesetInfo
from exportcheck.places import read_compiled
from exportcheck.rules import entities, index, lists, model
from exportcheck.rules.book import RuleBook
from exportcheck.rules.dates import Suspension
from exportcheck.rules.matchers import combinators, components
from exportcheck.rules.matchers.registry import LEAVES
from exportcheck.version import __version__
from exportcheck.vocab.areas import Area
from exportcheck.vocab.words import WordPattern

if TYPE_CHECKING:
    from collections.abc import Iterable

NAME = "rulebook.compiled.json"
"""The compiled book's file, beside the bundled rulesets."""
FORMAT = 4
PACKAGE = Path(__file__).resolve().parent.parent

_RECORDS: tuple[type[msgspec.Struct], ...] = (
    RuleBook,
    model.Ruleset,
    model.Measure,
    model.Rule,
    model.Overlay,
    RulesetInfo,
    Suspension,
    entities.Listing,
    entities.Entry,
    lists.EntityLists,
    index.RuleIndex,
    combinators.All,
    combinators.Any,
    combinators.Not,
    components._Criteria,
    *LEAVES.values(),
)
CLASSES: dict[str, type[msgspec.Struct]] = {cls.__name__: cls for cls in _RECORDS}
"""Every class a compiled book may hold: the only ones reading it builds."""
ENUMS: dict[str, type[enum.Enum]] = {
    e.__name__: e
    for e in (
        Level,
        LicenseType,
        Powertrain,
        Condition,
        Area,
        entities.ListKind,
        EndUseAssessment,
        CautionKind,
        Assumption,
    )
}


def stamp(paths: Iterable[Path]) -> list[list[object]]:
    """What files are, for the record: name, size and CRC-32 of their bytes."""
    found: list[list[object]] = []
    for path in paths:
        data = read_regular(path)  # a FIFO or a device: OSError, never a wait
        found.append([path.name, len(data), zlib.crc32(data)])
    return found


def source(files: list[Path], *, code: bool = True) -> dict[str, Any]:
    """What a book of `files` is built from: the files (by content), Python and the package
    (with `code`, each module's size and time, as Python's own bytecode cache: a source
    checkout's code changes under its compiled book; an installed package's does not)."""
    found: dict[str, Any] = {
        "format": FORMAT,
        "version": __version__,
        "python": list(sys.version_info[:2]),
        "rulesets": stamp(files),
    }
    if code:
        found["code"] = _modules()
    return found


def _modules() -> list[list[object]]:
    """The package's modules: relative path, size and modification time."""
    found: list[list[object]] = []
    _walk(str(PACKAGE), "", found)
    return found


def _walk(folder: str, prefix: str, found: list[list[object]]) -> None:
    """`_modules` of one folder, in name order (os.scandir: the entries' stat calls are the
    only system calls, at every start in a source checkout)."""
    with os.scandir(folder) as entries:
        ordered = sorted(entries, key=lambda e: e.name)
    for entry in ordered:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                _walk(entry.path, f"{prefix}{entry.name}/", found)
        elif entry.name.endswith((".py", ".txt")):  # code, and vocab.text's table
            info = entry.stat()
            found.append([f"{prefix}{entry.name}", info.st_size, info.st_mtime_ns])


def dumps(book: RuleBook, files: list[Path]) -> str:
    """The compiled book of `files` (recording the package's code as well: it is read back
    either beside the code it was built with or from a source checkout)."""
    return json.dumps(
        {"source": source(files), "book": _Encoder().value(book)},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def read(path: Path, files: list[Path], *, code: bool = True) -> RuleBook | None:
    """The compiled book at `path`, if it was built from exactly `files` (and, with `code`, this
    code); None otherwise, and for anything unreadable."""
    decoder = _Decoder()
    raw = read_compiled(path)
    if raw is None:
        return None
    try:
        found = json.loads(raw, object_hook=decoder.hook)
        wanted = source(files, code=code)
        if not isinstance(found, dict) or _recorded(found.get("source"), code) != wanted:
            return None
        book = found["book"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return book if isinstance(book, RuleBook) else None


def _recorded(recorded: object, code: bool) -> object:
    if isinstance(recorded, dict) and not code:
        return {k: v for k, v in recorded.items() if k != "code"}
    return recorded


class _Encoder:
    """Values as JSON data; objects shared in the book (a rule in a ruleset and in an index)
    are written once and referred to by number. An object is `{"$object": [class, number,
    *fields in their order]}` (no field names: a third less to parse at every start). Tuples
    are lists (no field holds a list)."""

    def __init__(self) -> None:
        self.seen: dict[int, int] = {}
        self.keep: list[object] = []

    def value(self, value: object) -> object:
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, enum.Enum):
            if ENUMS.get(type(value).__name__) is not type(value):
                raise TypeError(f"{type(value).__name__} is not an enum a compiled book may hold")
            return {"$enum": type(value).__name__, "$value": value.value}
        if isinstance(value, dt.date):
            return {"$date": value.isoformat()}
        if isinstance(value, Decimal):
            return {"$decimal": str(value)}
        if isinstance(value, tuple):
            return [self.value(v) for v in value]
        if isinstance(value, frozenset):
            return {"$frozenset": sorted((self.value(v) for v in value), key=repr)}
        if isinstance(value, dict):
            return {"$dict": [[self.value(k), self.value(v)] for k, v in value.items()]}
        if isinstance(value, type):
            return {"$class": self._known(value)}
        if isinstance(value, WordPattern):
            return {"$words": list(value.phrases)}
        return self._object(value)

    def _object(self, value: object) -> object:
        if not isinstance(value, msgspec.Struct):
            raise TypeError(f"cannot compile a {type(value).__name__}")
        name = self._known(type(value))
        number = self.seen.get(id(value))
        if number is not None:
            return {"$ref": number}
        number = self.seen[id(value)] = len(self.seen)
        self.keep.append(value)  # ids stay unique while encoding
        fields = [self.value(getattr(value, f)) for f in type(value).__struct_fields__]
        return {"$object": [name, number, *fields]}

    @staticmethod
    def _known(kind: type) -> str:
        if CLASSES.get(kind.__name__) is not kind:
            raise TypeError(f"{kind.__name__} is not a class a compiled book may hold")
        return kind.__name__


def _tuples(value: Any) -> Any:
    if value.__class__ is not list:
        return value
    return tuple([_tuples(v) if v.__class__ is list else v for v in value])


class _Decoder:
    """Turns each tagged mapping (`$`-keys: no field is named so) into its value as the JSON
    parser closes it (inner values first, and an object before any later reference to it)."""

    def __init__(self) -> None:
        self.objects: dict[int, object] = {}

    def hook(self, data: dict[str, Any]) -> Any:
        if "$object" in data:
            name, number, *fields = data["$object"]
            kind = CLASSES[name]
            if len(fields) != len(kind.__struct_fields__):
                raise ValueError(f"{name} has {len(kind.__struct_fields__)} fields")
            built = kind(*[_tuples(v) if v.__class__ is list else v for v in fields])
            self.objects[number] = built
            return built
        if "$ref" in data:
            return self.objects[data["$ref"]]
        if "$enum" in data:
            return ENUMS[data["$enum"]](data["$value"])
        if "$date" in data:
            return dt.date.fromisoformat(data["$date"])
        if "$decimal" in data:
            return Decimal(data["$decimal"])
        if "$frozenset" in data:
            return frozenset(_tuples(v) for v in data["$frozenset"])
        if "$dict" in data:
            return {_tuples(k): _tuples(v) for k, v in data["$dict"]}
        if "$class" in data:
            return CLASSES[data["$class"]]
        if "$words" in data:
            return WordPattern(tuple(str(w) for w in data["$words"]))
        return data
