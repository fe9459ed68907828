"""The progress bar (issue 15, item 5): counts, rate and time left, for files and for manifest
rows estimated from the files' sizes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from exportcheck.model.result import Result
from exportcheck.run import progress


def test_rows_are_estimated_from_the_size(tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    rows = [f"A{n},Cotton t-shirts lot {n * 7919 % 100_000},6109100000" for n in range(40_000)]
    manifest.write_text("id,description,hs_code\n" + "\n".join(rows) + "\n")
    guess = progress.estimated_rows([str(manifest), str(tmp_path / "missing.csv")])
    assert abs(guess - 40_000) < 40_000 * 0.05


def test_the_bar_says_how_many_how_fast_and_how_long(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "PROGRESS_AFTER", -1.0)
    out = io.StringIO()
    err = Console(file=out, force_terminal=True, width=120)
    results = (Result("m.csv", None, row=n) for n in range(1, 1_001))
    passed = list(progress.with_progress(results, 2_000, err, estimated=True))
    assert len(passed) == 1_000  # every result passes, in order
    assert [r.row for r in passed] == list(range(1, 1_001))
    shown = out.getvalue()
    assert "rows/s" in shown
    assert "/2000" in shown or "/2,000" in shown
    assert "left" in shown
