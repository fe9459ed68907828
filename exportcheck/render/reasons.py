"""Words: the sentences of findings, notes and upcoming changes, rendered from their data.

Every format and the library's JSON read their reasons here, so a reason reads the same
everywhere. Evidence is worded by the test that gave it (`Leaf.wording`, by code); the rest of
the sentence by the basis's form. Places are joined to the subject's path only here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exportcheck.errors import key_path
from exportcheck.model.evidence import Form
from exportcheck.rules.matchers.registry import LEAVES

if TYPE_CHECKING:
    from collections.abc import Iterable

    from exportcheck.model.evidence import Basis, Event, Evidence, Missing, NotCovered
    from exportcheck.model.verdict import Finding, Note

LICENSE_WORDING = {
    "license.other_items": "it covers {0}, not {item}",
    "license.not_yet": "valid only from {0} (checked as of {1})",
    "license.expired": "expired on {0} (checked as of {1})",
    "license.destination": "it is for destination {0}; the destination is {1}",
    "license.no_end_user": "it is for end user {0}; the file names none",
    "license.end_user": "it is for end user {0}, not {1}",
    "license.general": "a general licence cannot be used for a party on the Watch List ({0})",
}
"""Why a held licence does not cover a finding (check.licensing)."""
WORDING: dict[str, str] = {
    **{
        f"{leaf.name}.{code}": text
        for leaf in LEAVES.values()
        for code, text in leaf.wording.items()
    },
    **LICENSE_WORDING,
}
"""Evidence code -> its sentence, beyond those the tests word themselves (Leaf.wording)."""


def wording(code: str) -> str:
    """The sentence of an evidence code: `<test name>.<code>` is worded by that test."""
    found = WORDING.get(code)
    if found is None:
        name, _, own = code.partition(".")
        found = LEAVES[name].wording[own]
    return found


def evidence(subject: str, found: Evidence, item: str | None = None) -> str:
    """One piece of evidence about the subject at `subject`."""
    at = key_path(subject, found.at) if found.at else subject
    what = "the parties" if item is None else f"item {item}"
    return wording(found.code).format(*found.values, at=at, subject=subject, item=what)


def missing(subject: str, fact: Missing) -> str:
    """Where the missing fact goes: `items[1].contains`, `destination`."""
    path = fact.field if fact.whole or not fact.field else key_path(subject, fact.field)
    if not fact.field and not fact.whole:
        path = subject
    return path if fact.see is None else f"{path} (see {fact.see})"


def missing_facts(findings: Iterable[Finding]) -> tuple[str, ...]:
    """Every fact the findings miss, each once, in the order they name them."""
    return tuple(dict.fromkeys(missing(f.subject, m) for f in findings for m in f.missing))


def wanted(subject: str, fact: Missing) -> str:
    """A missing fact as a reason names it: its place, and what of it is unknown."""
    path = missing(subject, fact)
    if fact.doubt is not None:
        return f"{path} ({fact.doubt})"
    if fact.unstated is None:
        return path
    return f"{path} ({fact.unstated}% of the composition is not stated)"


def finding(found: Finding) -> str:
    """The reason of a finding, with the held licence that covers it."""
    text = basis(
        found.subject,
        found.basis,
        tuple(dict.fromkeys(wanted(found.subject, m) for m in found.missing)),
    )
    licence = found.covered_by
    if licence is not None:
        text += (
            f" Covered by held licence {licence.number} ({licence.path}, "
            f"valid until {licence.valid_until})."
        )
    return text


def note(found: Note) -> str:
    return basis(found.subject, found.basis, ())


def not_covered(found: Finding, why: NotCovered) -> str:
    """Why a held licence of the finding's type does not cover it."""
    licence = why.license
    reasons = "; ".join(evidence(found.subject, r, found.item) for r in why.reasons)
    return f"{licence.number} ({licence.path}) does not cover it: {reasons}"


def basis(subject: str, found: Basis, wanted: tuple[str, ...]) -> str:
    """The sentence of a finding's or note's basis; `wanted` are the missing facts' paths."""
    said = [evidence(subject, e) for e in found.evidence]
    form, title = found.form, found.title
    if form is Form.MATCHED:
        return f"{title}. Matched: {'; '.join(said)}."
    if form is Form.UNDECIDED:
        text = f"{title}. Cannot decide without {', '.join(wanted)}"
        return text + (f" (matched so far: {'; '.join(said)})." if said else ".")
    if form is Form.NOT_CONTROLLED:
        detail = "; ".join(evidence(subject, e) for e in found.detail)
        return f"{title}: checked because {'; '.join(said)}, but not controlled: {detail}."
    if form is Form.LISTED:
        remarks = "".join(f" {evidence(subject, e)}" for e in found.detail)
        return f"{said[0]}. {title}{''.join(said[1:])}.{remarks}"
    if form is Form.NEAR:
        return said[0]
    if form is Form.SUBSUMED:
        return (
            f"{title}: undecided ({', '.join(missing(subject, m) for m in found.wanted)}), but "
            "the item already needs the "
            f"same licence under {found.by}; the answer decides only the entry to declare."
        )
    if form is Form.LISTING_ENDED:
        return f"{said[0]}, but the measures ended on {found.until}."
    if form is Form.LISTING_SUSPENDED:
        return f"{said[0]}, but the measures are suspended by {found.by} {_window(found)}"
    return _inactive(found) + "".join(f" Status {a}." for a in found.amendments)


def _window(found: Basis) -> str:
    """A suspension's days, as known or (`--assume extended`) as assumed."""
    if found.assumed_extended:
        return (
            f"from {found.since}: its last confirmed day is {found.until}, and it is assumed "
            "to go on (--assume extended)."
        )
    return f"from {found.since} to {found.until} inclusive."


def _inactive(found: Basis) -> str:
    title = found.title
    if found.form is Form.SUSPENDED:
        return (
            f"{title}: would apply, but {found.measure} is suspended by {found.by} {_window(found)}"
        )
    if found.form is Form.NOT_YET:
        return (
            f"{title}: would apply, but is in force only from {found.since} "
            f"(checked as of {found.as_of})."
        )
    return f"{title}: would apply, but {found.measure} ended on {found.until}."


def event(found: Event) -> str:
    """A dated change of a rule, for the upcoming changes."""
    rule, title = found.rule, found.title
    if found.change == "comes_into_force":
        return (
            f"{rule}: {title} takes effect"
            if found.listing
            else f"{rule} comes into force ({title})"
        )
    if found.change == "ends":
        return (
            f"{rule}: {title} ends"
            if found.listing
            else f"{rule} ends ({title} ended on {found.ended})"
        )
    if found.change == "suspended":
        return f"{rule} is suspended by {found.by} until {found.until}"
    return f"{rule}: the suspension by {found.by} ends; it applies again"
