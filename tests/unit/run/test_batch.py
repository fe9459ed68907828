"""Runs over many inputs: which files a directory gives, one bad input among good ones, the
exit code of the run, and the tally behind the summary."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import msgspec
import pytest
from rich.console import Console

from exportcheck import exits
from exportcheck.exits import most_severe
from exportcheck.input.shipment import shipment_fields
from exportcheck.input.yamlio import DEFAULT_LIMITS
from exportcheck.model.description import Description
from exportcheck.model.result import Result
from exportcheck.model.verdict import Verdict
from exportcheck.report.tally import Tally
from exportcheck.rules.book import RuleBook
from exportcheck.run import progress
from exportcheck.run.batch import (
    BatchOptions,
    Source,
    SourceKind,
    decimal_notices,
    notices,
    run,
    sources,
)

ROOT = Path(__file__).resolve().parents[3]
COTTON = ROOT / "examples" / "cotton-t-shirts.yaml"
DYSPROSIUM = ROOT / "examples" / "dysprosium-oxide-to-germany.yaml"


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ([], 0),
        ([0, 0], 0),
        ([0, 1], 1),
        ([1, 3], 3),
        ([3, 2], 2),  # an input that could not be read outranks one to review
        ([2, 4, 1], 4),  # a prohibition outranks everything
    ],
)
def test_the_run_exits_with_the_most_severe_code(codes: list[int], expected: int) -> None:
    assert most_severe(codes) == expected


def test_a_directory_gives_its_description_files_in_path_order(tmp_path: Path) -> None:
    skipped = ("m.header.yaml", "r/acme.rules.yaml", "r/exportcheck.yaml", "notes.txt")
    for name in ("b.yaml", "a/z.JSON", "a/y.yml", ".hidden.yaml", ".git/c.yaml", *skipped):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    found = list(sources([str(tmp_path)]))
    checked = [s for s in found if s.kind is SourceKind.DESCRIPTION]
    assert [Path(s.name).relative_to(tmp_path).as_posix() for s in checked] == [
        "a/y.yml",
        "a/z.JSON",
        "b.yaml",
    ]
    assert all(s.scanned for s in checked)
    # Skipped by name, said and counted: not hidden folders, nor files without the suffixes.
    left_out = {Path(s.name).relative_to(tmp_path).as_posix() for s in found} - {
        Path(s.name).relative_to(tmp_path).as_posix() for s in checked
    }
    assert left_out == {".hidden.yaml", "m.header.yaml", "r/acme.rules.yaml", "r/exportcheck.yaml"}
    assert {s.kind for s in found if s not in checked} == {SourceKind.SKIPPED}


def test_paths_that_name_nothing_to_check_are_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    found = list(sources([str(tmp_path / "empty"), str(tmp_path / "nope.yaml"), "-"]))
    assert [s.kind for s in found] == [
        SourceKind.MISSING,
        SourceKind.MISSING,
        SourceKind.DESCRIPTION,
    ]
    assert found[0].problem == "directory has no description files (*.yaml, *.yml, *.json)"
    assert found[1].problem == "no such file or directory"


def test_one_bad_input_does_not_stop_the_others(book: RuleBook, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: shipment\n")
    given = [Source(str(p), SourceKind.DESCRIPTION) for p in (COTTON, bad, DYSPROSIUM)]
    results = list(run(given, book, BatchOptions()))
    assert [r.exit_code for r in results] == [0, 2, 1]
    assert results[1].verdict is None
    assert results[1].problems
    assert all(p.file == str(bad) for p in results[1].problems)
    assert all(r.seconds >= 0 for r in results)


@pytest.mark.parametrize("error", [RecursionError("too deep"), OverflowError("date value")])
def test_a_failure_one_input_causes_is_that_inputs(
    book: RuleBook, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    from exportcheck.check.engine import Checker  # noqa: PLC0415

    real = Checker.check

    def failing(self: Checker, description: Description, *args: object) -> Verdict:
        if description.file == str(COTTON):
            raise error
        return real(self, description, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Checker, "check", failing)
    given = [Source(str(p), SourceKind.DESCRIPTION) for p in (COTTON, DYSPROSIUM)]
    results = list(run(given, book, BatchOptions(digest=True)))
    assert [r.exit_code for r in results] == [2, 1]
    (problem,) = results[0].problems
    assert str(problem) == f"{COTTON}: could not be checked: {type(error).__name__}: {error}"
    assert results[0].digest is not None  # the audit log still records what was read


def test_skipped_and_followed_sources_are_said_not_checked(book: RuleBook, tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(COTTON)
    (tmp_path / "sub").mkdir()
    for n in range(12):
        (tmp_path / "sub" / f"r{n:02}.rules.yaml").write_text("x")
    found = list(sources([str(link), str(tmp_path / "sub")]))
    assert [s.kind for s in found[:2]] == [SourceKind.FOLLOWED, SourceKind.DESCRIPTION]
    lines = notices(found)
    assert lines[0] == f"{link}: a symbolic link to {COTTON}; followed"
    assert len(lines) == 1 + 10 + 1
    assert lines[-1] == "exportcheck: 2 more files skipped by a directory search"
    assert [r.file for r in run(found, book, BatchOptions())] == [str(link), str(tmp_path / "sub")]


def test_the_look_ahead_cannot_overflow(book: RuleBook) -> None:
    from exportcheck.check.engine import Checker  # noqa: PLC0415
    from exportcheck.input.parse import parse_file  # noqa: PLC0415

    description = parse_file(COTTON.read_bytes(), "c.yaml")
    for day in (dt.date(2100, 12, 31), dt.date.max):
        assert Checker(book).check(description, day, horizon=10**12).as_of == day


def test_the_tally_counts_verdicts_licences_and_slowest_files(book: RuleBook) -> None:
    given = [Source(str(p), SourceKind.DESCRIPTION) for p in (COTTON, DYSPROSIUM, DYSPROSIUM)]
    tally = Tally()
    for result in run(given, book, BatchOptions()):
        tally.add(result)
    tally.add(Result("x.yaml", None, seconds=99.0))
    assert tally.total == 4
    assert dict(tally.verdicts) == {"no_match": 1, "license_required": 2, "invalid": 1}
    assert [(lic.value, n) for lic, n in tally.license_types.items()] == [
        ("dual_use_export_license", 2)
    ]
    assert tally.slowest(1) == [("x.yaml", 99.0)]
    assert len(tally.slowest()) == 3  # one line per file, not per result


def test_the_exit_code_of_every_verdict_name_is_known() -> None:
    assert exits.FOR_VERDICT == {
        "no_match": 0,
        "licensed": 0,
        "license_required": 1,
        "review": 3,
        "prohibited": 4,
        "invalid": 2,
    }


def test_a_progress_bar_shows_on_a_terminal_once_work_is_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(progress, "PROGRESS_AFTER", 0.0)
    screen = io.StringIO()
    err = Console(file=screen, force_terminal=True, width=80)
    results = [Result(f"{n}.yaml", None) for n in range(3)]
    assert list(progress.with_progress(iter(results), 3, err)) == results
    assert "checking" in screen.getvalue()
    monkeypatch.setattr(progress, "PROGRESS_AFTER", 60.0)
    quiet = io.StringIO()
    err = Console(file=quiet, force_terminal=True, width=80)
    assert list(progress.with_progress(iter(results), 3, err)) == results
    assert quiet.getvalue() == ""


@pytest.mark.parametrize(
    ("text", "given", "said"),
    [
        (
            "id;description;quantity;contains.Dy\n1;Dy2O3;1,5;87,1\n",
            False,
            "numbers in quantity, contains.Dy are read with a decimal comma (87,1 is 87.1; "
            "1.234,5 is 1234.5): the file is semicolon-separated",
        ),
        (
            "id\tdescription\tvalue\n1\tDy2O3\t1,5\n",
            False,
            "numbers in value are read with a decimal comma (87,1 is 87.1; 1.234,5 is 1234.5): "
            "the file is tab-separated",
        ),
        (
            'id,description,parameters.energy_density_wh_per_kg\n1,cell,"300,5"\n',
            True,
            "numbers in parameters.energy_density_wh_per_kg are read with a decimal comma "
            "(87,1 is 87.1; 1.234,5 is 1234.5): --decimal-comma was given",
        ),
        ("id,description,quantity\n1,Dy2O3,1.5\n", False, None),  # comma-separated: points
        ("id;description;origin\n1;Dy2O3;CN\n", False, None),  # no column of numbers
    ],
)
def test_a_decimal_comma_is_stated_with_its_columns_and_why(
    tmp_path: Path, text: str, given: bool, said: str | None
) -> None:
    path = tmp_path / "m.csv"
    path.write_text(text)
    found = [Source(str(path), SourceKind.MANIFEST)]
    sets = ("exporter.name=Ganzhou", "exporter.country=CN")
    fields = shipment_fields(None, sets, DEFAULT_LIMITS)
    lines = decimal_notices(found, BatchOptions(decimal_comma=given, shipment=fields))
    if said is None:
        assert lines == []
    else:
        (line,) = lines
        assert line.startswith(f"{path}: {said}")


STREAMED_HEAD = """\
kind: shipment
date: 2026-12-01
exporter: {name: "Ganzhou Rare Metals Co., Ltd.", country: CN}
"""
STREAMED_ITEMS = """\
items:
  - id: A1
    description: Dysprosium oxide Dy2O3 99.9%
    contains: {Dy: 78.5, O: 21.5}
  - description: Cotton T-shirts
    hs_code: "6109100000"
"""
STREAMED_AFTER = "consignee: {name: Bosch GmbH, country: DE}\n"


@pytest.mark.parametrize(
    "text",
    [
        STREAMED_HEAD + STREAMED_ITEMS,
        STREAMED_HEAD + STREAMED_ITEMS + STREAMED_AFTER,  # keys after the items
        STREAMED_HEAD + STREAMED_ITEMS + "  - id: A1\n    description: twice\n",  # invalid
        STREAMED_HEAD + STREAMED_ITEMS.replace("78.5", "lots"),  # invalid
        STREAMED_HEAD,  # invalid: no items
        "\ufeff" + STREAMED_HEAD + STREAMED_ITEMS,
    ],
)
def test_a_file_read_item_by_item_gives_the_result_of_one_read_whole(
    book: RuleBook, tmp_path: Path, text: str
) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    given = [Source(str(path), SourceKind.DESCRIPTION)]
    day = dt.date(2026, 12, 1)
    whole = list(run(given, book, BatchOptions(as_of=day)))
    streamed = list(run(given, book, BatchOptions(as_of=day, stream_from=0)))
    assert [r.problems for r in streamed] == [r.problems for r in whole]
    mine, theirs = streamed[0].verdict, whole[0].verdict
    if theirs is None:
        assert mine is None
        return
    assert mine is not None
    assert not isinstance(mine.findings, tuple)  # it was read item by item
    assert msgspec.structs.replace(mine, findings=(), notes=(), subjects=()) == (
        msgspec.structs.replace(theirs, findings=(), notes=(), subjects=())
    )
    assert list(mine.findings) == list(theirs.findings)
    assert list(mine.notes) == list(theirs.notes)


def test_a_file_smaller_than_stream_from_is_read_whole(book: RuleBook) -> None:
    given = [Source(str(DYSPROSIUM), SourceKind.DESCRIPTION)]
    size = DYSPROSIUM.stat().st_size
    (small,) = run(given, book, BatchOptions(stream_from=size + 1))
    (big,) = run(given, book, BatchOptions(stream_from=size))
    assert small.verdict is not None
    assert big.verdict is not None
    assert isinstance(small.verdict.findings, tuple)
    assert not isinstance(big.verdict.findings, tuple)
