from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.rules.book import RuleBook
from exportcheck.rules.catalogue import search, status_text


@pytest.mark.parametrize(
    ("query", "rule", "why"),
    [
        ("dysprosium", "mofcom-2025-18:1C905", "contains dysprosium"),
        ("Dy", "mofcom-2025-18:1C905", "contains dysprosium"),
        ("8505", "mofcom-2025-18:1C904", "HS 850511"),
        ("2846.90.1940", "mofcom-2025-18:1C902", "HS 2846901940"),
        ("1C902", "mofcom-2025-18:1C902", "control code 1C902"),
        ("1c902.b", "mofcom-2025-18:1C902", "control code 1C902"),
        ("cathode", "mofcom-2025-58:3C901.a.1", "title"),
        ("gallium nitride", "mofcom-2023-23:gallium", "description keyword"),
        ("镝", "mofcom-2025-18:1C905", "contains dysprosium (read as dysprosium)"),
        ("鏑", "mofcom-2025-18:1C905", "contains dysprosium (read as dysprosium)"),
        ("Dysprosiumoxid", "mofcom-2025-18:1C905", "contains dysprosium (read as dysprosium)"),
        ("ジスプロシウム", "mofcom-2025-18:1C905", "contains dysprosium (read as dysprosium)"),
        ("氧化镓", "mofcom-2023-23:gallium", "contains gallium (read as gallium)"),
    ],
)
def test_search_finds_rules_the_way_users_ask(
    book: RuleBook, query: str, rule: str, why: str
) -> None:
    hits = {h.rule.id: h.why for h in search(book, query)}
    assert rule in hits
    assert why in hits[rule]


def test_search_for_nothing_finds_nothing(book: RuleBook) -> None:
    assert search(book, "   ") == []
    assert search(book, "bananas") == []


def test_status_text_on_each_side_of_a_suspension(book: RuleBook) -> None:
    rule = book.rule("mofcom-2025-57:1C909")
    assert rule is not None
    assert status_text(rule, dt.date(2025, 11, 7)) == "not yet in force (from 2025-11-08)"
    assert status_text(rule, dt.date(2026, 11, 10), detail=False) == "suspended until 2026-11-10"
    assert status_text(rule, dt.date(2026, 11, 11)) == "in force, with a caution"


def test_rules_list_shows_every_bundled_rule(book: RuleBook) -> None:
    result = CliRunner().invoke(app, ["rules", "list", "--format", "json"])
    assert result.exit_code == 0
    listed = {r["id"] for m in json.loads(result.stdout)["measures"] for r in m["rules"]}
    assert listed == {r.id for r in book.rules}
    for measure in json.loads(result.stdout)["measures"]:
        for rule in measure["rules"]:
            assert rule["source"].startswith(("http://", "https://"))
