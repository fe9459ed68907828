"""check.streamed gives, item by item, the verdict check.engine gives a description read whole:
the same JSON record, byte for byte, for every description this repository holds (examples,
golden cases, the corpus), on days before, inside and after the suspensions and lapses of the
bundled rules, under either assumption about unconfirmed suspension ends."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import msgspec
import pytest

from exportcheck.check import streamed
from exportcheck.check.engine import Checker
from exportcheck.errors import InputError
from exportcheck.input.parse import parse_file
from exportcheck.input.streamed import streamed as read_streamed
from exportcheck.input.streamed import utf8
from exportcheck.model.description import Description
from exportcheck.model.verdict import Assumption
from exportcheck.render import record
from exportcheck.rules.assume import assuming
from exportcheck.rules.book import RuleBook

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("tests/cases/**/*.yaml")])
DAYS = (dt.date(2025, 4, 10), dt.date(2025, 12, 1), dt.date(2026, 12, 1), dt.date(2027, 11, 15))


def _clean() -> list[tuple[Path, Description]]:
    """The files that read as a description with items."""
    found = []
    for path in FILES:
        try:
            description = parse_file(path.read_bytes(), str(path))
        except InputError:  # files that are invalid on purpose
            description = None
        if description is not None and description.items:
            found.append((path, description))
    return found


CLEAN = _clean()


def _streamed_verdict(checker: Checker, path: Path, day: dt.date, horizon: int) -> str:
    found = read_streamed(utf8(path.read_bytes(), str(path)), str(path))
    assert found is not None, path
    verdict = streamed.check(checker, found.header, found.items, day, horizon=horizon)
    return json.dumps(record.to_dict(verdict))


def test_there_is_much_to_compare() -> None:
    assert len(CLEAN) > 600


@pytest.mark.parametrize("assumption", [Assumption.LAPSED, Assumption.EXTENDED])
def test_every_description_gets_the_same_record_item_by_item(
    book: RuleBook, assumption: Assumption
) -> None:
    chosen = book if assumption is Assumption.LAPSED else assuming(book, assumption)
    checker, plain = Checker(chosen), Checker(chosen)
    differ = []
    compared = 0
    for path, description in CLEAN:
        for day in DAYS:
            whole = json.dumps(record.to_dict(plain.check(description, day, 90)))
            if whole != _streamed_verdict(checker, path, day, 90):
                differ.append(f"{path.relative_to(ROOT)} on {day}")
            compared += 1
    assert not differ, differ[:10]
    assert compared >= 4 * 600


def test_findings_are_worded_again_each_time_alike(book: RuleBook) -> None:
    checker = Checker(book)
    path = ROOT / "examples" / "dysprosium-oxide-to-germany.yaml"
    found = read_streamed(utf8(path.read_bytes(), str(path)), str(path))
    assert found is not None
    verdict = streamed.check(checker, found.header, found.items, dt.date(2026, 12, 1))
    findings = verdict.findings
    assert isinstance(findings, streamed.Replayed)
    first, again = list(findings), list(findings)
    assert first == again
    assert len(findings) == len(first) > 0
    assert findings[0] == first[0]
    assert findings[-1] == first[-1]
    assert list(findings[0:2]) == first[0:2]
    with pytest.raises(IndexError):
        findings[len(first)]


def test_a_verdict_with_lapses_sets_the_alternative_on_each_finding(book: RuleBook) -> None:
    """Some description in the corpus rests on a lapse on one of DAYS (else the comparison
    above would not reach the alternative's code)."""
    checker = Checker(book)
    rests = 0
    for path, _ in CLEAN[:300]:
        for day in DAYS:
            data = json.loads(_streamed_verdict(checker, path, day, 0))
            rests += data["if_suspensions_extended"] is not None
    assert rests > 0


def test_a_header_is_the_description_without_its_items() -> None:
    for path, description in CLEAN:
        found = read_streamed(utf8(path.read_bytes(), str(path)), str(path))
        assert found is not None, path
        assert found.header == msgspec.structs.replace(description, items=()), path
        assert tuple(found.items()) == description.items, path
