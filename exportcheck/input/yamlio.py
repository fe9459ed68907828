"""Strict YAML: built from PyYAML's event stream, every scalar a string, positions kept.

PyYAML's usual loaders resolve types (`NO` becomes False, `0701` becomes 449, `8471.30` becomes
8471.3), silently keep the last of two duplicate keys, and expand aliases without limit. Here the
document is assembled directly from parser events instead:

* every scalar stays the exact string written; plain empty values and plain `~`/`null` become
  None (an absent value), and the parse layer converts the rest explicitly;
* duplicate keys, anchors and aliases, merge keys (`<<`), explicit tags and multiple documents are
  errors;
* each mapping and sequence remembers the line and column of its own start and of every value,
  so later errors can point at the exact place;
* depth, node count and size are bounded (`Limits`), so hostile input fails fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

import yaml
from msgspec import Struct

from exportcheck.errors import InputError, Mark, Problems, item_path, key_path, raise_if_any

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator

# libyaml when PyYAML was built with it (the usual wheels are); the pure-Python parser otherwise.
_Parser = getattr(yaml, "CBaseLoader", None) or yaml.BaseLoader

NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class YMap(dict[str, "Value"]):
    """A mapping with the position of itself, each key and each value (no positions when built
    by the fast loader: `mark` is None and the mark tables are empty)."""

    __slots__ = ("key_marks", "mark", "value_marks")

    def __init__(self, mark: Mark | None) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {} if mark is not None else _NO_MARKS
        self.value_marks: dict[str, Mark] = {} if mark is not None else _NO_MARKS


class YSeq(list["Value"]):
    """A sequence with the position of itself and of each item (none from the fast loader)."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: Mark | None) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []

    def mark_at(self, index: int) -> Mark | None:
        """The position of the item at `index` (0-based), if known."""
        return self.item_marks[index] if index < len(self.item_marks) else None


_NO_MARKS: dict[str, Mark] = {}
"""Shared by every container of the fast loader, which never writes to it."""


Value = Union[YMap, YSeq, str, None]  # noqa: UP007 (a runtime alias used in isinstance-free code)


class Limits(Struct, frozen=True):
    """Bounds that make hostile input fail fast. Documented in docs/format.md."""

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 5_000_000


DEFAULT_LIMITS = Limits()


class _AbortError(Exception):
    """Stop building: a problem was recorded that makes going on pointless."""


_BAD_KEY = object()


def _mark(event: yaml.Event) -> Mark:
    m = event.start_mark
    assert m is not None  # the parser gives every event a position
    return Mark(m.line + 1, m.column + 1)


BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
"""Byte-order marks of the UTF-16 and UTF-32 encodings (UTF-32's first: it starts like
UTF-16's)."""


def wide_encoding(data: bytes) -> tuple[str, int] | None:
    """The UTF-16 or UTF-32 encoding of `data` and the length of its byte-order mark, if it is
    in one: by its mark, or without one by the NUL bytes around its first character (YAML 1.2,
    5.2: a description starts with an ASCII character)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    head = data[:4]
    if len(head) == 4 and head[:3] == b"\x00\x00\x00" and head[3]:
        return "utf-32-be", 0
    if len(head) == 4 and head[0] and head[1:] == b"\x00\x00\x00":
        return "utf-32-le", 0
    if len(head) >= 2 and head[0] == 0 and head[1]:
        return "utf-16-be", 0
    if len(head) >= 2 and head[0] and head[1] == 0:
        return "utf-16-le", 0
    return None


def decode(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Bytes to text: UTF-8 (a BOM is allowed), or UTF-16 or UTF-32 (with or without a BOM, as
    Windows tools save "Unicode" text); no NUL characters; within the size limit."""
    problems = Problems(file)
    if len(data) > limits.max_bytes:
        problems.add(
            None,
            "",
            f"file is {len(data):,} bytes; the limit is {limits.max_bytes:,} bytes",
        )
        raise_if_any(problems, InputError)
    wide = wide_encoding(data)
    if wide is not None:
        return _decode_wide(data, *wide, problems)
    if b"\x00" in data:
        offset = data.index(b"\x00")
        problems.add(
            _offset_mark(data, offset), "", "file contains NUL bytes; is it a binary file?"
        )
        raise_if_any(problems, InputError)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add(
            _offset_mark(data, exc.start),
            "",
            f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
        )
        raise_if_any(problems, InputError)
        raise  # pragma: no cover - raise_if_any always raises here


def _decode_wide(data: bytes, encoding: str, bom: int, problems: Problems) -> str:
    name = encoding.upper().replace("-LE", "LE").replace("-BE", "BE")
    try:
        text = data[bom:].decode(encoding)
    except UnicodeDecodeError as exc:
        problems.add(
            None,
            "",
            f"read as {name} (by its first bytes), but bytes {exc.start}-{exc.end - 1} are not "
            f"valid {name}; save the file as UTF-8",
        )
        raise_if_any(problems, InputError)
        raise  # pragma: no cover - raise_if_any always raises here
    if "\x00" in text:
        problems.add(
            _position_mark(text, text.index("\x00")),
            "",
            f"file (read as {name}) contains NUL characters; is it a binary file?",
        )
        raise_if_any(problems, InputError)
    return text


def _offset_mark(data: bytes, offset: int) -> Mark:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return Mark(line, offset - start + 1)


def _position_mark(text: str, position: int) -> Mark:
    line = text.count("\n", 0, position) + 1
    start = text.rfind("\n", 0, position) + 1
    return Mark(line, position - start + 1)


def _events(text: str) -> Iterator[yaml.Event]:
    parser = _Parser(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


def load_text(
    text: str, file: str, limits: Limits = DEFAULT_LIMITS, problems: Problems | None = None
) -> Value:
    """Parse one YAML document into YMap/YSeq/str/None.

    Problems that stop the build (syntax errors, aliases, limits) raise InputError at once. Others
    (duplicate keys, tags) keep the first value and are recorded: into `problems` when given, so
    the caller can report them together with its own findings, else raised here.
    """
    collected = problems if problems is not None else Problems(file)
    builder = _Builder(collected, limits)
    try:
        for event in _events(text):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark is not None and exc.problem:
            start = exc.context_mark
            what += (
                f" ({exc.context} that starts at line {start.line + 1}, column {start.column + 1})"
            )
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            what += " (tabs cannot indent YAML; use spaces)"
        collected.add(where, "", f"YAML syntax error: {what}")
        raise InputError(collected.sorted()) from None
    except yaml.reader.ReaderError as exc:
        where = _position_mark(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        collected.add(
            where,
            "",
            f"YAML syntax error: character U+{code:04X} is not allowed ({exc.reason}; "
            "escape it in a double-quoted string)",
        )
        raise InputError(collected.sorted()) from None
    except yaml.YAMLError as exc:
        collected.add(None, "", f"YAML error: {exc}")
        raise InputError(collected.sorted()) from None
    except _AbortError:
        raise InputError(collected.sorted()) from None
    if problems is None:
        raise_if_any(collected, InputError)
    return builder.root


def load(
    data: bytes, file: str, limits: Limits = DEFAULT_LIMITS, problems: Problems | None = None
) -> Value:
    return load_text(decode(data, file, limits), file, limits, problems)


class _Builder:
    def __init__(self, problems: Problems, limits: Limits) -> None:
        self.problems = problems
        self.limits = limits
        self.root: Value = None
        self.documents = 0
        self.nodes = 0
        # Each frame: the container, and for mappings the key waiting for its value.
        self.stack: list[YMap | YSeq] = []
        self.pending: list[object] = []  # key (str), _BAD_KEY, or None when a key is expected

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self._count(event)
            self._no_anchor_or_tag(event)
            value: str | None = event.value
            if not event.style and event.value in NULLS:  # plain style: None or "" (libyaml)
                value = None
            self._add(value, _mark(event), is_scalar=True)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._count(event)
            self._no_anchor_or_tag(event)
            if len(self.stack) >= self.limits.max_depth:
                self.problems.add(
                    _mark(event), "", f"nesting is deeper than {self.limits.max_depth} levels"
                )
                raise _AbortError
            container: YMap | YSeq
            if isinstance(event, yaml.MappingStartEvent):
                container = YMap(_mark(event))
            else:
                container = YSeq(_mark(event))
            self.stack.append(container)
            self.pending.append(None)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            done = self.stack.pop()
            self.pending.pop()
            assert done.mark is not None  # this builder keeps positions
            self._add(done, done.mark, is_scalar=False)
        elif isinstance(event, yaml.AliasEvent):
            self.problems.add(
                _mark(event), "", "aliases (*name) are not allowed; write the value out"
            )
            raise _AbortError
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.problems.add(_mark(event), "", "more than one YAML document (---) in one file")
                raise _AbortError

    def _count(self, event: yaml.Event) -> None:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            self.problems.add(_mark(event), "", f"more than {self.limits.max_nodes:,} YAML nodes")
            raise _AbortError

    def _no_anchor_or_tag(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            self.problems.add(
                _mark(event), "", f"anchors (&{event.anchor}) are not allowed; write values out"
            )
            raise _AbortError
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            self.problems.add(
                _mark(event), "", f"tags ({tag}) are not allowed; write a plain or quoted value"
            )

    def _add(self, value: Value, mark: Mark, *, is_scalar: bool) -> None:
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if isinstance(top, YSeq):
            top.append(value)
            top.item_marks.append(mark)
            return
        key = self.pending[-1]
        if key is None:
            self.pending[-1] = self._key(top, value, mark, is_scalar=is_scalar)
            return
        self.pending[-1] = None
        if key is _BAD_KEY:
            return
        assert isinstance(key, str)
        top[key] = value
        top.value_marks[key] = mark

    def _path(self) -> str:
        """The dotted path of the node being built, for messages."""
        path = ""
        for frame, key in zip(self.stack[:-1], self.pending[:-1], strict=True):
            if isinstance(frame, YSeq):
                path = item_path(path, len(frame) + 1)
            elif isinstance(key, str):
                path = key_path(path, key)
        return path

    def _key(self, owner: YMap, value: Value, mark: Mark, *, is_scalar: bool) -> object:
        if not is_scalar or value is None:
            self.problems.add(mark, "", "keys must be non-empty text")
            return _BAD_KEY
        assert isinstance(value, str)
        if value == "<<":
            self.problems.add(mark, "", "merge keys (<<) are not allowed; write the keys out")
            return _BAD_KEY
        if value in owner.key_marks:
            first = owner.key_marks[value]
            self.problems.add(
                mark,
                key_path(self._path(), value),
                f"duplicate key (first given at line {first.line}, column {first.column})",
            )
            return _BAD_KEY
        owner.key_marks[value] = mark
        return value


class Unfit:
    """What the fast loader returns for a document it leaves to the exact one."""


UNFIT = Unfit()


class UnfitError(Exception):
    """The fast loader met something that is not clean."""


def load_fast(text: str, limits: Limits = DEFAULT_LIMITS) -> Value | Unfit:
    """The same tree as `load_text` for a clean document, several times faster: no positions
    are kept. Returns UNFIT (never raises) at the first thing that is not clean - a syntax
    error, an anchor, alias, tag or merge key, a duplicate or non-text key, a second document,
    a limit passed - so the caller re-reads with `load_text`, which says where and why."""
    walk = _build_fast(text, limits, stream=False)
    try:
        while True:
            next(walk)  # yields nothing: the items stay in the tree
    except StopIteration as done:
        root: Value = done.value
        return root
    except (UnfitError, yaml.YAMLError):
        return UNFIT


def stream_fast(
    text: str | bytes, limits: Limits = DEFAULT_LIMITS
) -> Generator[Value, None, Value]:
    """`load_fast` item by item: when the top-level `items` list begins, yields the top mapping
    as it then stands (the keys before `items`; the same object takes those after), then each
    element of the list as it is built, keeping none; returns the tree without them (`items`
    empty). Raises UnfitError at anything not clean (the caller reads the file whole)."""
    try:
        root = yield from _build_fast(text, limits, stream=True)
    except yaml.YAMLError:
        raise UnfitError from None
    return root


_MARKED_DEPTH = 3
"""The fast loader keeps the positions of the mappings this shallow only: the top, each item
and party. Their tables of key and value positions stay empty."""


def _build_fast(  # noqa: PLR0915 (one tight loop)
    text: str | bytes, limits: Limits, *, stream: bool
) -> Generator[Value, None, Value]:
    """The tree of a clean document (the generator's value); with `stream`, the top mapping
    when its `items` list begins, then the list's elements as they are built, not kept."""
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document = yaml.DocumentStartEvent
    nulls, max_depth, max_nodes = NULLS, limits.max_depth, limits.max_nodes
    parser = _Parser(text)
    get = parser.get_event
    frames: list[tuple[YMap | YSeq | None, str | None]] = []
    top: YMap | YSeq | None = None
    key: str | None = None  # in a mapping: the key awaiting its value; None when a key is due
    root: Value = None
    nodes = documents = 0
    keys: dict[str, str] = {}
    items: YSeq | None = None  # with `stream`: the top-level list whose elements are yielded
    try:
        while (event := get()) is not None:
            kind = type(event)
            value: Value
            if kind is scalar:
                nodes += 1
                if event.anchor is not None or event.tag is not None or nodes > max_nodes:
                    raise UnfitError
                value = event.value
                if not event.style and value in nulls:
                    value = None
            elif kind is map_start or kind is seq_start:
                nodes += 1
                if event.anchor is not None or event.tag is not None or nodes > max_nodes:
                    raise UnfitError
                if len(frames) >= max_depth:
                    raise UnfitError
                if type(top) is YMap and key is None:
                    raise UnfitError  # a mapping or list as a key
                frames.append((top, key))
                if stream and kind is seq_start and key == "items" and len(frames) == 2:
                    yield frames[1][0]  # the top mapping, as far as it goes before its items
                    items = top = YSeq(None)
                    key = None
                    continue
                top, key = (YMap(None) if kind is map_start else YSeq(None)), None
                if len(frames) <= _MARKED_DEPTH and kind is map_start:
                    top.mark = _mark(event)  # where an item or party starts (reports use it)
                continue
            elif kind is map_end or kind is seq_end:
                if key is not None:
                    raise UnfitError  # not reached by a well-formed stream
                value = top
                top, key = frames.pop()
            elif kind is document:
                documents += 1
                if documents > 1:
                    raise UnfitError
                continue
            elif kind is alias:
                raise UnfitError
            else:
                continue
            if type(top) is YSeq:
                if top is items:
                    yield value
                    continue
                top.append(value)
            elif type(top) is YMap:
                if key is None:
                    if value is None or value.__class__ is not str or value == "<<":
                        raise UnfitError
                    if value in top:
                        raise UnfitError
                    key = keys.setdefault(value, value)  # one string per distinct key
                else:
                    top[key] = value
                    key = None
            else:
                root = value
    finally:
        parser.dispose()
    return root
