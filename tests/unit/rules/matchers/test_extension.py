"""Adding a kind of test is one module and one line in the registry: a new matcher, declared
here and registered, is compiled from ruleset data, indexed, evaluated, remembered, searched,
explained and worded without any other change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import ClassVar

import pytest

from exportcheck.check.engine import Checker
from exportcheck.errors import Mark, RulesetError
from exportcheck.input.fields import Reader
from exportcheck.input.parse import parse_file
from exportcheck.input.yamlio import Value
from exportcheck.model.description import Subject
from exportcheck.model.evidence import Missing
from exportcheck.render import reasons
from exportcheck.rules import catalogue
from exportcheck.rules.load import load_rulebook
from exportcheck.rules.matchers import registry
from exportcheck.rules.matchers.base import Anchor, Context, Leaf, Outcome, Query, Truth


class HsChapter(Leaf, frozen=True, eq=False):
    """`hs_chapter: 85`: the item's HS code is in that chapter (a new kind of test)."""

    chapter: str
    name = "hs_chapter"
    reads = frozenset({"hs_code"})
    wording: ClassVar[Mapping[str, str]] = {"in": "HS {0} is in chapter {1}"}

    @classmethod
    def compile(cls, arg: Value, mark: Mark | None, path: str, reader: Reader) -> HsChapter | None:
        if not isinstance(arg, str) or len(arg) != 2 or not arg.isdigit():
            reader.error(mark, path, "expected a two-digit chapter")
            return None
        return cls(arg)

    def evaluate(self, ctx: Context) -> Outcome:
        code = ctx.item.hs_code
        if not code:
            return Outcome(Truth.UNKNOWN, missing=(Missing("hs_code"),))
        truth = Truth.TRUE if code.startswith(self.chapter) else Truth.FALSE
        return Outcome(truth, (self.said("in", code, self.chapter),))

    def anchors(self) -> frozenset[Anchor] | None:
        return frozenset({("chapter", self.chapter)})

    @classmethod
    def signals(cls, subject: Subject, listed: Mapping[str, Outcome]) -> Iterable[Anchor]:
        code = getattr(subject, "hs_code", "")
        return (("chapter", code[:2]),) if code else ()

    def terms(self, query: Query) -> Iterable[str]:
        return (f"HS chapter {self.chapter}",) if query.digits == self.chapter else ()

    def explain(self) -> str:
        return f"HS code in chapter {self.chapter}"


RULES = """\
ruleset: {name: company-chapters, version: "1", title: Company rules by HS chapter}
measures:
  - id: company-1
    title: Company policy 1
    effective: 2026-01-01
    source: https://intranet.example.com/policy-1
rules:
  - id: company-1:machines
    measure: company-1
    title: Machines need the export desk's sign-off
    verdict: review
    trigger: {hs_chapter: "84"}
"""
SHIPMENT = b"""\
kind: shipment
exporter: {name: A, country: CN}
items:
  - {description: Widget press, hs_code: "8479899990"}
  - {description: Cotton shirts, hs_code: "6109100000"}
"""


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.LEAVES, HsChapter.name, HsChapter)


def test_a_new_matcher_works_everywhere_from_its_own_module(
    registered: None, tmp_path: Path
) -> None:
    rules = tmp_path / "chapters.rules.yaml"
    rules.write_text(RULES)
    book = load_rulebook(extra=[rules])
    rule = book.rule("company-1:machines")
    assert rule is not None
    index = book.indexes["goods"]
    assert HsChapter in index.kinds  # indexed by its anchors
    assert "hs_code" in index.facts  # remembered by what it reads
    description = parse_file(SHIPMENT, "s.yaml")
    verdict = Checker(book).check(description, dt.date(2026, 12, 1))
    (finding,) = [f for f in verdict.findings if f.rule == rule.id]
    assert finding.subject == "items[1]"
    assert reasons.finding(finding) == (
        "Machines need the export desk's sign-off. Matched: HS 8479899990 is in chapter 84."
    )
    (hit,) = [h for h in catalogue.search(book, "84") if h.rule is rule]
    assert hit.why == ("HS chapter 84",)
    assert rule.trigger.explain() == "HS code in chapter 84"


def test_an_unregistered_matcher_is_a_ruleset_problem(tmp_path: Path) -> None:
    rules = tmp_path / "chapters.rules.yaml"
    rules.write_text(RULES)
    with pytest.raises(RulesetError, match="unknown matcher 'hs_chapter'"):
        load_rulebook(extra=[rules])
