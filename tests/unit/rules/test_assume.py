"""`--assume extended`: the run under the alternative to every unconfirmed lapse, and the
verdict each check names as that alternative (issue 14, item 4)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from exportcheck.check.engine import Checker
from exportcheck.cli import app
from exportcheck.errors import InputError
from exportcheck.input.parse import parse_file
from exportcheck.model.verdict import Assumption, Level, NoteKind
from exportcheck.rules.assume import assuming
from exportcheck.rules.window import Status

if TYPE_CHECKING:
    from exportcheck.model.description import Description
    from exportcheck.rules.book import RuleBook

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "cases" / "corpus").glob("*.yaml")
)
DAYS = (dt.date(2026, 6, 1), dt.date(2026, 11, 12), dt.date(2026, 12, 2), dt.date(2027, 3, 1))
"""During the suspensions, after No. 70's end, after No. 72's end, months later."""
MILITARY = ROOT / "examples" / "diamond-micropowder-to-japan-military.yaml"


@pytest.fixture(scope="module")
def extended(book: RuleBook) -> RuleBook:
    return assuming(book, Assumption.EXTENDED)


def descriptions() -> list[tuple[str, Description]]:
    found = []
    for path in FILES:
        try:
            found.append((path.name, parse_file(path.read_bytes(), path.name)))
        except InputError:  # the corpus holds invalid files on purpose
            continue
    return found


def test_lapsed_is_the_book_as_read(book: RuleBook) -> None:
    assert assuming(book, Assumption.LAPSED) is book
    assert book.assumption is Assumption.LAPSED


def test_only_windows_whose_end_is_unconfirmed_are_extended(
    book: RuleBook, extended: RuleBook
) -> None:
    assert extended.assumption is Assumption.EXTENDED
    assert assuming(extended, Assumption.EXTENDED) is extended
    pairs = 0
    for before, after in zip(book.rules, extended.rules, strict=True):
        assert before.id == after.id
        windows = zip(before.window.suspensions, after.window.suspensions, strict=True)
        for old, new in windows:
            pairs += 1
            assert new.extended is bool(old.caution_after), after.id
            assert (new.start, new.end, new.by) == (old.start, old.end, old.by)
            if new.extended:
                day = old.end + dt.timedelta(days=1)
                assert before.status(day).status is not Status.SUSPENDED
                assert after.status(day).status is Status.SUSPENDED
    assert pairs > 50
    # The entity lists read the same measures (No. 21's last relief window, for one).
    assert extended.entity_lists is not None
    assert any(s.extended for r in extended.rules for s in r.window.suspensions)


def test_the_alternative_named_is_the_alternative_run(book: RuleBook, extended: RuleBook) -> None:
    """For every example and corpus file on days before and after the unconfirmed ends: the
    verdict a check names under the alternative (`if_extended`) is the verdict of the run
    under it; every finding the alternative run does not give names the lapse it rests on,
    and a run under the alternative assumes no lapse."""
    lapsed, other = Checker(book), Checker(extended)
    rested = 0
    for name, description in descriptions():
        for day in DAYS:
            v, w = lapsed.check(description, day), other.check(description, day)
            assert w.if_extended is None, name
            assert w.assumption is Assumption.EXTENDED
            assert all(f.assumes == () for f in w.findings), name
            assert w.level is (v.if_extended or v.level), (name, day)
            kept = {(f.rule, f.subject): f.level for f in w.findings}
            for f in v.findings:
                there = kept.get((f.rule, f.subject), Level.NO_MATCH)
                if there is not f.level:
                    assert f.assumes, (name, day, f.rule)
                    rested += 1
                if f.assumes:
                    assert f.if_extended is there, (name, day, f.rule)
                else:
                    assert f.if_extended is None, (name, day, f.rule)
            if day < dt.date(2026, 11, 11):
                assert v.if_extended is None, (name, day)
            for note in w.notes:
                if note.assumes:
                    assert note.kind is NoteKind.SUSPENDED
                    assert note.basis.assumed_extended
    assert rested > 100


def test_a_finding_that_reads_a_lapsed_rule_rests_on_the_lapse(book: RuleBook) -> None:
    """No. 1 of 2026 bars dual-use items to Japanese military users; superhard micropowder
    is dual-use only while No. 33 of 2024 applies, so the prohibition rests on its lapse too,
    though its own measure was never suspended."""
    description = parse_file(MILITARY.read_bytes(), MILITARY.name)
    verdict = Checker(book).check(description, dt.date(2026, 12, 2))
    assert verdict.level is Level.PROHIBITED
    assert verdict.if_extended is Level.NO_MATCH
    prohibited = [f for f in verdict.findings if f.level is Level.PROHIBITED]
    assert prohibited
    assert all(f.assumes for f in prohibited)


def test_the_command_runs_under_the_alternative_and_records_it(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    common = ["check", str(MILITARY), "--as-of", "2026-12-02", "-f", "json"]
    lapsed = CliRunner().invoke(app, [*common, "--audit-log", str(log)])
    assert lapsed.exit_code == 4
    body = json.loads(lapsed.stdout)["results"][0]
    assert body["suspensions_assumed"] == "lapsed"
    assert body["if_suspensions_extended"] == "no_match"
    run = CliRunner().invoke(app, [*common, "--assume", "extended", "--audit-log", str(log)])
    assert run.exit_code == 0
    body = json.loads(run.stdout)["results"][0]
    assert body["verdict"] == "no_match"
    assert body["suspensions_assumed"] == "extended"
    assert body["if_suspensions_extended"] is None
    suspended = [n for n in body["notes"] if n["kind"] == "suspended"]
    assert suspended
    assert all(n["assumes"][0]["status_unconfirmed"] == "suspension_extended" for n in suspended)
    assert all("assumed to go on (--assume extended)" in n["reason"] for n in suspended)
    first, second = (json.loads(line) for line in log.read_text().splitlines())
    assert (first["suspensions_assumed"], second["suspensions_assumed"]) == ("lapsed", "extended")
    assert any(f["assumes"] for f in first["findings"])
    text = CliRunner().invoke(app, [*common[:-2], "--assume", "extended"])
    assert "Assumed: suspensions whose end the bundled data cannot confirm go on" in text.stdout
    wrong = CliRunner().invoke(app, [*common, "--assume", "maybe"])
    assert wrong.exit_code == 2
