"""What files, folders, pipes, a closed standard input, a full disk and far dates can do to a
run, in real processes (issue 13, items 4 and 5): symbolic links and non-regular files in
scans, a reader that goes away, a file-size limit, out-of-range dates in one file of a batch.

Each process has a timeout, so a run that blocks on a FIFO or reads /dev/zero fails the test
instead of hanging it.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
COTTON = EXAMPLES / "cotton-t-shirts.yaml"  # no_match
DYSPROSIUM = EXAMPLES / "dysprosium-oxide-to-germany.yaml"  # license_required
GALLIUM = EXAMPLES / "gallium-arsenide-wafers-to-us.yaml"  # prohibited
TIMEOUT = 30


def run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    streams: dict[str, object] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "exportcheck", *args],
        text=True,
        timeout=TIMEOUT,
        check=False,
        **(streams | kwargs),
    )


def no_bug(stderr: str) -> None:
    assert "internal error" not in stderr
    assert "Traceback" not in stderr


@pytest.fixture
def scanned(tmp_path: Path) -> Path:
    """A folder to scan: one good file, links to a secret, to /dev/zero and to a folder with a
    prohibited shipment, a shipment misnamed as a ruleset, and a FIFO."""
    folder = tmp_path / "scan"
    folder.mkdir()
    (folder / "a.yaml").write_text(COTTON.read_text())
    secret = tmp_path / "id_ed25519"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY----- SECRET-KEY-MATERIAL\n")
    (folder / "key.yaml").symlink_to(secret)
    (folder / "zero.yaml").symlink_to("/dev/zero")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "g.yaml").write_text(GALLIUM.read_text())
    (folder / "linked").symlink_to(elsewhere)
    (folder / "shipment.rules.yaml").write_text(GALLIUM.read_text())
    return folder


def test_a_scan_follows_no_link_and_says_what_it_skipped(scanned: Path) -> None:
    done = run("check", str(scanned), "--format", "json")
    no_bug(done.stderr)
    assert done.returncode == 0, done.stderr  # only a.yaml is checked
    assert [r["file"] for r in json.loads(done.stdout)["results"]] == [str(scanned / "a.yaml")]
    assert "SECRET-KEY-MATERIAL" not in done.stdout + done.stderr
    for name in ("key.yaml", "zero.yaml", "linked", "shipment.rules.yaml"):
        assert f"{scanned / name}: skipped: " in done.stderr, name
    text = run("check", str(scanned))
    assert "Skipped by the directory search: 4 (named above)" in text.stderr


def test_a_link_named_on_the_command_line_is_followed_and_said(scanned: Path) -> None:
    done = run("check", str(scanned / "linked"), "--format", "json")
    assert done.returncode == 4, done.stderr
    target = os.path.realpath(scanned / "linked")
    assert f"{scanned / 'linked'}: a symbolic link to {target}; followed" in done.stderr
    zero = run("check", str(scanned / "zero.yaml"))
    assert zero.returncode == 2
    assert f"{scanned / 'zero.yaml'}: is not a regular file (a character device)" in zero.stderr


def test_fifos_named_scanned_or_given_as_rules_are_refused_without_blocking(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "with-fifo"
    folder.mkdir()
    (folder / "a.yaml").write_text(GALLIUM.read_text())
    fifo = folder / "b.yaml"
    os.mkfifo(fifo)
    manifest = tmp_path / "rows.csv"
    os.mkfifo(manifest)
    message = "is not a regular file (a FIFO)"
    named = run("check", str(fifo))
    assert (named.returncode, named.stderr) == (2, f"{fifo}: {message}\n")
    scan = run("check", str(folder), "--format", "json", "--audit-log", str(tmp_path / "a.jsonl"))
    assert scan.returncode == 4  # the prohibited file beside the FIFO is still checked
    assert [r["verdict"] for r in json.loads(scan.stdout)["results"]] == ["prohibited", "invalid"]
    assert len((tmp_path / "a.jsonl").read_text().splitlines()) == 2
    csv = run("check", str(manifest), "--format", "json")
    assert (csv.returncode, csv.stderr) == (2, f"{manifest}: {message}\n")
    rules = run("check", str(COTTON), "--rules", str(fifo))
    assert (rules.returncode, rules.stderr) == (2, f"{fifo}: {message}\n")
    zero = run("check", str(COTTON), "--rules", "/dev/zero")
    assert zero.returncode == 2
    assert zero.stderr == "/dev/zero: is not a regular file (a character device)\n"


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_a_reader_that_goes_away_ends_the_run_quietly(output_format: str) -> None:
    """`exportcheck check examples | head -1`, with the reader gone before the first write:
    no message, no traceback, and the exit code every verdict earns (a prohibition here)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "exportcheck", "check", str(EXAMPLES), "-f", output_format],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=TIMEOUT)
    no_bug(err)
    assert "Broken pipe" not in err
    assert process.returncode == 4, err


def test_head_minus_one_in_a_shell_pipeline() -> None:
    command = f"set -o pipefail; {sys.executable} -m exportcheck check {EXAMPLES} | head -1"
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    no_bug(done.stderr)
    assert done.returncode == 4, done.stderr
    assert len(done.stdout.splitlines()) == 1
    both = subprocess.run(
        ["bash", "-c", command.replace("| head", "2>&1 | head")],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert both.returncode == 4, both.stdout


def test_a_closed_standard_input_is_exit_2_in_one_line() -> None:
    done = run("check", "-", preexec_fn=lambda: os.close(0))
    assert done.returncode == 2
    assert done.stderr == "<stdin>: standard input is closed; there is nothing to read\n"


def _file_size_limit(size: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a signal, like a full disk
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


def test_a_full_disk_for_o_is_exit_2_and_leaves_the_old_report(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("old\n")
    done = run(
        "check", str(EXAMPLES), "-f", "json", "-o", str(report),
        preexec_fn=lambda: _file_size_limit(1000),
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.endswith(f"{report}: cannot write the report: File too large\n")
    assert report.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary file


def test_a_full_disk_for_the_audit_log_is_exit_2(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    done = run(
        "check", str(COTTON), "--audit-log", str(log), preexec_fn=lambda: _file_size_limit(100)
    )
    assert done.returncode == 2, done.stderr
    # A short write (the line cut at the limit) or EFBIG, whichever the system gives first.
    assert done.stderr.startswith(f"{log}: cannot write the audit log: ")
    assert done.stderr.count("\n") == 1
    assert log.read_text() == ""  # no torn line


def test_out_of_range_days_are_usage_errors_before_any_check(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    cases = [
        (["--as-of", "9999-12-31"], "--as-of: 9999-12-31 is after 2100-12-31"),
        (["--as-of", "0001-01-01"], "--as-of: 0001-01-01 is before 2000-01-01"),
        (["--horizon", "99999999999999999999"], "--horizon: 99,999,999,999,999,999,999 days"),
    ]
    for extra, message in cases:
        done = run("check", str(COTTON), "--audit-log", str(log), *extra)
        assert done.returncode == 2
        assert done.stderr.startswith(message)
        assert done.stderr.count("\n") == 1
        assert done.stdout == ""
        assert not log.exists()
    diff = run("diff", str(COTTON), "--as-of", "2026-01-01", "--as-of", "9999-12-31")
    assert (diff.returncode, diff.stderr.count("\n")) == (2, 1)


def test_a_far_date_in_one_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.yaml").write_text(GALLIUM.read_text())
    far = COTTON.read_text().replace("date: 2026-12-01", "date: 9999-12-31")
    assert "9999-12-31" in far
    (folder / "b.yaml").write_text(far)
    (folder / "c.yaml").write_text(DYSPROSIUM.read_text())
    log = tmp_path / "audit.jsonl"
    done = run("check", str(folder), "-f", "json", "--audit-log", str(log), "--horizon", "36000")
    no_bug(done.stderr)
    assert done.returncode == 4, done.stderr
    verdicts = [r["verdict"] for r in json.loads(done.stdout)["results"]]
    assert verdicts == ["prohibited", "invalid", "license_required"]
    assert "b.yaml:" in done.stderr
    assert "date: 9999-12-31 is after 2100-12-31" in done.stderr
    audited = [json.loads(line)["verdict"] for line in log.read_text().splitlines()]
    assert audited == verdicts


def test_a_full_standard_output_is_exit_2_in_one_line() -> None:
    with Path("/dev/full").open("w") as full:
        done = run("check", str(COTTON), stdout=full)
    assert done.returncode == 2
    assert done.stderr == "<stdout>: cannot write the report: No space left on device\n"


def test_a_configurations_rules_that_are_a_device_end_without_reading(tmp_path: Path) -> None:
    configuration = tmp_path / "exportcheck.yaml"
    configuration.write_text("rules: [/dev/zero]\n")
    env = {**os.environ, "EXPORTCHECK_CONFIG": str(configuration)}
    done = run("check", str(COTTON), env=env)
    no_bug(done.stderr)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1


def test_a_configuration_that_is_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "exportcheck.yaml"
    os.mkfifo(fifo)
    done = run("check", str(COTTON), env={**os.environ, "EXPORTCHECK_CONFIG": str(fifo)})
    assert done.returncode == 2
    assert done.stderr == (
        f"{fifo}: cannot read the configuration: is not a regular file (a FIFO)\n"
    )


@pytest.mark.parametrize("command", [["rules", "list"], ["config", "show"], ["--version"]])
def test_every_command_says_when_its_output_cannot_be_written(command: list[str]) -> None:
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "exportcheck", *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    assert done.returncode == 2, done.stderr
    assert "<stdout>: cannot write the report" in done.stderr
    assert "Traceback" not in done.stderr
