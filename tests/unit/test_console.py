"""The console script starts the command line with the cyclic collector off; the checks turn
it on at their own pace."""

from __future__ import annotations

import gc

import pytest

from exportcheck import cli, console
from exportcheck.run.output import few_collections


def test_the_command_line_starts_with_the_collector_off_and_checks_turn_it_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[bool] = []

    def run() -> None:
        seen.append(gc.isenabled())
        with few_collections():
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())

    monkeypatch.setattr(cli, "main", run)
    try:
        console.main()
    finally:
        gc.enable()
    assert seen == [False, True, False]
