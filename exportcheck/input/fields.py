"""Reading typed fields out of strict-YAML mappings, collecting every problem with its place.

Shared by the description parser and the ruleset loader, so both report errors the same way:
`file:line:col: path.to.field: what is wrong (what was expected)`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, TypeVar

from exportcheck.errors import Mark, Problems, key_path
from exportcheck.input.yamlio import YMap, YSeq
from exportcheck.model.days import out_of_range
from exportcheck.vocab import countries, safe
from exportcheck.vocab.text import mixed_script

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator, Mapping

    from exportcheck.input.yamlio import Value

T = TypeVar("T")

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"[a-z][a-z0-9_]*")
_COMMA_DECIMAL = re.compile(r"[+-]?\d+(\.\d{3})*,\d+")
"""A number written with a decimal comma (a manifest's cell)."""
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def describe(value: Value, *, quote: bool = True) -> str:
    """What was found, for an error: text is quoted as a short, escaped snippet
    (`vocab.safe.excerpt`), or not at all (`quote=False`: a file whose top is text is not a
    description, and none of it is repeated)."""
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YSeq):
        return "a list"
    if value is None:
        return "nothing"
    if not quote:
        return f"text ({len(value):,} characters)"
    return safe.excerpt(value)


class Reader:
    """Typed access to mappings; each accessor records a problem and returns None on failure."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def error(self, mark: Mark | None, path: str, message: str) -> None:
        self.problems.add(mark, path, message)

    # -- structure -----------------------------------------------------------------------------

    def keys(
        self,
        m: YMap,
        path: str,
        allowed: Collection[str],
        required: Collection[str] = (),
        hints: Mapping[str, str] | None = None,
    ) -> None:
        """Unknown keys are errors with a "did you mean"; missing required keys are errors."""
        expected = ""
        for key in m:
            if key in allowed:
                continue
            expected = expected or ", ".join(sorted(allowed))
            message = f"unknown key {safe.clip(key)!r}"
            hint = (hints or {}).get(key)
            close = []
            if not hint and self.problems.may_hint():
                import difflib  # noqa: PLC0415 (only for a near miss)

                close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
            if hint:
                message += f"; {hint}"
            elif m[key] is None and not close:
                message += " (a comma in an unquoted {…} value splits it: quote the value)"
            elif close:
                message += f"; did you mean {close[0]!r}?"
            else:
                message += f" (expected one of: {expected})"
            self.error(m.key_marks.get(key, m.mark), key_path(path, key), message)
        for key in required:
            if key not in m or m[key] is None:
                self.error(m.mark, key_path(path, key), "missing required key")

    def mark_of(self, m: YMap, key: str) -> Mark | None:
        return m.value_marks.get(key, m.mark)

    def mapping(self, value: Value, mark: Mark | None, path: str) -> YMap | None:
        if isinstance(value, YMap):
            return value
        found = describe(value, quote=bool(path))  # the top of a file that is not a description
        self.error(mark, path, f"expected a mapping (key: value), found {found}")
        return None

    def sequence(self, value: Value, mark: Mark | None, path: str) -> YSeq | None:
        if isinstance(value, YSeq):
            return value
        self.error(mark, path, f"expected a list, found {describe(value)}")
        return None

    def mappings(self, m: YMap, key: str, path: str) -> Iterator[tuple[int, str, YMap]]:
        """Each mapping in the list at `key`: (1-based position, its path, the mapping).
        Entries that are not mappings are reported and skipped."""
        seq = self.get_sequence(m, key, path)
        if seq is None:
            return
        base = key_path(path, key)
        for position, value in enumerate(seq, 1):
            entry_path = f"{base}[{position}]"
            entry = self.mapping(value, seq.mark_at(position - 1), entry_path)
            if entry is not None:
                yield position, entry_path, entry

    def get_mapping(self, m: YMap, key: str, path: str) -> YMap | None:
        value = m.get(key)
        if value is None:
            return None
        return self.mapping(value, self.mark_of(m, key), key_path(path, key))

    def get_sequence(self, m: YMap, key: str, path: str) -> YSeq | None:
        value = m.get(key)
        if value is None:
            return None
        return self.sequence(value, self.mark_of(m, key), key_path(path, key))

    # -- scalars -------------------------------------------------------------------------------

    def text(self, m: YMap, key: str, path: str) -> str | None:
        """A non-empty string, stripped; None if absent (required keys are checked by `keys`)."""
        value = m.get(key)
        if value is None:
            return None
        if value.__class__ is str and (stripped := value.strip()) and stripped.isascii():
            return stripped  # the usual case, without working out where the value stands
        return self.text_at(value, self.mark_of(m, key), key_path(path, key))

    def text_at(self, value: Value, mark: Mark | None, path: str) -> str | None:
        """`text` of a value that stands at `path` (a CSV cell, a list entry)."""
        if not isinstance(value, str):
            self.error(mark, path, f"expected text, found {describe(value)}")
            return None
        stripped = value.strip()
        if not stripped:
            self.error(mark, path, "is empty")
            return None
        return self.one_script(stripped, mark, path)

    def one_script(self, text: str, mark: Mark | None, path: str) -> str | None:
        """The text, or None (an error) when a word in it mixes Latin, Cyrillic or Greek letters:
        `Dуsprosium` with a Cyrillic `у` looks like an element's name but matches none."""
        mixed = mixed_script(text)
        if mixed is None:
            return text
        at, char = mixed
        self.error(
            mark,
            path,
            f"{char!r} (U+{ord(char):04X} {unicodedata.name(char, '?')}) at character {at + 1} "
            f"of {safe.clip(text)!r} is from another script than the letters around it: "
            "retype the word",
        )
        return None

    def decimal(
        self,
        m: YMap,
        key: str,
        path: str,
        *,
        minimum: Decimal | None = Decimal(0),
        maximum: Decimal | None = None,
        what: str = "a number",
    ) -> Decimal | None:
        raw = self.text(m, key, path)
        if raw is None:
            return None
        return self.number(
            raw,
            self.mark_of(m, key),
            key_path(path, key),
            minimum=minimum,
            maximum=maximum,
            what=what,
        )

    def number(
        self,
        raw: str,
        mark: Mark | None,
        path: str,
        *,
        minimum: Decimal | None = Decimal(0),
        maximum: Decimal | None = None,
        what: str = "a number",
    ) -> Decimal | None:
        if not _NUMBER.fullmatch(raw):
            message = f"{safe.excerpt(raw)} is not a number (expected {what}, like 12 or 0.5)"
            if _COMMA_DECIMAL.fullmatch(raw.strip()):
                message += "; in a comma-separated manifest, --decimal-comma reads 87,1 as 87.1"
            self.error(mark, path, message)
            return None
        try:
            number = Decimal(raw)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            self.error(mark, path, f"{safe.excerpt(raw)} is not a number (expected {what})")
            return None
        if minimum is not None and number < minimum:
            self.error(mark, path, f"{safe.clip(raw)} is below {minimum} (expected {what})")
            return None
        if maximum is not None and number > maximum:
            self.error(mark, path, f"{safe.clip(raw)} is above {maximum} (expected {what})")
            return None
        return number

    def date(self, m: YMap, key: str, path: str) -> dt.date | None:
        raw = self.text(m, key, path)
        if raw is None:
            return None
        return self.parse_date(raw, self.mark_of(m, key), key_path(path, key))

    def parse_date(self, raw: str, mark: Mark | None, path: str) -> dt.date | None:
        if not _DATE.fullmatch(raw):
            self.error(
                mark,
                path,
                f"{safe.excerpt(raw)} is not a date (expected YYYY-MM-DD, like 2026-12-01)",
            )
            return None
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            self.error(mark, path, f"{safe.excerpt(raw)} is not a valid calendar date")
            return None
        wrong = out_of_range(day)
        if wrong is not None:
            self.error(mark, path, wrong)
            return None
        return day

    def identifier(self, m: YMap, key: str, path: str) -> str | None:
        """An id in ruleset data: lower-case letters, digits and dashes."""
        raw = self.text(m, key, path)
        if raw is not None and not _ID.fullmatch(raw):
            self.error(
                self.mark_of(m, key),
                key_path(path, key),
                f"{safe.excerpt(raw)} must be lower-case letters, digits and dashes",
            )
            return None
        return raw

    def url(self, m: YMap, key: str, path: str) -> str | None:
        """An http(s) address, as every rule and list entry cites its source."""
        raw = self.text(m, key, path)
        if raw is not None and not self._address(raw, self.mark_of(m, key), key_path(path, key)):
            return None
        return raw

    def urls(self, m: YMap, key: str, path: str) -> tuple[str, ...] | None:
        """A list of http(s) addresses (a list entry's sources); None when one is not."""
        where = self.mark_of(m, key)
        given = self.strings(m[key], where, key_path(path, key))
        if given is None:
            return None
        for index, address in enumerate(given, start=1):
            if not self._address(address, where, key_path(path, f"{key}[{index}]")):
                return None
        return given

    def _address(self, raw: str, mark: Mark | None, at: str) -> bool:
        """Whether `raw` is an http(s) address; an error at `at` when not."""
        if _URL.fullmatch(raw):
            return True
        self.error(mark, at, f"{safe.excerpt(raw)} is not an http(s) address")
        return False

    def tags(self, value: Value, mark: Mark | None, path: str) -> tuple[str, ...] | None:
        """Rule tags (see matchers.listed): lower-case words."""
        tags = self.strings(value, mark, path)
        if tags is None:
            return None
        bad = [t for t in tags if not _TAG.fullmatch(t)]
        if bad:
            self.error(mark, path, f"tags are lower-case words: {', '.join(bad)}")
            return None
        return tags

    def choice(self, m: YMap, key: str, path: str, choices: Mapping[str, T]) -> T | None:
        raw = self.text(m, key, path)
        if raw is None:
            return None
        return self.choice_of(raw, self.mark_of(m, key), key_path(path, key), choices)

    def choice_of(
        self, raw: str, mark: Mark | None, path: str, choices: Mapping[str, T]
    ) -> T | None:
        if raw in choices:
            return choices[raw]
        folded = raw.strip().lower()  # TRUE as Excel writes it, BEV, Used
        if folded in choices:
            return choices[folded]
        self.error(mark, path, f"{safe.excerpt(raw)} is not one of {' | '.join(choices)}")
        return None

    def country(self, m: YMap, key: str, path: str) -> str | None:
        raw = self.text(m, key, path)
        if raw is None:
            return None
        return self.country_of(raw, self.mark_of(m, key), key_path(path, key))

    def country_of(self, raw: str, mark: Mark | None, path: str) -> str | None:
        """An ISO 3166-1 alpha-2 code, with a hint for a name, a lower-case or a close code."""
        if countries.is_country(raw):
            return raw
        message = f"{safe.excerpt(raw)} is not an ISO 3166-1 alpha-2 country code"
        if countries.is_country(raw.upper()):
            message += f"; country codes are upper case: {safe.clip(raw.upper())!r}"
        else:
            hint = countries.suggest(raw) if self.problems.may_hint() else None
            if hint:
                message += f"; did you mean {hint!r} ({countries.name(hint)})?"
        self.error(mark, path, message)
        return None

    def strings(self, value: Value, mark: Mark | None, path: str) -> tuple[str, ...] | None:
        """A non-empty list of non-empty strings (a single string counts as a list of one)."""
        if isinstance(value, str) and value.strip():
            return (value.strip(),)
        if not isinstance(value, YSeq) or not value:
            self.error(mark, path, f"expected a non-empty list of text, found {describe(value)}")
            return None
        found: list[str] = []
        for position, entry in enumerate(value, 1):
            if isinstance(entry, str) and entry.strip():
                found.append(entry.strip())
            else:
                self.error(
                    value.mark_at(position - 1),
                    f"{path}[{position}]",
                    f"expected text, found {describe(entry)}",
                )
        return tuple(found) if len(found) == len(value) else None
