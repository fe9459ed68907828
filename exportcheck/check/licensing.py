"""Held licences against the findings that need one (docs/format.md#held-licences).

A `license_required` finding is covered by a held licence of its licence type when the licence
covers the finding's item (or names no items), is valid on the day, and matches the
description's destination and end user where it names them. A covered finding becomes
`licensed` (exit 0) and names the licence; a finding left `license_required` says why each held
licence of its type does not cover it (expired, another destination, another item). A general
licence covers no export to a consignee or end user that a rule tagged `no_general_license`
(the Watch List's) concerns.
`review` and `prohibited` findings are never covered: a licence does not settle a missing fact
or a ban.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec.structs

from exportcheck.model.evidence import Evidence, NotCovered
from exportcheck.model.verdict import Level
from exportcheck.vocab.names import normalise

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from exportcheck.model.description import Description, HeldLicense
    from exportcheck.model.verdict import Finding
    from exportcheck.rules.book import RuleBook

NO_GENERAL_LICENSE = "no_general_license"
"""The tag of rules under which a party may not be served under a general licence."""
RECEIVING = ("consignee", "end_user")


def apply(
    findings: list[Finding], description: Description, as_of: dt.date, book: RuleBook
) -> tuple[list[Finding], tuple[str, ...]]:
    """The findings with held licences applied, and the numbers of the licences used."""
    if not description.held_licenses:
        return findings, ()
    found = watched(findings, book)
    applied: dict[str, None] = {}
    result = []
    for finding in findings:
        finding = cover(finding, description, as_of, found)  # noqa: PLW2901
        if finding.covered_by is not None:
            applied[finding.covered_by.number] = None
        result.append(finding)
    return result, tuple(applied)


def watched(findings: Iterable[Finding], book: RuleBook) -> list[str]:
    """The receiving parties a `no_general_license` rule concerns (findings on items concern
    none of them)."""
    return sorted(f.subject for f in findings if f.subject in RECEIVING and _tagged(book, f.rule))


def cover(
    finding: Finding, description: Description, as_of: dt.date, watched: list[str]
) -> Finding:
    """One finding with the description's held licences applied (`watched`: the receiving
    parties a `no_general_license` rule concerns)."""
    held = description.held_licenses
    if not held or finding.level is not Level.LICENSE_REQUIRED or finding.license is None:
        return finding
    return _covered(finding, held, description, as_of, watched)


def _tagged(book: RuleBook, rule_id: str) -> bool:
    rule = book.rule(rule_id)
    return rule is not None and NO_GENERAL_LICENSE in rule.tags


def _covered(
    finding: Finding,
    held: tuple[HeldLicense, ...],
    description: Description,
    as_of: dt.date,
    watched: list[str],
) -> Finding:
    why_not: list[NotCovered] = []
    for licence in held:
        if licence.type is not finding.license:
            continue
        reasons = _reasons(licence, finding, description, as_of, watched)
        if not reasons:
            return msgspec.structs.replace(finding, level=Level.LICENSED, covered_by=licence)
        why_not.append(NotCovered(licence, tuple(reasons)))
    if not why_not:
        return finding
    return msgspec.structs.replace(finding, not_covered=tuple(why_not))


def _reasons(
    licence: HeldLicense,
    finding: Finding,
    description: Description,
    as_of: dt.date,
    watched: list[str],
) -> list[Evidence]:
    reasons = []
    if licence.covers is not None and finding.item not in licence.covers:
        reasons.append(Evidence("license.other_items", (", ".join(licence.covers),)))
    if licence.valid_from is not None and as_of < licence.valid_from:
        reasons.append(Evidence("license.not_yet", (str(licence.valid_from), str(as_of))))
    if as_of > licence.valid_until:
        reasons.append(Evidence("license.expired", (str(licence.valid_until), str(as_of))))
    if licence.destination is not None and licence.destination != description.destination:
        shown = description.destination or "not given"
        reasons.append(Evidence("license.destination", (licence.destination, shown)))
    if licence.end_user is not None:
        end_user = description.end_user
        if end_user is None:
            reasons.append(Evidence("license.no_end_user", (repr(licence.end_user),)))
        elif normalise(end_user.name) != normalise(licence.end_user):
            wanted, named = repr(licence.end_user), repr(end_user.name)
            reasons.append(Evidence("license.end_user", (wanted, named)))
    if licence.general and watched:
        reasons.append(Evidence("license.general", (" and ".join(watched),)))
    return reasons
