"""`--format json`: one object per check, keys in a fixed order; same input, same bytes out."""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _string  # the C encoder, as ensure_ascii=False uses
from typing import TYPE_CHECKING, Any

from exportcheck.render import record
from exportcheck.render.record import to_dict
from exportcheck.report.writer import Writer

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from rich.console import Console

    from exportcheck.model.result import Result
    from exportcheck.model.verdict import Finding, Note, Verdict
    from exportcheck.report.tally import Tally


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


class JsonWriter(Writer):
    """One JSON document: a single check's object, or an array with one element per input."""

    def _add(self, result: Result) -> None:
        write = self.target.out.write
        verdict = result.verdict
        if self.single:
            if verdict is not None:
                for chunk in chunks(verdict):
                    write(chunk)
            return
        write("[\n" if not self.count else ",\n")
        if verdict is None:
            invalid = record.invalid_dict(result.file, result.problems, result.row)
            write(record.line(invalid).rstrip("\n"))
        else:
            for chunk in chunks(verdict, end=""):
                write(chunk)

    def close(self, tally: Tally) -> None:
        if not self.single:
            self.target.out.write("[]\n" if not self.count else "\n]\n")
