"""Held licences: what covers a finding, what does not and why, and what a licence never
settles."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from exportcheck.check.engine import check
from exportcheck.errors import InputError
from exportcheck.input.parse import parse_file
from exportcheck.model.verdict import Level, Verdict
from exportcheck.render import record
from exportcheck.rules.book import RuleBook

HEAD = """\
kind: shipment
exporter: {name: Ganzhou Rare Metals Co., country: CN}
consignee: {name: Bosch GmbH, country: DE}
end_user: {name: Bosch GmbH, country: DE, military: false}
"""
ITEMS = """\
items:
  - {id: "10", description: Dysprosium oxide, hs_code: "2846901940", contains: {Dy: 78, O: 22}}
  - {id: "20", description: Sintered NdFeB magnets, hs_code: "8505111000"}
"""


def verdict(book: RuleBook, licences: str, *, head: str = HEAD, day: str = "2026-12-01") -> Verdict:
    text = head + "licenses:\n" + textwrap.indent(licences, "  - ") + "\n" + ITEMS
    description = parse_file(text.encode(), "f.yaml")
    return check(description, book, dt.date.fromisoformat(day))


def item_10(v: Verdict) -> list[tuple[str, str | None, tuple[str, ...]]]:
    found = [record.finding(f) for f in v.findings if f.item == "10"]
    return [(f["verdict"], f["covered_by"], tuple(f["not_covered"])) for f in found]


def test_a_valid_licence_covers_its_item_and_says_so(book: RuleBook) -> None:
    v = verdict(book, licence())
    assert item_10(v) == [("licensed", "L-1", ())]
    assert v.licenses_applied == ("L-1",)
    assert v.level is Level.REVIEW  # item 20 lacks its composition: a licence does not settle it
    assert {f.level for f in v.findings if f.item == "20"} == {Level.REVIEW}


def licence(**changes: str) -> str:
    fields = {
        "type": "dual_use_export_license",
        "number": "L-1",
        "valid_until": "2027-01-14",
        "covers": "['10']",
        "destination": "DE",
        "end_user": "Bosch GmbH",
    } | changes
    return "{" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}"


@pytest.mark.parametrize(
    ("changes", "day", "why"),
    [
        ({}, "2027-01-15", "expired on 2027-01-14 (checked as of 2027-01-15)"),
        ({"valid_from": "2027-01-01"}, "2026-12-01", "valid only from 2027-01-01"),
        ({"destination": "FR"}, "2026-12-01", "it is for destination FR; the destination is DE"),
        ({"covers": "['30']"}, "2026-12-01", "it covers 30, not item 10"),
        ({"end_user": "Siemens AG"}, "2026-12-01", "it is for end user 'Siemens AG', not 'Bosch"),
    ],
)
def test_a_licence_that_does_not_cover_says_why(
    book: RuleBook, changes: dict[str, str], day: str, why: str
) -> None:
    v = verdict(book, licence(**changes), day=day)
    ((level, covered_by, why_not),) = item_10(v)
    assert (level, covered_by) == ("license_required", None)
    assert len(why_not) == 1
    assert why_not[0].startswith("L-1 (licenses[1]) does not cover it: ")
    assert why in why_not[0]
    assert v.licenses_applied == ()


def test_the_end_user_name_is_compared_as_screening_compares_names(book: RuleBook) -> None:
    v = verdict(book, licence(end_user="'BOSCH G.m.b.H.'"))
    assert item_10(v)[0][:2] == ("licensed", "L-1")


def test_a_licence_of_another_type_is_not_considered(book: RuleBook) -> None:
    v = verdict(book, licence(type="goods_export_license"))
    assert item_10(v) == [("license_required", None, ())]


def test_a_licence_without_covers_covers_every_item(book: RuleBook) -> None:
    v = verdict(book, licence().replace("covers: ['10'], ", ""))
    assert item_10(v) == [("licensed", "L-1", ())]


def test_no_general_licence_for_a_party_on_the_watch_list(book: RuleBook) -> None:
    head = HEAD.replace("Bosch GmbH, country: DE}", "Subaru Corp., country: JP}").replace(
        "Bosch GmbH, country: DE, military: false}", "Subaru Corp., country: JP, military: false}"
    )
    general = "{type: dual_use_export_license, number: G-9, general: true, valid_until: 2029-01-01}"
    v = verdict(book, general, head=head)
    ((level, covered_by, why_not),) = item_10(v)
    assert (level, covered_by) == ("license_required", None)
    assert "a general licence cannot be used for a party on the Watch List" in why_not[0]
    assert "consignee and end_user" in why_not[0]
    individual = general.replace("general: true", "general: false")
    assert item_10(verdict(book, individual, head=head))[0][:2] == ("licensed", "G-9")


def test_a_prohibition_is_never_covered(book: RuleBook) -> None:
    text = (
        "kind: shipment\nexporter: {name: A, country: CN}\n"
        "end_user: {name: JGSDF Supply, country: JP, military: true}\n"
        "licenses:\n  - {type: dual_use_export_license, number: L-2, valid_until: 2029-01-01}\n"
        "items:\n  - {description: Synthetic diamond micropowder, hs_code: '71051020',"
        " parameters: {particle_size_um: 4}}\n"
    )
    v = check(parse_file(text.encode(), "f.yaml"), book, dt.date(2026, 12, 1))
    assert v.level is Level.PROHIBITED
    levels = {f.rule: f.level for f in v.findings}
    assert levels["mofcom-2026-1:japan-military"] is Level.PROHIBITED
    assert levels["mofcom-2025-55:2C902.a"] is Level.LICENSED


@pytest.mark.parametrize(
    ("licence", "message"),
    [
        ("{type: export_permit, number: X, valid_until: 2027-01-01}", "is not one of"),
        ("{type: dual_use_export_license, valid_until: 2027-01-01}", "number: missing required"),
        (
            "{type: dual_use_export_license, number: X, valid_from: 2027-02-01,"
            " valid_until: 2027-01-01}",
            "2027-01-01 is before valid_from 2027-02-01",
        ),
        (licence(general="yes"), '"yes" is not one of'),
        (licence(destination="Germany"), "ISO 3166-1"),
    ],
)  # fmt: skip
def test_a_malformed_licence_is_an_input_error(book: RuleBook, licence: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        verdict(book, licence)
    shown = [str(p) for p in caught.value.problems]
    assert any(message in s and "licenses[1]" in s for s in shown), shown
