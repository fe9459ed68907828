"""Entity-list entries: what a ruleset may say of a listed entity, and what the bundled lists hold
(every entity a source names, each with its sources, the UNCONFIRMED ones marked)."""

from __future__ import annotations

import textwrap

import pytest

from exportcheck.errors import RulesetError
from exportcheck.rules.book import combine
from exportcheck.rules.entities import ListKind
from exportcheck.rules.load import load_rulebook, load_ruleset

LIST = """\
ruleset: {name: acme-lists, version: "1", title: ACME lists, entries_as_of: 2026-12-01}
measures:
  - {id: acme-1, title: ACME listing 1, list: control, effective: 2026-01-01, announced: 2,
     source: https://example.com/1}
rules:
  - id: acme-1:control-list
    measure: acme-1
    title: Listed
    applies_to: parties
    trigger: {entity_list: control}
    verdict: prohibited
entries:
"""


def entries(text: str) -> str:
    return LIST + textwrap.indent(textwrap.dedent(text), "  ")


def problems(text: str) -> list[str]:
    with pytest.raises(RulesetError) as caught:
        load_ruleset(entries(text).encode(), "l.yaml")
    return [str(p) for p in caught.value.problems]


def test_an_entry_keeps_its_chinese_name_sources_and_doubt() -> None:
    ruleset = load_ruleset(
        entries(
            """\
            - name: Acme Dynamics
              name_zh: 阿克米动力公司
              measure: acme-1
              sources: [https://example.com/mofcom, https://example.com/press]
              unconfirmed: a single secondary source names it
            - {name: Beta Corp, measure: acme-1}
            """
        ).encode(),
        "l.yaml",
    )
    first, second = ruleset.entries
    assert first.names == ("Acme Dynamics", "阿克米动力公司")
    assert first.sources == ("https://example.com/mofcom", "https://example.com/press")
    assert first.source == "https://example.com/mofcom"
    assert first.unconfirmed == "a single secondary source names it"
    assert second.sources == ()
    assert second.unconfirmed is None


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "- {name: A, measure: acme-1, source: https://e.com/a, sources: [https://e.com/b]}",
            "give `source` or `sources`, not both",
        ),
        ("- {name: A, measure: acme-1, sources: [https://e.com/a, ftp://e.com/b]}", "sources[2]"),
        ("- {name: A, measure: acme-1, name_zh: [A]}", "entries[1].name_zh"),
    ],
)
def test_malformed_entries_are_refused_with_their_place(entry: str, expected: str) -> None:
    assert any(expected in p for p in problems(entry))


def test_the_bundled_lists_hold_every_named_entity_with_sources() -> None:
    lists = load_rulebook().entity_lists
    assert lists is not None
    assert len(lists.entries) >= 274
    by_measure: dict[str, int] = {}
    for entry in lists.entries:
        assert entry.sources, entry.name
        assert entry.sources[0].startswith(("https://", "http://")), entry.name
        by_measure[entry.measure] = by_measure.get(entry.measure, 0) + 1
    for measure in lists.measures:
        assert measure.listing is not None
        # Each announcement's named entities are all there (UEL No. 10 of 2025 names its 14th
        # entity's ten branches too).
        assert by_measure.get(measure.id, 0) >= measure.listing.announced, measure.id
    assert any(e.name_zh for e in lists.entries)
    unconfirmed = {e.measure for e in lists.entries if e.unconfirmed}
    assert "mofcom-2026-30" in unconfirmed
    assert "mofcom-2025-1" not in unconfirmed


def test_every_listing_has_a_date_a_list_a_source_and_its_ending_act() -> None:
    lists = load_rulebook().entity_lists
    assert lists is not None
    for measure in lists.measures:
        assert measure.listing is not None
        assert measure.listing.kind in set(ListKind), measure.id
        assert measure.effective.year >= 2023, measure.id
        assert measure.source.startswith(("https://", "http://")), measure.id
        if measure.ends is not None:  # measures that stopped name the act that stopped them
            assert measure.caution is not None, measure.id
            assert "stopped applying" in measure.caution, measure.id
            assert "http" in measure.caution, measure.id
        for suspension in measure.suspensions:
            assert suspension.source.startswith(("https://", "http://")), measure.id
            assert suspension.start <= suspension.end, measure.id
    # What the sources say of the later acts (accuracy review, rows 1 and 2).
    by_id = {m.id: m for m in lists.measures}
    assert str(by_id["mofcom-2025-22"].ends) == "2025-08-11"
    assert str(by_id["mofcom-2025-13"].ends) == "2025-11-09"
    assert [str(s.start) for s in by_id["mofcom-2025-21"].suspensions] == [
        "2025-05-14",
        "2025-08-12",
        "2025-11-10",
    ]


PARTY_RULE = """\
ruleset: {name: acme, version: "1", title: t}
measures:
  - {id: acme-1, title: Acme policy, effective: 2026-01-01, source: "https://example.com/p"}
rules:
  - id: acme-1:parties
    measure: acme-1
    title: Listed parties
    applies_to: parties
    verdict: review
    trigger: TRIGGER
"""


def test_another_measures_rule_for_parties_reads_the_lists_it_names() -> None:
    """No. 61's Art. 2 is a rule of No. 61 read on Control and Watch List hits (lists.also); a
    rule for parties that names no list belongs to a listing measure."""
    bundled = list(load_rulebook().rulesets)
    reads = load_ruleset(PARTY_RULE.replace("TRIGGER", "{entity_list: watch}").encode(), "a.yaml")
    book = combine([*bundled, reads])
    assert book.entity_lists is not None
    assert [r.id for r in book.entity_lists.also] == [
        "acme-1:parties",
        "mofcom-2025-61:listed-party",
    ]
    stray = load_ruleset(
        PARTY_RULE.replace("TRIGGER", "{party_role: [consignee]}").encode(), "a.yaml"
    )
    with pytest.raises(RulesetError) as caught:
        combine([*bundled, stray])
    assert any("names the lists it reads" in str(p) for p in caught.value.problems)
