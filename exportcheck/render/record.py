"""The one serialisation of a verdict: JSON-ready data with keys in a fixed order (same input,
same bytes). `--format json` and `jsonl`, the audit log, SARIF and the library all use it."""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _string  # the C encoder, as ensure_ascii=False uses
from typing import TYPE_CHECKING, Any

from exportcheck.model.verdict import fingerprint

if TYPE_CHECKING:
    from collections.abc import Sequence

    from exportcheck.errors import Problem
    from exportcheck.model.verdict import RulesetInfo, Screening, Verdict

SCHEMA_VERSION = 2
INVALID = "invalid"
"""The `verdict` of an input that could not be checked."""


def to_dict(verdict: Verdict, *, rulesets: bool = True) -> dict[str, Any]:
    """The verdict as JSON data. `rulesets=False` (JSON lines) gives, instead of the list of
    rulesets, `rulebook`: one fingerprint of them all, as `exportcheck --version` shows it."""
    return {
        "schema_version": SCHEMA_VERSION,
        "file": verdict.file,
        **({} if verdict.row is None else {"row": verdict.row}),
        "reference": verdict.reference,
        "as_of": verdict.as_of.isoformat(),
        "verdict": verdict.level.value,
        "licenses": [lic.value for lic in verdict.licenses],
        "licenses_applied": list(verdict.licenses_applied),
        "findings": [
            {
                "rule": f.rule,
                "measure": f.measure,
                "subject": f.subject,
                "item": f.item,
                "verdict": f.level.value,
                "license": f.license.value if f.license else None,
                "control_code": f.control_code,
                "reason": f.reason,
                "source": f.source,
                "caution": f.caution,
                "missing": list(f.missing),
                "score": f.score,
                "covered_by": f.covered_by,
                "not_covered": list(f.not_covered),
            }
            for f in verdict.findings
        ],
        "notes": [
            {
                "rule": n.rule,
                "measure": n.measure,
                "subject": n.subject,
                "kind": n.kind.value,
                "reason": n.reason,
            }
            for n in verdict.notes
        ],
        "horizon": verdict.horizon,
        "upcoming": [
            {
                "date": c.date.isoformat(),
                "verdict": c.level.value,
                "licenses": [lic.value for lic in c.licenses],
                "events": list(c.events),
            }
            for c in verdict.upcoming
        ],
        "screening": _screening(verdict.screening),
        **(
            {
                "rulesets": [
                    {
                        "name": r.name,
                        "version": r.version,
                        "sha256": r.sha256,
                        "origin": r.origin,
                        "amends": list(r.amends),
                    }
                    for r in verdict.rulesets
                ]
            }
            if rulesets
            else {"rulebook": _fingerprint(verdict.rulesets)}
        ),
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
    """One record as one line of JSON (`--format jsonl`)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


_ROW, _ITEM = "\x00row\x00", "\x00item\x00"
"""Stand-ins for a row's line number and item id: no other text of a verdict can be exactly
one of them (input files may not hold NUL), and RowTemplate counts to make sure."""


class RowTemplate:
    """The JSON line of a manifest row's verdict with slots for the row's line and item id, so
    the many rows that share a decision are written without encoding it again. Gives exactly
    `line(to_dict(verdict.for_row(row, item), rulesets=False))`."""

    def __init__(self, verdict: Verdict) -> None:
        record = to_dict(verdict, rulesets=False)  # what for_row changes, changed in place:
        record["row"] = _ROW
        items = 0
        for finding in record["findings"]:
            if finding["item"] is not None:
                finding["item"] = _ITEM
                items += 1
        text = line(record)
        row, item = _string(_ROW), _string(_ITEM)
        self.head = ""
        self.parts: list[str] | None = None
        # The line holds `row` (right after `file`, as a manifest row's verdict has one) once,
        # and the item id where the findings name it, unless a text of the input is exactly a
        # stand-in: then every line is encoded in full.
        if verdict.row is not None and text.count(row) == 1 and text.count(item) == items:
            self.head, after = text.split(row)
            self.parts = after.split(item)
        self.head_bytes = self.head.encode()
        self.parts_bytes = [part.encode() for part in self.parts or ()]
        self.verdict = verdict

    def render(self, row: int, item: str) -> str:
        if self.parts is None:
            return line(to_dict(self.verdict.for_row(row, item), rulesets=False))
        return f"{self.head}{row}{_string(item).join(self.parts)}"

    def render_bytes(self, row: int, item: str) -> bytes:
        """`render(row, item)` in UTF-8, encoding only the row's own parts."""
        if self.parts is None:
            return self.render(row, item).encode()
        return b"%s%d%s" % (self.head_bytes, row, _string(item).encode().join(self.parts_bytes))
