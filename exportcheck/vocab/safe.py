"""Text from an input, made safe for where it is shown.

Every string an input supplies (an item id, a party's name, a description, a CSV cell, a file
name, a snippet quoted by an error) may hold characters that act instead of showing: an escape
sequence repaints a terminal, a bidi override reverses what follows, a zero-width character hides
text, a control character stops an XML document from being XML, `<script>` is HTML in Markdown.
Each destination has one function here, and the reports and diagnostics call it on what they
show; the data itself (the model, JSON's values) stays exact.

* `terminal`: control characters (C0, DEL, C1), bidi overrides and isolates, zero-width and other
  format characters, line and paragraph separators and lone surrogates, shown as visible escapes
  (`\\x1b`, `\\u202e`). Also for standard error.
* `lines`: the same, keeping line breaks (a multi-line diagnostic).
* `xml`: characters XML 1.0 does not allow, and those `terminal` escapes, as the same visible
  escapes; tab and line feed stay. ElementTree does the `&`, `<`, `>` and quote escaping.
* `json`: JSON text (already escaped by `json`) with the code points it leaves raw under
  `ensure_ascii=False` (C1, DEL, bidi, format characters, U+2028/2029, lone surrogates) written
  as `\\uXXXX`: still valid JSON, and the same data.
* `markdown`: `terminal`, then Markdown's and HTML's metacharacters escaped, so no raw HTML, link,
  code span or table cell break comes from an input.
* `uri`: a path percent-encoded for a URI reference (SARIF's `artifactLocation.uri`), `/` kept.
* `clip`: at most `SNIPPET` characters of a text, for an error that quotes its input.
"""

from __future__ import annotations

import os
import re
from functools import cache
from urllib.parse import quote

SNIPPET = 60
"""The most characters of an input an error message quotes."""

UNSAFE = (
    (0x00, 0x1F),  # C0 controls (ESC among them), tab and line breaks included
    (0x7F, 0x9F),  # DEL and C1 controls (CSI, OSC, ...)
    (0xAD, 0xAD),  # soft hyphen
    (0x600, 0x605),
    (0x61C, 0x61C),  # Arabic letter mark
    (0x6DD, 0x6DD),
    (0x70F, 0x70F),
    (0x890, 0x891),
    (0x8E2, 0x8E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),  # zero-width space, joiners, LRM, RLM
    (0x2028, 0x202E),  # line and paragraph separators, bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x206F),  # bidi isolates, deprecated format characters
    (0xD800, 0xDFFF),  # lone surrogates (bytes that were not UTF-8)
    (0xFEFF, 0xFEFF),  # zero-width no-break space
    (0xFFF9, 0xFFFB),  # interlinear annotations
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),  # Egyptian hieroglyph format controls
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),  # language tag
    (0xE0020, 0xE007F),  # tag characters
)
"""Code points that act instead of showing: every character of Unicode's categories Cc, Cf, Cs,
Zl and Zp (tests/unit/vocab/test_safe.py checks the list against `unicodedata`)."""


def _class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


_PATTERNS = {
    "terminal": f"[{_class(UNSAFE)}]",
    "lines": f"[{_class(((0x00, 0x09), (0x0B, 0x1F), *UNSAFE[1:]))}]",
    "xml": f"[{_class(((0x00, 0x08), (0x0B, 0x1F), *UNSAFE[1:], (0xFFFE, 0xFFFF)))}]",
    "json": f"[{_class(UNSAFE[1:])}]",
    "markdown": (
        # a position, `items[1]`: no link without `(`, `[` or `:` after
        r"(?P<keep>\[\d+\](?![(\[:])"
        r"|(?<=[^\W_])_(?=[^\W_]))"  # `_` between letters or digits never emphasises
        r"|[\\`*_\[\]|~<>&]"
    ),
}


@cache
def _pattern(name: str) -> re.Pattern[str]:
    """A pattern of `_PATTERNS`, compiled when first needed: classes of far-apart code points
    cost a millisecond each to compile, and ASCII text seldom needs one."""
    return re.compile(_PATTERNS[name])


_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _markdown_escape(match: re.Match[str]) -> str:
    if match["keep"]:
        return match[0]
    return _ENTITIES.get(match[0]) or f"\\{match[0]}"


def terminal(text: str) -> str:
    """`text` with every character that acts instead of showing written as a visible escape."""
    if text.isascii() and text.isprintable():
        return text  # in ASCII only C0 controls and DEL act, and only they are unprintable
    pattern = _pattern("terminal")
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def lines(text: str) -> str:
    """`terminal` for text of several lines: line feeds stay."""
    pattern = _pattern("lines")
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def xml(text: str) -> str:
    """`text` with nothing XML 1.0 refuses (and nothing `terminal` escapes but tab and line
    feed), ready for ElementTree or for XML text ElementTree wrote."""
    pattern = _pattern("xml")
    if pattern.search(text) is None:
        return text
    return pattern.sub(_escape, text)


def json(text: str) -> str:
    """JSON text with the code points `ensure_ascii=False` leaves raw written as `\\uXXXX`.
    Outside strings JSON text holds only ASCII, so only strings change, and only in form."""
    if text.isascii() and "\x7f" not in text:
        return text  # the one unsafe ASCII code point JSON leaves raw is DEL
    pattern = _pattern("json")
    if pattern.search(text) is None:
        return text
    return pattern.sub(_json_escape, text)


def markdown(text: str) -> str:
    """`text` for Markdown prose or a table cell: escaped as for a terminal, then `<`, `>` and
    `&` as entities and Markdown's metacharacters (`\\ ` * _ [ ] | ~`) with a backslash."""
    return _pattern("markdown").sub(_markdown_escape, terminal(text))


def code(text: str) -> str:
    """`text` as a Markdown code span: escaped as for a terminal, between enough backticks."""
    text = terminal(text)
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def link(url: str) -> str:
    """A link's destination for Markdown: characters that could end it, or that are not URI
    characters, percent-encoded."""
    return quote(_utf8(url), safe=":/?#[]@!$&'*+,;=%~")


def uri(path: str) -> str:
    """A file path as a URI reference (RFC 3986): everything but unreserved characters and `/`
    percent-encoded from UTF-8 (a name's bytes that were not UTF-8 as those bytes)."""
    if os.sep == "\\":
        path = path.replace("\\", "/")
    return quote(_utf8(path), safe="/")


def _utf8(text: str) -> bytes:
    """`text` in UTF-8; the lone surrogates `os.fsdecode` makes of bytes that were not UTF-8 as
    those bytes, any other lone surrogate as itself."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return b"".join(_char(char) for char in text)


def _char(char: str) -> bytes:
    try:
        return char.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return char.encode("utf-8", "surrogatepass")


def clip(text: str, limit: int = SNIPPET) -> str:
    """At most `limit` characters of `text`, with `…` when it was longer."""
    return text if len(text) <= limit else f"{text[:limit]}…"


def excerpt(text: str, limit: int = SNIPPET) -> str:
    """A short, escaped quotation of an input's text for an error message."""
    return f'"{terminal(clip(text, limit))}"'
