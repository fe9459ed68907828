"""Why a finding or note was reached, as data: what matched, what was missing, which dates
decided. Sentences are rendered from these at the edge (exportcheck.render.reasons), so moving
a decision to another line, format or language changes fields, never text.

Places in evidence are relative to the finding's subject (`components[2]`, not
`items[7].components[2]`): the same decision reads right for every line it is given to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from exportcheck.vocabulary import Vocabulary

if TYPE_CHECKING:
    import datetime as dt

    from exportcheck.model.description import HeldLicense


class Evidence(Struct, frozen=True):
    """One fact that counted, by a stable code (`element.contains`, `hs_code.under`) and the
    values it shows (`dysprosium`, `78.5`)."""

    code: str
    values: tuple[str, ...] = ()
    at: str = ""
    """Where in the subject, when not the subject itself: `components[2]`."""


class Missing(Struct, frozen=True):
    """A fact the file does not give, that would decide a rule."""

    field: str
    """Relative to the subject: `contains`, `parameters.purity_percent`, `components[2].origin`;
    empty for the subject as a whole."""
    whole: bool = False
    """A field of the whole description (`destination`, `end_user.military`), not of the
    subject."""
    see: str | None = None
    """The rule whose own undecided answer this waits on."""
    unstated: str | None = None
    """For a composition: the mass % it leaves unknown (`11.5`)."""
    doubt: str | None = None
    """For a value the file states but that cannot be right as written (`0.32 Wh/kg is outside
    the plausible 1 to 2000 Wh/kg: check the unit`)."""
    opens: bool = False
    """Whether the gap is one the file has begun to fill (a composition short of 100 %, a
    form not settled): a rule whose trigger waits on it concerns the subject, and becomes
    `review`. A fact the file does not touch at all (no `contains`) opens nothing: every
    element rule would otherwise concern every item."""


class Form(Vocabulary):
    """The kind of sentence a finding or note reads as."""

    MATCHED = "matched"
    """A rule's condition holds: its title and what matched."""
    UNDECIDED = "undecided"
    """A fact the condition needs is missing: review, naming the facts."""
    NOT_CONTROLLED = "not_controlled"
    """Checked, but a threshold is missed or an element absent."""
    SUSPENDED = "suspended"
    NOT_YET = "not_yet"
    ENDED = "ended"
    LISTED = "listed"
    """A party matches an entity-list entry: the match, then what the listing means."""
    NEAR = "near"
    """A party resembles an entry, below the match threshold."""
    LISTING_ENDED = "listing_ended"
    """A party matches an entry whose listing has ended."""
    LISTING_SUSPENDED = "listing_suspended"
    SUBSUMED = "subsumed"
    """A rule that could not decide, on an item another rule of its measure already puts under
    the same licence: the answer changes the entry to declare, not the verdict."""
    """A party matches an entry whose listing is suspended on the day."""


class Basis(Struct, frozen=True):
    """What a finding or note rests on."""

    form: Form
    title: str
    """The rule's title."""
    evidence: tuple[Evidence, ...] = ()
    """What matched (for NOT_CONTROLLED: why the rule was checked; for LISTED and NEAR: the
    match first, then what decided its consequence)."""
    detail: tuple[Evidence, ...] = ()
    """For NOT_CONTROLLED: why not controlled."""
    measure: str = ""
    """The measure's title."""
    since: dt.date | None = None
    """SUSPENDED: the first day of the suspension; NOT_YET: the first day in force."""
    until: dt.date | None = None
    """SUSPENDED: its last day; ENDED: the measure's last day."""
    by: str = ""
    """SUSPENDED: what suspends it."""
    as_of: dt.date | None = None
    """NOT_YET: the day checked."""
    wanted: tuple[Missing, ...] = ()
    """For SUBSUMED: the facts that would decide."""
    amendments: tuple[str, ...] = ()
    """The user overlays that changed the rule's status."""
    assumed_extended: bool = False
    """SUSPENDED: `until` is the suspension's last known day, and it is assumed to go on
    (`--assume extended`)."""


class NotCovered(Struct, frozen=True):
    """Why a held licence of the right type does not cover a finding."""

    license: HeldLicense
    reasons: tuple[Evidence, ...]


class Event(Struct, frozen=True):
    """A dated change of a rule that touches a description."""

    rule: str
    change: str
    """`comes_into_force`, `ends`, `suspended` or `resumes` (rules.window.Change)."""
    title: str
    """The measure's title."""
    listing: bool = False
    """The rule reads an entity-list announcement (it takes effect, rather than comes into
    force)."""
    ended: dt.date | None = None
    """ends: the last day in force."""
    by: str = ""
    """suspended, resumes: what suspends it."""
    until: dt.date | None = None
    """suspended: the last day of the suspension."""
