"""The benchmark inputs stay valid and reproducible (benchmarks/run.py measures; this checks that
what it measures is a real check: no input error hides in a generated file)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from typer.testing import CliRunner

from exportcheck.check.engine import Checker
from exportcheck.cli import app
from exportcheck.input import shipment
from exportcheck.input.parse import parse_file
from exportcheck.input.yamlio import DEFAULT_LIMITS
from exportcheck.model.verdict import Level
from exportcheck.rules.book import RuleBook
from exportcheck.rules.load import bundled_files, bundled_list_files, load_rulebook
from exportcheck.run.batch import BatchOptions, rows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import workload  # noqa: E402 (benchmarks/ is not a package)


def test_the_yaml_workload_is_valid_mixed_and_reproducible(book: RuleBook, tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    workload.write_yaml(first, 3_000)
    workload.write_yaml(second, 3_000)
    assert first.read_bytes() == second.read_bytes()
    description = parse_file(first.read_bytes(), first.name)
    assert len(description.items) == 3_000
    verdict = Checker(book).check(description, dt.date(2026, 12, 1))
    rules = {f.rule for f in verdict.findings}
    # rare earths, magnets, cells, cathodes, graphite, gallium, antimony, tungsten, cars
    assert len(rules) >= 8
    assert verdict.level is Level.REVIEW  # magnets without a stated composition
    assert {f.level for f in verdict.findings} == {Level.LICENSE_REQUIRED, Level.REVIEW}


def test_the_csv_workload_is_valid(book: RuleBook, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    header = workload.write_csv(path, 2_000)
    fields = shipment.shipment_fields(str(header), [], DEFAULT_LIMITS)
    options = BatchOptions(today=dt.date(2026, 12, 1), horizon=0, shipment=fields)
    results = list(rows(str(path), Checker(book), options))
    assert len(results) == 2_000
    assert all(r.verdict is not None for r in results), [r.problems for r in results][:3]
    assert len({r.decided.level for r in results if r.decided}) >= 3


def test_synthetic_rules_load_and_change_no_verdict(book: RuleBook, tmp_path: Path) -> None:
    path = tmp_path / "synthetic.yaml"
    path.write_text(workload.synthetic_rules(300), encoding="utf-8")
    more = load_rulebook(bundled_files(), bundled_list_files(), [path])
    assert len(more.rules) == len(book.rules) + 300
    description_path = tmp_path / "d.yaml"
    workload.write_yaml(description_path, 1_000)
    description = parse_file(description_path.read_bytes(), "d.yaml")
    day = dt.date(2026, 12, 1)
    plain, extended = Checker(book).check(description, day), Checker(more).check(description, day)
    assert plain.findings == extended.findings
    assert plain.notes == extended.notes


def test_the_xlsx_workload_holds_the_csv_rows(tmp_path: Path) -> None:
    """Figure 7 reads the same rows from a workbook and from CSV: they must check alike."""
    book = tmp_path / "rows.xlsx"
    header = workload.write_xlsx(book, 300)
    common = ["--header", str(header), "-f", "csv", "--as-of", "2026-12-01", "-q"]
    runner = CliRunner()
    from_book = runner.invoke(app, ["check", str(book), *common])
    from_csv = runner.invoke(app, ["check", str(book.with_suffix(".csv")), *common])
    assert from_book.exit_code == from_csv.exit_code
    cut = [line.split(",", 2)[2] for line in from_book.stdout.splitlines()[1:]]
    assert cut == [line.split(",", 2)[2] for line in from_csv.stdout.splitlines()[1:]]
    assert len(cut) == 300


def test_the_new_party_workload_differs_only_in_its_consignees(tmp_path: Path) -> None:
    """Figure 8 compares rows to a consignee of their own with the same rows to the 40."""
    many, few = tmp_path / "many.csv", tmp_path / "few.csv"
    workload.write_csv(many, 500, parties=True)
    workload.write_csv(few, 500)
    rows = [line.split(",") for line in many.read_text().splitlines()]
    same = [line.split(",") for line in few.read_text().splitlines()]
    assert len(rows) == len(same) == 501
    assert len({row[-4] for row in rows[1:]}) == 500  # a consignee per row
    assert [row[:-4] for row in rows] == [row[:-4] for row in same]
    assert [row[-3] for row in rows] == [row[-3] for row in same]  # the same countries


def test_a_share_of_rows_needing_action_is_what_the_workload_asks(
    book: RuleBook, tmp_path: Path
) -> None:
    """The products that need action are found by checking the catalogue; a manifest that
    draws 10 % of its rows from them has about 10 % of rows needing action, all distinct."""
    every = tmp_path / "catalogue.csv"
    header = workload.write_csv(every, 0, drawn=workload.catalogue_lines())
    fields = shipment.shipment_fields(str(header), [], DEFAULT_LIMITS)
    options = BatchOptions(today=dt.date(2026, 12, 1), horizon=0, shipment=fields)
    checked = list(rows(str(every), Checker(book), options))
    assert len(checked) == len(workload.products())
    numbers = frozenset(
        (r.row or 0) - 2 for r in checked if r.decided and r.decided.level is not Level.NO_MATCH
    )
    assert all(r.row is not None for r in checked)
    assert 0 < len(numbers) < len(checked)
    path = tmp_path / "controlled.csv"
    share = workload.Share(0.10, numbers)
    workload.write_csv(path, 2_000, distinct=True, controlled=share)
    results = list(rows(str(path), Checker(book), options))
    assert len(results) == 2_000
    acting = sum(1 for r in results if r.decided and r.decided.level is not Level.NO_MATCH)
    assert 0.07 <= acting / 2_000 <= 0.13
    descriptions = path.read_text(encoding="utf-8").splitlines()[1:]
    assert len(set(descriptions)) == 2_000
    again = tmp_path / "again.csv"
    workload.write_csv(again, 2_000, distinct=True, controlled=share)
    assert again.read_bytes() == path.read_bytes()
