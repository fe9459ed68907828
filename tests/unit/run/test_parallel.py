"""`--jobs N` (issue 15, item 2): the output bytes and the audit lines of a pool of workers
are those of one process, for every format, over manifests (repeated rows, bad rows, a failing
file) and directories of description files."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportcheck.check.engine import Checker
from exportcheck.cli import app
from exportcheck.report.formats import FORMATS
from exportcheck.run import jobs, parallel
from exportcheck.run.batch import Source, SourceKind

ROOT = Path(__file__).resolve().parents[3]
MANIFEST = ROOT / "examples" / "manifests" / "2026-12-01.csv"
SETS = ["--set", "exporter.name=Ganzhou Rare Metals Co., Ltd.", "--set", "exporter.country=CN"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    folder = tmp_path_factory.mktemp("many")
    lines = MANIFEST.read_text().splitlines()
    big = folder / "big.csv"  # repeated rows across many chunks, bad rows among them
    body = lines[1:] * 900
    body[1234] = "bad,row"
    big.write_text("\n".join([lines[0], *body]) + "\n")
    examples = folder / "examples"
    examples.mkdir()
    for path in sorted((ROOT / "examples").glob("*.yaml"))[:12]:
        shutil.copy(path, examples / path.name)
    (examples / "broken.yaml").write_text("kind: shipment\nitems: [\n")
    return [str(big), str(examples)]


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout


def steady(fmt: str, out: bytes) -> bytes:
    """The report less the run's start time (JUnit's timestamp; a workbook's creation time,
    in its core properties)."""
    if fmt == "junit":
        return re.sub(rb'timestamp="[^"]+"', b"", out)
    if FORMATS[fmt].binary:
        with zipfile.ZipFile(io.BytesIO(out)) as book:
            names = [n for n in book.namelist() if n != "docProps/core.xml"]
            return b"\0".join(n.encode() + b"\0" + book.read(n) for n in names)
    return out


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_pool_writes_the_bytes_of_one_process(inputs: list[str], fmt: str) -> None:
    common = ["check", *inputs, *SETS, "--as-of", "2026-12-02", "-f", fmt, "--quiet"]
    one = CliRunner().invoke(app, [*common, "--jobs", "1"])
    two = CliRunner().invoke(app, [*common, "--jobs", "2"])
    assert two.exit_code == one.exit_code
    assert steady(fmt, two.stdout_bytes) == steady(fmt, one.stdout_bytes)
    assert len(steady(fmt, one.stdout_bytes)) > 1000


def test_the_audit_log_is_complete_and_in_order(inputs: list[str], tmp_path: Path) -> None:
    logs = []
    for count in ("1", "2"):
        log = tmp_path / f"audit-{count}.jsonl"
        args = ["check", *inputs, *SETS, "--as-of", "2026-12-02", "-f", "jsonl", "--jobs", count]
        CliRunner().invoke(app, [*args, "--audit-log", str(log)])
        records = [json.loads(line) for line in log.read_text().splitlines()]
        for record in records:
            record.pop("time")
        logs.append(records)
    assert logs[0] == logs[1]
    assert len(logs[0]) > 7000


def test_a_pool_is_used_only_where_it_pays(tmp_path: Path) -> None:
    files = [Source(f"{n}.yaml", SourceKind.DESCRIPTION) for n in range(jobs.WORTH_IT)]
    assert jobs.wanted(files[:1], 4, 0) == 1
    assert jobs.wanted(files, 4, 0) == 4
    assert jobs.wanted(files, 1, 0) == 1
    manifest = [Source(str(tmp_path / "m.csv"), SourceKind.MANIFEST)]
    assert jobs.wanted(manifest, 8, 10) == 1  # one block
    assert jobs.wanted(manifest, 8, 3 * jobs.BLOCK) == 3


def test_blocks_of_rows_give_one_process_s_bytes_and_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quoted line breaks, CRLF and bare CR endings, blank lines, rows of the wrong width and a
    CSV error, read in blocks of 7 rows whose decisions the workers make: the same bytes on
    standard output, the same problems on standard error, as one process."""
    monkeypatch.setattr(parallel, "BLOCK", 7)
    monkeypatch.setattr(jobs, "BLOCK", 7)  # so that a pool is used for these few rows
    header = "id,description,hs_code,contains.Dy\r\n"
    rows = []
    for n in range(60):
        if n % 5 == 0:
            rows.append(f'R{n},"Dysprosium oxide\r\nDy2O3, lot {n % 3}",2846901940,87\r\n')
        elif n % 11 == 0:
            rows.append(f"R{n},bad,row\r\n")
        elif n % 13 == 0:
            rows.append("\r\n")
        elif n % 17 == 0:
            rows.append(f'R{n},"Cotton ""t-shirts""\rsize {n}",6109100000,\r')
        else:
            rows.append(f"R{n},Cotton t-shirts {n % 4},6109100000,\r\n")
    rows.append('R99,"Cotton never closed,6109100000,\n')
    manifest = tmp_path / "m.csv"
    manifest.write_bytes((header + "".join(rows)).encode())
    common = ["check", str(manifest), *SETS, "--as-of", "2026-12-02", "-f", "jsonl", "--quiet"]
    one = CliRunner().invoke(app, [*common, "--jobs", "1"])
    two = CliRunner().invoke(app, [*common, "--jobs", "2"])
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)
    lines = [json.loads(line) for line in one.stdout.splitlines()]
    assert len(lines) > 55
    assert {line["verdict"] for line in lines} >= {"invalid", "no_match", "review"}


def test_rows_that_share_their_facts_are_decided_once_in_the_whole_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each facts' decision is asked of one worker, once: over many blocks and two workers, as
    many decisions as one process makes."""
    monkeypatch.setattr(parallel, "BLOCK", 10)
    monkeypatch.setattr(jobs, "BLOCK", 10)  # so that a pool is used for these few rows
    decisions = tmp_path / "decisions"
    real = Checker.check

    def counted(self: Checker, *args: object, **kwargs: object) -> object:
        with decisions.open("a") as log:
            log.write(f"{os.getpid()}\n")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Checker, "check", counted)
    lines = MANIFEST.read_text().splitlines()
    body = [line for line in lines[1:] if "84x9" not in line]  # no bad row
    manifest = tmp_path / "m.csv"
    manifest.write_text("\n".join([lines[0], *(body * 30)]) + "\n")
    common = ["check", str(manifest), *SETS, "-f", "jsonl", "--quiet"]
    one = CliRunner().invoke(app, [*common, "--jobs", "1"])
    decided = decisions.read_text().splitlines()
    decisions.unlink()
    two = CliRunner().invoke(app, [*common, "--jobs", "2"])
    assert two.stdout == one.stdout
    workers = decisions.read_text().splitlines()
    assert len(workers) == len(decided) >= len(set(body))  # an alternative run adds some
    assert len(set(workers)) == 2  # both workers decided some


def test_a_worker_s_failure_is_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object) -> None:
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(Checker, "check", boom)
    result = CliRunner().invoke(app, ["check", str(MANIFEST), *SETS, "--jobs", "2", "-q"])
    assert result.exit_code == 70
    assert "internal error: RuntimeError: engine exploded" in result.stderr
