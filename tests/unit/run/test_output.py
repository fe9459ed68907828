"""`-o`: what it refuses, the mode the report gets, and no temporary file left behind."""

from __future__ import annotations

import os
import signal
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportcheck.cli import app
from exportcheck.errors import InputError
from exportcheck.run import output
from exportcheck.run.output import TEMPORARY, destination, output_target

ROOT = Path(__file__).resolve().parents[3]
COTTON = (ROOT / "examples" / "cotton-t-shirts.yaml").read_text()


def check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["check", *args], env={"COLUMNS": "100"})
    return result.exit_code, result.stdout, result.stderr


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMPORARY))


@pytest.fixture
def shipment(tmp_path: Path) -> Path:
    path = tmp_path / "in.yaml"
    path.write_text(COTTON)
    return path


def refused(args: list[str], message: str) -> None:
    code, out, err = check(*args)
    assert (code, out) == (2, ""), err
    assert err.count("\n") == 1, err  # one line
    assert message in err, err


def test_o_refuses_the_input_and_a_hard_link_to_it(shipment: Path) -> None:
    before = shipment.read_text()
    refused([str(shipment), "-o", str(shipment)], f"is the input {shipment}; -o would replace it")
    twin = shipment.with_name("twin.json")
    twin.hardlink_to(shipment)
    refused([str(shipment), "-o", str(twin)], f"{twin}: is the input {shipment}")
    assert shipment.read_text() == before


def test_o_refuses_an_input_found_in_a_scanned_folder(shipment: Path) -> None:
    refused([str(shipment.parent), "-o", str(shipment)], "-o would replace it")


def test_o_refuses_the_audit_log_existing_or_not(shipment: Path) -> None:
    log = shipment.with_name("audit.jsonl")
    refused([str(shipment), "-o", str(log), "--audit-log", str(log)], "is the audit log")
    assert not log.exists()  # refused before the log was opened
    log.write_text('{"a":1}\n')
    refused([str(shipment), "-o", str(log), "--audit-log", str(log)], "is the audit log")
    assert log.read_text() == '{"a":1}\n'


def test_o_refuses_what_is_not_a_regular_file(shipment: Path, tmp_path: Path) -> None:
    refused([str(shipment), "-o", str(tmp_path)], f"{tmp_path}: is a directory; -o needs a file")
    refused([str(shipment), "-o", ""], "--output: names no file")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    refused([str(shipment), "-o", str(fifo)], "is not a regular file (a FIFO); leave out -o")
    stdout_like = tmp_path / "stdout"  # as /dev/stdout is: a link to a non-regular file
    stdout_like.symlink_to(fifo)
    refused([str(shipment), "-o", str(stdout_like)], "is not a regular file (a FIFO)")
    refused(
        [str(shipment), "-o", str(stdout_like), "--output-follow-symlink"], "(a FIFO); leave out"
    )
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert stdout_like.is_symlink()


def test_a_link_is_written_through_only_if_asked(shipment: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("old report\n")
    link = tmp_path / "link.txt"
    link.symlink_to(report)
    refused([str(shipment), "-o", str(link)], "is a symbolic link; -o does not write through")
    assert report.read_text() == "old report\n"
    code, _, err = check(str(shipment), "-o", str(link), "--output-follow-symlink")
    assert code == 0, err
    assert link.is_symlink()
    assert "NO MATCH" in report.read_text()
    assert leftovers(tmp_path) == []


def test_a_link_to_the_input_is_refused_even_when_followed(shipment: Path) -> None:
    link = shipment.with_name("link.json")
    link.symlink_to(shipment)
    args = [str(shipment), "-o", str(link), "--output-follow-symlink"]
    refused(args, "is the input")


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600])
def test_an_existing_reports_mode_is_kept(shipment: Path, mode: int) -> None:
    report = shipment.with_name("report.json")
    report.write_text("[]")
    report.chmod(mode)
    code, _, err = check(str(shipment), "-f", "json", "-o", str(report))
    assert code == 0, err
    assert stat.S_IMODE(report.stat().st_mode) == mode


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o027, 0o640)])
def test_a_new_report_follows_the_umask(shipment: Path, umask: int, mode: int) -> None:
    report = shipment.with_name("new.json")
    saved = os.umask(umask)
    try:
        code, _, err = check(str(shipment), "-f", "json", "-o", str(report))
    finally:
        os.umask(saved)
    assert code == 0, err
    assert stat.S_IMODE(report.stat().st_mode) == mode


def test_a_failed_rename_leaves_no_temporary_file(
    shipment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(self: Path, target: object) -> Path:
        raise OSError(16, "Device or resource busy")

    monkeypatch.setattr(Path, "replace", fail)
    report = shipment.with_name("report.json")
    refused([str(shipment), "-o", str(report)], "cannot write the report: Device or resource busy")
    assert leftovers(shipment.parent) == []
    assert not report.exists()


def test_a_bug_mid_run_leaves_no_temporary_file(
    shipment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exportcheck.report.json_report import JsonWriter  # noqa: PLC0415

    def boom(self: JsonWriter, result: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(JsonWriter, "_add", boom)
    code, _, err = check(str(shipment), "-f", "json", "-o", str(shipment.with_name("r.json")))
    assert code == 70, err
    assert leftovers(shipment.parent) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_write_error_is_the_reports_input_error() -> None:
    raw = output._ReportFile(os.open("/dev/full", os.O_WRONLY), "w")
    raw.shown = "r.json"
    with raw, pytest.raises(InputError, match=r"^r\.json: cannot write the report: No space left"):
        raw.write(b"x")


def test_sigterm_unwinds_so_the_temporary_file_is_removed(tmp_path: Path) -> None:
    target = output_target(tmp_path / "r.json", [])
    before = signal.getsignal(signal.SIGTERM)
    with (  # noqa: PT012 (the signal must come from inside the destination)
        Path(os.devnull).open("w") as sink,
        pytest.raises(SystemExit) as ended,
        destination(target, sink) as out,
    ):
        out.stream.write("partial")
        assert len(leftovers(tmp_path)) == 1
        os.kill(os.getpid(), signal.SIGTERM)
    assert ended.value.code == 128 + signal.SIGTERM
    assert leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is before
