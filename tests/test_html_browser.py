"""`--format html` in a real headless browser (issue 15, item 4): the page opens with no
network, its filter shows exactly the rows asked for, nothing an input wrote runs as script,
and a screenshot is kept as a test artefact (tests/artifacts/html-report.png). `.ci/run`
installs Debian's chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SETS = ["--set", "exporter.name=Ganzhou", "--set", "exporter.country=CN", "--as-of", "2026-12-01"]


@pytest.fixture(scope="module")
def browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        message = "chromium is needed for this test: `.ci/run` installs Debian's package"
        if os.environ.get("EXPORTCHECK_BROWSER_TESTS") == "required":
            pytest.fail(message)  # CI: never skipped
        pytest.skip(message)  # a machine without a browser (the README's test command)
    return found


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    folder = tmp_path_factory.mktemp("html")
    manifest = folder / "m.csv"
    rows = (ROOT / "examples" / "manifests" / "2026-12-01.csv").read_text()
    hostile = (
        "X1,\"<script>document.title='owned'</script><img src=x onerror=alert(1)>\",2846901940"
    )
    manifest.write_text(rows.rstrip("\n") + "\n" + _pad(hostile, rows) + "\n")
    report = folder / "report.html"
    CliRunner().invoke(app, ["check", str(manifest), *SETS, "-f", "html", "-o", str(report)])
    lines = CliRunner().invoke(app, ["check", str(manifest), *SETS, "-f", "jsonl"]).stdout
    return report, [json.loads(line) for line in lines.splitlines()]


def _pad(row: str, csv_text: str) -> str:
    """The row with as many empty cells as the manifest's header has columns."""
    width = csv_text.splitlines()[0].count(",") + 1
    cells = row.count(",") + 1 - row.count('","')  # the quoted cell holds no comma here
    return row + "," * (width - cells)


def dom(browser: str, report: Path, anchor: str = "") -> str:
    profile = report.parent / "profile"
    done = subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=3000",
         "--dump-dom", f"{report.as_uri()}{anchor}"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return done.stdout


def shown(page_dom: str) -> list[str]:
    rows = re.findall(r'<tr data-verdict="([a-z_]+)"( style="display: none;")?>', page_dom)
    return [verdict for verdict, hidden in rows if not hidden]


def test_the_page_lists_what_needs_action_and_filters_it(
    browser: str, page: tuple[Path, list[dict[str, object]]]
) -> None:
    report, records = page
    acting = [r["verdict"] for r in records if r["verdict"] not in ("no_match", "licensed")]
    everything = dom(browser, report)
    assert 'data-ready="1"' in everything  # the script ran
    assert shown(everything) == acting
    reviews = dom(browser, report, "#verdict=review")
    assert shown(reviews) == [v for v in acting if v == "review"]
    assert shown(reviews)
    code = dom(browser, report, "#filter=1C905")
    assert shown(code)
    assert len(shown(code)) < len(acting)


def test_nothing_an_input_wrote_runs(
    browser: str, page: tuple[Path, list[dict[str, object]]]
) -> None:
    report, _ = page
    everything = dom(browser, report)
    assert "<title>exportcheck report</title>" in everything  # not 'owned'
    assert everything.count("<script>") == 1
    assert "<img" not in everything
    assert "&lt;script&gt;" in report.read_text()


def test_a_screenshot_is_kept(browser: str, page: tuple[Path, list[dict[str, object]]]) -> None:
    report, _ = page
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "html-report.png"
    shot.unlink(missing_ok=True)
    subprocess.run(
        [browser, *FLAGS, f"--user-data-dir={report.parent / 'profile'}", "--window-size=1200,900",
         f"--screenshot={shot}", report.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000
