"""The text encodings a CSV manifest may come in, as ERPs and spreadsheets save them.

By default a manifest is UTF-8 (a BOM is dropped), and a UTF-16 file is recognised by its BOM
(Excel's "Unicode text"). Other encodings are given with `--encoding`: GBK/GB18030 (Excel on
Chinese Windows), cp1252/Latin-1 (western European Windows), Shift-JIS (Japanese Windows).
Bytes that do not decode become lone surrogates and are reported cell by cell; when they are
not UTF-8, the report says which of these encodings they read as (`guess`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from exportcheck.errors import Mark, Problem

NAMES = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-16": "utf-16",
    "utf16": "utf-16",
    "gbk": "gbk",
    "gb2312": "gbk",
    "gb18030": "gb18030",
    "cp1252": "cp1252",
    "windows-1252": "cp1252",
    "latin-1": "latin-1",
    "latin1": "latin-1",
    "iso-8859-1": "latin-1",
    "shift_jis": "shift_jis",
    "shift-jis": "shift_jis",
    "sjis": "shift_jis",
    "cp932": "cp932",
}
"""The encodings `--encoding` takes (as written, case aside) and the codec each names."""

UNREADABLE = re.compile("[\\x00\\udc80-\\udcff]")
"""A NUL, or a byte the encoding does not read (read as a lone surrogate)."""

_BOMS = ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def codec(name: str) -> str | None:
    """The codec an `--encoding` value names, or None when it is not one this tool reads."""
    return NAMES.get(name.strip().lower())


def detect(head: bytes, given: str | None) -> str:
    """The codec to read a file with: the given one, else UTF-16 by its BOM, else UTF-8 (with
    its BOM, if any, dropped)."""
    if given == "utf-16" and not any(head.startswith(bom) for bom, _ in _BOMS):
        return "utf-16-le"  # Windows writes UTF-16 little-endian
    if given is not None:
        return given
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return "utf-8-sig"


def guess(raw: bytes) -> str | None:
    """What encoding undecodable bytes most likely are: the first of GB18030 (Han characters),
    Shift-JIS (kana), cp1252 (Latin letters) that reads them as text of its script."""
    for name, looks_right in (
        ("gb18030", _han),
        ("shift_jis", _kana),
        ("cp1252", _latin),
    ):
        try:
            text = raw.decode(name)
        except UnicodeDecodeError:
            continue
        if looks_right(text):
            return {"gb18030": "GBK/GB18030", "shift_jis": "Shift-JIS"}.get(name, "cp1252")
    return None


def _han(text: str) -> bool:
    """Han characters, all of the common set (GB 2312): Latin-1 bytes read as GBK give rare
    ones (`Müller` as `M黮ler`)."""
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return bool(han) and all(_common(c) for c in han)


def _common(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _kana(text: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" for c in text)


def _latin(text: str) -> bool:
    return all(c.isascii() or unicodedata.category(c)[0] in "LNPSZ" for c in text)


ENCODING_HINT = {
    "GBK/GB18030": "gbk",
    "Shift-JIS": "shift_jis",
    "cp1252": "cp1252",
}
"""The `--encoding` value that reads each guess."""


def unreadable(
    name: str, values: list[str], line: int, encoding: str = "utf-8-sig"
) -> tuple[Problem, ...]:
    found = []
    for column, value in enumerate(values, 1):
        hit = UNREADABLE.search(value)
        if hit is None:
            continue
        if hit.group() == "\x00":
            message = "contains a NUL character; is it a binary file?"
        else:
            message = _undecodable(value, encoding)
        found.append(Problem(name, Mark(line, column), "", message))
    return tuple(found)


def _undecodable(value: str, encoding: str) -> str:
    """Why a cell could not be read, and which `--encoding` would read it."""
    if not encoding.startswith("utf-8"):
        return f"is not valid {encoding}; give the file's encoding with --encoding"
    looks = guess(value.encode("utf-8", "surrogateescape"))
    if looks is None:
        return "is not valid UTF-8; save the file as UTF-8 or give --encoding"
    hint = ENCODING_HINT[looks]
    return f"is not valid UTF-8; the bytes read as {looks}: give --encoding {hint}"
