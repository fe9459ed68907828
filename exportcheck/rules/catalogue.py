"""The bundled rules as a catalogue: status on a date, lookup by id, search. No I/O.

Backs `exportcheck rules list | show | search`. Search understands what a user types: an element
("dysprosium", "Dy"), an HS code or prefix ("8505", "2846901940"), a control code ("1C902") or
words ("cathode"), and says why each rule matched.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from msgspec import Struct

from exportcheck.identify.identity import identify
from exportcheck.rules.matchers.base import Query
from exportcheck.rules.matchers.control_code import is_within
from exportcheck.rules.window import Status
from exportcheck.vocab import elements

if TYPE_CHECKING:
    import datetime as dt

    from exportcheck.rules.book import RuleBook
    from exportcheck.rules.model import Measure, Rule


def status_text(rule: Rule, day: dt.date, *, detail: bool = True) -> str:
    """`in force`, `suspended until 2026-11-10 (MOFCOM/GAC Announcement No. 70 of 2025)`, ...;
    without `detail`, short enough for one line of a list."""
    status = rule.status(day)
    if status.status is Status.NOT_YET:
        return f"not yet in force (from {rule.effective})"
    if status.status is Status.ENDED:
        return f"ended {rule.measure.ends}"
    if status.status is Status.SUSPENDED and status.suspension is not None:
        if not detail:
            return f"suspended until {status.suspension.end}"
        return f"suspended until {status.suspension.end} ({status.suspension.title})"
    if status.cautions:
        return "in force, with a caution" if detail else "in force ⚠"
    return "in force"


def measures(book: RuleBook) -> list[Measure]:
    found: dict[str, Measure] = {}
    for rule in book.rules:
        found.setdefault(rule.measure.id, rule.measure)
    return sorted(found.values(), key=lambda m: m.id)


def rules_of(book: RuleBook, measure_id: str | None) -> list[Rule]:
    return [r for r in book.rules if measure_id is None or r.measure.id == measure_id]


def find_measure(book: RuleBook, measure_id: str) -> Measure | None:
    return next((m for m in measures(book) if m.id == measure_id), None)


class Hit(Struct, frozen=True):
    rule: Rule
    why: tuple[str, ...]


_DIGITS = re.compile(r"\d[\d. ]*")


def search(book: RuleBook, text: str) -> list[Hit]:
    """The rules a text names: as written, else as the identification stage reads it (`镝`
    and `Dysprosiumoxid` find the dysprosium rules, each reason saying what it was read as)."""
    query = text.strip()
    if not query:
        return []
    digits = query.replace(".", "").replace(" ", "") if _DIGITS.fullmatch(query) else None
    hits = _search(book, [(Query(query.lower(), elements.symbol_of(query), digits), "")])
    if hits:
        return hits
    known = identify(query)
    readings = [
        (Query(elements.name_of(n.symbol), n.symbol, None), elements.name_of(n.symbol))
        for n in known.named
    ]
    readings += [(Query(english.lower(), None, None), english) for english, _ in known.glosses]
    return _search(book, readings)


def _search(book: RuleBook, readings: list[tuple[Query, str]]) -> list[Hit]:
    hits: list[Hit] = []
    for rule in book.rules:
        why: list[str] = []
        for wanted, read_as in readings:
            found = _why(rule, wanted)
            why += [f"{w} (read as {read_as})" if read_as else w for w in found]
        if why:
            hits.append(Hit(rule, tuple(dict.fromkeys(why))))
    return hits


def _why(rule: Rule, query: Query) -> list[str]:
    lowered = query.lowered
    why: list[str] = []
    if lowered in rule.id.lower():
        why.append("rule id")
    if rule.control_code and (
        is_within(rule.control_code, lowered) or is_within(lowered, rule.control_code)
    ):
        why.append(f"control code {rule.control_code}")
    if lowered in rule.title.lower():
        why.append("title")
    matchers = [rule.trigger] if rule.condition is None else [rule.trigger, rule.condition]
    for leaf in (leaf for m in matchers for leaf in m.affirmed()):
        why.extend(leaf.terms(query))
    return why
