"""Held licences against the findings that need one (docs/format.md#held-licences).

A `license_required` finding is covered by a held licence of its licence type when the licence
covers the finding's item (or names no items), is valid on the day, and matches the
description's destination and end user where it names them. A covered finding becomes
`licensed` (exit 0) and names the licence; a finding left `license_required` says why each held
licence of its type does not cover it (expired, another destination, another item). A general
licence covers no export to a consignee or end user on MOFCOM's Watch List (no general licence
for them).
`review` and `prohibited` findings are never covered: a licence does not settle a missing fact
or a ban.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from exportcheck.model.verdict import Level
from exportcheck.vocab.names import normalise

if TYPE_CHECKING:
    import datetime as dt

    from exportcheck.model.description import Description, HeldLicense
    from exportcheck.model.verdict import Finding

WATCH_LIST = "watch-list"
"""The end of the rule id of a Watch List hit (`<announcement>:watch-list`)."""
RECEIVING = ("consignee", "end_user")


def apply(
    findings: list[Finding], description: Description, as_of: dt.date
) -> tuple[list[Finding], tuple[str, ...]]:
    """The findings with held licences applied, and the numbers of the licences used."""
    held = description.licenses
    if not held:
        return findings, ()
    watched = sorted(
        f.subject for f in findings if f.subject in RECEIVING and f.rule.endswith(WATCH_LIST)
    )
    applied: dict[str, None] = {}
    result = []
    for finding in findings:
        if finding.level is Level.LICENSE_REQUIRED and finding.license is not None:
            finding = _covered(finding, held, description, as_of, watched)  # noqa: PLW2901
            if finding.covered_by is not None:
                applied[finding.covered_by] = None
        result.append(finding)
    return result, tuple(applied)


def _covered(
    finding: Finding,
    held: tuple[HeldLicense, ...],
    description: Description,
    as_of: dt.date,
    watched: list[str],
) -> Finding:
    why_not: list[str] = []
    for licence in held:
        if licence.type is not finding.license:
            continue
        reasons = _reasons(licence, finding, description, as_of, watched)
        if not reasons:
            return dataclasses.replace(
                finding,
                level=Level.LICENSED,
                covered_by=licence.number,
                reason=f"{finding.reason} Covered by held licence {licence.number} "
                f"({licence.path}, valid until {licence.valid_until}).",
            )
        why_not.append(f"{licence.number} ({licence.path}) does not cover it: {'; '.join(reasons)}")
    if not why_not:
        return finding
    return dataclasses.replace(finding, not_covered=tuple(why_not))


def _reasons(
    licence: HeldLicense,
    finding: Finding,
    description: Description,
    as_of: dt.date,
    watched: list[str],
) -> list[str]:
    reasons = []
    if licence.covers is not None and finding.item not in licence.covers:
        what = "the parties" if finding.item is None else f"item {finding.item}"
        reasons.append(f"it covers {', '.join(licence.covers)}, not {what}")
    if licence.valid_from is not None and as_of < licence.valid_from:
        reasons.append(f"valid only from {licence.valid_from} (checked as of {as_of})")
    if as_of > licence.valid_until:
        reasons.append(f"expired on {licence.valid_until} (checked as of {as_of})")
    if licence.destination is not None and licence.destination != description.destination:
        shown = description.destination or "not given"
        reasons.append(f"it is for destination {licence.destination}; the destination is {shown}")
    if licence.end_user is not None:
        end_user = description.end_user
        if end_user is None:
            reasons.append(f"it is for end user {licence.end_user!r}; the file names none")
        elif normalise(end_user.name) != normalise(licence.end_user):
            reasons.append(f"it is for end user {licence.end_user!r}, not {end_user.name!r}")
    if licence.general and watched:
        parties = " and ".join(watched)
        reasons.append(
            f"a general licence cannot be used for a party on the Watch List ({parties})"
        )
    return reasons
