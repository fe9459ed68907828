"""Which day a check is for: today in China Standard Time on every machine, said in the verdict."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportcheck.model import days

ROOT = Path(__file__).resolve().parents[3]
UNDATED = "kind: shipment\nexporter: {name: A, country: CN}\nitems:\n  - description: cotton\n"


@given(
    instant=st.datetimes(
        min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2099, 1, 1), timezones=st.none()
    ),
    offset=st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_every_time_zone_names_the_same_day_at_one_instant(
    instant: dt.datetime, offset: int
) -> None:
    utc = instant.replace(tzinfo=dt.UTC)
    local = utc.astimezone(dt.timezone(dt.timedelta(minutes=offset)))
    assert days.today(local) == days.today(utc) == (utc + dt.timedelta(hours=8)).date()


def test_the_day_turns_at_midnight_in_china() -> None:
    before = dt.datetime(2026, 11, 27, 15, 59, 59, tzinfo=dt.UTC)  # 23:59:59 in Beijing
    assert days.today(before) == dt.date(2026, 11, 27)
    assert days.today(before + dt.timedelta(seconds=1)) == dt.date(2026, 11, 28)


def test_how_the_day_was_chosen() -> None:
    asked, own, now = dt.date(2026, 1, 1), dt.date(2026, 6, 1), dt.date(2026, 12, 2)
    assert days.chosen(asked, own, now) == (asked, days.AS_OF)
    assert days.chosen(None, own, now) == (own, days.DATE)
    assert days.chosen(None, None, now) == (now, days.TODAY)


@pytest.mark.parametrize("zone", ["Etc/GMT-14", "Etc/GMT+11", "UTC", "Asia/Shanghai"])
def test_a_check_with_no_day_uses_today_in_china_whatever_the_machine_s_zone(
    zone: str, tmp_path: Path
) -> None:
    (tmp_path / "undated.yaml").write_text(UNDATED, encoding="utf-8")
    env = {**os.environ, "TZ": zone, "EXPORTCHECK_CONFIG": "off"}
    before = days.today()
    done = subprocess.run(
        [sys.executable, "-m", "exportcheck", "check", "undated.yaml", "-f", "json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    body = json.loads(done.stdout)["results"][0]
    assert body["as_of"] in {before.isoformat(), days.today().isoformat()}
    assert body["as_of_from"] == "today"
    text = subprocess.run(
        [sys.executable, "-m", "exportcheck", "check", "undated.yaml"],
        cwd=tmp_path,
        env={**env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    assert "(today in China Standard Time, UTC+8)" in text
