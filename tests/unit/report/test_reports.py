from __future__ import annotations

import datetime as dt
import io
import json

import msgspec
import pytest
from rich.console import Console

from exportcheck.model.description import LicenseType
from exportcheck.model.evidence import Basis, Form, Missing
from exportcheck.model.result import Result
from exportcheck.model.verdict import Finding, Level, Note, NoteKind, RulesetInfo, Verdict
from exportcheck.report.formats import FORMATS
from exportcheck.report.json_report import dumps
from exportcheck.report.tally import Tally
from exportcheck.report.writer import Target

FINDING = Finding(
    rule="mofcom-2025-58:3A001",
    measure="mofcom-2025-58",
    subject="items[2]",
    item="A7",
    level=Level.REVIEW,
    license=LicenseType.DUAL_USE_EXPORT_LICENSE,
    control_code="3A001",
    basis=Basis(Form.UNDECIDED, "Cells [of] 300 Wh/kg or more"),
    source="https://example.com/[SMM]-",
    caution="Status after 2026-11-10 is UNCONFIRMED.",
    missing=(Missing("parameters.energy_density_wh_per_kg"),),
)
VERDICT = Verdict(
    file="f.yaml",
    reference="PO-1",
    as_of=dt.date(2026, 12, 1),
    level=Level.REVIEW,
    license_types=(),
    findings=(FINDING,),
    notes=(
        Note(
            "r:1",
            "r",
            "items[1]",
            NoteKind.SUSPENDED,
            Basis(Form.SUSPENDED, "r", measure="r", by="No. 70", since=dt.date(2026, 1, 1)),
        ),
    ),
    rulesets=(RulesetInfo("r", "1", "ab" * 32),),
)


def render(fmt: str, *, colour: bool = False, verdict: Verdict = VERDICT) -> str:
    """The report of `verdict`, as a run over one file writes it in format `fmt`."""
    return written(fmt, colour=colour, verdict=verdict).decode()


def written(fmt: str, *, colour: bool = False, verdict: Verdict = VERDICT) -> bytes:
    """The bytes of `render` (a binary format's too)."""
    raw = io.BytesIO()
    out, err = io.TextIOWrapper(raw, encoding="utf-8", newline=""), io.StringIO()
    console = Console(
        file=out, width=100, force_terminal=colour, color_system="standard" if colour else None
    )
    target = Target(
        out=out,
        err=err,
        out_console=lambda: console,
        err_console=lambda: Console(file=err),
        single=True,
        rules={},
    )
    writer = FORMATS[fmt].writer()(target)
    writer.add(Result(verdict.file, verdict))
    writer.close(Tally())
    out.flush()
    assert err.getvalue() == ""
    return raw.getvalue()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_writes_a_verdict(fmt: str) -> None:
    assert written(fmt).strip()


def test_json_has_the_documented_keys_in_order() -> None:
    document = json.loads(render("json"))
    assert list(document) == ["schema_version", "results", "summary"]
    assert document["schema_version"] == 3
    (body,) = document["results"]
    assert list(body) == [
        "schema_version", "file", "reference", "as_of", "as_of_from", "verdict", "without_overlays",
        "licenses", "licenses_applied", "findings", "notes", "horizon", "upcoming",
        "suspensions_assumed", "if_suspensions_extended", "data_reviewed", "data_age_days",
        "data_stale", "screening", "configuration", "rulesets",
    ]  # fmt: skip
    assert body["findings"][0] == {
        "rule": "mofcom-2025-58:3A001",
        "measure": "mofcom-2025-58",
        "subject": "items[2]",
        "item": "A7",
        "verdict": "review",
        "license": "dual_use_export_license",
        "control_code": "3A001",
        "reason": (
            "Cells [of] 300 Wh/kg or more. Cannot decide without "
            "items[2].parameters.energy_density_wh_per_kg."
        ),
        "source": "https://example.com/[SMM]-",
        "caution": "Status after 2026-11-10 is UNCONFIRMED.",
        "caution_kinds": [],
        "missing": ["items[2].parameters.energy_density_wh_per_kg"],
        "score": None,
        "covered_by": None,
        "not_covered": [],
        "assumes": [],
        "if_suspensions_extended": None,
    }
    assert body == json.loads(dumps(VERDICT))


def test_json_is_one_shape_laid_out_as_json_dumps_lays_it_out() -> None:
    """Whatever the number of inputs (issue 15, item 6): an object with every result and a
    summary, indented as `json.dumps(indent=2)` indents it, though written piece by piece."""
    text = render("json")
    document = json.loads(text)
    assert text == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert document["summary"] == {"inputs": 0, "verdicts": {}, "licenses": {}}  # Tally()


def test_text_shows_everything_a_clerk_needs_and_keeps_brackets_literal() -> None:
    text = render("text")
    for expected in (
        "Verdict:  REVIEW   (review, exit 3)",
        "items[2] (id A7)  review  mofcom-2025-58:3A001",
        "control code 3A001",
        "Cells [of] 300 Wh/kg",  # rich markup is not interpreted
        "⚠ items[2] mofcom-2025-58:3A001",
        "Status after 2026-11-10 is UNCONFIRMED.",
        "• items[2].parameters.energy_density_wh_per_kg",
        "items[1] r:1 (suspended)",
        "https://example.com/[SMM]-",
    ):
        assert expected in text, expected
    assert not any(line.endswith(" ") for line in text.splitlines())


def test_text_colour_follows_the_console() -> None:
    assert "\x1b[" not in render("text")
    assert "\x1b[" in render("text", colour=True)


@pytest.mark.parametrize(
    ("reviewed", "said"),
    [
        (dt.date(2026, 11, 20), "2026-11-20 (11 days before the as-of day)"),
        (dt.date(2026, 12, 22), "2026-12-22 (21 days after the as-of day)"),
        (dt.date(2026, 12, 2), "2026-12-02 (1 day after the as-of day)"),
    ],
)
def test_the_text_says_how_long_before_or_after_the_as_of_day_the_data_was_reviewed(
    reviewed: dt.date, said: str
) -> None:
    """A review after the as-of day (a past day asked with --as-of) is so many days after it,
    never a negative number of days."""
    verdict = msgspec.structs.replace(VERDICT, reviewed=reviewed)
    assert said in " ".join(render("text", verdict=verdict).split())
