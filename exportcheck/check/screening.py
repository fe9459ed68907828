"""End-user screening: the parties of a description against MOFCOM's entity lists.

Names are normalised (case, accents, punctuation, `&`, legal suffixes such as Co., Ltd., Inc.,
GmbH, and the words and/of/the are dropped) and compared with every entry's name and aliases by
rapidfuzz's token-sort ratio (0-100, word order ignored). A score of `MATCH` (90) or more is a
hit and a finding; from `NEAR` (75) to below 90 it is a near miss and a note, never silently
dropped. What a hit means depends on the list:

* Export Control Control List: dual-use items may not be exported to the entity. `prohibited`
  when the shipment holds a dual-use item, `review` when that is undecided or none was found
  (the hit must still be cleared).
* Watch List: no general licence; an individual licence needs a risk assessment and a written
  commitment: `review`.
* Unreliable Entity List: import and export bans on the entity: `prohibited`.

Listings before their date give nothing; lifted or suspended listings give notes.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exportcheck.model.description import LicenseType
from exportcheck.model.verdict import Finding, Level, Note, NoteKind, Screening
from exportcheck.rules.lists import LIST_TITLES, ListKind
from exportcheck.rules.matchers.base import Truth
from exportcheck.rules.window import Status
from exportcheck.vocab.names import normalise

if TYPE_CHECKING:
    import datetime as dt

    from exportcheck.model.description import Description, Party
    from exportcheck.rules.lists import Announcement, EntityLists, Entry

MATCH = 90.0
"""Score from which a name is a hit."""
NEAR = 75.0
"""Score from which a name is reported as a near miss."""


@dataclass(frozen=True, slots=True)
class Screened:
    findings: tuple[Finding, ...]
    notes: tuple[Note, ...]
    summary: Screening


def parties(description: Description) -> list[Party]:
    named = (
        description.exporter,
        description.consignee,
        description.end_user,
        description.recipient,
    )
    return [p for p in named if p]


def screen(
    description: Description, lists: EntityLists, as_of: dt.date, dual_use: Truth
) -> Screened:
    """Screen every named party; `dual_use` says whether the shipment holds a dual-use item."""
    findings: list[Finding] = []
    notes: list[Note] = []
    screened = parties(description)
    for party in screened:
        scores = _scores(party.name, lists)
        for index, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
            entry = lists.entries[index]
            result = _judge(party, entry, score, as_of, dual_use)
            if isinstance(result, Finding):
                findings.append(result)
            elif result is not None:
                notes.append(result)
    listed = {
        a.id for a in lists.announcements if a.window.state(as_of).status is not Status.NOT_YET
    }
    active = [e for e in lists.entries if e.announcement.id in listed]
    summary = Screening(
        parties=tuple(p.path for p in screened),
        entries=len(active),
        announced=sum(a.announced for a in lists.announcements if a.id in listed),
        lists_as_of=min(lists.as_of, as_of),
        threshold=MATCH,
        hits=len(findings),
    )
    return Screened(tuple(findings), tuple(notes), summary)


def _scores(name: str, lists: EntityLists) -> dict[int, float]:
    """Best score per entry over its name and aliases, from NEAR up."""
    query = normalise(name)
    best: dict[int, float] = {}
    if not query or not could_match(query, lists.keys):
        return best
    from rapidfuzz import fuzz, process  # noqa: PLC0415 (see could_match)

    for _, score, position in process.extract(
        query, lists.keys, scorer=fuzz.token_sort_ratio, score_cutoff=NEAR, limit=None
    ):
        owner = lists.owners[position]
        best[owner] = max(best.get(owner, 0.0), round(float(score), 1))
    return best


def could_match(query: str, keys: tuple[str, ...]) -> bool:
    """Whether any key may score NEAR or more against `query`. The token-sort ratio is
    200 * LCS / (len(a) + len(b)) on the token-sorted strings, and the longest common
    subsequence is at most the characters the two strings share, counted with repeats, which
    sorting tokens does not change. When that bound is under NEAR for every key, no score can
    reach it: the check is then done without importing rapidfuzz (most names resemble no
    listed entity, and the import costs a small check a twentieth of its time)."""
    wanted = Counter(query)
    length = len(query)
    for key, profile in zip(keys, _profiles(keys), strict=True):
        total = length + len(key)
        if 200 * min(length, len(key)) < NEAR * total:
            continue
        shared = sum(min(n, profile[c]) for c, n in wanted.items())
        if 200 * shared >= NEAR * total:
            return True
    return False


@functools.cache
def _profiles(keys: tuple[str, ...]) -> tuple[Counter[str], ...]:
    return tuple(Counter(key) for key in keys)


def _judge(
    party: Party, entry: Entry, score: float, as_of: dt.date, dual_use: Truth
) -> Finding | Note | None:
    announcement = entry.announcement
    state = announcement.window.state(as_of)
    if state.status is Status.NOT_YET:
        return None
    rule = f"{announcement.id}:{announcement.kind.value}-list"
    listed = (
        f"{entry.name} ({LIST_TITLES[announcement.kind]}, {announcement.title}, "
        f"{announcement.date})"
    )
    who = f"{party.path} {party.name!r}"
    if score < MATCH:
        return _note(rule, announcement, party, NoteKind.NEAR_MATCH, (
            f"{who} resembles {listed}: score {score} below the match threshold {MATCH:g}. "
            "Confirm it is a different entity."
        ))  # fmt: skip
    if state.status is Status.ENDED:
        return _note(rule, announcement, party, NoteKind.NOT_IN_FORCE, (
            f"{who} matches {listed} (score {score}), but the measures ended on "
            f"{announcement.ends}."
        ))  # fmt: skip
    suspension = state.suspension
    if suspension is not None:
        return _note(rule, announcement, party, NoteKind.SUSPENDED, (
            f"{who} matches {listed} (score {score}), but the measures are suspended by "
            f"{suspension.title} from {suspension.start} to {suspension.end} inclusive."
        ))  # fmt: skip
    level, license_, effect = _effect(announcement.kind, dual_use)
    country = ""
    if party.country and entry.country and party.country != entry.country:
        country = f" The party's country {party.country} differs from the entry's {entry.country}."
    return Finding(
        rule=rule,
        measure=announcement.id,
        subject=party.path,
        item=None,
        level=level,
        license=license_,
        control_code=None,
        reason=f"{who} matches {listed}, score {score} (threshold {MATCH:g}). {effect}{country}",
        source=entry.source,
        caution=" ".join(state.cautions) or None,
        missing=(),
        score=score,
    )


def _effect(kind: ListKind, dual_use: Truth) -> tuple[Level, LicenseType | None, str]:
    if kind is ListKind.UNRELIABLE:
        return Level.PROHIBITED, None, (
            "Entities on the Unreliable Entity List are barred from China-related import and "
            "export."
        )  # fmt: skip
    if kind is ListKind.WATCH:
        return Level.REVIEW, LicenseType.DUAL_USE_EXPORT_LICENSE, (
            "Dual-use exports to a Watch List entity need an individual licence (no general "
            "licence) with a risk assessment and a written commitment."
        )  # fmt: skip
    if dual_use is Truth.TRUE:
        return Level.PROHIBITED, None, (
            "Dual-use items may not be exported to an entity on the Control List, and this "
            "shipment holds one."
        )  # fmt: skip
    if dual_use is Truth.UNKNOWN:
        return Level.REVIEW, None, (
            "Dual-use items may not be exported to an entity on the Control List; whether this "
            "shipment holds one is undecided."
        )  # fmt: skip
    return Level.REVIEW, None, (
        "Dual-use items may not be exported to an entity on the Control List; no item of this "
        "shipment was found to be one. Confirm before shipping."
    )  # fmt: skip


def _note(rule: str, announcement: Announcement, party: Party, kind: NoteKind, reason: str) -> Note:
    return Note(rule=rule, measure=announcement.id, subject=party.path, kind=kind, reason=reason)
