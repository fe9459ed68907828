"""`--format json`: one object per check, keys in a fixed order; same input, same bytes out."""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _string  # the C encoder, as ensure_ascii=False uses
from typing import TYPE_CHECKING, Any

from exportcheck.model import fingerprint

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from rich.console import Console

    from exportcheck.errors import Problem
    from exportcheck.model import Finding, Note, RulesetInfo, Screening, Verdict

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


def dumps(verdict: Verdict) -> str:
    """`json.dumps(to_dict(verdict), indent=2, ensure_ascii=False)` and a newline, byte for byte."""
    return "".join(chunks(verdict))


def chunks(verdict: Verdict, end: str = "\n") -> Iterator[str]:
    """The bytes of `dumps` in pieces, so a big manifest's report is written without first
    being held whole. The many findings and notes have a fixed shape; they are filled into
    templates with the C string encoder, several times faster than json's indenting encoder
    (tests/unit/report/test_json_report.py compares the two)."""
    head = to_dict(verdict) | {"findings": [], "notes": []}
    rest = json.dumps(head, indent=2, ensure_ascii=False) + end
    groups: tuple[tuple[str, Callable[[Any], str], tuple[Any, ...]], ...] = (
        ("findings", _finding, verdict.findings),
        ("notes", _note, verdict.notes),
    )
    for key, word, records in groups:
        empty = f'\n  "{key}": [],'
        before, _, rest = rest.partition(empty)
        if not records:
            yield before + empty
            continue
        yield before + f'\n  "{key}": [\n'
        for start in range(0, len(records), _BATCH):
            batch = ",\n".join(word(r) for r in records[start : start + _BATCH])
            yield batch if start == 0 else ",\n" + batch
        yield "\n  ],"
    yield rest


_BATCH = 1000
_FINDING = """\
    {
      "rule": %s,
      "measure": %s,
      "subject": %s,
      "item": %s,
      "verdict": %s,
      "license": %s,
      "control_code": %s,
      "reason": %s,
      "source": %s,
      "caution": %s,
      "missing": %s,
      "score": %s,
      "covered_by": %s,
      "not_covered": %s
    }"""
_NOTE = """\
    {
      "rule": %s,
      "measure": %s,
      "subject": %s,
      "kind": %s,
      "reason": %s
    }"""


def _text(value: str | None) -> str:
    return "null" if value is None else _string(value)


def _strings(values: tuple[str, ...]) -> str:
    """A finding's list of texts, as json.dumps(indent=2) lays it out at that depth."""
    if not values:
        return "[]"
    return "[\n" + ",\n".join(f"        {_string(v)}" for v in values) + "\n      ]"


def _finding(f: Finding) -> str:
    missing = _strings(f.missing)
    return _FINDING % (
        _string(f.rule),
        _string(f.measure),
        _string(f.subject),
        _text(f.item),
        _string(f.level.value),
        _text(f.license.value if f.license else None),
        _text(f.control_code),
        _string(f.reason),
        _string(f.source),
        _text(f.caution),
        missing,
        "null" if f.score is None else json.dumps(f.score),
        _text(f.covered_by),
        _strings(f.not_covered),
    )


def _note(n: Note) -> str:
    return _NOTE % (
        _string(n.rule),
        _string(n.measure),
        _string(n.subject),
        _string(n.kind.value),
        _string(n.reason),
    )


def render(verdict: Verdict, console: Console) -> None:
    write = console.file.write
    for chunk in chunks(verdict):
        write(chunk)
