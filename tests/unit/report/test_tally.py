"""What a run found, for its summary: the same order from run to run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from exportcheck.report.tally import ranked

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = ROOT / "examples" / "manifests" / "2026-12-01.csv"


def test_ranked_is_most_first_then_by_name() -> None:
    assert ranked({"b": 1, "c": 2, "a": 1}) == [("c", 2), ("a", 1), ("b", 1)]


@pytest.mark.parametrize("fmt", ["html", "text"])
def test_a_batch_summary_is_the_same_bytes_whatever_the_hash_seed(fmt: str) -> None:
    """Counts built from sets (the rules a row cites) must not leave their ties in a set's
    order, which changes with PYTHONHASHSEED from one run to the next."""
    args = [sys.executable, "-m", "exportcheck", "check", str(MANIFEST), "-f", fmt]
    args += [
        "--set",
        "exporter.name=Ganzhou",
        "--set",
        "exporter.country=CN",
        "--as-of",
        "2026-12-01",
    ]
    outputs = {
        subprocess.run(
            args,
            capture_output=True,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1", "COLUMNS": "100"},
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(outputs) == 1
    assert len(next(iter(outputs))) > 1000
