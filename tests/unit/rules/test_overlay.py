"""Overlays: user rulesets amending the status of loaded measures and rules."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportcheck.check.engine import Checker, check
from exportcheck.cli import app
from exportcheck.errors import RulesetError
from exportcheck.input.parse import parse_file
from exportcheck.model.verdict import Level, NoteKind, Verdict
from exportcheck.render import reasons
from exportcheck.rules.book import RuleBook
from exportcheck.rules.load import load_rulebook

ROOT = Path(__file__).resolve().parents[3]
HOLMIUM = ROOT / "examples" / "holmium-metal-to-us.yaml"
EXAMPLE_OVERLAY = ROOT / "examples" / "rulesets" / "status-overlay-example.rules.yaml"
COMPANY = ROOT / "examples" / "rulesets" / "company-restrictions.rules.yaml"
RULE = "mofcom-2025-57:1C909"
HEADER = 'ruleset: {name: acme-status, version: "3", title: ACME status}\n'


def holmium_on(book: RuleBook, day: str, horizon: int = 0) -> Verdict:
    description = parse_file(HOLMIUM.read_bytes(), str(HOLMIUM))
    return Checker(book).check(description, dt.date.fromisoformat(day), horizon)


def overlay(tmp_path: Path, body: str, name: str = "status.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_without_the_overlay_no_57_binds_again_after_no_70_ended(book: RuleBook) -> None:
    verdict = holmium_on(book, "2026-12-01")
    assert verdict.level is Level.LICENSE_REQUIRED


def test_an_extended_suspension_replaces_the_window_of_the_same_issuer() -> None:
    book = load_rulebook(extra=[EXAMPLE_OVERLAY])
    verdict = holmium_on(book, "2026-12-01")
    assert verdict.level is Level.NO_MATCH
    (note,) = [n for n in verdict.notes if n.rule == RULE]
    assert note.kind is NoteKind.SUSPENDED
    assert "from 2025-11-07 to 2027-11-10 inclusive" in reasons.note(note)
    info = next(i for i in book.infos if i.name == "example-status-overlay")
    assert f"amended by overlay example-status-overlay 2026-11-24 (sha256:{info.sha256[:12]}" in (
        reasons.note(note)
    )
    assert "HYPOTHETICAL" in reasons.note(note)
    # The day after the new window, the rule binds again, with the overlay named as a caution.
    after = holmium_on(book, "2027-11-11")
    assert after.level is Level.LICENSE_REQUIRED
    (finding,) = [f for f in after.findings if f.rule == RULE]
    assert "amended by overlay example-status-overlay" in (finding.caution or "")


def test_the_new_end_of_a_suspension_is_an_upcoming_change() -> None:
    book = load_rulebook(extra=[EXAMPLE_OVERLAY])
    verdict = holmium_on(book, "2027-10-01", horizon=90)
    days = {c.date for c in verdict.upcoming}
    assert dt.date(2027, 11, 11) in days


def test_the_bundled_book_is_not_changed_by_loading_an_overlay(book: RuleBook) -> None:
    load_rulebook(extra=[EXAMPLE_OVERLAY])
    again = load_rulebook()
    assert holmium_on(again, "2026-12-01").level is Level.LICENSE_REQUIRED
    rule = again.rule(RULE)
    assert rule is not None
    assert rule.amendments == ()


def test_a_new_window_by_another_issuer_is_added(tmp_path: Path) -> None:
    path = overlay(
        tmp_path,
        """overlays:
  - measure: mofcom-2025-57
    title: A further suspension
    source: https://example.com/further
    suspensions:
      - {by: acme-memo-1, title: Memo 1, from: 2026-11-11, until: 2026-12-31,
         source: https://example.com/memo-1}
""",
    )
    book = load_rulebook(extra=[path])
    rule = book.rule(RULE)
    assert rule is not None
    assert [s.by for s in rule.measure.suspensions] == ["mofcom-2025-70", "acme-memo-1"]
    assert holmium_on(book, "2026-12-31").level is Level.NO_MATCH
    assert holmium_on(book, "2027-01-01").level is Level.LICENSE_REQUIRED


def test_an_end_date_ends_the_measure_and_says_whose_date_it_is(tmp_path: Path) -> None:
    path = overlay(
        tmp_path,
        """overlays:
  - measure: mofcom-2025-57
    title: Repealed
    source: https://example.com/repeal
    ends: 2026-12-15
""",
    )
    book = load_rulebook(extra=[path])
    assert holmium_on(book, "2026-12-15").level is Level.LICENSE_REQUIRED
    verdict = holmium_on(book, "2026-12-16")
    assert verdict.level is Level.NO_MATCH
    (note,) = [n for n in verdict.notes if n.rule == RULE]
    assert "ended on 2026-12-15" in reasons.note(note)
    assert "amended by overlay acme-status 3" in reasons.note(note)
    assert "Repealed (source: https://example.com/repeal)" in reasons.note(note)


def test_a_later_effective_date_moves_the_rules_that_started_with_the_measure(
    tmp_path: Path,
) -> None:
    path = overlay(
        tmp_path,
        """overlays:
  - measure: mofcom-2025-57
    title: Postponed
    source: https://example.com/postponed
    effective: 2027-03-01
""",
    )
    book = load_rulebook(extra=[path])
    rule = book.rule(RULE)
    assert rule is not None
    assert rule.effective == dt.date(2027, 3, 1)
    verdict = holmium_on(book, "2027-02-28")
    (note,) = [n for n in verdict.notes if n.rule == RULE]
    assert note.kind is NoteKind.NOT_IN_FORCE
    assert "in force only from 2027-03-01" in reasons.note(note)


def test_a_rule_overlay_changes_that_rule_only(tmp_path: Path) -> None:
    path = overlay(
        tmp_path,
        """overlays:
  - rule: mofcom-2025-57:1C909
    title: Holmium entry suspended
    source: https://example.com/holmium
    suspensions:
      - {by: acme-memo-2, title: Memo 2, from: 2026-11-11, until: 2027-06-30,
         source: https://example.com/memo-2}
""",
    )
    book = load_rulebook(extra=[path])
    holmium = book.rule(RULE)
    erbium = book.rule("mofcom-2025-57:1C910")
    assert holmium is not None
    assert erbium is not None
    assert holmium.status(dt.date(2027, 1, 1)).status.value == "suspended"
    assert erbium.status(dt.date(2027, 1, 1)).status.value == "in_force"
    assert erbium.amendments == ()
    assert len(holmium.amendments) == 1


def test_a_caution_overlay_reaches_every_finding_of_the_measure(tmp_path: Path) -> None:
    path = overlay(
        tmp_path,
        """overlays:
  - measure: mofcom-2025-57
    title: Status after No. 70 under review by our counsel
    source: https://example.com/counsel
    caution: Ask legal before shipping.
""",
    )
    book = load_rulebook(extra=[path])
    verdict = holmium_on(book, "2026-12-01")
    (finding,) = [f for f in verdict.findings if f.rule == RULE]
    text = finding.caution or ""
    assert "UNCONFIRMED" in text  # the bundled caution stays
    assert "Status after No. 70 under review by our counsel" in text
    assert "Ask legal before shipping." in text


def test_an_overlay_may_amend_another_user_ruleset(tmp_path: Path) -> None:
    path = overlay(
        tmp_path,
        """overlays:
  - measure: example-co-policy-7
    title: Policy EP-7 withdrawn
    source: https://policies.example.com/export/ep-7-withdrawn
    ends: 2026-06-30
""",
    )
    book = load_rulebook(extra=[COMPANY, path])
    rule = book.rule("example-co-policy-7:magnets")
    assert rule is not None
    assert rule.status(dt.date(2026, 7, 1)).status.value == "ended"


def test_overlay_problems_are_reported_together_with_their_places(tmp_path: Path) -> None:
    path = overlay(
        tmp_path,
        """overlays:
  - measure: mofcom-2025-99
    title: Unknown
    source: https://example.com/x
    ends: 2027-01-01
  - measure: mofcom-2025-57
    title: Backwards
    source: https://example.com/x
    ends: 2025-01-01
""",
    )
    with pytest.raises(RulesetError) as caught:
        load_rulebook(extra=[path])
    shown = [str(p) for p in caught.value.problems]
    assert shown == [
        f"{path}:3:5: overlays[1].measure: no measure 'mofcom-2025-99' is loaded",
        f"{path}:7:5: overlays[2]: ends 2025-01-01 before it takes effect 2025-11-08",
    ]


def test_user_rulesets_are_named_as_such_in_every_format(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["check", str(HOLMIUM), "--as-of", "2026-12-01", "--rules", str(EXAMPLE_OVERLAY)]
    result = runner.invoke(app, [*args, "--rules", str(COMPANY), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rulesets = {r["name"]: r for r in json.loads(result.stdout)["results"][0]["rulesets"]}
    assert rulesets["example-status-overlay"]["origin"] == "user"
    assert rulesets["example-status-overlay"]["amends"] == ["mofcom-2025-57"]
    assert rulesets["example-company-restrictions"]["origin"] == "user"
    assert rulesets["example-company-restrictions"]["amends"] == []
    assert rulesets["mofcom-2025-57"]["origin"] == "bundled"
    text = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert "(user overlay amending mofcom-2025-57)" in text.stdout
    markdown = runner.invoke(app, [*args, "--format", "markdown"])
    assert "user overlay amending mofcom-2025-57" in markdown.stdout


def test_company_rules_add_findings_of_their_own() -> None:
    book = load_rulebook(extra=[COMPANY])
    path = ROOT / "examples" / "ndfeb-magnets-with-dysprosium.yaml"
    verdict = check(parse_file(path.read_bytes(), str(path)), book, dt.date(2026, 12, 1))
    rules = {f.rule: f.level for f in verdict.findings}
    assert rules["example-co-policy-7:magnets"] is Level.REVIEW
    assert rules["mofcom-2025-18:1C905"] is Level.LICENSE_REQUIRED
    assert verdict.level is Level.REVIEW


def test_explain_shows_the_amendment() -> None:
    result = CliRunner().invoke(
        app, ["explain", RULE, "--rules", str(EXAMPLE_OVERLAY), "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    body = json.loads(result.stdout)
    (amendment,) = body["amendments"]
    assert amendment.startswith("amended by overlay example-status-overlay 2026-11-24")
    assert body["suspensions"][0]["until"] == "2027-11-10"


LISTING_OVERLAY = """\
ruleset: {name: team-lists, version: "1", title: Team status of a listing}
overlays:
  - measure: mofcom-2026-12
    title: HYPOTHETICAL - the Watch List listing of No. 12 of 2026 suspended
    source: https://example.com/replace-with-the-announcement
    suspensions:
      - by: team-suspension
        title: a suspension of the listing (hypothetical)
        from: 2026-11-01
        until: 2027-01-31
        source: https://example.com/replace-with-the-announcement
"""


def test_an_overlay_amends_an_entity_listing_like_any_measure(tmp_path: Path) -> None:
    """What a list hit means is a rule of the listing's measure: an overlay suspends it, and
    the hit is then a note naming the suspension, until the day it ends."""
    overlay_file = tmp_path / "lists.rules.yaml"
    overlay_file.write_text(LISTING_OVERLAY)
    book = load_rulebook(extra=[overlay_file])
    path = ROOT / "examples" / "watch-list-consignee.yaml"
    description = parse_file(path.read_bytes(), path.name)
    rule = "mofcom-2026-12:watch-list"
    during = check(description, book, dt.date(2026, 12, 1))
    assert rule not in {f.rule for f in during.findings}
    suspended = [n for n in during.notes if n.rule == rule]
    assert suspended
    assert all(n.kind is NoteKind.SUSPENDED for n in suspended)
    assert "suspended by a suspension of the listing (hypothetical)" in reasons.note(suspended[0])
    after = check(description, book, dt.date(2027, 2, 1))
    assert rule in {f.rule for f in after.findings}
    ahead = Checker(book).check(description, dt.date(2026, 12, 1), horizon=90)
    assert [(c.date, c.level.value) for c in ahead.upcoming][-1] == (dt.date(2027, 2, 1), "review")
