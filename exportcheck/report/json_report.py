"""`--format json`: one object per check, keys in a fixed order; same input, same bytes out."""

from __future__ import annotations

import json
from itertools import islice
from json.encoder import encode_basestring as _string  # the C encoder, as ensure_ascii=False uses
from typing import TYPE_CHECKING, Any

import msgspec.structs

from exportcheck.render import record
from exportcheck.report.writer import Writer
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from exportcheck.model.result import Result
    from exportcheck.model.verdict import Verdict
    from exportcheck.report.tally import Tally


def dumps(verdict: Verdict) -> str:
    """`json.dumps(to_dict(verdict), indent=2, ensure_ascii=False)` and a newline, byte for byte,
    but for the code points `vocab.safe.json` writes as `\\uXXXX` (the same data)."""
    return "".join(chunks(verdict))


def chunks(verdict: Verdict, end: str = "\n") -> Iterator[str]:
    """`_chunks` with no bidi override, C1 control or other invisible character raw in it
    (vocab.safe.json): a JSON report printed to a terminal cannot act on it."""
    return map(safe.json, _chunks(verdict, end))


def _chunks(verdict: Verdict, end: str = "\n") -> Iterator[str]:
    """The bytes of `dumps` in pieces, so a big manifest's report is written without first
    being held whole. The many findings and notes (render.record's records) are laid out by a
    flat-record encoder on the C string encoder, several times faster than json's indenting
    encoder (tests/unit/report/test_json_report.py compares the two)."""
    bare = msgspec.structs.replace(verdict, findings=(), notes=())
    rest = json.dumps(record.to_dict(bare), indent=2, ensure_ascii=False) + end
    groups: tuple[tuple[str, Callable[[Any], dict[str, Any]], Sequence[Any]], ...] = (
        ("findings", record.finding, verdict.findings),
        ("notes", record.note, verdict.notes),
    )
    for key, make, records in groups:
        empty = f'\n  "{key}": [],'
        before, _, rest = rest.partition(empty)
        if not records:
            yield before + empty
            continue
        yield before + f'\n  "{key}": [\n'
        each = iter(records)  # once through: a streamed verdict words them as it goes
        lead = ""
        while batch := list(islice(each, _BATCH)):
            yield lead + ",\n".join(_flat(make(r)) for r in batch)
            lead = ",\n"
        yield "\n  ],"
    yield rest


_BATCH = 1000


def _flat(found: dict[str, Any]) -> str:
    """A record of scalars and lists of text, as json.dumps(indent=2) lays it out two levels
    deep (an element of `findings` or `notes`)."""
    lines = ",\n".join(f"      {_string(key)}: {_value(value)}" for key, value in found.items())
    return "    {\n" + lines + "\n    }"


def _value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        if not value:
            return "[]"
        if any(not isinstance(v, str) for v in value):  # records (a finding's `assumes`)
            laid = json.dumps(value, indent=2, ensure_ascii=False)
            return laid.replace("\n", "\n      ")
        return "[\n" + ",\n".join(f"        {_string(v)}" for v in value) + "\n      ]"
    return json.dumps(value)


class JsonWriter(Writer):
    """One JSON document, the same shape whatever the number of inputs (schema_version 3):
    `{"schema_version", "results": [one element per input or manifest row], "summary"}`, laid
    out as `json.dumps(..., indent=2)` lays it out and written element by element."""

    def _add(self, result: Result) -> None:
        write = self.target.out.write
        write(_HEAD + "[\n" if not self.count else ",\n")
        verdict = result.verdict
        if verdict is None:
            invalid = record.invalid_dict(result.file, result.problems, result.row)
            laid = json.dumps(invalid, indent=2, ensure_ascii=False)
            write(_INDENT + safe.json(laid).replace("\n", "\n" + _INDENT))
            return
        write(_INDENT)
        for chunk in chunks(verdict, end=""):
            write(chunk.replace("\n", "\n" + _INDENT))

    def close(self, tally: Tally) -> None:
        summary = {
            "inputs": tally.total,
            "verdicts": dict(sorted(tally.verdicts.items())),
            "licenses": dict(sorted((lic.value, n) for lic, n in tally.license_types.items())),
        }
        laid = json.dumps(summary, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        end = "[]" if not self.count else "\n  ]"
        self.target.out.write(("" if self.count else _HEAD) + f'{end},\n  "summary": {laid}\n}}\n')


_HEAD = f'{{\n  "schema_version": {record.SCHEMA_VERSION},\n  "results": '
_INDENT = "    "
