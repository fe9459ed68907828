"""The engine over the bundled rules: verdicts around every threshold and date of Nos. 18/57/58."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from exportcheck.check.engine import check
from exportcheck.input.parse import parse_file
from exportcheck.model.description import LicenseType
from exportcheck.model.verdict import Finding, Level, NoteKind, Verdict
from exportcheck.render import reasons
from exportcheck.rules.book import combine
from exportcheck.rules.load import load_ruleset

Check = Callable[..., Verdict]

DY_OXIDE = """\
- description: Dysprosium oxide Dy2O3 99.9%
  hs_code: "2846901940"
  contains: {Dy: 78.5, O: 21.5}
"""


def missing(finding: Finding) -> tuple[str, ...]:
    """The finding's missing facts, as every format names them."""
    return tuple(reasons.missing(finding.subject, m) for m in finding.missing)


def rules(verdict: Verdict) -> list[tuple[str, str, str]]:
    return [(f.subject, f.rule, f.level.value) for f in verdict.findings]


def test_dysprosium_oxide_needs_a_dual_use_licence(check_items: Check) -> None:
    verdict = check_items(DY_OXIDE)
    assert verdict.level is Level.LICENSE_REQUIRED
    assert verdict.license_types == (LicenseType.DUAL_USE_EXPORT_LICENSE,)
    assert rules(verdict) == [("items[1]", "mofcom-2025-18:1C905", "license_required")]
    (finding,) = verdict.findings
    assert finding.control_code == "1C905"
    assert finding.caution is None  # the 2026 dual-use catalogue prints the code (review row 16)
    assert "contains dysprosium (78.5%)" in reasons.finding(finding)


def test_no_18_binds_from_its_publication_day(check_items: Check) -> None:
    assert check_items(DY_OXIDE, as_of="2025-04-03").level is Level.NO_MATCH
    before = check_items(DY_OXIDE, as_of="2025-04-03")
    assert [n.kind for n in before.notes if n.rule == "mofcom-2025-18:1C905"] == [
        NoteKind.NOT_IN_FORCE
    ]
    assert check_items(DY_OXIDE, as_of="2025-04-04").level is Level.LICENSE_REQUIRED
    # No. 70 of 2025 did not suspend No. 18.
    assert check_items(DY_OXIDE, as_of="2026-01-15").level is Level.LICENSE_REQUIRED


@pytest.mark.parametrize(
    ("element", "code"),
    [
        ("Sm", "1C902"),
        ("Gd", "1C903"),
        ("Tb", "1C904"),
        ("Dy", "1C905"),
        ("Lu", "1C906"),
        ("Sc", "1C907"),
        ("Y", "1C908"),
    ],
)
def test_each_no_18_element_as_metal(check_items: Check, element: str, code: str) -> None:
    verdict = check_items(
        "- {description: rare-earth metal ingot, hs_code: '2805301990',"
        f" contains: {{{element}: 99.9}}}}"
    )
    assert rules(verdict) == [("items[1]", f"mofcom-2025-18:{code}", "license_required")]


@pytest.mark.parametrize(
    ("element", "code"),
    [("Ho", "1C909"), ("Er", "1C910"), ("Tm", "1C911"), ("Eu", "1C912"), ("Yb", "1C913")],
)
def test_each_no_57_element_follows_the_no_70_suspension(
    check_items: Check, element: str, code: str
) -> None:
    item = (
        f"- {{description: oxide powder, hs_code: '2846909990',"
        f" contains: {{{element}: 80, O: 20}}}}"
    )
    assert check_items(item, as_of="2025-11-07").level is Level.NO_MATCH  # before effect
    suspended = check_items(item, as_of="2026-11-10")  # last day of the suspension
    assert suspended.level is Level.NO_MATCH
    assert [(n.rule, n.kind) for n in suspended.notes] == [
        (f"mofcom-2025-57:{code}", NoteKind.SUSPENDED)
    ]
    revived = check_items(item, as_of="2026-11-11")
    assert rules(revived) == [("items[1]", f"mofcom-2025-57:{code}", "license_required")]
    caution = revived.findings[0].caution
    assert caution is not None
    assert "after that date is UNCONFIRMED" in caution


def test_ndfeb_magnet_depends_on_terbium_or_dysprosium(check_items: Check) -> None:
    with_dy = check_items(
        "- {description: Sintered NdFeB magnets N52SH, hs_code: '8505111000',"
        " contains: {Nd: 29, Dy: 2.5, Fe: 67.5, B: 1}}"
    )
    assert rules(with_dy) == [("items[1]", "mofcom-2025-18:1C905", "license_required")]
    without = check_items(
        "- {description: Sintered NdFeB magnets N35, hs_code: '8505111000',"
        " contains: {Nd: 31, Fe: 68, B: 1}}"
    )
    assert without.level is Level.NO_MATCH
    assert {n.rule for n in without.notes} == {"mofcom-2025-18:1C904", "mofcom-2025-18:1C905"}
    unknown = check_items("- {description: Sintered NdFeB magnets, hs_code: '8505111000'}")
    assert unknown.level is Level.REVIEW
    # the words say NdFeB: the Tb/Dy content settles it, as without an HS code
    assert {missing(f) for f in unknown.findings} == {("items[1].contains",)}


def test_samarium_cobalt_magnets_by_description_alone(check_items: Check) -> None:
    verdict = check_items("- {description: SmCo permanent magnets, hs_code: '8505111000'}")
    assert ("items[1]", "mofcom-2025-18:1C902", "license_required") in rules(verdict)


def test_a_motor_containing_dysprosium_is_not_a_listed_form(check_items: Check) -> None:
    verdict = check_items(
        "- {description: Traction motor, hs_code: '8501523000',"
        " contains: {Dy: 0.2, Fe: 60, Cu: 39.8}}"
    )
    assert verdict.level is Level.NO_MATCH
    (note,) = verdict.notes
    assert note.kind is NoteKind.NOT_CONTROLLED


def test_rare_earth_compound_without_composition_is_review(check_items: Check) -> None:
    verdict = check_items("- {description: Mixed rare earth oxide, hs_code: '2846901990'}")
    assert rules(verdict) == [("items[1]", "mofcom-2025-18:composition", "review")]
    assert missing(verdict.findings[0]) == ("items[1].control_code", "items[1].contains")
    classified = check_items(
        "- {description: Mixed rare earth oxide, hs_code: '2846901990', control_code: none}"
    )
    assert classified.level is Level.NO_MATCH
    named = check_items("- {description: Cerium oxide polishing powder, hs_code: '2846101000'}")
    assert named.level is Level.NO_MATCH


@pytest.mark.parametrize(
    ("density", "expected"),
    [("299.9", Level.NO_MATCH), ("300", Level.LICENSE_REQUIRED), ("320", Level.LICENSE_REQUIRED)],
)
def test_lithium_ion_cells_at_300_wh_per_kg(
    check_items: Check, density: str, expected: Level
) -> None:
    verdict = check_items(
        f"- {{description: Li-ion pouch cell, hs_code: '8507600090',"
        f" parameters: {{energy_density_wh_per_kg: {density}}}}}"
    )
    assert verdict.level is expected


def test_lithium_ion_cell_without_energy_density_is_review(check_items: Check) -> None:
    verdict = check_items("- {description: Lithium-ion cell 21700, hs_code: '8507.60'}")
    assert verdict.level is Level.REVIEW
    (finding,) = verdict.findings
    assert finding.rule == "mofcom-2025-58:3A001"
    assert missing(finding) == ("items[1].parameters.energy_density_wh_per_kg",)
    assert "items[1].parameters.energy_density_wh_per_kg" in reasons.finding(finding)


def test_no_58_before_and_during_its_suspension(check_items: Check) -> None:
    cells = (
        "- {description: Li-ion cell, hs_code: '8507600090',"
        " parameters: {energy_density_wh_per_kg: 320}}"
    )
    assert check_items(cells, as_of="2025-11-07").level is Level.NO_MATCH
    assert check_items(cells, as_of="2026-06-01").level is Level.NO_MATCH
    assert check_items(cells, as_of="2026-11-11").level is Level.LICENSE_REQUIRED


@pytest.mark.parametrize(
    ("density", "capacity", "expected"),
    [
        ("2.5", "156", Level.LICENSE_REQUIRED),
        ("2.49", "160", Level.NO_MATCH),
        ("2.6", "155.9", Level.NO_MATCH),
        ("2.6", None, Level.REVIEW),
    ],
)
def test_lfp_cathode_needs_both_thresholds(
    check_items: Check, density: str, capacity: str | None, expected: Level
) -> None:
    params = f"compaction_density_g_per_cm3: {density}"
    if capacity is not None:
        params += f", specific_capacity_mah_per_g: {capacity}"
    verdict = check_items(
        f"- {{description: LFP cathode powder, hs_code: '2842904000', parameters: {{{params}}}}}"
    )
    assert verdict.level is expected
    if expected is Level.NO_MATCH:
        assert [n.kind for n in verdict.notes] == [NoteKind.NOT_CONTROLLED]


def test_an_lfp_cell_is_judged_as_a_cell_not_as_cathode_powder(check_items: Check) -> None:
    verdict = check_items(
        "- {description: LFP cell 280Ah, hs_code: '8507600090',"
        " parameters: {energy_density_wh_per_kg: 180}}"
    )
    assert verdict.level is Level.NO_MATCH
    assert [n.rule for n in verdict.notes] == ["mofcom-2025-58:3A001"]


@pytest.mark.parametrize(
    ("item", "rule"),
    [
        ("{description: NCM811 precursor, hs_code: '2853903000'}", "3C901.a.2"),
        ("{description: Lithium-rich manganese cathode, hs_code: '2841690000'}", "3C901.a.3"),
        ("{description: Artificial graphite anode material, hs_code: '3801100090'}", "3C901.b.1"),
        (
            "{description: Graphitization furnace for anode material, hs_code: '8514200000'}",
            "anode-graphitisation-furnace",
        ),
    ],
)
def test_no_58_items_without_thresholds(check_items: Check, item: str, rule: str) -> None:
    verdict = check_items("- " + item)
    assert ("items[1]", f"mofcom-2025-58:{rule}", "license_required") in rules(verdict)


def test_a_reference_hs_code_alone_raises_a_question_not_a_licence(check_items: Check) -> None:
    verdict = check_items("- {description: hydroxide, hs_code: '2853905000'}")
    assert rules(verdict) == [
        ("items[1]", "identification:unnamed-substance", "review"),  # a hydroxide of what?
        ("items[1]", "mofcom-2025-58:3C901.a.2", "review"),
    ]
    assert missing(verdict.findings[1]) == ("items[1].contains", "items[1].control_code")
    other = check_items(
        "- {description: hydroxide, hs_code: '2853905000', contains: {Mg: 41.7, O: 54.9, H: 3.4}}"
    )
    assert other.level is Level.NO_MATCH


def test_battery_machines_under_a_catch_all_hs_code(check_items: Check) -> None:
    specific = check_items(
        "- {description: Lithium battery cell winding machine, hs_code: '8479899990'}"
    )
    assert rules(specific) == [("items[1]", "mofcom-2025-58:3B901.a", "license_required")]
    vague = check_items("- {description: Industrial machine, hs_code: '84798999'}")
    assert rules(vague) == [("items[1]", "mofcom-2025-58:3B901.a", "review")]
    assert missing(vague.findings[0]) == ("items[1].control_code",)
    declared = check_items(
        "- {description: Industrial machine, hs_code: '84798999', control_code: none}"
    )
    assert declared.level is Level.NO_MATCH


@pytest.mark.parametrize(
    ("volume", "expected"), [("4.9", Level.NO_MATCH), ("5", Level.LICENSE_REQUIRED)]
)
def test_granulation_reactor_at_5_cubic_metres(
    check_items: Check, volume: str, expected: Level
) -> None:
    verdict = check_items(
        f"- {{description: Vertical granulation reactor for graphite anode, hs_code: '8419899090',"
        f" parameters: {{volume_m3: {volume}}}}}"
    )
    assert verdict.level is expected


def test_uncontrolled_goods_get_no_match_and_no_findings(check_items: Check) -> None:
    verdict = check_items(
        "- {description: Cotton t-shirts, hs_code: '6109100000', contains: {cotton: 100}}"
    )
    assert verdict.level is Level.NO_MATCH
    assert verdict.findings == ()
    assert verdict.license_types == ()


def test_declared_control_code_alone_decides(check_items: Check) -> None:
    verdict = check_items("- {description: Part 7, hs_code: '9999', control_code: 1C904.a}")
    assert rules(verdict) == [("items[1]", "mofcom-2025-18:1C904", "license_required")]


def test_a_foreign_exporter_is_judged_by_no_61_only(check_items: Check) -> None:
    head = (
        "kind: shipment\nexporter: {name: Bosch GmbH, country: DE}\n"
        "end_user: {name: Motor Works, country: FR, military: false, owners: none}\n"
    )
    german_made = check_items(DY_OXIDE, head=head)
    assert german_made.level is Level.NO_MATCH  # not China-origin, not a Part 2 item
    china_origin = check_items(DY_OXIDE.replace("contains:", "origin: CN\n  contains:"), head=head)
    assert rules(china_origin) == [
        ("items[1]", "mofcom-2025-61:china-origin-annex-1", "license_required")
    ]
    suspended = check_items(
        DY_OXIDE.replace("contains:", "origin: CN\n  contains:"), head=head, as_of="2026-06-01"
    )
    assert suspended.level is Level.NO_MATCH
    assert [n.kind for n in suspended.notes] == [NoteKind.SUSPENDED]


def test_overall_verdict_is_the_most_severe_and_findings_are_ordered(check_items: Check) -> None:
    verdict = check_items(
        "- {description: Cotton t-shirts, hs_code: '6109100000'}\n"
        "- {description: Li-ion cell, hs_code: '8507600090'}\n" + DY_OXIDE
    )
    assert verdict.level is Level.REVIEW
    assert [f.subject for f in verdict.findings] == ["items[2]", "items[3]"]
    assert verdict.license_types == (LicenseType.DUAL_USE_EXPORT_LICENSE,)


def test_an_undecided_prohibition_is_review_and_a_decided_one_prohibited() -> None:
    ruleset = load_ruleset(
        b"""\
ruleset: {name: t, version: "1", title: T}
measures:
  - {id: t-2026-1, title: T, effective: 2026-01-01, source: https://example.com}
rules:
  - id: t-2026-1:ban
    measure: t-2026-1
    title: Cells over 500 Wh/kg
    verdict: prohibited
    trigger: {hs_code: ["8507"]}
    condition: {parameter: {name: energy_density_wh_per_kg, above: "500"}}
""",
        "t.yaml",
    )
    book = combine([ruleset])
    head = "kind: shipment\nexporter: {name: A, country: CN}\nitems:\n"
    unknown = parse_file((head + "  - {description: x, hs_code: '8507'}\n").encode(), "f")
    assert check(unknown, book, dt.date(2026, 6, 1)).level is Level.REVIEW
    known = parse_file(
        (
            head + "  - {description: x, hs_code: '8507', "
            "parameters: {energy_density_wh_per_kg: 600}}\n"
        ).encode(),
        "f",
    )
    assert check(known, book, dt.date(2026, 6, 1)).level is Level.PROHIBITED


HO_METAL = """\
- description: Holmium metal ingot 99.9%
  hs_code: "2805301990"
  contains: {Ho: 99.9}
"""


def test_a_finding_after_an_unconfirmed_suspension_end_names_the_assumption(
    check_items: Check,
) -> None:
    """No. 57 was suspended by No. 70 to 2026-11-10; no source says what followed, so a finding
    from 2026-11-11 rests on the assumption that the suspension lapsed, as data, with the
    verdict under the alternative (issue 14, item 4)."""
    after = check_items(HO_METAL, as_of="2026-12-01")
    (finding,) = [f for f in after.findings if f.rule == "mofcom-2025-57:1C909"]
    assert finding.assumes == (("mofcom-2025-70", dt.date(2026, 11, 10)),)
    assert after.level is Level.LICENSE_REQUIRED
    assert after.if_extended is Level.NO_MATCH
    during = check_items(HO_METAL, as_of="2026-06-01")
    assert during.level is Level.NO_MATCH
    assert during.if_extended is None
    # Dysprosium (No. 18) was never suspended: nothing is assumed.
    dy = check_items(DY_OXIDE, as_of="2026-12-01")
    assert all(f.assumes == () for f in dy.findings)
    assert dy.if_extended is None
