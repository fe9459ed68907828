"""The audit log: one whole JSON line per check, appended by any number of runs at once."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.run.audit import AuditLog

ROOT = Path(__file__).resolve().parents[3]
HELD = ROOT / "examples" / "held-licences.yaml"


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_each_check_appends_what_was_checked_against_what_and_with_what_outcome(
    tmp_path: Path,
) -> None:
    log = tmp_path / "audit.jsonl"
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: shipment\n")
    for _ in range(2):
        result = CliRunner().invoke(
            app, ["check", str(HELD), str(bad), "--format", "json", "--audit-log", str(log)]
        )
        assert result.exit_code == 2
    first, invalid, again, _ = lines(log)
    assert first["input"] == {
        "path": str(HELD),
        "row": None,
        "sha256": hashlib.sha256(HELD.read_bytes()).hexdigest(),
    }
    assert first["verdict"] == "licensed"
    assert first["as_of"] == "2026-12-01"
    assert first["licenses_applied"] == ["2026-DU-001234", "2026-GL-000077"]
    covered = {f["covered_by"] for f in first["findings"]}
    assert covered == {"2026-DU-001234", "2026-GL-000077"}
    rulesets = first["rulesets"]
    assert {r["origin"] for r in rulesets} == {"bundled"}
    assert all(len(r["sha256"]) == 64 for r in rulesets)
    assert str(first["time"]).endswith("+00:00")
    assert invalid["verdict"] == "invalid"
    assert invalid["problems"]
    assert again["input"] == first["input"]


def test_manifest_rows_are_logged_one_by_one_with_the_digest_of_their_cells(
    tmp_path: Path,
) -> None:
    log = tmp_path / "audit.jsonl"
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "id,description,hs_code\nA,Cotton t-shirts,6109100000\nB,Cotton t-shirts,6109100000\n"
    )
    result = CliRunner().invoke(
        app,
        ["check", str(manifest), "--set", "exporter.name=X", "--set", "exporter.country=CN",
         "--format", "jsonl", "--audit-log", str(log)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = lines(log)
    assert [r["input"]["row"] for r in rows] == [2, 3]
    digest = hashlib.sha256(b"B\x1fCotton t-shirts\x1f6109100000").hexdigest()
    assert rows[1]["input"]["sha256"] == digest


def _append(path: str, worker: int, count: int) -> None:
    log = AuditLog(Path(path))
    for n in range(count):
        line = {"schema_version": 1, "tool": "exportcheck test", "worker": worker, "n": n}
        log.write(line | {"padding": "x" * (500 + worker * 37)})
    log.close()


def test_concurrent_runs_never_interleave_lines(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_append, args=(str(path), w, 200)) for w in range(6)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
        assert w.exitcode == 0
    found = lines(path)
    assert len(found) == 6 * 200
    for worker in range(6):
        assert [r["n"] for r in found if r["worker"] == worker] == list(range(200))


def test_a_torn_line_left_by_a_dead_writer_does_not_tear_the_next(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    whole = b'{"schema_version":1,"tool":"exportcheck 1"}\n'
    path.write_bytes(whole + b'{"torn":')
    log = AuditLog(path)
    log.write({"next": 2})
    log.close()
    text = path.read_text()
    assert text == whole.decode() + '{"torn":\n{"next":2}\n'


def test_an_audit_log_that_cannot_be_written_stops_before_any_check(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "audit.jsonl"
    result = CliRunner().invoke(app, ["check", str(HELD), "--audit-log", str(target)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{target}: cannot write the audit log" in result.stderr


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"export PATH=$HOME/bin:$PATH\n", "is not an exportcheck audit log"),
        (b'{"schema_version":2,"file":"a.yaml"}\n', "is not an exportcheck audit log"),
        (b"<testsuites/>", "is not an exportcheck audit log"),
    ],
)
def test_a_file_that_is_not_an_audit_log_is_never_appended_to(
    tmp_path: Path, content: bytes, why: str
) -> None:
    target = tmp_path / ".bashrc"
    target.write_bytes(content)
    result = CliRunner().invoke(app, ["check", str(HELD), "--audit-log", str(target)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{target}: refusing to use it as the audit log: it {why}" in result.stderr
    assert target.read_bytes() == content


def test_an_audit_log_is_not_reached_through_a_link_or_as_a_fifo(tmp_path: Path) -> None:
    real = tmp_path / "real.jsonl"
    link = tmp_path / "audit.jsonl"
    link.symlink_to(real)
    result = CliRunner().invoke(app, ["check", str(HELD), "--audit-log", str(link)])
    assert result.exit_code == 2
    assert "it is a symbolic link" in result.stderr
    assert not real.exists()
    fifo = tmp_path / "fifo.jsonl"
    os.mkfifo(fifo)
    result = CliRunner().invoke(app, ["check", str(HELD), "--audit-log", str(fifo)])
    assert result.exit_code == 2
    assert "it is not a regular file" in result.stderr


def test_an_existing_audit_log_of_ours_is_appended_to(tmp_path: Path) -> None:
    target = tmp_path / "audit.jsonl"
    for _ in range(2):
        result = CliRunner().invoke(app, ["check", str(HELD), "--audit-log", str(target)])
        assert result.exit_code in (0, 1, 3, 4), result.stderr
    assert len(lines(target)) == 2
