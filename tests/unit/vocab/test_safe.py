"""Input text made safe per destination: nothing that acts instead of showing survives, and
nothing that merely shows changes."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from typing import Literal
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from exportcheck.vocab import safe

ACTING: tuple[Literal["Cc", "Cf", "Cs", "Zl", "Zp"], ...] = ("Cc", "Cf", "Cs", "Zl", "Zp")
"""The categories of code points that act instead of showing."""
EVERY = "".join(chr(c) for c in range(sys.maxunicode + 1))
ACTS = "".join(c for c in EVERY if unicodedata.category(c) in ACTING)
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

texts = st.text(st.characters(codec=None, categories=None), max_size=80)
"""Any code point, lone surrogates included (a file name's bytes that were not UTF-8)."""
hostile = st.text(st.sampled_from([*ACTS[:200], *BIDI, "\x1b", "a", " ", "[", "<", "é"]))
mixed = texts | hostile


def acting(text: str) -> set[str]:
    return {c for c in text if unicodedata.category(c) in ACTING}


def test_the_unsafe_list_holds_every_acting_code_point_of_this_unicode() -> None:
    covered = {chr(c) for a, b in safe.UNSAFE for c in range(a, b + 1)}
    assert set(ACTS) <= covered
    assert safe.terminal(ACTS).isascii()


@given(mixed)
def test_terminal_leaves_nothing_that_acts(text: str) -> None:
    shown = safe.terminal(text)
    assert not acting(shown)
    assert "\x1b" not in shown
    assert not set(BIDI) & set(shown)
    assert safe.terminal(shown) == shown


@given(st.text(st.characters(exclude_categories=ACTING)))
def test_terminal_changes_nothing_that_only_shows(text: str) -> None:
    assert safe.terminal(text) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J\x1b[HVerdict: NO MATCH", "\\x1b[2J\\x1b[HVerdict: NO MATCH"),
        ("abc\u202edef", "abc\\u202edef"),
        ("a\nb\tc\x9b", "a\\nb\\tc\\x9b"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("Dysprosium oxide 氧化镝", "Dysprosium oxide 氧化镝"),
    ],
)
def test_terminal_escapes_are_visible(text: str, shown: str) -> None:
    assert safe.terminal(text) == shown


@given(mixed)
def test_lines_keep_their_breaks_and_nothing_else(text: str) -> None:
    shown = safe.lines(text)
    assert acting(shown) <= {"\n"}
    assert shown.count("\n") == text.count("\n")


def test_xml_is_well_formed_for_every_code_point() -> None:
    text = safe.xml(EVERY)
    element = ET.Element("testcase", name=text)
    element.text = text
    parsed = ET.fromstring(ET.tostring(element, encoding="unicode"))  # noqa: S314 (our own output)
    assert parsed.text == text
    assert parsed.get("name") == text


@given(mixed)
def test_xml_of_any_text_parses(text: str) -> None:
    element = ET.Element("failure", message=safe.xml(text))
    element.text = safe.xml(text)
    written = safe.xml(ET.tostring(element, encoding="unicode"))
    assert (ET.fromstring(written).text or "") == safe.xml(text)  # noqa: S314 (our own output)
    assert acting(written) <= {"\n", "\t"}


@given(mixed)
def test_json_keeps_the_data_and_shows_nothing_that_acts(text: str) -> None:
    written = safe.json(json.dumps({"id": text, "list": [text]}, indent=2, ensure_ascii=False))
    assert json.loads(written) == {"id": text, "list": [text]}
    assert acting(written) <= {"\n"}


MARKDOWN = MarkdownIt("commonmark").enable("table")


@given(mixed)
def test_markdown_makes_no_html_link_code_or_emphasis(text: str) -> None:
    shown = safe.markdown(text)
    assert "<" not in shown
    html = MARKDOWN.render(f"a {shown} b")
    assert set(re.findall(r"</?(\w+)", html)) == {"p"}


@given(mixed)
def test_markdown_never_breaks_a_table_row(text: str) -> None:
    html = MARKDOWN.render(f"| a | b |\n|---|---|\n| {safe.markdown(text)} | {safe.code(text)} |\n")
    assert html.count("<td>") == 2


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[Verdict: NO MATCH](https://evil.example)",
        "`x` | y",
        "&#x202e;",
    ],
)
def test_markdown_shows_what_was_written(text: str) -> None:
    html = MARKDOWN.render(safe.markdown(text))
    assert (
        html == f"<p>{text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</p>\n"
    )


def test_markdown_keeps_ordinary_report_text() -> None:
    ordinary = 'items[2].parameters.energy_density_wh_per_kg (id 2) 300 Wh/kg ("Li-ion")'
    assert safe.markdown(ordinary) == ordinary


URI = re.compile(r"(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})*")


@given(texts)
def test_uri_holds_only_rfc_3986_characters_and_round_trips(path: str) -> None:
    written = safe.uri(path)
    assert URI.fullmatch(written)
    if not any("\ud800" <= c <= "\udfff" for c in path):
        assert unquote(written) == path


def test_uri_of_a_name_with_spaces_hash_percent_and_accents() -> None:
    assert safe.uri("in put/#1 100% é.yaml") == "in%20put/%231%20100%25%20%C3%A9.yaml"
    assert safe.uri("bad\udcff.yaml") == "bad%FF.yaml"  # a byte that was not UTF-8


@given(mixed)
def test_an_excerpt_is_short_and_escaped(text: str) -> None:
    quoted = safe.excerpt(text)
    assert not acting(quoted)
    assert len(safe.clip(text)) <= safe.SNIPPET + 1
    assert quoted.startswith('"')
    assert quoted.endswith('"')
    if len(text) <= safe.SNIPPET:
        assert safe.clip(text) == text
