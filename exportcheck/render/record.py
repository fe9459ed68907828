"""The one serialisation of a verdict: JSON-ready data with keys in a fixed order (same input,
same bytes). `--format json` and `jsonl`, the audit log, SARIF and the library all use it."""

from __future__ import annotations

import json
import os
from itertools import islice
from json.encoder import encode_basestring as _string  # the C encoder, as ensure_ascii=False uses
from typing import TYPE_CHECKING, Any

from msgspec.structs import replace

from exportcheck.model.verdict import NoteKind, fingerprint
from exportcheck.render import reasons
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from exportcheck.errors import Problem
    from exportcheck.model.verdict import Finding, Note, RulesetInfo, Screening, Verdict

SCHEMA_VERSION = 3
INVALID = "invalid"
"""The `verdict` of an input that could not be checked."""


def to_dict(verdict: Verdict, *, rulesets: bool = True) -> dict[str, Any]:
    """The verdict as JSON data. `rulesets=False` (JSON lines) gives, instead of the list of
    rulesets, `rulebook`: one fingerprint of them all, as `exportcheck --version` shows it."""
    lowered = verdict.without_overlays
    extended = verdict.if_extended
    return {
        "schema_version": SCHEMA_VERSION,
        "file": verdict.file,
        **({} if verdict.row is None else {"row": verdict.row}),
        "reference": verdict.reference,
        "as_of": verdict.as_of.isoformat(),
        "as_of_from": verdict.as_of_from,
        "verdict": verdict.level.value,
        "without_overlays": None if lowered is None else lowered.value,
        "licenses": [lic.value for lic in verdict.license_types],
        "licenses_applied": list(verdict.licenses_applied),
        "findings": [finding(f) for f in verdict.findings],
        "notes": [note(n) for n in verdict.notes],
        "horizon": verdict.horizon,
        "upcoming": [
            {
                "date": c.date.isoformat(),
                "verdict": c.level.value,
                "licenses": [lic.value for lic in c.license_types],
                "events": [reasons.event(e) for e in c.events],
            }
            for c in verdict.upcoming
        ],
        "suspensions_assumed": verdict.assumption.value,
        "if_suspensions_extended": None if extended is None else extended.value,
        "data_reviewed": None if verdict.reviewed is None else verdict.reviewed.isoformat(),
        "data_age_days": verdict.data_age,
        "data_stale": verdict.data_stale,
        "screening": _screening(verdict.screening),
        "configuration": configuration(verdict),
        **(
            {"rulesets": [ruleset(r) for r in verdict.rulesets]}
            if rulesets
            else {"rulebook": _fingerprint(verdict.rulesets)}
        ),
    }


AS_OF_WORDS = {
    "as_of": "as asked",
    "date": "the file's date",
    "today": "today in China Standard Time, UTC+8",
}
"""How each way of choosing the day reads in a report (model.days)."""


def as_of_words(verdict: Verdict) -> str:
    """`2026-12-02 (today in China Standard Time, UTC+8)`: the day and how it was chosen."""
    return f"{verdict.as_of.isoformat()} ({AS_OF_WORDS[verdict.as_of_from]})"


def configuration(verdict: Verdict) -> list[dict[str, str]]:
    """What the user's configuration and rulesets supplied to the verdict (each element of
    `configuration`)."""
    return [{"setting": k, "value": v, "from": source} for k, v, source in verdict.configuration]


def finding(f: Finding) -> dict[str, Any]:
    """A finding as JSON data (each element of `findings`)."""
    return {
        "rule": f.rule,
        "measure": f.measure,
        "subject": f.subject,
        "item": f.item,
        "verdict": f.level.value,
        "license": f.license.value if f.license else None,
        "control_code": f.control_code,
        "reason": reasons.finding(f),
        "source": f.source,
        "caution": f.caution,
        "caution_kinds": [kind.value for kind in f.caution_kinds],
        "missing": [reasons.missing(f.subject, m) for m in f.missing],
        "score": f.score,
        "covered_by": f.covered_by.number if f.covered_by else None,
        "not_covered": [reasons.not_covered(f, why) for why in f.not_covered],
        "assumes": [
            {"status_unconfirmed": "suspension_lapsed", "by": by, "last_day": last.isoformat()}
            for by, last in f.assumes
        ],
        "if_suspensions_extended": None if f.if_extended is None else f.if_extended.value,
    }


def note(n: Note) -> dict[str, Any]:
    """A note as JSON data (each element of `notes`)."""
    assumed = "suspension_extended" if n.kind is NoteKind.SUSPENDED else "suspension_lapsed"
    return {
        "rule": n.rule,
        "measure": n.measure,
        "subject": n.subject,
        "kind": n.kind.value,
        "reason": reasons.note(n),
        **(
            {
                "assumes": [
                    {"status_unconfirmed": assumed, "by": by, "last_day": last.isoformat()}
                    for by, last in n.assumes
                ]
            }
            if n.assumes
            else {}
        ),
    }


def ruleset(info: RulesetInfo) -> dict[str, Any]:
    """A ruleset as JSON data: what the verdict was checked against."""
    return {
        "name": info.name,
        "version": info.version,
        "sha256": info.sha256,
        "origin": info.origin,
        "amends": list(info.amends),
    }


_FINGERPRINTS: dict[int, tuple[tuple[RulesetInfo, ...], str]] = {}


def _fingerprint(infos: tuple[RulesetInfo, ...]) -> str:
    """The fingerprint of a run's rulesets, computed once: every verdict of a run shares one
    tuple."""
    known = _FINGERPRINTS.get(id(infos))
    if known is None or known[0] is not infos:
        known = _FINGERPRINTS[id(infos)] = (infos, fingerprint(infos))
    return known[1]


def _screening(summary: Screening | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "parties": list(summary.parties),
        "entries": summary.entries,
        "announced": summary.announced,
        "lists_as_of": summary.lists_as_of.isoformat(),
        "threshold": summary.threshold,
        "hits": summary.hits,
    }


def invalid_dict(file: str, problems: Sequence[Problem], row: int | None = None) -> dict[str, Any]:
    """An input that could not be checked (exit 2), in a run over many inputs."""
    return {
        "schema_version": SCHEMA_VERSION,
        "file": file,
        **({} if row is None else {"row": row}),
        "verdict": INVALID,
        "problems": [
            {
                "line": p.mark.line if p.mark else None,
                "column": p.mark.column if p.mark else None,
                "path": p.path,
                "message": p.message,
            }
            for p in problems
        ],
    }


def line(record: dict[str, Any]) -> str:
    """One record as one line of JSON (`--format jsonl`, the audit log), with no bidi override,
    C1 control or other invisible character raw in it (vocab.safe.json)."""
    return safe.json(json.dumps(record, ensure_ascii=False, separators=(",", ":"))) + "\n"


def line_pieces(verdict: Verdict) -> Iterator[str]:
    """`line(to_dict(verdict, rulesets=False))` in pieces: the findings and notes are encoded
    as they are gone through, a thousand at a time (a big description's are not held whole:
    check.streamed)."""
    bare = line(to_dict(replace(verdict, findings=(), notes=()), rulesets=False))
    before, _, rest = bare.partition('"findings":[],"notes":[],')
    yield before
    groups: tuple[tuple[str, Callable[[Any], dict[str, Any]], Sequence[Any]], ...] = (
        ("findings", finding, verdict.findings),
        ("notes", note, verdict.notes),
    )
    for key, make, records in groups:
        each = iter(records)
        lead = f'"{key}":['
        while batch := list(islice(each, 1000)):
            yield lead + ",".join(
                safe.json(json.dumps(make(r), ensure_ascii=False, separators=(",", ":")))
                for r in batch
            )
            lead = ","
        yield ("" if lead == "," else lead) + "],"
    yield rest


_TOKEN = os.urandom(6).hex()
_ROW, _ITEM = f"\x00row-{_TOKEN}\x00", f"\x00item-{_TOKEN}\x00"
"""Stand-ins for a row's line number and item id, drawn afresh in each process: input files
may not hold NUL, and RowTemplate counts the NULs to make sure."""
_NUL = _string("\x00")[1:-1]


class RowTemplate:
    """The JSON line of a manifest row's verdict with slots for the row's line and item id, so
    the many rows that share a decision are written without encoding it again. Gives exactly
    `line(to_dict(verdict.for_row(row, item), rulesets=False))`."""

    def __init__(self, verdict: Verdict) -> None:
        self.head = ""
        self.parts: list[str] | None = None
        if any(f.not_covered for f in verdict.findings):
            record = to_dict(verdict.for_row(0, _ITEM), rulesets=False)  # texts name the item
        else:
            record = to_dict(verdict, rulesets=False)
            for finding in record["findings"]:
                if finding["item"] is not None:
                    finding["item"] = _ITEM  # as for_row sets it
        record["row"] = _ROW
        text = line(record)
        row, item = _string(_ROW), _string(_ITEM)[1:-1]
        # Slots are where the row's line (once, right after `file`) and its item id stand. Input
        # texts hold no NUL; should one hold a stand-in all the same, its NULs are counted and
        # every line is then encoded in full.
        slots = text.count(item)
        if verdict.row is not None and text.count(row) == 1 and text.count(_NUL) == 2 * slots + 2:
            self.head, after = text.split(row)
            self.parts = after.split(item)
        self.head_bytes = self.head.encode()
        self.parts_bytes = [part.encode() for part in self.parts or ()]
        self.verdict = verdict

    def render(self, row: int, item: str) -> str:
        if self.parts is None:
            return line(to_dict(self.verdict.for_row(row, item), rulesets=False))
        return f"{self.head}{row}{safe.json(_string(item)[1:-1]).join(self.parts)}"

    def render_bytes(self, row: int, item: str) -> bytes:
        """`render(row, item)` in UTF-8, encoding only the row's own parts."""
        if self.parts is None:
            return self.render(row, item).encode()
        own = safe.json(_string(item)[1:-1]).encode()
        return b"%s%d%s" % (self.head_bytes, row, own.join(self.parts_bytes))
