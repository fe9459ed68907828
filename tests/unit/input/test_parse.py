from __future__ import annotations

import datetime as dt
import textwrap
import time
from collections.abc import Callable, Mapping
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from exportcheck.errors import HINTS, InputError, Problems
from exportcheck.input import composition
from exportcheck.input import keys as keys_module
from exportcheck.input import parse as parse_module
from exportcheck.input.fields import Reader
from exportcheck.input.manifest import passive_ok
from exportcheck.input.parse import parse_file
from exportcheck.input.yamlio import YMap
from exportcheck.model.description import Kind, Stated
from exportcheck.vocab import elements
from exportcheck.vocab.areas import Area

GOOD = """\
kind: shipment
reference: PO-2026-0142
date: 2026-12-01
exporter: {name: "Ganzhou Rare Metals Co., Ltd.", country: CN}
consignee: {name: Bosch GmbH, country: DE}
end_user: {name: Equinor ASA, country: NO, military: false}
end_use: traction motors
items:
  - id: "10"
    description: Dysprosium oxide Dy2O3 99.9%
    hs_code: 0701
    control_code: 1C905.b
    quantity: 500
    unit: kg
    value: 120000
    currency: USD
    contains: {DY: 78.5, Oxygen: 21.5}
    parameters: {energy_density_wh_per_kg: 310}
  - description: Cotton t-shirts
    hs_code: 8471.30
    contains: {cotton: 95, elastane: 5}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_file(textwrap.dedent(text).encode(), "f.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_complete_description_parses_into_typed_values() -> None:
    d = parse_file(GOOD.encode(), "f.yaml")
    assert d.kind is Kind.SHIPMENT
    assert d.reference == "PO-2026-0142"
    assert d.date == dt.date(2026, 12, 1)
    assert d.end_user is not None
    assert d.end_user.country == "NO"
    assert d.end_user.military is Stated.FALSE
    assert d.destination == "NO"  # from end_user.country
    first, second = d.items
    assert first.id == "10"
    assert first.hs_code == "0701"
    assert first.control_code == "1C905.b"
    assert first.origin == "CN"  # from exporter.country
    assert first.quantity == Decimal(500)
    assert first.composition is not None
    assert first.composition.elements == {"Dy": Decimal("78.5"), "O": Decimal("21.5")}
    assert first.composition.unstated == 0
    assert first.parameters == {"energy_density_wh_per_kg": Decimal(310)}
    assert second.id == "2"
    assert second.hs_code == "847130"
    assert second.composition is not None
    assert second.composition.elements == {}
    assert second.composition.materials == {"cotton": Decimal(95), "elastane": Decimal(5)}


def test_destination_falls_back_to_consignee_then_none() -> None:
    base = "kind: shipment\nexporter: {name: A, country: CN}\n"
    items = "items: [{description: x, hs_code: '1234'}]\n"
    d = parse_file((base + "consignee: {name: B, country: FR}\n" + items).encode(), "f")
    assert d.destination == "FR"
    d = parse_file((base + items).encode(), "f")
    assert d.destination is None
    assert d.items[0].composition is None  # no `contains` at all: composition unknown


def test_every_problem_is_reported_at_once_with_positions() -> None:
    found = problems(
        """\
        kind: shipment
        date: 2026-02-30
        exporter: {name: A, country: CN}
        end_user: {name: B, country: Germany, militray: false}
        items:
          - description: x
            hs_code: 28469O1940
            quantity: -3
            contains: {dysprosum: 50, iron: 60}
            parameters: {energy_densty_wh_per_kg: 3}
          - hs_code: "12"
            currency: usd
        """
    )
    assert found == [
        'f.yaml:2:7: date: "2026-02-30" is not a valid calendar date',
        'f.yaml:4:30: end_user.country: "Germany" is not an ISO 3166-1 alpha-2 country code; '
        "did you mean 'DE' (Germany)?",
        "f.yaml:4:39: end_user.militray: unknown key 'militray'; did you mean 'military'?",
        'f.yaml:7:14: items[1].hs_code: "28469O1940" has a letter '
        "(expected 4-10 digits; dots and spaces are ignored)",
        "f.yaml:8:15: items[1].quantity: -3 is below 0 (expected a quantity of 0 or more)",
        "f.yaml:9:16: items[1].contains.dysprosum: unknown element 'dysprosum'; "
        "did you mean 'dysprosium'?",
        "f.yaml:10:18: items[1].parameters.energy_densty_wh_per_kg: unknown key "
        "'energy_densty_wh_per_kg'; did you mean 'energy_density_wh_per_kg'?",
        "f.yaml:11:5: items[2].description: missing required key",
        'f.yaml:11:14: items[2].hs_code: "12" is not 4-10 digits (dots and spaces are ignored)',
        'f.yaml:12:15: items[2].currency: "usd" is not an ISO 4217 currency code '
        "(expected three capital letters, like USD)",
    ]


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        (
            "kind: investment",
            "recipient: missing required key (the foreign party of the investment)",
        ),
        ("kind: parcel", '"parcel" is not one of shipment | investment | technology_transfer'),
        ("destination: de", "country codes are upper case: 'DE'"),
        ("destination: XX", '"XX" is not an ISO 3166-1 alpha-2 country code'),
        ("date: 01.12.2026", "is not a date (expected YYYY-MM-DD"),
        ("end_user: {name: B, military: maybe}", '"maybe" is not one of true | false | unknown'),
        ("items: []", "items: is empty (expected at least one item)"),
        ("colour: red", "unknown key 'colour'"),
        ("end_user: {name: '()'}", 'end_user.name: "()" has no letter or digit'),
        ("end_user: {name: '., -'}", "has no letter or digit: give the party's name"),
    ],
)
def test_top_level_values_are_validated(fragment: str, expected: str) -> None:
    key = fragment.split(":", maxsplit=1)[0]
    lines = {
        "kind": "kind: shipment",
        "exporter": "exporter: {name: A, country: CN}",
        "items": "items: [{description: x, hs_code: '1234'}]",
    }
    lines[key] = fragment  # replaces a base line or adds one
    text = "\n".join(lines.values()) + "\n"
    assert any(expected in p for p in problems(text)), problems(text)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("contains: {Dy: 60, dysprosium: 10}", "dysprosium is already given as 'Dy'"),
        ("contains: {Dy: 60, Fe: 50}", "shares add up to 110%, more than 100%"),
        ("contains: {Dy: 101}", "101 is above 100"),
        ("contains: {Dy: lots}", '"lots" is not a number'),
        ("parameters: {first_cycle_efficiency_percent: 120}", "120 is above 100"),
        ("control_code: EAR99", '"EAR99" is not a control-list code'),
        ("id: '1'\n    x: 1", "unknown key 'x'"),
        ("value: 1,000", '"1,000" is not a number'),
        ("origin: Germany", "did you mean 'DE' (Germany)?"),
    ],
)
def test_item_values_are_validated(item: str, expected: str) -> None:
    text = (
        "kind: shipment\nexporter: {name: A, country: CN}\nitems:\n"
        f"  - description: x\n    hs_code: '1234'\n    {item}\n"
    )
    assert any(expected in p for p in problems(text)), problems(text)


def test_duplicate_item_ids_are_errors() -> None:
    found = problems(
        """\
        kind: shipment
        exporter: {name: A, country: CN}
        items:
          - {id: "10", description: x, hs_code: "1234"}
          - {id: "10", description: y, hs_code: "1234"}
        """
    )
    assert found == ['f.yaml:5:10: items[2].id: "10" is already the id of items[1]']


def test_control_code_none_declares_not_controlled() -> None:
    text = (
        "kind: shipment\nexporter: {name: A, country: CN}\n"
        "items: [{description: x, hs_code: '1234', control_code: None}]\n"
    )
    assert parse_file(text.encode(), "f").items[0].control_code == "none"


def test_a_document_that_is_not_a_mapping() -> None:
    assert problems("- a\n- b\n") == ["f.yaml: expected a mapping (key: value), found a list"]


TRANSFER = """\
kind: technology_transfer
exporter: {name: Hunan Cathode Tech Co., country: CN}
recipient: {name: Cathode Europe Kft., country: HU}
technologies:
  - {id: T1, description: LFP cathode synthesis, area: battery_cathode_preparation,
     parameters: {compaction_density_g_per_cm3: 2.6}}
  - {description: Sintered NdFeB magnet know-how}
services:
  - {description: Commissioning of line 2}
"""


def test_a_technology_transfer_parses_with_areas_given_or_classified() -> None:
    d = parse_file(TRANSFER.encode(), "f.yaml")
    assert d.kind is Kind.TECHNOLOGY_TRANSFER
    assert d.items == ()
    assert d.recipient is not None
    assert d.destination == "HU"  # from the recipient
    first, second = d.technologies
    assert (first.id, first.area, first.area_given) == (
        "T1",
        Area.BATTERY_CATHODE_PREPARATION,
        True,
    )
    assert first.parameters == {"compaction_density_g_per_cm3": Decimal("2.6")}
    assert (second.id, second.area, second.area_given) == (
        "2",
        Area.RARE_EARTH_MAGNET_MANUFACTURING,
        False,
    )
    (service,) = d.services
    assert service.path == "services[1]"
    assert service.area is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TRANSFER.replace("recipient: {name: Cathode Europe Kft., country: HU}\n", ""),
         "recipient: missing required key (the foreign party of the technology_transfer)"),
        ("kind: investment\nexporter: {name: A, country: CN}\nrecipient: {name: B, country: HU}\n",
         "nothing is transferred: give technologies, services or items"),
        ("kind: shipment\nexporter: {name: A, country: CN}\n"
         "items: [{description: x, hs_code: '1234'}]\ntechnologies: [{description: y}]\n",
         "technologies: is for kind technology_transfer or investment, not shipment"),
        ("kind: shipment\nexporter: {name: A, country: CN}\n", "items: missing required key"),
    ],
)  # fmt: skip
def test_kind_decides_what_a_description_must_and_may_hold(text: str, expected: str) -> None:
    assert any(expected in p for p in problems(text)), problems(text)


def test_components_are_read_with_their_own_paths() -> None:
    d = parse_file(
        b"kind: shipment\nexporter: {name: A, country: DE}\nitems:\n"
        b"  - description: Motor\n    hs_code: '8501'\n    value: 3000\n    components:\n"
        b"      - {description: Magnet, origin: CN, value: 12.5, contains: {Dy: 3.1}}\n",
        "f.yaml",
    )
    (component,) = d.items[0].components or ()
    assert component.place == "components[1]"
    assert component.origin == "CN"
    assert component.value == Decimal("12.5")
    assert component.composition is not None
    assert component.composition.elements == {"Dy": Decimal("3.1")}
    assert component.composition.unstated == Decimal("96.9")
    plain = b"kind: shipment\nexporter: {name: A, country: DE}\n"
    plain += b"items: [{description: x, hs_code: '1234'}]\n"
    assert (
        parse_file(
            plain,
            "f.yaml",
        )
        .items[0]
        .components
        is None
    )


@given(
    key=st.sampled_from(["quantity", "unit", "value", "currency"]),
    raw=st.one_of(
        st.text(max_size=8),
        st.from_regex(r"[+-]?\d{0,4}(\.\d{0,3})?(e\d)?", fullmatch=True),
        st.sampled_from(["USD", "usd", "EUR", "XXX", " 12", "1_000", "٣", "１２"]),
    ),
)
@example(key="unit", raw="A\u0370")  # a unit mixing Latin and Greek letters is refused by both
def test_passive_ok_agrees_with_the_description_parser(key: str, raw: str) -> None:
    m = YMap(None)
    m[key] = raw
    problems = Problems("")
    parse_module._passive(Reader(problems), m, "")
    assert passive_ok(key, raw) is (not problems)


def test_a_word_mixing_scripts_is_an_error_naming_the_character() -> None:
    text = (
        "kind: shipment\nexporter: {name: A, country: CN}\nitems:\n"
        "  - description: D\u0443sprosium oxide\n    hs_code: '2846'\n"
    )
    found = problems(text)
    assert len(found) == 1
    assert found[0].startswith("f.yaml:4:18: items[1].description: ")
    assert "U+0443 CYRILLIC SMALL LETTER U" in found[0]
    assert "at character 2" in found[0]


@pytest.mark.parametrize(
    "written", ["２８４６．９０", "2846\u00a090", "\u0662\u0668\u0664\u0666.90"]
)
def test_hs_codes_in_any_digits_are_read_as_ascii_digits(written: str) -> None:
    text = (
        "kind: shipment\nexporter: {name: A, country: CN}\nitems:\n"
        f"  - description: x\n    hs_code: '{written}'\n"
    )
    description = parse_file(text.encode(), "f.yaml")
    assert description.items[0].hs_code == "284690"


def _many_unknown_keys(count: int) -> bytes:
    head = "kind: shipment\nexporter: {name: A, country: CN}\nitems:\n  - description: steel\n"
    keys = "".join(f"    descriptoin{n:06d}x: 1\n" for n in range(count))
    return (head + keys).encode()


def test_did_you_mean_hints_are_bounded_per_file_and_every_problem_is_still_listed() -> None:
    with pytest.raises(InputError) as raised:
        parse_file(_many_unknown_keys(HINTS + 300), "many.yaml")
    problems = raised.value.problems
    unknown = [p for p in problems if "unknown key" in p.message]
    assert len(unknown) == HINTS + 300
    assert sum("did you mean" in p.message for p in unknown) == HINTS


def test_a_file_of_many_unknown_keys_costs_time_in_proportion_to_its_size() -> None:
    def seconds(count: int) -> float:
        started = time.perf_counter()
        with pytest.raises(InputError):
            parse_file(_many_unknown_keys(count), "many.yaml")
        return time.perf_counter() - started

    small, large = seconds(2_000), seconds(20_000)
    assert large < 20 * small + 0.5  # ten times the keys: no more than about ten times the time


def test_a_misspelt_element_is_caught_however_many_keys_come_before_it() -> None:
    shares = "".join(f"      material{chr(97 + n % 26)}{n}: 0.001\n" for n in range(3_000))
    text = (
        "kind: shipment\nexporter: {name: A, country: CN}\nitems:\n  - description: powder\n"
        f"    contains:\n{shares}      dysprosum: 5\n"
    )
    with pytest.raises(InputError) as raised:
        parse_file(text.encode(), "late.yaml")
    assert any(
        "unknown element 'dysprosum'; did you mean 'dysprosium'?" in p.message
        for p in raised.value.problems
    )


def contains(key: str) -> str:
    return textwrap.dedent(
        f"""\
        kind: shipment
        exporter: {{name: A, country: CN}}
        consignee: {{name: B, country: NO}}
        items:
          - description: Bars
            hs_code: "7214"
            contains: {{{key}: 100}}
        """
    )


@pytest.mark.parametrize("key", ["cotton", "Baumwolle", "steel", "棉", "cast iron", "Gusseisen"])
def test_an_ordinary_material_is_not_compared_with_the_elements_names(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[str] = []
    monkeypatch.setattr(elements, "lookup", compared.append)
    composition._misspelt.cache_clear()
    (item,) = parse_file(contains(key).encode(), "f.yaml").items
    assert item.composition is not None
    assert list(item.composition.materials) == [key.casefold()]
    assert compared == []  # a glossary material is no misspelt element: the fuzzy match is spared


@pytest.mark.parametrize(
    ("key", "meant"),
    [
        ("galium", "gallium"),
        ("galium steel", "gallium"),
        ("Dysprosum oxide", "dysprosium"),
        ("cast galium", "gallium"),
    ],
)
def test_a_key_misspelling_an_element_in_any_word_is_an_error_with_the_name(
    key: str, meant: str
) -> None:
    (line,) = problems(contains(key))
    assert line.endswith(f"unknown element {key!r}; did you mean {meant!r}?")


@pytest.mark.parametrize(
    ("written", "owners"),
    [
        ("owners: none", ()),
        ("owners: None", ()),
        ("owners: General Dynamics", ("General Dynamics",)),
        ("owners: [General Dynamics, 'Hanil Holdings']", ("General Dynamics", "Hanil Holdings")),
        ("country: KR", None),
    ],
)
def test_a_receiving_party_says_who_owns_it(written: str, owners: tuple[str, ...] | None) -> None:
    text = (
        "kind: shipment\nexporter: {name: A, country: JP}\n"
        f"consignee: {{name: B, country: KR, {written}}}\n"
        "items:\n  - {description: Cotton t-shirts, hs_code: '6109100000'}\n"
    ).replace("country: KR, country: KR", "country: KR")
    description = parse_file(text.encode(), "t.yaml")
    assert description.consignee is not None
    assert description.consignee.owners == owners


def test_the_exporter_has_no_owners_key() -> None:
    text = (
        "kind: shipment\nexporter: {name: A, country: JP, owners: none}\n"
        "items:\n  - {description: Cotton t-shirts, hs_code: '6109100000'}\n"
    )
    with pytest.raises(InputError) as caught:
        parse_file(text.encode(), "t.yaml")
    assert any("exporter.owners: unknown key" in str(p) for p in caught.value.problems)


VOCABULARIES = [
    keys_module.STATED,
    keys_module.POWERTRAINS,
    keys_module.CONDITIONS,
    keys_module.BOOLEANS,
    keys_module.ASSESSMENTS,
]


@given(
    vocabulary=st.sampled_from(VOCABULARIES),
    data=st.data(),
    case=st.sampled_from([str.upper, str.title, str.lower, lambda t: f" {t.upper()} "]),
)
def test_a_word_of_a_vocabulary_is_read_in_any_case(
    vocabulary: Mapping[str, object], data: st.DataObject, case: Callable[[str], str]
) -> None:
    """Excel writes TRUE and FALSE; people write BEV and Used: the same value."""
    word = data.draw(st.sampled_from(sorted(vocabulary)))
    problems = Problems("f.csv")
    assert Reader(problems).choice_of(case(word), None, "x", vocabulary) == vocabulary[word]
    assert not problems


def test_a_word_outside_the_vocabulary_is_still_an_error() -> None:
    problems = Problems("f.csv")
    assert Reader(problems).choice_of("yes", None, "x", keys_module.BOOLEANS) is None
    assert "is not one of true | false" in str(problems.items[0])
