"""The change log of the bundled data (`rules changes --since DAY`): read strictly, kept with
every version of the data, and true of the data it describes (issue 14, item 5)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.errors import RulesetError
from exportcheck.rules import history
from exportcheck.rules.history import ChangeKind
from exportcheck.rules.load import load_rulebook

LOG = history.bundled()


def test_every_bundled_version_has_its_day_in_the_log() -> None:
    """A ruleset's version is the day its data last changed or was reviewed: a change of the
    data without its day in the log fails here."""
    days = {d.day for d in LOG}
    for info in load_rulebook().infos:
        day = dt.date.fromisoformat(info.version.replace(".", "-"))
        assert day in days, f"{info.name} {info.version} has no day in {history.FILE}"


def test_what_the_log_says_was_added_is_in_the_data() -> None:
    book = load_rulebook()
    rules = {r.id for r in book.rules}
    measures = {m.id for r in book.rulesets for m in r.measures}
    entries = {(e.measure, e.name) for r in book.rulesets for e in r.entries}
    removed = {
        (c.kind, c.id, c.what) for d in LOG for c in d.changes if c.kind.value.endswith("_removed")
    }
    checked = 0
    for day in LOG:
        for change in day.changes:
            if (
                change.kind is ChangeKind.RULE_ADDED
                and (ChangeKind.RULE_REMOVED, change.id, change.what) not in removed
            ):
                assert change.id in rules, change
            elif change.kind is ChangeKind.MEASURE_ADDED:
                assert change.id in measures, change
            elif change.kind is ChangeKind.ENTRY_ADDED:
                assert (change.id, change.what) in entries, change
            else:
                continue
            checked += 1
    assert checked > 250
    # Every entry added on the day the lists were completed is in the data, and the log says
    # which listings ended and which were suspended.
    kinds = {c.kind for d in LOG for c in d.changes}
    assert {
        ChangeKind.MEASURE_ENDED,
        ChangeKind.MEASURE_SUSPENDED,
        ChangeKind.ENTRY_CHANGED,
    } <= kinds


@given(st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)))
def test_since_keeps_exactly_the_days_from_then_on(first: dt.date) -> None:
    shown = history.since(LOG, first)
    assert all(d.day >= first for d in shown)
    assert len(shown) == sum(d.day >= first for d in LOG)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "history:\n  - {day: 2026-12-02, summary: s,\n"
            "     changes: [{change: rule_gone, id: a, what: b}]}\n",
            "log.yaml:3:",
        ),
        (
            "history:\n  - {day: 2026-12-02, summary: s, changes: []}\n"
            "  - {day: 2026-12-01, summary: s, changes: []}\n",
            "days go in order",
        ),
        ("history:\n  - {day: 2026-12-02, changes: []}\n", "summary: missing required key"),
        (
            "history:\n  - {day: 2026-12-02, summary: s, changes: [], extra: 1}\n",
            "unknown key 'extra'",
        ),
    ],
)
def test_a_broken_log_is_refused_with_its_place(text: str, expected: str) -> None:
    with pytest.raises(RulesetError) as caught:
        history.read(text.encode(), "log.yaml")
    assert any(expected in str(p) for p in caught.value.problems), caught.value.problems


def test_the_command_lists_the_changes_since_a_day() -> None:
    result = CliRunner().invoke(app, ["rules", "changes", "--since", "2026-12-02", "-f", "json"])
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert body["since"] == "2026-12-02"
    assert [d["day"] for d in body["days"]] == ["2026-12-02"]
    changes = body["days"][0]["changes"]
    assert {
        "change": "measure_ended",
        "id": "mofcom-2025-22",
        "what": "last day in force 2025-08-11",
    } in changes
    assert sum(c["change"] == "entry_added" for c in changes) > 200
    text = CliRunner().invoke(app, ["rules", "changes", "--since", "2026-12-02"])
    assert "list entries added (" in text.stdout
    assert "measures ended (1)" in text.stdout
    later = CliRunner().invoke(app, ["rules", "changes", "--since", "2099-01-01"])
    assert "No change to the bundled rule data since 2099-01-01." in later.stdout
    bad = CliRunner().invoke(app, ["rules", "changes", "--since", "soon"])
    assert bad.exit_code == 2
