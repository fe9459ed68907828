"""The fast JSON writer gives exactly the bytes of `json.dumps(..., indent=2)`, with the code
points `vocab.safe.json` escapes written as `\\uXXXX`: the same JSON data."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import msgspec.structs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportcheck.check.engine import check
from exportcheck.input.parse import parse_file
from exportcheck.model.description import HeldLicense, LicenseType
from exportcheck.model.evidence import Basis, Evidence, Form, Missing, NotCovered
from exportcheck.model.verdict import (
    Assumption,
    CautionKind,
    Finding,
    Level,
    Note,
    NoteKind,
    Verdict,
)
from exportcheck.render import record
from exportcheck.render.record import to_dict
from exportcheck.report.json_report import dumps
from exportcheck.rules.book import RuleBook
from exportcheck.vocab import safe

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def reference(verdict: Verdict) -> str:
    return safe.json(json.dumps(to_dict(verdict), indent=2, ensure_ascii=False)) + "\n"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_examples_give_the_bytes_of_json_dumps(book: RuleBook, path: Path) -> None:
    verdict = check(parse_file(path.read_bytes(), path.name), book, dt.date(2026, 12, 1))
    assert dumps(verdict) == reference(verdict)
    assert json.loads(dumps(verdict)) == to_dict(verdict)


def built(
    record_: Callable[..., T], /, **fields: st.SearchStrategy[object]
) -> st.SearchStrategy[T]:
    """`st.builds` for records, from the fields given (it would resolve every annotation of a
    Struct's signature, and the model's are written for type checkers only)."""
    return st.fixed_dictionaries(fields).map(lambda given: record_(**given))


texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
evidence = built(Evidence, code=st.just("keyword.says"), values=st.tuples(texts))
bases = built(
    Basis,
    form=st.sampled_from([Form.MATCHED, Form.UNDECIDED]),
    title=texts,
    evidence=st.lists(evidence, max_size=2).map(tuple),
)
licences = built(
    HeldLicense,
    path=texts,
    type=st.sampled_from(LicenseType),
    number=texts,
    general=st.booleans(),
    covers=st.none() | st.lists(texts, max_size=2).map(tuple),
    valid_from=st.none(),
    valid_until=st.just(dt.date(2027, 1, 1)),
    destination=st.none(),
    end_user=st.none(),
)
not_covered = built(
    NotCovered,
    license=licences,
    reasons=st.lists(
        built(Evidence, code=st.just("license.other_items"), values=st.tuples(texts)),
        min_size=1,
        max_size=2,
    ).map(tuple),
)
findings = built(
    Finding,
    rule=texts,
    measure=texts,
    subject=texts,
    item=st.none() | texts,
    level=st.sampled_from(Level),
    license=st.none() | st.sampled_from(LicenseType),
    control_code=st.none() | texts,
    basis=bases,
    source=texts,
    caution=st.none() | texts,
    missing=st.lists(built(Missing, field=texts, whole=st.booleans()), max_size=3).map(tuple),
    score=st.none() | st.floats(min_value=0, max_value=100),
    covered_by=st.none() | licences,
    not_covered=st.lists(not_covered, max_size=2).map(tuple),
    assumes=st.lists(st.tuples(texts, st.dates()), max_size=2).map(tuple),
    caution_kinds=st.lists(st.sampled_from(CautionKind), max_size=3, unique=True).map(tuple),
    if_extended=st.none() | st.sampled_from(Level),
)
notes = built(
    Note,
    rule=texts,
    measure=texts,
    subject=texts,
    kind=st.sampled_from(NoteKind),
    basis=built(
        Basis,
        form=st.just(Form.NOT_CONTROLLED),
        title=texts,
        evidence=st.lists(evidence, max_size=2).map(tuple),
        detail=st.lists(evidence, max_size=2).map(tuple),
    ),
    assumes=st.lists(st.tuples(texts, st.dates()), max_size=2).map(tuple),
)


@given(
    found=st.lists(findings, max_size=4),
    noted=st.lists(notes, max_size=4),
    file=texts,
    reference_=st.none() | texts,
    extended=st.none() | st.sampled_from(Level),
    assumption=st.sampled_from(Assumption),
)
def test_any_verdict_gives_the_bytes_of_json_dumps(  # noqa: PLR0917 (hypothesis's arguments)
    found: list[Finding],
    noted: list[Note],
    file: str,
    reference_: str | None,
    extended: Level | None,
    assumption: Assumption,
) -> None:
    verdict = Verdict(
        file=file,
        reference=reference_,
        as_of=dt.date(2026, 12, 1),
        level=Level.REVIEW,
        license_types=(),
        findings=tuple(found),
        notes=tuple(noted),
        rulesets=(),
        screening=None,
        if_extended=extended,
        assumption=assumption,
    )
    assert dumps(verdict) == reference(verdict)
    assert json.loads(dumps(verdict)) == to_dict(verdict)
    assert dumps(msgspec.structs.replace(verdict, findings=())) == reference(
        msgspec.structs.replace(verdict, findings=())
    )


def test_long_reports_are_written_in_batches_with_the_same_bytes() -> None:
    finding = Finding(
        rule="r",
        measure="m",
        subject="items[1]",
        item="1",
        level=Level.REVIEW,
        license=None,
        control_code=None,
        basis=Basis(Form.UNDECIDED, "why"),
        source="https://example.com",
        caution=None,
        missing=(Missing("contains"),),
    )
    basis = Basis(Form.SUSPENDED, "n", measure="m", since=dt.date(2026, 1, 1), by="No. 70")
    note = Note(rule="r", measure="m", subject="items[1]", kind=NoteKind.SUSPENDED, basis=basis)
    verdict = Verdict(
        file="f.yaml",
        reference=None,
        as_of=dt.date(2026, 12, 1),
        level=Level.REVIEW,
        license_types=(),
        findings=tuple(msgspec.structs.replace(finding, item=str(n)) for n in range(2001)),
        notes=(note,) * 1000,
        rulesets=(),
        screening=None,
    )
    assert dumps(verdict) == reference(verdict)
    assert json.loads(dumps(verdict)) == to_dict(verdict)


@given(
    item=texts,
    row=st.integers(1, 10**7),
    reference_=st.sampled_from([None, "PO-1", "\x00item\x00", "\x00row\x00"]),
    found=st.lists(findings, max_size=3),
)
def test_a_row_template_gives_the_line_of_the_row_verdict(
    item: str, row: int, reference_: str | None, found: list[Finding]
) -> None:
    verdict = Verdict(
        file="m.csv",
        reference=reference_,
        as_of=dt.date(2026, 12, 1),
        level=Level.REVIEW,
        license_types=(),
        findings=tuple(found),
        notes=(),
        rulesets=(),
        screening=None,
        row=2,
    )
    expected = record.line(record.to_dict(verdict.for_row(row, item), rulesets=False))
    assert record.RowTemplate(verdict).render(row, item) == expected
    assert record.RowTemplate(verdict).render_bytes(row, item) == expected.encode()
    unnumbered = msgspec.structs.replace(verdict, row=None)
    assert record.RowTemplate(unnumbered).render(row, item) == expected
