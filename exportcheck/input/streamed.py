"""A big description file read item by item (issue 16, flat memory).

`parse.parse_file` builds the whole tree, then every Item: about 1.3 KB an item live and twice
that while both exist. Here the items are built one at a time, each time the check asks for
them, and handed over, none kept. The rest of the file (the header: parties, destination, held
licences, technologies) is read from the keys before `items`, which is where files keep them; a
file with top-level keys after its items is read again once those are known (`HeaderMovedError`).
Only a clean file is read so: at the first problem (in the YAML or in an item, an id given twice)
the caller reads it whole with `parse.parse_file`, which reports every problem with its
position. Both readings give the same description.
"""

from __future__ import annotations

import codecs
from array import array
from itertools import pairwise
from typing import TYPE_CHECKING

from exportcheck.errors import Problems
from exportcheck.input import parse
from exportcheck.input.fields import Reader
from exportcheck.input.yamlio import (
    DEFAULT_LIMITS,
    Limits,
    UnfitError,
    YMap,
    YSeq,
    decode,
    stream_fast,
    wide_encoding,
)

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator

    from exportcheck.input.yamlio import Value
    from exportcheck.model.description import Description, Item


def utf8(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The file's bytes as UTF-8, the encoding the YAML parser reads, with no byte-order mark:
    `data` itself for a UTF-8 file, checked as `yamlio.decode` checks it but without making the
    text (a copy the size of the file) and raising its InputError where it does."""
    if wide_encoding(data) is not None:
        return decode(data, file, limits).encode("utf-8")  # UTF-16 or UTF-32
    if len(data) > limits.max_bytes or b"\x00" in data:
        decode(data, file, limits)  # raises its error
    checker = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), _CHUNK):
            checker.decode(data[start : start + _CHUNK])
        checker.decode(b"", final=True)
    except UnicodeDecodeError:
        decode(data, file, limits)  # raises its error, saying where
        raise
    return data[3:] if data.startswith(codecs.BOM_UTF8) else data


_CHUNK = 1 << 20


class UnstreamableError(Exception):
    """The file is not clean: read it whole (`parse.parse_file` says what is wrong, where)."""


class HeaderMovedError(Exception):
    """The file has top-level keys after its items: check it again with `streamed`, the file
    read with the whole header."""

    def __init__(self, streamed: Streamed) -> None:
        super().__init__()
        self.streamed = streamed


class Streamed:
    """A description whose items are read again each time they are asked for."""

    def __init__(
        self,
        header: Description,
        text: bytes,
        limits: Limits,
        pending: tuple[Generator[Value, None, Value], YMap, frozenset[str]] | None,
        defaults: YMap | None,
    ) -> None:
        self.header = header
        """The description with no items (`items` is empty)."""
        self.text, self.limits, self.defaults = text, limits, defaults
        self._pending = pending
        """A reading begun (to find the header), with the top mapping and the keys it had."""

    def items(self) -> Iterator[Item]:
        """The items, in file order, each built as it is reached. Raises UnstreamableError
        at the first problem, HeaderMovedError at the end of the first reading of a file with
        top-level keys after its items."""
        pending, self._pending = self._pending, None
        if pending is None:
            walk = stream_fast(self.text, self.limits)
            try:
                next(walk)  # the top mapping, known
            except (StopIteration, UnfitError):
                raise UnstreamableError from None
        else:
            walk = pending[0]
        file, origin = self.header.file, self.header.exporter.country
        reader = Reader(Problems(file))
        hashes = array("q")  # of the ids, 8 bytes an item: an id given twice, found at the end
        try:
            for position, value in enumerate(walk, 1):
                path = f"items[{position}]"
                item = None
                if type(value) is YMap:
                    item = parse.read_item(reader, value, path, position, origin)
                if item is None or reader.problems:
                    raise UnstreamableError
                hashes.append(hash(item.id))
                yield item
        except UnfitError:
            raise UnstreamableError from None
        finally:
            walk.close()
        if not hashes:
            raise UnstreamableError  # `items: []`, an error to report where it is
        if any(a == b for a, b in pairwise(sorted(hashes))):
            raise UnstreamableError  # an id twice (or two whose hashes agree): read it whole
        if pending is not None and set(pending[1]) - pending[2] - {"items"}:
            whole = _header(pending[1], self.header.file, self.defaults)
            if whole is None:
                raise UnstreamableError
            raise HeaderMovedError(Streamed(whole, self.text, self.limits, None, self.defaults))


def streamed(
    text: bytes, file: str, limits: Limits = DEFAULT_LIMITS, defaults: YMap | None = None
) -> Streamed | None:
    """A clean description file (its bytes, as `utf8` gives them) with items, its header read
    from the keys before them; None for any other file (read it whole)."""
    walk = stream_fast(text, limits)
    try:
        top = next(walk)
    except (StopIteration, UnfitError):
        return None
    assert type(top) is YMap
    before = YMap(top.mark)
    before.update(top)
    header = _header(before, file, defaults)
    if header is None:
        walk.close()
        return None
    return Streamed(header, text, limits, (walk, top, frozenset(before)), defaults)


def _header(top: YMap, file: str, defaults: YMap | None) -> Description | None:
    """The description of the top mapping's keys, but its items; None at any problem."""
    given = YMap(top.mark)
    given.update(top)
    given["items"] = YSeq(None)
    problems = Problems(file)
    header = parse.header(Reader(problems), given, file, defaults)
    return None if problems else header
