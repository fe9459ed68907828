"""Reading input files: regular files only, never blocking on a FIFO or reading a device
forever, a scanned file not read through a symbolic link, a closed standard input an input
error."""

from __future__ import annotations

import io
import os
import socket
import sys
from pathlib import Path

import pytest

from exportcheck.errors import InputError, RulesetError
from exportcheck.input.files import NotRegularError, open_regular, read_input, read_regular
from exportcheck.rules.load import load_rulebook


def problem_of(call: object) -> str:
    assert callable(call)
    with pytest.raises(InputError) as caught:
        call()
    (problem,) = caught.value.problems
    return str(problem)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "shipment.yaml"
    os.mkfifo(fifo)
    # No writer ever opens it: a blocking open would hang this test.
    assert problem_of(lambda: read_input(str(fifo))) == f"{fifo}: is not a regular file (a FIFO)"
    with pytest.raises(NotRegularError, match=r"\(a FIFO\)"):
        read_regular(fifo)


def test_a_device_is_refused_not_read_until_memory_runs_out() -> None:
    assert problem_of(lambda: read_input("/dev/zero")) == (
        "/dev/zero: is not a regular file (a character device)"
    )


def test_a_socket_and_a_directory_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert problem_of(lambda: read_input(str(path))) == (
            f"{path}: is not a regular file (a socket)"
        )
    assert problem_of(lambda: read_input(str(tmp_path))) == (
        f"{tmp_path}: is a directory, not a description file"
    )


def test_a_link_is_followed_only_when_asked(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("kind: shipment\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert read_input(str(link)) == b"kind: shipment\n"
    message = problem_of(lambda: read_input(str(link), follow=False))
    assert message.startswith(f"{link}: is a symbolic link; a directory search does not follow")
    fd = open_regular(real, follow=False)
    os.close(fd)


def test_a_link_to_a_device_is_refused_even_when_followed(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    assert problem_of(lambda: read_input(str(link))) == (
        f"{link}: is not a regular file (a character device)"
    )


def test_a_ruleset_that_is_a_device_or_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "extra.rules.yaml"
    os.mkfifo(fifo)
    for path in (Path("/dev/zero"), fifo):
        with pytest.raises(RulesetError) as caught:
            load_rulebook(extra=[path])
        assert str(caught.value).startswith(f"{path}: is not a regular file (a ")


def test_a_closed_standard_input_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)  # what Python sets when fd 0 is closed at start
    assert problem_of(lambda: read_input("-")) == (
        "<stdin>: standard input is closed; there is nothing to read"
    )
    closed = io.TextIOWrapper(io.BytesIO())
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)
    assert problem_of(lambda: read_input("-")).startswith("<stdin>: cannot read standard input")
