"""Compiled files are read only when nothing but the user (or root) could have put them there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exportcheck.places import read_compiled
from exportcheck.rules import compiled
from exportcheck.rules.load import bundled_files, bundled_list_files


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    tmp_path.chmod(0o755)
    return tmp_path


def test_a_regular_file_of_the_user_is_read(folder: Path) -> None:
    (folder / "book.json").write_bytes(b"{}")
    (folder / "book.json").chmod(0o644)
    assert read_compiled(folder / "book.json") == b"{}"


def test_a_symbolic_link_is_not_followed(folder: Path) -> None:
    (folder / "real.json").write_bytes(b"{}")
    (folder / "book.json").symlink_to(folder / "real.json")
    assert read_compiled(folder / "book.json") is None


def test_a_fifo_is_ignored_without_blocking(folder: Path) -> None:
    os.mkfifo(folder / "book.json")
    assert read_compiled(folder / "book.json") is None  # returns at once: O_NONBLOCK, fstat


@pytest.mark.parametrize("mode", [0o664, 0o646, 0o666])
def test_a_file_others_may_write_is_ignored(folder: Path, mode: int) -> None:
    (folder / "book.json").write_bytes(b"{}")
    (folder / "book.json").chmod(mode)
    assert read_compiled(folder / "book.json") is None


def test_a_file_in_a_folder_others_may_write_is_ignored(folder: Path) -> None:
    (folder / "book.json").write_bytes(b"{}")
    (folder / "book.json").chmod(0o644)
    folder.chmod(0o777)
    assert read_compiled(folder / "book.json") is None
    folder.chmod(0o755)
    assert read_compiled(folder / "book.json") == b"{}"


def test_a_file_of_another_user_is_ignored(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = folder / "book.json"
    book.write_bytes(b"{}")
    book.chmod(0o644)
    if os.geteuid() == 0:
        os.chown(book, 12345, -1)  # root may give it away; root's own files stay trusted
    else:
        monkeypatch.setattr("exportcheck.places.os.geteuid", lambda: book.stat().st_uid + 1)
    assert read_compiled(book) is None


def test_a_compiled_book_that_is_a_fifo_is_passed_over(folder: Path) -> None:
    os.mkfifo(folder / compiled.NAME)
    files = [*bundled_files(), *bundled_list_files()]
    assert compiled.read(folder / compiled.NAME, files) is None
