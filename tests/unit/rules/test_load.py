from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
import yaml

from exportcheck.errors import RulesetError
from exportcheck.model.description import LicenseType
from exportcheck.model.verdict import CautionKind, Level
from exportcheck.rules.book import combine
from exportcheck.rules.load import load_rulebook, load_ruleset
from exportcheck.rules.matchers.registry import LEAVES
from exportcheck.rules.model import Measure, Rule, official
from exportcheck.rules.window import Status
from exportcheck.vocab.parameters import PARAMETERS

DATA = Path(__file__).resolve().parents[3] / "exportcheck" / "vocab" / "data"

VALID = """\
ruleset: {name: acme-internal, version: "1", title: ACME internal rules}
measures:
  - id: acme-2026-1
    title: ACME policy 1
    effective: 2026-01-01
    source: https://example.com/policy
    suspensions:
      - {by: acme-2026-2, title: ACME memo 2, from: 2026-03-01, until: 2026-03-31,
         source: https://example.com/memo, caution_after: Memo 2 expired.}
rules:
  - id: acme-2026-1:cobalt
    measure: acme-2026-1
    control_code: X1
    title: Cobalt items
    verdict: license_required
    license: goods_export_license
    trigger: {element: [Co]}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(RulesetError) as caught:
        load_ruleset(textwrap.dedent(text).encode(), "r.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_valid_ruleset_compiles() -> None:
    ruleset = load_ruleset(VALID.encode(), "r.yaml")
    assert ruleset.info.name == "acme-internal"
    assert len(ruleset.info.sha256) == 64
    (rule,) = ruleset.rules
    assert rule.level is Level.LICENSE_REQUIRED
    assert rule.license is LicenseType.GOODS_EXPORT_LICENSE
    assert rule.effective == dt.date(2026, 1, 1)
    assert rule.source == "https://example.com/policy"  # defaults to the measure's


@pytest.mark.parametrize(
    ("day", "status", "cautions"),
    [
        ("2025-12-31", Status.NOT_YET, ()),
        ("2026-01-01", Status.IN_FORCE, ()),
        ("2026-03-01", Status.SUSPENDED, ()),
        ("2026-03-31", Status.SUSPENDED, ()),
        ("2026-04-01", Status.IN_FORCE, ("Memo 2 expired.",)),
    ],
)
def test_status_on_each_side_of_every_date(
    day: str, status: Status, cautions: tuple[str, ...]
) -> None:
    (rule,) = load_ruleset(VALID.encode(), "r.yaml").rules
    found = rule.status(dt.date.fromisoformat(day))
    assert found.status is status
    assert found.cautions == cautions


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("verdict: license_required", "verdict: fine"), '"fine" is not one of'),
        (("    license: goods_export_license\n", ""), "verdict license_required needs a license"),
        (
            ("measure: acme-2026-1\n    control", "measure: acme-2026-9\n    control"),
            "no measure 'acme-2026-9'",
        ),
        (
            ("source: https://example.com/policy", "source: example.com"),
            "is not an http(s) address",
        ),
        (("trigger: {element: [Co]}", "trigger: {elements: [Co]}"), "unknown matcher 'elements'"),
        (("until: 2026-03-31", "until: 2026-02-01"), "2026-02-01 is before from (2026-03-01)"),
        (("id: acme-2026-1:cobalt", "id: cobalt"), "must look like <measure>:<name>"),
        (("    title: Cobalt items\n", ""), "(acme-2026-1:cobalt).title: missing required key"),
        (
            ("    suspensions:\n", "    suspensions: [soon]\n    old:\n"),
            "measures[1].suspensions[1]: expected a mapping",
        ),
        (
            ("    control_code: X1\n", "    control_code: X1\n    severity: 3\n"),
            "unknown key 'severity'",
        ),
        (
            ("    control_code: X1\n", "    control_code: X1\n    caution: Code unsure.\n"),
            "caution: a caution needs caution_kinds",
        ),
        (
            (
                "    control_code: X1\n",
                "    control_code: X1\n    caution_kinds: [code_unconfirmed]\n",
            ),
            "caution_kinds qualify a caution: give the caution",
        ),
        (
            (
                "    control_code: X1\n",
                "    control_code: X1\n    caution: Code unsure.\n    caution_kinds: [unsure]\n",
            ),
            '"unsure" is not one of status_unconfirmed | code_unconfirmed',
        ),
        (
            (
                "    source: https://example.com/policy\n",
                "    source: https://example.com/policy\n    caution: Mine.\n"
                "    caution_kinds: [status_amended]\n",
            ),
            '"status_amended" is not one of',
        ),
    ],
)
def test_broken_rulesets_name_file_rule_and_field(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in VALID
    found = problems(VALID.replace(old, new))
    assert any(expected in p and p.startswith("r.yaml:") for p in found), found


def test_overlapping_suspension_windows_are_rejected() -> None:
    text = VALID.replace(
        "caution_after: Memo 2 expired.}",
        "caution_after: Memo 2 expired.}\n"
        "      - {by: acme-2026-3, title: Memo 3, from: 2026-03-15, until: 2026-04-15,"
        " source: https://example.com/m3}",
    )
    found = problems(text)
    assert any("overlaps 2026-03-01..2026-03-31" in p for p in found), found


def test_duplicate_rule_ids_within_and_across_files() -> None:
    rule = VALID[VALID.index("  - id: acme-2026-1:cobalt") :]
    found = problems(VALID + rule)
    assert any("duplicate rule id" in p for p in found), found
    first = load_ruleset(VALID.encode(), "a.yaml")
    second = load_ruleset(VALID.replace("name: acme-internal", "name: acme-two").encode(), "b.yaml")
    with pytest.raises(RulesetError) as caught:
        combine([first, second])
    assert any("duplicate rule id" in str(p) for p in caught.value.problems)


def test_bundled_rulesets_load_and_every_rule_cites_a_source() -> None:
    book = load_rulebook()
    assert {r.info.name for r in book.rulesets} >= {
        "mofcom-2025-18",
        "mofcom-2025-57",
        "mofcom-2025-58",
    }
    for rule in book.rules:
        assert rule.source.startswith(("https://", "http://")), rule.id
        assert rule.id.startswith(rule.measure.id + ":"), rule.id


def test_every_bundled_caution_says_what_it_is_about() -> None:
    """Scripts filter findings by caution kind (issue 14, item 4): every caution of the
    bundled data carries its kinds, and a caution saying UNCONFIRMED one of the kinds that
    say what is unconfirmed."""
    unconfirmed = {
        CautionKind.STATUS_UNCONFIRMED,
        CautionKind.CODE_UNCONFIRMED,
        CautionKind.SCOPE_UNCONFIRMED,
        CautionKind.SOURCE_UNCONFIRMED,
    }
    book = load_rulebook()
    owners: list[Rule | Measure] = [*book.rules, *(m for r in book.rulesets for m in r.measures)]
    cautioned = [o for o in owners if o.caution]
    assert len(cautioned) > 40
    for owner in cautioned:
        assert owner.caution_kinds, owner.id
        if "UNCONFIRMED" in (owner.caution or ""):
            assert unconfirmed & set(owner.caution_kinds), owner.id
    for owner in owners:
        assert bool(owner.caution) == bool(owner.caution_kinds), owner.id


def test_a_loaded_ruleset_keeps_its_caution_kinds() -> None:
    text = VALID.replace(
        "    control_code: X1\n",
        "    control_code: X1\n    caution: Code unsure.\n"
        "    caution_kinds: [code_unconfirmed, interpretation, code_unconfirmed]\n",
    )
    (rule,) = load_ruleset(text.encode(), "r.yaml").rules
    assert rule.caution_kinds == (CautionKind.CODE_UNCONFIRMED, CautionKind.INTERPRETATION)
    # After memo 2's end, which no source confirms, the status is an assumption as well.
    after = rule.status(dt.date(2026, 4, 1))
    assert after.caution_kinds == (CautionKind.STATUS_UNCONFIRMED, *rule.caution_kinds)


def test_every_rule_cites_the_issuers_page_or_says_none_was_found() -> None:
    book = load_rulebook()
    for rule in book.rules:
        if rule.measure.id == "identification":
            continue  # the tool's own rule for items it cannot identify: no measure, no text
        measure = rule.measure
        pages = (rule.source, measure.source, *measure.confirmed_by)
        cautions = f"{rule.caution or ''} {measure.caution or ''}"
        assert any(map(official, pages)) or "No official text" in cautions, rule.id
    # The announcements' own pages, not vendors' or news pages, are the measures' sources.
    measures = {r.measure.id: r.measure for r in book.rules}
    for measure_id in ("mofcom-2024-46", "mofcom-2025-10", "mofcom-2025-61", "mofcom-2026-1"):
        assert official(measures[measure_id].source), measure_id
        assert measures[measure_id].confirmed_by, measure_id
    # and a finding cites the issuer's page wherever its measure has one
    for rule in book.rules:
        assert official(rule.cited) or not official(rule.measure.source), rule.id


def test_the_docs_name_every_matcher_and_parameter() -> None:
    root = Path(__file__).resolve().parents[3]
    rulesets_doc = (root / "docs" / "rulesets.md").read_text()
    format_doc = (root / "docs" / "format.md").read_text()
    for name in LEAVES:
        assert f"`{name}`" in rulesets_doc, name
    for name in PARAMETERS:
        assert f"`{name}`" in format_doc, name
    for path in sorted((root / "rulesets").glob("*.yaml")):
        assert f"`{path.stem}`" in rulesets_doc, path.stem


def test_the_bundled_data_is_plain_yaml_any_reader_loads() -> None:
    """Stock PyYAML (pure Python and libyaml) reads every bundled file as the tool does: data
    others can reuse (accuracy review, row 30: a URL in a flow mapping broke the pure reader)."""
    root = Path(__file__).resolve().parents[3]
    files = [*sorted((root / "rulesets").rglob("*.yaml")), *sorted(DATA.glob("*.yaml"))]
    assert len(files) > 15
    for path in files:
        text = path.read_text(encoding="utf-8")
        loaders = [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)]
        loaded = [yaml.load(text, Loader=loader) for loader in loaders]  # noqa: S506 (safe loaders)
        assert loaded[0] == loaded[1], path.name
