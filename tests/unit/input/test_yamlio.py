from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from exportcheck.errors import InputError, Mark, Problems
from exportcheck.input import yamlio
from exportcheck.input.yamlio import Limits, YMap, YSeq, decode, load, load_text


def messages(text: str | bytes, limits: Limits | None = None) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(InputError) as caught:
        load(data, "f.yaml", limits or Limits())
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("country: NO", "NO"),
        ("country: no", "no"),
        ("flag: off", "off"),
        ("flag: y", "y"),
        ("code: 0701", "0701"),
        ("code: 8471.30", "8471.30"),
        ("value: 1e3", "1e3"),
        ("date: 2026-12-01", "2026-12-01"),
        ("flag: true", "true"),
        ("quoted: '0701'", "0701"),
    ],
)
def test_every_scalar_is_the_string_written(raw: str, expected: str) -> None:
    root = load_text(raw, "f.yaml")
    assert isinstance(root, YMap)
    assert next(iter(root.values())) == expected


@pytest.mark.parametrize("raw", ["a:", "a: ~", "a: null", "a: NULL"])
def test_plain_empty_and_null_are_absent(raw: str) -> None:
    root = load_text(raw, "f.yaml")
    assert isinstance(root, YMap)
    assert root["a"] is None


def test_quoted_null_stays_text() -> None:
    root = load_text('a: "null"', "f.yaml")
    assert isinstance(root, YMap)
    assert root["a"] == "null"


def test_positions_are_one_based_and_kept_for_keys_values_and_items() -> None:
    root = load_text("top:\n  - x: 1\n    y: two\n", "f.yaml")
    assert isinstance(root, YMap)
    seq = root["top"]
    assert isinstance(seq, YSeq)
    assert seq.item_marks == [Mark(2, 5)]
    item = seq[0]
    assert isinstance(item, YMap)
    assert item.key_marks["y"] == Mark(3, 5)
    assert item.value_marks["y"] == Mark(3, 8)


def test_duplicate_key_is_an_error_with_both_positions_and_its_path() -> None:
    found = messages("items:\n  - a: 1\n    a: 2\n")
    assert found == ["f.yaml:3:5: items[1].a: duplicate key (first given at line 2, column 5)"]


def test_duplicate_keys_are_collected_with_later_problems_when_asked() -> None:
    problems = Problems("f.yaml")
    root = load(b"a: 1\na: 2\nb: 3\n", "f.yaml", problems=problems)
    assert isinstance(root, YMap)
    assert root == {"a": "1", "b": "3"}
    assert [p.path for p in problems.items] == ["a"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a: &x 1\nb: *x\n", "anchors (&x) are not allowed"),
        ("a: *x\n", "aliases (*name) are not allowed"),
        ("base: {a: 1}\nother:\n  <<: {b: 2}\n", "merge keys (<<) are not allowed"),
        ("a: !!int 3\n", "tags (tag:yaml.org,2002:int) are not allowed"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("? [a, b]\n: 1\n", "keys must be non-empty text"),
        ("a: [1, 2\n", "YAML syntax error"),
        ("a:\n\t- 1\n", "tabs cannot indent YAML"),
    ],
)
def test_yaml_traps_are_errors(text: str, fragment: str) -> None:
    assert any(fragment in m for m in messages(text)), messages(text)


def test_depth_limit() -> None:
    deep = "a: " + "[" * 70 + "]" * 70
    assert any("nesting is deeper than 64 levels" in m for m in messages(deep))


def test_node_limit() -> None:
    text = "a: [" + ", ".join("1" for _ in range(50)) + "]"
    found = messages(text, Limits(max_nodes=20))
    assert any("more than 20 YAML nodes" in m for m in found)


def test_size_limit_before_parsing() -> None:
    found = messages(b"a: 1\n" * 100, Limits(max_bytes=50))
    assert found == ["f.yaml: file is 500 bytes; the limit is 50 bytes"]


def test_binary_and_non_utf8_files_are_reported_with_position() -> None:
    assert messages(b"a: 1\nb: \x00\x01") == [
        "f.yaml:2:4: file contains NUL bytes; is it a binary file?"
    ]
    assert messages(b"a: 1\nb: caf\xe9\n") == [
        "f.yaml:2:7: byte 0xe9 is not valid UTF-8; save the file as UTF-8"
    ]


def test_bom_and_crlf_are_accepted() -> None:
    text = decode(b"\xef\xbb\xbfa: 1\r\nb: NO\r\n", "f.yaml")
    root = load_text(text, "f.yaml")
    assert root == {"a": "1", "b": "NO"}


def test_the_c_parser_is_used_where_pyyaml_has_libyaml() -> None:
    if yaml.__with_libyaml__:
        assert yamlio._Parser is yaml.CBaseLoader


FAST_TRAPS = [
    "a: &x 1\nb: *x\n",
    "a: *x\n",
    "base: {a: 1}\nother:\n  <<: {b: 2}\n",
    "a: !!int 3\n",
    "a: ! 3\n",
    "a: 1\n---\nb: 2\n",
    "? [a, b]\n: 1\n",
    "? {a: 1}\n: 1\n",
    ": 1\n",
    "a: 1\na: 2\n",
    "a: [1, 2\n",
    "a:\n\t- 1\n",
    "a: " + "[" * 70 + "]" * 70,
]


@pytest.mark.parametrize("text", FAST_TRAPS)
def test_the_fast_loader_leaves_every_trap_to_the_exact_one(text: str) -> None:
    assert yamlio.load_fast(text) is yamlio.UNFIT


def test_the_fast_loader_keeps_to_its_limits() -> None:
    text = "a: [" + ", ".join("1" for _ in range(50)) + "]"
    assert yamlio.load_fast(text, Limits(max_nodes=20)) is yamlio.UNFIT
    assert yamlio.load_fast(text, Limits(max_nodes=60)) == {"a": ["1"] * 50}


def test_the_fast_loader_builds_the_exact_tree_with_only_the_shallow_positions() -> None:
    """Only where the top, each item and each party start are kept (SARIF and GitHub
    annotations point at them); no key or value position, nothing deeper."""
    text = (
        "kind: shipment\ncountry: NO\ncode: 0701\nempty:\nnull_: ~\nquoted: 'null'\n"
        "items:\n  - {id: '1', hs: 8471.30, contains: {Dy: 78, O: 22}}\n  - []\n  - {}\n"
        "nested: [[a, [b]], {c: {d: e}}]\n"
    )
    fast = yamlio.load_fast(text)
    exact = load_text(text, "f.yaml")
    assert fast == exact
    assert isinstance(fast, YMap)
    assert fast.mark == Mark(1, 1)
    assert not fast.key_marks
    items = fast["items"]
    assert isinstance(items, YSeq)
    assert items.mark_at(0) is None
    assert isinstance(items[0], YMap)
    assert items[0].mark == Mark(8, 5)
    assert not items[0].key_marks
    contains = items[0]["contains"]
    assert isinstance(contains, YMap)
    assert contains.mark is None
    assert fast["country"] == "NO"
    assert fast["empty"] is None
    assert fast["quoted"] == "null"


WIDE = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]


@pytest.mark.parametrize("encoding", WIDE)
@given(text=st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00")))
def test_utf16_and_utf32_are_read_with_or_without_a_byte_order_mark(
    encoding: str, text: str
) -> None:
    document = "a: " + text  # a description starts with an ASCII character
    assert decode(document.encode(encoding), "w.yaml") == document


@pytest.mark.parametrize("encoding", WIDE)
def test_a_wide_file_with_nul_characters_is_named_as_read(encoding: str) -> None:
    with pytest.raises(InputError, match=r"file \(read as UTF-(16|32)(LE|BE)\) contains NUL"):
        decode("a: b\x00c".encode(encoding), "w.yaml")


def test_a_broken_utf16_file_says_how_it_was_read() -> None:
    with pytest.raises(InputError, match=r"read as UTF-16LE .* are not valid UTF-16LE"):
        decode(b"\xff\xfea\x00\x00\xdc", "w.yaml")  # a lone low surrogate
