"""What a check concludes: findings and notes per subject, the verdict over a description, and
the changes ahead.

Built by `exportcheck.check`; rendered by `exportcheck.render` and the reporters.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from exportcheck import exits
from exportcheck.vocabulary import Vocabulary

if TYPE_CHECKING:
    from collections.abc import Sequence

    from exportcheck.model.description import HeldLicense, LicenseType
    from exportcheck.model.evidence import Basis, Event, Missing, NotCovered

DEFAULT_HORIZON = 90
"""Days ahead a check looks for rules changing, unless told (--horizon, the configuration,
the library's `horizon`)."""


class Level(Vocabulary):
    """The verdict vocabulary, in order of severity."""

    NO_MATCH = "no_match"
    LICENSED = "licensed"
    """A licence is needed and a held licence covers it."""
    LICENSE_REQUIRED = "license_required"
    REVIEW = "review"
    PROHIBITED = "prohibited"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def exit_code(self) -> int:
        return _EXIT[self]


_RANK = {level: rank for rank, level in enumerate(Level)}
PRESSING = tuple(reversed(Level))
"""The verdicts, most pressing first (the order reports count them in)."""
ACTION = frozenset({Level.PROHIBITED, Level.REVIEW, Level.LICENSE_REQUIRED})
"""Verdicts that need someone to act before the goods leave."""
_EXIT = {level: exits.FOR_VERDICT[level.value] for level in Level}


class NoteKind(Vocabulary):
    SUSPENDED = "suspended"
    NOT_IN_FORCE = "not_in_force"
    NOT_CONTROLLED = "not_controlled"
    NEAR_MATCH = "near_match"
    SUBSUMED = "subsumed"


class CautionKind(Vocabulary):
    """What a caution says is uncertain, so scripts can filter findings by it."""

    STATUS_UNCONFIRMED = "status_unconfirmed"
    """Whether the measure binds on the day rests on an assumption (a suspension whose end the
    data cannot confirm, a listing whose names may still stand)."""
    STATUS_AMENDED = "status_amended"
    """A user overlay changed the measure's or rule's dates."""
    CODE_UNCONFIRMED = "code_unconfirmed"
    """The control code, entry number or reference HS code is not confirmed."""
    SCOPE_UNCONFIRMED = "scope_unconfirmed"
    """What the entry covers (its sub-items, limits, parts) is not confirmed."""
    SOURCE_UNCONFIRMED = "source_unconfirmed"
    """No official text was found, or a single secondary source is all there is."""
    INTERPRETATION = "interpretation"
    """The rule reads an ambiguous text one way; the caution says which."""
    EVIDENCE_NEEDED = "evidence_needed"
    """The entry's test needs a fact stated in a particular way (a measuring method, a part)."""


class Assumption(Vocabulary):
    """What a run assumes of a suspension whose end the bundled data cannot confirm."""

    LAPSED = "lapsed"
    """It ended on its last known day: the measure applies again (the default)."""
    EXTENDED = "extended"
    """It goes on: the measure stays suspended (`--assume extended`)."""


class Finding(Struct, frozen=True):
    rule: str
    measure: str
    subject: str
    """Where in the description: `items[1]` is the first item."""
    item: str | None
    """The item's own id (from the file, else its position), for mapping back to order lines."""
    level: Level
    license: LicenseType | None
    """The licence type the rule calls for."""
    control_code: str | None
    basis: Basis
    """Why, as data: the reason is rendered from it (render.reasons)."""
    source: str
    caution: str | None
    missing: tuple[Missing, ...]
    score: float | None = None
    """For entity-list hits: the name similarity, 0-100."""
    covered_by: HeldLicense | None = None
    """For `licensed`: the held licence that covers the finding."""
    not_covered: tuple[NotCovered, ...] = ()
    """Why each held licence of the finding's licence type does not cover it."""
    assumes: tuple[tuple[str, dt.date], ...] = ()
    """The unconfirmed statuses the finding rests on: (the act that suspended its measure, the
    last day it is known to have suspended it), each assumed to have lapsed after that day."""
    caution_kinds: tuple[CautionKind, ...] = ()
    """What the caution says is uncertain, each kind once, in the caution's order."""
    if_extended: Level | None = None
    """For a finding that rests on a lapse (`assumes`): its verdict if the suspensions were
    extended instead (`no_match`: the rule gives no finding then)."""


class Note(Struct, frozen=True):
    """A rule that was checked but does not bind (suspended, not in force, not controlled)."""

    rule: str
    measure: str
    subject: str
    kind: NoteKind
    basis: Basis
    assumes: tuple[tuple[str, dt.date], ...] = ()
    """For a suspension assumed extended (`--assume extended`), or a decision subsumed by
    another that rested on a lapse: (the suspending act, its last known day)."""


STALE_AFTER = 30
"""Days after its review that the bundled data is said to be stale. MOFCOM announced new
listings or items about once a month in 2025-2026, so one threshold serves both the entity
lists and the item lists (docs/rulesets.md, "Freshness")."""


def reviewed(infos: Sequence[RulesetInfo]) -> dt.date | None:
    """The oldest review day of the bundled rulesets (their version is that day, YYYY.MM.DD)."""
    days = []
    for info in infos:
        if info.origin == "bundled":
            try:
                days.append(dt.date.fromisoformat(info.version.replace(".", "-")))
            except ValueError:
                continue
    return min(days, default=None)


class RulesetInfo(Struct, frozen=True):
    name: str
    version: str
    sha256: str
    origin: str = "bundled"
    """`bundled` (shipped with the package) or `user` (--rules, the configuration)."""
    amends: tuple[str, ...] = ()
    """For a user ruleset with overlays: the measures and rules it amends."""

    @property
    def origin_label(self) -> str:
        """`bundled`, `user`, or `user overlay amending <ids>`."""
        if self.amends:
            return f"{self.origin} overlay amending {', '.join(self.amends)}"
        return self.origin


def fingerprint(infos: Sequence[RulesetInfo]) -> str:
    """One sha256 over every ruleset's name, version and sha256: names the whole rule book in
    one string (`--version` shows it; JSON lines carry it instead of the ruleset list)."""
    import hashlib  # noqa: PLC0415 (OpenSSL's import is slow; only JSON lines need this)

    lines = "".join(f"{i.name} {i.version} {i.sha256}\n" for i in infos)
    return hashlib.sha256(lines.encode()).hexdigest()


class Screening(Struct, frozen=True):
    """What the party screening covered, said even (above all) when nothing matched."""

    parties: tuple[str, ...]
    entries: int
    """Bundled list entries in force or listed by the check date."""
    announced: int
    """Entities the bundled announcements list (the bundled entries are those confirmed)."""
    lists_as_of: dt.date
    threshold: float
    hits: int


class Change(Struct, frozen=True):
    """A day ahead on which a rule that touches the description changes state, and the verdict
    from that day."""

    date: dt.date
    level: Level
    events: tuple[Event, ...]
    """What changes that day, rule by rule."""
    license_types: tuple[LicenseType, ...]
    """The licence types needed from that day."""


class Verdict(Struct, frozen=True):
    file: str
    reference: str | None
    as_of: dt.date
    level: Level
    license_types: tuple[LicenseType, ...]
    """The licence types needed (JSON: `licenses`)."""
    findings: Sequence[Finding]
    """A tuple; for a description read item by item (check.streamed), a sequence that words
    the findings again each time it is gone through."""
    notes: Sequence[Note]
    rulesets: tuple[RulesetInfo, ...]
    screening: Screening | None = None
    row: int | None = None
    """For a row of a CSV manifest: its line number in the file."""
    licenses_applied: tuple[str, ...] = ()
    """The numbers of the held licences that cover findings, in the order first used."""
    horizon: int = 0
    """How many days ahead `upcoming` looked (0: not looked)."""
    upcoming: tuple[Change, ...] = ()
    subjects: tuple[tuple[str, str, str], ...] = ()
    """Every item, technology and service checked: (path, id, description), in order."""
    configuration: tuple[tuple[str, str, str], ...] = ()
    """What the user's configuration and rulesets supplied to this verdict: (setting, value,
    where from), e.g. (`exporter`, `Acme (CN)`, `/p/exportcheck.yaml`) or (`rules`,
    `/p/acme.rules.yaml`, `--rules`)."""
    as_of_from: str = "as_of"
    """How `as_of` was chosen (model.days): `as_of` (asked for), `date` (the description's
    own date) or `today` (today in China Standard Time)."""
    without_overlays: Level | None = None
    """The verdict the rules give without the user's overlays, when the overlays lowered it;
    None otherwise."""
    reviewed: dt.date | None = None
    """The day the bundled rule data was last reviewed against its sources (the oldest review
    day of the bundled rulesets); None when none is bundled."""

    if_extended: Level | None = None
    """The verdict if the suspensions the findings assume lapsed were extended instead (a check
    under `Assumption.EXTENDED`); None when no finding rests on one."""
    assumption: Assumption = Assumption.LAPSED
    """What the run assumed of suspensions whose end the data cannot confirm."""

    @property
    def data_age(self) -> int | None:
        """Days from the review of the bundled data to the as-of day (negative for a day
        before the review)."""
        return None if self.reviewed is None else (self.as_of - self.reviewed).days

    @property
    def data_stale(self) -> bool:
        """Whether the bundled data was reviewed more than STALE_AFTER days before the as-of
        day: announcements made since may be missing."""
        age = self.data_age
        return age is not None and age > STALE_AFTER

    def for_row(self, row: int, item: str) -> Verdict:
        """This verdict on a manifest row of one item, for another row with the same facts:
        its line number and item id in place of this one's."""
        findings = tuple(
            f if f.item is None or f.item == item else replace(f, item=item) for f in self.findings
        )
        subjects = tuple((path, item, text) for path, _, text in self.subjects)
        return replace(self, row=row, findings=findings, subjects=subjects)
