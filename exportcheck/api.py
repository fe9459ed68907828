"""The library API: parse a description, check it, read the verdict. Documented in
docs/library.md; `from exportcheck import check_description` and friends import from here.

The functions never print or exit. Bad input raises `InputError`, a bad ruleset `RulesetError`;
both carry `.problems`, each with `file`, `mark` (line, column), `path` and `message`.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import TYPE_CHECKING, Any

from exportcheck.check.engine import Checker
from exportcheck.input.parse import parse_file
from exportcheck.input.yamlio import DEFAULT_LIMITS, Limits
from exportcheck.model import days
from exportcheck.model.verdict import DEFAULT_HORIZON, Finding
from exportcheck.render import reasons, record
from exportcheck.rules.load import load_rulebook

if TYPE_CHECKING:
    from exportcheck.model.description import Description
    from exportcheck.model.verdict import Note, Verdict
    from exportcheck.rules.book import RuleBook

_lock = threading.Lock()
_bundled: list[RuleBook] = []
_checkers: dict[int, tuple[RuleBook, Checker]] = {}
"""A Checker per rule book in use, by id (the entry keeps the book alive, so ids stay unique)."""


def bundled_rulebook() -> RuleBook:
    """The bundled rulesets and entity lists, loaded once per process."""
    with _lock:
        if not _bundled:
            _bundled.append(load_rulebook())
        return _bundled[0]


def parse_description(
    text: str | bytes, *, name: str = "<memory>", limits: Limits = DEFAULT_LIMITS
) -> Description:
    """A description from YAML or JSON text, exactly as `exportcheck check` reads a file;
    `name` is the file name shown in problems and verdicts."""
    data = text.encode() if isinstance(text, str) else text
    return parse_file(data, name, limits)


def check_description(
    description: Description,
    *,
    as_of: dt.date | None = None,
    rulebook: RuleBook | None = None,
    horizon: int = DEFAULT_HORIZON,
) -> Verdict:
    """The verdict on a description as of a day (default: its own date, else today in China
    Standard Time), against `rulebook` (default: the bundled one), with the changes ahead
    within `horizon` days (0: none). Identical items are decided once per rule book across
    calls, so mapping this over many descriptions is cheap."""
    book = rulebook if rulebook is not None else bundled_rulebook()
    with _lock:
        known = _checkers.get(id(book))
        if known is None or known[0] is not book:
            known = _checkers[id(book)] = (book, Checker(book))
    day, how = days.chosen(as_of, description.date, days.today())
    return known[1].check(description, day, horizon, how)


def verdict_to_dict(verdict: Verdict) -> dict[str, Any]:
    """The verdict as JSON-ready data: the object `exportcheck check --format json` prints."""
    return record.to_dict(verdict)


def reason_of(found: Finding | Note) -> str:
    """A finding's or note's reason, in the words of every report."""
    if isinstance(found, Finding):
        return reasons.finding(found)
    return reasons.note(found)


def missing_of(found: Finding) -> tuple[str, ...]:
    """The facts that would decide a `review` finding, as paths in the description
    (`items[2].contains`, `destination`)."""
    return tuple(reasons.missing(found.subject, m) for m in found.missing)
