"""The false clearances and needless reviews a new user met (issue 12), each as it was written:
none may come back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from exportcheck.check.engine import Checker
from exportcheck.input.parse import parse_file
from exportcheck.model.verdict import Level
from exportcheck.rules.load import load_rulebook

CHECKER = Checker(load_rulebook())
LR, REVIEW, PROHIBITED, NONE = (
    Level.LICENSE_REQUIRED,
    Level.REVIEW,
    Level.PROHIBITED,
    Level.NO_MATCH,
)


def verdict(items: list[dict[str, Any]], **top: Any) -> tuple[Level, set[str]]:
    data = {
        "kind": "shipment",
        "exporter": {"name": "Ganzhou Co.", "country": "CN"},
        "consignee": {"name": "Buyer GmbH", "country": "DE"},
        "end_user": {"name": "Buyer GmbH", "country": "DE", "military": "false"},
        "items": items,
        **top,
    }
    found = CHECKER.check(parse_file(json.dumps(data).encode(), "t.json"), dt.date(2026, 12, 1))
    return found.level, {f.rule for f in found.findings}


@pytest.mark.parametrize(
    ("item", "level", "rule"),
    [
        (
            {
                "description": "Terbium ingot 99.9%",
                "contains": {"Tb": "99.9"},
                "hs_code": "7202.99",
            },
            LR,
            "mofcom-2025-18:1C904",
        ),
        (
            {
                "description": "Terbium ingot 99.9%",
                "contains": {"Tb": "99.9"},
                "hs_code": "8112.92",
            },
            LR,
            "mofcom-2025-18:1C904",
        ),
        ({"description": "氧化镝"}, LR, "mofcom-2025-18:1C905"),
        ({"description": "镝铁合金 DyFe80"}, LR, "mofcom-2025-18:1C905"),
        ({"description": "人造石墨负极材料"}, LR, "mofcom-2025-58:3C901.b.1"),
        (
            {"description": "Rare earth oxide", "contains": {"Dy2O3": "99.9"}},
            LR,
            "mofcom-2025-18:1C905",
        ),
        ({"description": "Magnet alloy", "contains": {"镝": "2.2"}}, LR, "mofcom-2025-18:1C905"),
        ({"description": "Ｄｙ metal"}, LR, "mofcom-2025-18:1C905"),
        (
            {"description": "Neodymium magnets N52SH, Dy 4 %", "hs_code": "8505.19"},
            LR,
            "mofcom-2025-18:1C905",
        ),
        (
            {"description": "Rare earth powder", "contains": {"Dy": "78.5"}},
            LR,
            "mofcom-2025-18:1C905",
        ),
        ({"description": "Ga metal 7N"}, LR, "mofcom-2023-23:gallium"),
        ({"description": "Dy₂O₃"}, LR, "mofcom-2025-18:1C905"),
        ({"description": "Dysprosium\u00a0oxide"}, LR, "mofcom-2025-18:1C905"),
        ({"description": "Dysprosium\u2011oxide powder"}, LR, "mofcom-2025-18:1C905"),
        ({"description": "DYSPROSİUM OXIDE"}, LR, "mofcom-2025-18:1C905"),
        (
            {"description": "Magnet alloy", "contains": {"Nd": "28.5", "Fe": "60"}},
            REVIEW,
            "mofcom-2025-18:1C905",
        ),
        ({"description": "Magnet alloy", "contains": {}}, REVIEW, "mofcom-2025-18:1C905"),
        ({"description": "Item X", "control_code": "1C904.a"}, LR, "mofcom-2025-18:1C904"),
        (
            {"description": "Samarium cobalt magnets Sm2Co17", "hs_code": "8505.11"},
            LR,
            "mofcom-2025-18:1C902",
        ),
    ],
)
def test_items_are_identified_however_written(
    item: dict[str, Any], level: Level, rule: str
) -> None:
    found, rules = verdict([item])
    assert found.rank >= level.rank
    assert rule in rules


def test_a_listed_item_is_not_asked_another_products_question() -> None:
    found, rules = verdict(
        [{"description": "Samarium cobalt magnets Sm2Co17", "hs_code": "8505.11"}]
    )
    assert found is LR
    assert rules == {"mofcom-2025-18:1C902"}


def test_the_hs_code_never_overrides_a_composition() -> None:
    item = {"description": "Terbium ingot 99.9%", "contains": {"Tb": "99.9"}, "hs_code": "8112.92"}
    end_user = {"name": "Acme Inc.", "country": "US", "military": "false"}
    found, rules = verdict([item], end_user=end_user, destination="US")
    assert "mofcom-2023-23:gallium" not in rules
    assert found is LR


def test_military_end_users_behind_another_destination_and_in_chinese() -> None:
    oxide = [{"description": "Dysprosium oxide", "contains": {"Dy2O3": "100"}}]
    army = {"name": "Army Research Laboratory", "country": "US", "military": "true"}
    assert verdict(oxide, end_user=army, destination="DE")[0] is PROHIBITED
    unknown = {"name": "X Corp", "country": "US"}
    assert verdict(oxide, end_user=unknown, end_use="军用导弹制导系统")[0] is PROHIBITED


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("Tech Insights Inc", PROHIBITED),
        # Control List (No. 1 of 2025) and Unreliable Entity List (No. 1 of 2023 for Lockheed
        # Martin, No. 2 of 2025 for Anduril): the UEL bars the cotton too.
        ("Lockheed Martin Corporation, Orlando", PROHIBITED),
        ("Anduril Industries, Inc. (Costa Mesa, CA)", PROHIBITED),
        # Control List only: no dual-use item, so the hit is to be cleared.
        ("Intelligent Epitaxy Technology, Inc. (Richardson, TX)", REVIEW),
    ],
)
def test_listed_parties_are_found_with_suffixes_addresses_and_spacing(
    name: str, level: Level
) -> None:
    cotton = [{"description": "Cotton t-shirts", "contains": {"cotton": "100"}}]
    assert verdict(cotton, consignee={"name": name, "country": "US"})[0] is level


def test_the_catch_all_asks_only_of_goods_for_magnet_making_and_never_downgrades() -> None:
    wire = [{"description": "Enamelled copper winding wire", "hs_code": "8544.11"}]
    assert verdict(wire, end_use="stator windings for NdFeB traction motors")[0] is NONE
    valves = [{"description": "Stainless steel valves", "hs_code": "8481.80"}]
    asked = verdict(valves, end_use="spare parts for an NdFeB magnet plant")
    assert asked == (REVIEW, {"mofcom-2025-62:catch-all"})
    answered = verdict(
        valves, end_use="spare parts for an NdFeB magnet plant", end_use_assessment="none"
    )
    assert answered[0] is NONE
    oxide = [{"description": "Dysprosium oxide", "contains": {"Dy2O3": "100"}}]
    assert verdict(oxide, end_use="NdFeB magnet production")[0] is LR


def test_a_manifest_records_the_answers_too(tmp_path: Path) -> None:
    from typer.testing import CliRunner  # noqa: PLC0415

    from exportcheck.cli import app  # noqa: PLC0415

    rows = tmp_path / "rows.csv"
    rows.write_text(
        "description,hs_code,consignee.name,consignee.country,consignee.distinct_from\n"
        "Stainless steel valves,8481804090,Mitsubishi Heavy Industries,JP,"
        "Mitsubishi Heavy Industries Shipbuilding Co. Ltd.;"
        "Mitsubishi Heavy Industries Aero Engines Ltd.;"
        "Mitsubishi Heavy Industries Marine Machinery & Equipment Co. Ltd.;"
        "Mitsubishi Heavy Industries Maritime Systems Ltd.\n"
    )
    common = ["check", str(rows), "--format", "jsonl", "--as-of", "2026-12-01"]
    common += ["--set", "exporter.name=A", "--set", "exporter.country=CN"]
    common += ["--set", "end_use=spare parts for an NdFeB magnet plant"]
    asked = CliRunner().invoke(app, common)
    assert json.loads(asked.stdout)["verdict"] == "review"
    answered = CliRunner().invoke(app, [*common, "--set", "end_use_assessment=none"])
    assert json.loads(answered.stdout)["verdict"] == "no_match", answered.stdout
