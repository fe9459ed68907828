from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from exportcheck.errors import Mark, Problems
from exportcheck.input.fields import Reader
from exportcheck.input.yamlio import load_text
from exportcheck.model.description import Description
from exportcheck.render import reasons
from exportcheck.rules.matchers.base import Context, Matcher, Outcome, Truth
from exportcheck.rules.matchers.registry import compile_expression
from exportcheck.vocab.parameters import PARAMETERS, Parameter

AS_OF = dt.date(2026, 12, 1)
HEAD = "kind: shipment\nexporter: {name: A, country: CN}\nitems:\n"


def compile_rule_data(text: str) -> tuple[Matcher | None, list[str]]:
    problems = Problems("rules.yaml")
    value = load_text(text, "rules.yaml")
    matcher = compile_expression(value, Mark(1, 1), "rules[1].trigger", Reader(problems))
    return matcher, [str(p) for p in problems.items]


def truth(expression: str, item: str, describe: Callable[[str], Description]) -> Truth:
    matcher, problems = compile_rule_data(expression)
    assert matcher is not None, problems
    description = describe(HEAD + "  - " + item + "\n")
    outcome = matcher.evaluate(Context(description, description.items[0], AS_OF))
    return outcome.truth


T, F, U = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN


def said(outcome: Outcome, description: Description) -> list[str]:
    """The outcome's evidence as the reports word it, about the first item."""
    return [reasons.evidence(description.items[0].path, e) for e in outcome.evidence]


@pytest.mark.parametrize(
    ("expression", "item", "expected"),
    [
        ("hs_code: ['2846']", "{description: x, hs_code: '2846901940'}", T),
        ("hs_code: ['2846']", "{description: x, hs_code: '2805301910'}", F),
        ("control_code: [1C905]", "{description: x, hs_code: '1234', control_code: 1C905.b}", T),
        ("control_code: [1C905]", "{description: x, hs_code: '1234', control_code: 1c905}", T),
        ("control_code: [1C90]", "{description: x, hs_code: '1234', control_code: 1C905}", F),
        ("control_code: [1C905]", "{description: x, hs_code: '1234'}", F),
        ("control_code: [1C905]", "{description: x, hs_code: '1234', control_code: none}", F),
        ("element: [Dy]", "{description: x, hs_code: '1234', contains: {dy: 2}}", T),
        ("element: [dysprosium]", "{description: x, hs_code: '1234', contains: {Dy: 2}}", T),
        ("element: [Dy]", "{description: x, hs_code: '1234', contains: {Dy: 0, Fe: 100}}", F),
        ("element: [Dy]", "{description: x, hs_code: '1234', contains: {cotton: 100}}", F),
        ("element: [Dy]", "{description: x, hs_code: '1234'}", U),
        ("keyword: [oxide]", "{description: Dysprosium OXIDE, hs_code: '1234'}", T),
        ("keyword: [oxide]", "{description: peroxidases, hs_code: '1234'}", F),
        ("keyword: [li-ion cell]", "{description: 'Li-ion cell, 21700', hs_code: '1234'}", T),
        ("unnamed_substance: true", "{description: Alloy targets}", T),
        ("unnamed_substance: true", "{description: 'Oxide powder, 99.9%', hs_code: '2846'}", T),
        ("unnamed_substance: true", "{description: 金属粉末}", T),
        ("unnamed_substance: true", "{description: Steel bars}", F),
        ("unnamed_substance: true", "{description: 'Targets, bonded to Cu backing plate'}", T),
        ("element: [Ga]", "{description: Galium Arsenid wafers}", T),
        ("element: [Dy]", "{description: Disprosium oxide}", T),
        ("element: [Tb]", "{description: テルフェノール rods}", T),
        ("element: [Dy]", "{description: NdFeB magnet blocks}", U),
        ("unnamed_substance: true", "{description: Metal screws}", F),
        ("unnamed_substance: true", "{description: Dysprosium oxide}", F),
        ("unnamed_substance: true", "{description: Alloy targets, control_code: none}", F),
        ("unnamed_substance: true", "{description: Alloy targets, contains: {Cu: 100}}", F),
        ("keyword: [dysprosium]", "{description: Dysprosium-free NdFeB magnets}", F),
        ("keyword: [dysprosium]", "{description: 'NdFeB magnets, ohne Dysprosium'}", F),
        ("keyword: [dysprosium]", "{description: 'Dysprosium-free bag, dysprosium oxide'}", T),
        ("element: [Dy]", "{description: 'Dysprosium-free bag, dysprosium oxide'}", T),
        ("element: [Dy]", "{description: 'Dy-free label; Dy2O3 99.9%'}", T),
        (
            "parameter: {name: energy_density_wh_per_kg, at_least: 300}",
            "{description: x, hs_code: '1234', parameters: {energy_density_wh_per_kg: 300}}",
            T,
        ),
        (
            "parameter: {name: energy_density_wh_per_kg, at_least: 300}",
            "{description: x, hs_code: '1234', parameters: {energy_density_wh_per_kg: 299.9}}",
            F,
        ),
        (
            "parameter: {name: energy_density_wh_per_kg, at_least: 300}",
            "{description: x, hs_code: '1234'}",
            U,
        ),
        (
            "parameter: {name: volume_m3, above: 50, at_most: 500}",
            "{description: x, hs_code: '1234', parameters: {volume_m3: 50}}",
            F,
        ),
        (
            "parameter: {name: volume_m3, above: 50, at_most: 500}",
            "{description: x, hs_code: '1234', parameters: {volume_m3: 500}}",
            T,
        ),
        ("origin: [CN]", "{description: x, hs_code: '1234'}", T),
        ("origin: [CN]", "{description: x, hs_code: '1234', origin: DE}", F),
        ("exporter_country: [CN]", "{description: x, hs_code: '1234'}", T),
        ("needs_fact: control_code", "{description: x, hs_code: '1234'}", U),
        ("needs_fact: control_code", "{description: x, hs_code: '1234', control_code: none}", F),
        ("needs_fact: contains", "{description: x, hs_code: '1234', contains: {steel: 9}}", F),
    ],
)
def test_leaf_truth(
    expression: str, item: str, expected: Truth, describe: Callable[[str], Description]
) -> None:
    assert truth(expression, item, describe) is expected


def test_unknown_names_the_missing_field(describe: Callable[[str], Description]) -> None:
    matcher, _ = compile_rule_data("parameter: {name: energy_density_wh_per_kg, at_least: 300}")
    assert matcher is not None
    d = describe(HEAD + "  - {description: x, hs_code: '850760'}\n")
    outcome = matcher.evaluate(Context(d, d.items[0], AS_OF))
    assert [reasons.missing(d.items[0].path, m) for m in outcome.missing] == [
        "items[1].parameters.energy_density_wh_per_kg"
    ]


def test_false_threshold_says_by_how_much(describe: Callable[[str], Description]) -> None:
    matcher, _ = compile_rule_data("parameter: {name: energy_density_wh_per_kg, at_least: 300}")
    assert matcher is not None
    d = describe(
        HEAD
        + "  - {description: x, hs_code: '8507', parameters: {energy_density_wh_per_kg: 250}}\n"
    )
    outcome = matcher.evaluate(Context(d, d.items[0], AS_OF))
    assert said(outcome, d) == ["energy_density_wh_per_kg 250 < 300 Wh/kg"]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("hs_cod: ['28']", "unknown matcher 'hs_cod'"),
        ("{hs_code: ['28'], keyword: [x]}", "an expression has exactly one key"),
        ("hs_code: ['28A']", "HS prefixes must be 2-10 digits, found 28A"),
        ("element: [Dysprosum]", "'Dysprosum' is not a chemical element"),
        ("parameter: {name: energy, at_least: 3}", "unknown parameter 'energy'"),
        ("parameter: {name: volume_m3}", "needs at least one of at_least, above, at_most, below"),
        ("parameter: {name: volume_m3, over: 3}", "unknown key 'over'"),
        ("parameter: {name: volume_m3, above: lots}", '"lots" is not a number'),
        ("origin: [XX]", "not ISO 3166-1 alpha-2 codes: XX"),
        ("needs_fact: colour", "expected one item field"),
        ("any: []", "expected a non-empty list of expressions"),
        ("all: [{hs_code: ['28']}, {nope: 1}]", "rules[1].trigger.all[2].nope: unknown matcher"),
        ("keyword: []", "expected a non-empty list of text"),
    ],
)
def test_bad_rule_data_is_reported(expression: str, expected: str) -> None:
    matcher, problems = compile_rule_data(expression)
    assert matcher is None
    assert any(expected in p for p in problems), problems


MOTOR = """\
  - description: Traction motor
    hs_code: '8501'
    value: {value}
    components:
      - {{description: NdFeB magnet set, origin: CN, value: {magnet}, contains: {{Dy: 3}}}}
      - {{description: Stator, origin: DE, value: 1000}}
"""
SHARE = "value_share: {origin: [CN], elements: [Dy, Tb], at_least: 0.1}"


@pytest.mark.parametrize(
    ("value", "magnet", "truth", "evidence"),
    [
        ("3000", "12.5", T, "0.417% of value (12.5 of 3000); threshold 0.1%; margin +0.317 points"),
        ("3000", "3", T, "0.100% of value (3 of 3000); threshold 0.1%; margin +0.000 points"),
        ("3000", "2.9", F, "0.097% of value (2.9 of 3000); threshold 0.1%; margin -0.003 points"),
        (
            "500000",
            "400",
            F,
            "0.080% of value (400 of 500000); threshold 0.1%; margin -0.020 points",
        ),
    ],
)
def test_value_share_shows_share_threshold_and_margin(
    value: str, magnet: str, truth: Truth, evidence: str, describe: Callable[[str], Description]
) -> None:
    matcher, problems = compile_rule_data(SHARE)
    assert matcher is not None, problems
    d = describe(HEAD + MOTOR.format(value=value, magnet=magnet))
    outcome = matcher.evaluate(Context(d, d.items[0], AS_OF))
    assert outcome.truth is truth
    assert said(outcome, d) == ["CN-origin content " + evidence]


PLAUSIBLE = sorted(
    (name, known) for name, known in PARAMETERS.items() if known.plausible is not None
)


def _outside(known: Parameter) -> list[Decimal]:
    """Values a unit mistake gives: a thousandth of the lowest, a thousand times the highest
    (unless the parser refuses it already, as a purity above 100 %)."""
    low, high = (Decimal(v) for v in known.plausible or ("0", "0"))
    above = None if known.maximum is not None else high * 1000
    return [v for v in (low / 1000 if low > 0 else None, above) if v is not None]


@pytest.mark.parametrize(("name", "known"), PLAUSIBLE, ids=[n for n, _ in PLAUSIBLE])
def test_a_value_outside_the_plausible_range_decides_nothing_and_says_why(
    name: str, known: Parameter, describe: Callable[[str], Description]
) -> None:
    high = Decimal((known.plausible or ("0", "0"))[1])
    for value in _outside(known):
        assert known.implausible(value)
        for bound in ("at_least", "below"):
            matcher, _ = compile_rule_data(f"parameter: {{name: {name}, {bound}: {high / 2}}}")
            assert matcher is not None
            d = describe(HEAD + f"  - {{description: x, parameters: {{{name}: {value}}}}}\n")
            outcome = matcher.evaluate(Context(d, d.items[0], AS_OF))
            assert outcome.truth is Truth.UNKNOWN
            (wanted,) = [reasons.wanted(d.items[0].path, m) for m in outcome.missing]
            assert wanted.startswith(f"items[1].parameters.{name} ({value} {known.unit} is out")


def test_a_cell_written_in_kwh_per_kg_is_review_not_cleared(
    describe: Callable[[str], Description],
) -> None:
    matcher, _ = compile_rule_data("parameter: {name: energy_density_wh_per_kg, at_least: 300}")
    assert matcher is not None
    d = describe(HEAD + "  - {description: x, parameters: {energy_density_wh_per_kg: 0.32}}\n")
    outcome = matcher.evaluate(Context(d, d.items[0], AS_OF))
    assert outcome.truth is Truth.UNKNOWN
    assert [reasons.wanted(d.items[0].path, m) for m in outcome.missing] == [
        "items[1].parameters.energy_density_wh_per_kg (0.32 Wh/kg is outside the plausible "
        "1 to 2000 Wh/kg: check the unit)"
    ]


@pytest.mark.parametrize(
    ("parties", "expected", "missing"),
    [
        ("consignee: {name: B, owners: none}\nend_user: {name: C, owners: [D]}\n", F, []),
        ("consignee: {name: B}\nend_user: {name: C, owners: none}\n", U, ["consignee.owners"]),
        ("consignee: {name: B}\nend_user: {name: C}\n", U, ["consignee.owners", "end_user.owners"]),
        ("", F, []),
    ],
)
def test_needs_owners_asks_each_receiving_party_that_does_not_say(
    parties: str, expected: Truth, missing: list[str], describe: Callable[[str], Description]
) -> None:
    matcher, problems = compile_rule_data("needs_owners: true")
    assert matcher is not None, problems
    description = describe(
        "kind: shipment\nexporter: {name: A, country: JP}\n"
        + parties
        + "items:\n  - {description: x, hs_code: '1234'}\n"
    )
    outcome = matcher.evaluate(Context(description, description.items[0], AS_OF))
    assert outcome.truth is expected
    assert [m.field for m in outcome.missing] == missing


def test_party_role_names_known_roles_only() -> None:
    matcher, problems = compile_rule_data("party_role: [consignee, shipper]")
    assert matcher is None
    assert any("shipper: expected any of exporter | consignee | end_user" in p for p in problems)


ENERGY_TEST = "parameter: {name: energy_density_wh_per_kg, at_least: 300}"


@pytest.mark.parametrize(
    ("item", "expected", "words"),
    [
        # the description alone states the value: it decides, and the evidence quotes it
        ("{description: 'Li-ion cells, 320 Wh/kg'}", T, 'description says "320 Wh/kg"'),
        ("{description: 'Li-ion cells, 250 Wh/kg'}", F, 'description says "250 Wh/kg"'),
        ("{description: '电芯 能量密度320Wh/kg'}", T, 'description says "320Wh/kg"'),
        # given and stated agree on the side of the threshold: the given value decides
        ("{description: 'cells 320 Wh/kg', parameters: {energy_density_wh_per_kg: 310}}", T,
         "energy_density_wh_per_kg 310"),
        ("{description: 'cells 320 Wh/kg', parameters: {energy_density_wh_per_kg: 320}}", T,
         "energy_density_wh_per_kg 320"),
        # they contradict each other: nothing is decided, and the doubt names both
        ("{description: 'cells 250 Wh/kg', parameters: {energy_density_wh_per_kg: 320}}", U,
         'the description says "250 Wh/kg", parameters.energy_density_wh_per_kg is 320'),
        ("{description: 'cells 320 Wh/kg', parameters: {energy_density_wh_per_kg: 250}}", U,
         'the description says "320 Wh/kg", parameters.energy_density_wh_per_kg is 250'),
        # a qualified value decides nothing alone, and does not unsettle a given one
        ("{description: 'cells up to 320 Wh/kg'}", U, 'the description says "up to 320 Wh/kg"'),
        ("{description: 'cells up to 320 Wh/kg', parameters: {energy_density_wh_per_kg: 250}}",
         F, "energy_density_wh_per_kg 250"),
        ("{description: 'cells 0.00032 kWh/kg'}", U, "is outside the plausible"),
    ],
)  # fmt: skip
def test_a_value_the_description_states(
    item: str, expected: Truth, words: str, describe: Callable[[str], Description]
) -> None:
    matcher, _ = compile_rule_data(ENERGY_TEST)
    assert matcher is not None
    d = describe(HEAD + "  - " + item + "\n")
    outcome = matcher.evaluate(Context(d, d.items[0], AS_OF))
    assert outcome.truth is expected
    shown = said(outcome, d) + [reasons.wanted(d.items[0].path, m) for m in outcome.missing]
    assert any(words in line for line in shown), shown


SHARE_TEST = "value_share: {origin: [CN], elements: [Dy, Tb], at_least: '0.1'}"


@pytest.mark.parametrize(
    ("components", "value", "expected", "words"),
    [
        ("[{description: magnet, origin: CN, value: 5, contains: {Dy: 3}}]", 1000, T, "0.500%"),
        # worth more than the item: a unit price against a line total; no share is read
        ("[{description: magnet, origin: CN, value: 5000, contains: {Dy: 3}}]", 1000, U,
         "more than the item's 1000"),
        ("[{description: magnet, origin: CN, value: " + "1" + "0" * 26 + ", contains: {Dy: 3}}]",
         1000, U, "more than the item's"),
        # a counted component of value 0 says nothing of its share
        ("[{description: magnet, origin: CN, value: 0, contains: {Dy: 3}}]", 1000, U,
         "a value of 0"),
    ],
)  # fmt: skip
def test_a_share_is_read_only_from_values_that_can_give_one(
    components: str,
    value: int,
    expected: Truth,
    words: str,
    describe: Callable[[str], Description],
) -> None:
    matcher, problems = compile_rule_data(SHARE_TEST)
    assert matcher is not None, problems
    d = describe(
        "kind: shipment\nexporter: {name: A, country: JP}\nitems:\n"
        f"  - {{description: Traction motor, value: {value}, components: {components}}}\n"
    )
    outcome = matcher.evaluate(Context(d, d.items[0], AS_OF))
    assert outcome.truth is expected
    shown = said(outcome, d) + [reasons.wanted(d.items[0].path, m) for m in outcome.missing]
    assert any(words in line for line in shown), shown


@pytest.mark.parametrize(
    ("technology", "expected"),
    [
        ("{description: Rare earth separation process, area: rare_earth_separation}", T),
        ("{description: Rare earth separation process}", T),  # classified from the words
        ("{description: Rare earth separation process, area: other}", U),  # they disagree
        ("{description: Cotton spinning know-how, area: other}", F),
        ("{description: Rare earth separation process, area: rare_earth_smelting}", U),
    ],
)
def test_a_given_area_does_not_clear_what_the_description_says(
    technology: str, expected: Truth, describe: Callable[[str], Description]
) -> None:
    matcher, _ = compile_rule_data("area: [rare_earth_separation]")
    assert matcher is not None
    d = describe(
        "kind: technology_transfer\nexporter: {name: A, country: CN}\n"
        "recipient: {name: B, country: DE}\ntechnologies:\n  - " + technology + "\n"
    )
    subject = d.technologies[0]
    outcome = matcher.evaluate(Context(d, subject, AS_OF))
    assert outcome.truth is expected
    if expected is U:
        (wanted,) = [reasons.wanted(subject.path, m) for m in outcome.missing]
        assert "the description reads as rare_earth_separation" in wanted
