"""Decisions and what they become: a rule's decision on a subject (Decision), a subject's
decisions with what they make it (Decided), their findings and notes (`word`), the verdict over
findings (`outcome`), the findings under the lapse alternative (`resting`) and what a shipment
holds (`gather`). The engine (check.engine) and the item-by-item check (check.streamed) share
them, so both word a decision and sum up findings one way.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from msgspec import Struct, field
from msgspec.structs import replace

from exportcheck.model.evidence import Basis, Missing
from exportcheck.model.verdict import CautionKind, Finding, Level, Note, NoteKind
from exportcheck.rules.matchers.base import Outcome, Truth

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping

    from exportcheck.model.description import LicenseType
    from exportcheck.model.evidence import Basis, Missing
    from exportcheck.rules.model import Rule


class Decision(Struct, frozen=True):
    """What one rule concluded about one subject, for any line that subject stands on."""

    rule: Rule
    level: Level | None
    """The finding's verdict; None for a note."""
    basis: Basis
    missing: tuple[Missing, ...] = ()
    cautions: tuple[str, ...] = ()
    note: NoteKind | None = None
    assumes: tuple[tuple[str, dt.date], ...] = ()
    caution_kinds: tuple[CautionKind, ...] = ()


class Decided(Struct, frozen=True):
    decisions: tuple[Decision, ...]
    listed: dict[str, Outcome] = field(default_factory=dict)
    """What the goods rules concluded, by tag, for the rules that depend on them."""


def word(
    decisions: Iterable[Decision],
    path: str,
    item_id: str | None,
    findings: list[Finding] | None,
    notes: list[Note] | None,
) -> None:
    """The decisions as the findings and notes of the subject at `path` (None: not wanted)."""
    for d in decisions:
        rule = d.rule
        if d.level is None:
            assert d.note is not None
            if notes is not None:
                notes.append(Note(rule.id, rule.measure.id, path, d.note, d.basis, d.assumes))
            continue
        if findings is None:
            continue
        findings.append(
            Finding(
                rule=rule.id,
                measure=rule.measure.id,
                subject=path,
                item=item_id,
                level=d.level,
                license=rule.license,
                control_code=rule.control_code,
                basis=d.basis,
                source=rule.cited,
                caution=" ".join(d.cautions) or None,
                missing=d.missing,
                assumes=d.assumes,
                caution_kinds=d.caution_kinds,
            )
        )


def outcome(findings: Iterable[Finding]) -> tuple[Level, tuple[LicenseType, ...]]:
    """The verdict over findings (the most severe; `no_match` for none) and the licence types
    their `license_required` findings need."""
    level, needed = Level.NO_MATCH, set()
    for f in findings:
        if f.level.rank > level.rank:
            level = f.level
        if f.level is Level.LICENSE_REQUIRED and f.license:
            needed.add(f.license)
    return level, tuple(sorted(needed, key=lambda lic: lic.value))


def resting(
    findings: list[Finding],
    extended: Iterable[Finding],
    everything: tuple[tuple[str, dt.date], ...] | None = None,
) -> list[Finding]:
    """The findings, each that the alternative run does not give (or gives with another
    verdict) with the verdict it has there (`no_match`: none) and the lapses it rests on: its
    own, else (a rule reading what another rule made the item, or a party's listing read
    through them) those of the subject's other findings, else `everything`: all of the
    verdict's (by default, those of `findings`)."""
    levels = {(f.rule, f.subject): f.level for f in extended}
    if everything is None:
        everything = tuple(dict.fromkeys(a for f in findings for a in f.assumes))
    by_subject: dict[str, list[tuple[str, dt.date]]] = {}
    for f in findings:
        by_subject.setdefault(f.subject, []).extend(f.assumes)
    found = []
    for f in findings:
        other = levels.get((f.rule, f.subject), Level.NO_MATCH)
        if other is f.level and not f.assumes:
            found.append(f)
            continue
        mine = f.assumes or tuple(dict.fromkeys(by_subject.get(f.subject, ()))) or everything
        found.append(replace(f, assumes=mine, if_extended=other))
    return found


def gather(shipment: dict[str, Outcome], listed: Mapping[str, Outcome]) -> None:
    """What the shipment holds, by tag: TRUE if an item is, else UNKNOWN if one may be."""
    for tag, outcome in listed.items():
        known = shipment.get(tag)
        if known is None or (known.truth is Truth.UNKNOWN and outcome.truth is Truth.TRUE):
            shipment[tag] = outcome
