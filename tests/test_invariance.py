"""Properties of the verdict as a promise (hypothesis).

* Writing invariance: for every bundled rule that lists an element's materials by form, an item
  it controls (the element in one of its listed forms) rewritten (the element's name in any
  language the glossary knows, its symbol or its oxide's formula; the form in any language; any
  case, width, word order, space or invisible character; an unlisted or missing HS code) never
  gets a verdict below `license_required`.
* Information monotonicity: removing any fact (an HS code, a composition or one share of it, a
  control code, a form, a parameter, a destination, a party's military status) from a
  description never lowers its verdict below `review` (or below its own verdict, if lower).
* Positive evidence: every `not_controlled` note carries the evidence that excluded the item,
  and every `review` finding names what would settle it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportcheck.check.engine import Checker
from exportcheck.identify.stated import stated
from exportcheck.input.parse import parse_file
from exportcheck.model.verdict import Level, NoteKind, Verdict
from exportcheck.rules.load import load_rulebook
from exportcheck.rules.matchers.country import Origin
from exportcheck.rules.matchers.element import Element
from exportcheck.rules.matchers.form import FormIs
from exportcheck.rules.model import Rule
from exportcheck.rules.window import Status
from exportcheck.vocab.formulas import OXIDES
from exportcheck.vocab.glossary import WordKind, glossary

AS_OF = dt.date(2026, 12, 1)
BOOK = load_rulebook()
CHECKER = Checker(BOOK)
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "cases" / "corpus"


def check(data: dict[str, Any]) -> Verdict:
    return CHECKER.check(parse_file(json.dumps(data).encode(), "probe.json"), AS_OF)


def shipment(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "shipment",
        "exporter": {"name": "Ganzhou Rare Metals Co., Ltd.", "country": "CN"},
        "consignee": {"name": "Bosch GmbH", "country": "DE"},
        "end_user": {"name": "Bosch GmbH", "country": "DE", "military": "false"},
        "items": [item],
    }


# -- writing invariance ------------------------------------------------------------------------


def _form_rules() -> list[tuple[Rule, str, tuple[str, ...]]]:
    """(rule, element, forms) for every in-force item rule whose trigger names an element and
    whose condition lists forms."""
    found = []
    for rule in BOOK.indexes["goods"].rules:
        if rule.condition is None or rule.level is not Level.LICENSE_REQUIRED:
            continue
        if rule.status(AS_OF).status is not Status.IN_FORCE:
            continue
        if any(isinstance(leaf, Origin) for leaf in rule.trigger.leaves()):
            continue  # China-origin goods exported by others (No. 61): not this test's shipment
        symbols = [
            s for leaf in rule.trigger.leaves() if isinstance(leaf, Element) for s in leaf.symbols
        ]
        forms = [leaf.forms for leaf in rule.condition.affirmed() if isinstance(leaf, FormIs)]
        if symbols and forms:
            found.append((rule, symbols[0], forms[0]))
    return found


FORM_RULES = _form_rules()
BOOK_WORDS = glossary().words


def words_for(kind: WordKind, means: str) -> list[str]:
    """Every glossary word (as keyed) with that meaning: English, Chinese, German, Japanese..."""
    return sorted(
        w for w, m in BOOK_WORDS.items() if any(k is kind and x == means for k, x, _ in m)
    )


def test_every_element_rule_with_listed_forms_is_covered() -> None:
    covered = {rule.id for rule, _, _ in FORM_RULES}
    assert len(covered) >= 12  # Nos. 18 and 57: Sm, Gd, Tb, Dy, Lu, Sc, Y, Ho, Er, Tm, Eu, Yb
    assert {"mofcom-2025-18:1C905", "mofcom-2025-57:1C913"} <= covered


def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _traditional() -> dict[str, list[str]]:
    """Each Simplified Han character, and the Traditional (or Japanese) ones read as it."""
    found: dict[str, list[str]] = {}
    table = ROOT / "exportcheck" / "vocab" / "data" / "han_variants.txt"
    for line in table.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            other, simple = line.split("\t")
            found.setdefault(simple, [simple]).append(other)
    return found


TRADITIONAL = _traditional()


@st.composite
def rewritten(draw: st.DrawFn) -> tuple[str, dict[str, Any], str]:
    rule, symbol, forms = draw(st.sampled_from(FORM_RULES))
    form = draw(st.sampled_from(forms))
    form_word = draw(st.sampled_from(words_for(WordKind.FORM, form) or [form]))
    names = words_for(WordKind.ELEMENT, symbol)
    how = draw(st.sampled_from(["name", "symbol", "formula"]))
    if how == "formula" and symbol in OXIDES and "oxide" in forms:
        substance, form_word = OXIDES[symbol], draw(st.sampled_from(["", "powder", form_word]))
    elif how == "symbol" and len(symbol) == 2:
        substance = symbol  # a symbol is read only before its form word
    else:
        how = "name"
        substance = draw(st.sampled_from(names))
    space = draw(st.sampled_from([" ", "\u00a0", "  ", "\u3000"]))
    text = f"{substance}{space}{form_word}".strip()
    if how == "name":
        text = draw(st.sampled_from([text, text.upper(), text.lower(), text.title()]))
        if draw(st.booleans()):
            text = f"{form_word}{space}{substance}".strip()
    if draw(st.booleans()):  # in Traditional characters (氧化鏑 for 氧化镝)
        text = "".join(draw(st.sampled_from(TRADITIONAL.get(c, [c]))) for c in text)
    if draw(st.booleans()):
        text = _full_width(text)
    if draw(st.booleans()) and len(text) > 6 and text[2:4].isascii() and text[2:4].isalpha():
        text = text[:3] + draw(st.sampled_from(["\u00ad", "\u200b"])) + text[3:]
    item: dict[str, Any] = {"description": text}
    hs = draw(st.sampled_from([None, "9999.99.00", "7202.99"]))
    if hs is not None:
        item["hs_code"] = hs
    return rule.id, item, how


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=rewritten())
def test_a_controlled_item_stays_controlled_however_it_is_written(
    case: tuple[str, dict[str, Any], str],
) -> None:
    rule, item, _ = case
    verdict = check(shipment(item))
    assert verdict.level.rank >= Level.LICENSE_REQUIRED.rank, (rule, item, verdict.findings)
    assert any(f.rule == rule for f in verdict.findings), (rule, item)


# -- information monotonicity --------------------------------------------------------------------

EXAMPLES = sorted(
    p
    for p in [*CORPUS.glob("*.yaml"), *(ROOT / "examples").glob("*.yaml")]
    if p.name != "expected.yaml"
)


def removals(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every description with one fact taken out, named by where it was."""
    found = []

    def without(path: str, change: Any) -> None:
        copied = copy.deepcopy(data)
        change(copied)
        found.append((path, copied))

    for n, item in enumerate(data.get("items") or []):
        for key in ("hs_code", "contains", "control_code", "form", "composition_complete"):
            if key in item:
                without(f"items[{n + 1}].{key}", lambda d, n=n, k=key: d["items"][n].pop(k))
        for key, share in list((item.get("contains") or {}).items())[:3]:
            if not _at_least_a_point(share):
                continue  # less than a point short of 100 % is rounding (input.composition)
            without(
                f"items[{n + 1}].contains.{key}",
                lambda d, n=n, k=key: d["items"][n]["contains"].pop(k),
            )
        said = stated(str(item.get("description", "")))
        for key in item.get("parameters") or {}:
            if key in said:
                continue  # the description states it too: taking out the field keeps the fact
            without(
                f"items[{n + 1}].parameters.{key}",
                lambda d, n=n, k=key: d["items"][n]["parameters"].pop(k),
            )
    for key in ("destination", "end_use_assessment"):
        if key in data:
            without(key, lambda d, k=key: d.pop(k))
    if isinstance(data.get("end_user"), dict) and "military" in data["end_user"]:
        without("end_user.military", lambda d: d["end_user"].pop("military"))
    return found


def _at_least_a_point(share: str) -> bool:
    try:
        return float(str(share).rstrip("% ")) >= 1
    except ValueError:
        return True


def _plain(path: Path) -> dict[str, Any] | None:
    loaded = yaml.load(path.read_text(), Loader=yaml.BaseLoader)  # noqa: S506 (strings only)
    if not isinstance(loaded, dict) or loaded.get("kind") != "shipment":
        return None
    if loaded.get("items") and any("contains" in i and not i["contains"] for i in loaded["items"]):
        return None
    return loaded


SHIPMENTS = [p for p in EXAMPLES if _plain(p) is not None]
"""The shipments (technology transfers have no item facts to take out)."""


@pytest.mark.parametrize("path", SHIPMENTS, ids=[p.name for p in SHIPMENTS])
def test_removing_a_fact_never_lowers_the_verdict_below_review(path: Path) -> None:
    data = _plain(path)
    assert data is not None
    before = check(data).level
    floor = min(before.rank, Level.REVIEW.rank)
    for where, changed in removals(data):
        after = check(changed).level
        assert after.rank >= floor, f"{path.name}: without {where}: {before.value} -> {after.value}"


# -- positive evidence ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_decision_shows_its_evidence(path: Path) -> None:
    verdict = CHECKER.check(parse_file(path.read_bytes(), path.name), AS_OF)
    for note in verdict.notes:
        if note.kind is NoteKind.NOT_CONTROLLED:
            assert note.basis.detail, note
    for finding in verdict.findings:
        if finding.level is Level.REVIEW:
            assert finding.missing or finding.score is not None or finding.caution, finding


# -- an HS code is a reference -----------------------------------------------------------------

MAGNETS = [
    "NdFeB magnets N48SH",
    "Sintered NdFeB magnets",
    "Bonded Nd-Fe-B magnet segments",
    "Neodymium magnets N52",
    "钕铁硼磁铁",
    "NdFeB-Magnete, gesintert",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    description=st.sampled_from(MAGNETS),
    heading=st.sampled_from(["8501", "8503", "8505", "8471", "8708", "9027", "8479"]),
    rest=st.from_regex(r"[0-9]{6}", fullmatch=True),
)
def test_no_hs_code_clears_what_the_words_say_is_a_magnet_material(
    description: str, heading: str, rest: str
) -> None:
    """NdFeB magnets are No. 18's magnet materials whatever code they are declared under: a code
    of machines or vehicles raises a question, it does not clear them (only words that say the
    item is a motor or other article do, with such a code)."""
    verdict = check(shipment({"description": description, "hs_code": heading + rest}))
    assert verdict.level is not Level.NO_MATCH, (description, heading + rest)
    assert any(f.rule.startswith("mofcom-2025-18:") for f in verdict.findings)


@pytest.mark.parametrize(
    "description",
    ["Electric motor with NdFeB magnets containing Dy", "Loudspeaker with neodymium magnet"],
)
def test_an_article_whose_words_and_code_agree_is_not_a_magnet_material(description: str) -> None:
    verdict = check(shipment({"description": description, "hs_code": "8501310000"}))
    assert not any(f.rule.startswith("mofcom-2025-18:") for f in verdict.findings)
