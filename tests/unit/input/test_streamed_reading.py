"""input.streamed: a description's items read one at a time, as parse_file reads them whole;
any file it cannot read cleanly so is left to parse_file, which says what is wrong, where."""

from __future__ import annotations

import codecs

import msgspec
import pytest

from exportcheck.errors import InputError
from exportcheck.input.parse import parse_file
from exportcheck.input.streamed import (
    HeaderMovedError,
    Streamed,
    UnstreamableError,
    streamed,
    utf8,
)
from exportcheck.input.yamlio import decode

HEAD = """\
kind: shipment
date: 2026-12-01
exporter: {name: "Ganzhou Rare Metals Co., Ltd.", country: CN}
"""
ITEMS = """\
items:
  - id: A1
    description: Dysprosium oxide Dy2O3 99.9%
    contains: {Dy: 78.5, O: 21.5}
  - description: Cotton T-shirts
    hs_code: "6109100000"
"""
AFTER = """\
consignee: {name: Bosch GmbH, country: DE}
end_use: motors
"""


def read(text: str) -> Streamed:
    found = streamed(utf8(text.encode(), "f.yaml"), "f.yaml")
    assert found is not None
    return found


def test_items_and_header_are_those_of_the_whole_reading() -> None:
    text = HEAD + AFTER + ITEMS
    whole = parse_file(text.encode(), "f.yaml")
    found = read(text)
    assert found.header == msgspec.structs.replace(whole, items=())
    assert tuple(found.items()) == whole.items
    assert tuple(found.items()) == whole.items  # read again, alike


def test_keys_after_the_items_are_found_and_the_header_read_again() -> None:
    text = HEAD + ITEMS + AFTER
    whole = parse_file(text.encode(), "f.yaml")
    found = read(text)
    assert found.header.consignee is None  # what the keys before the items say
    with pytest.raises(HeaderMovedError) as moved:
        tuple(found.items())
    again = moved.value.streamed
    assert again.header == msgspec.structs.replace(whole, items=())
    assert tuple(again.items()) == whole.items


@pytest.mark.parametrize(
    ("text", "why"),
    [
        (HEAD + ITEMS.replace("id: A1", "id: A1\n    id: A2"), "a duplicate key"),
        (HEAD + ITEMS + "  - id: A1\n    description: again\n", "an id twice"),
        (HEAD + ITEMS.replace("78.5", "seventy"), "a share that is not a number"),
        (HEAD + ITEMS + "  - just text\n", "an item that is not a mapping"),
        (HEAD + ITEMS.replace("description: Cotton T-shirts", "hs_code: '61'"), "no description"),
    ],
)
def test_an_item_that_is_not_clean_leaves_the_file_to_the_whole_reading(
    text: str, why: str
) -> None:
    found = streamed(text.encode(), "f.yaml")
    assert found is not None, why  # the header is clean
    with pytest.raises(UnstreamableError):
        tuple(found.items())
    with pytest.raises(InputError):
        parse_file(text.encode(), "f.yaml")


@pytest.mark.parametrize(
    "text",
    [
        HEAD,  # no items
        HEAD + "items: []\n",
        HEAD + "items: {a: b}\n",
        "- a list\n",
        HEAD.replace("kind: shipment", "kind: parcel") + ITEMS,
        HEAD + "items: &x\n  - description: a\n",
    ],
)
def test_files_without_a_clean_list_of_items_are_read_whole(text: str) -> None:
    found = streamed(text.encode(), "f.yaml")
    if found is not None:
        with pytest.raises(UnstreamableError):
            tuple(found.items())


def test_utf8_is_the_file_itself_without_a_copy() -> None:
    data = (HEAD + ITEMS).encode()
    assert utf8(data, "f.yaml") is data
    assert utf8(codecs.BOM_UTF8 + data, "f.yaml") == data
    wide = (HEAD + ITEMS + "# Dysprosium 镝\n").encode("utf-16")
    assert utf8(wide, "f.yaml") == decode(wide, "f.yaml").encode()


@pytest.mark.parametrize(
    "data", [b"kind: shipment\n\xff\xfe\xfd\n", b"kind: ship\x00ment\n", b"kind: \xe9t\xe9\n"]
)
def test_utf8_refuses_what_decode_refuses_with_its_words(data: bytes) -> None:
    with pytest.raises(InputError) as ours:
        utf8(data, "f.yaml")
    with pytest.raises(InputError) as theirs:
        decode(data, "f.yaml")
    assert ours.value.problems == theirs.value.problems
