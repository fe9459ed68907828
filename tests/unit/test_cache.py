"""The compiled cache: built once, read after; off on request; never trusted blindly."""

from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path

import pytest

from exportcheck import cache
from exportcheck.rules import load as ruleset
from exportcheck.rules.load import load_rulebook

ROOT = Path(__file__).resolve().parents[2]


class Builder:
    def __init__(self, value: object) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_an_entry_is_built_once_then_read(folder: Path) -> None:
    build = Builder({"a": 1})
    assert cache.remembered("thing", "k1", build) == {"a": 1}
    assert cache.remembered("thing", "k1", build) == {"a": 1}
    assert build.calls == 1
    assert len(list(folder.glob("thing-*.pickle"))) == 1
    assert folder.stat().st_mode & 0o777 == 0o700


def test_off_builds_every_time_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.ENV, cache.OFF)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    build = Builder(3)
    cache.remembered("thing", "k", build)
    cache.remembered("thing", "k", build)
    assert build.calls == 2
    assert not list(tmp_path.iterdir())


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.directory() == tmp_path / "exportcheck"


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_entry_is_rebuilt(folder: Path, damage: str) -> None:
    cache.remembered("thing", "k", Builder([1, 2, 3]))
    (path,) = folder.glob("thing-*.pickle")
    data = path.read_bytes()
    path.write_bytes(b"not a pickle" if damage == "garbage" else data[: len(data) // 2])
    build = Builder([1, 2, 3])
    assert cache.remembered("thing", "k", build) == [1, 2, 3]
    assert build.calls == 1
    assert pickle.loads(path.read_bytes()) == ("k", [1, 2, 3])  # noqa: S301 (written here)


def test_an_entry_others_may_write_is_not_trusted(folder: Path) -> None:
    cache.remembered("thing", "k", Builder("ours"))
    (path,) = folder.glob("thing-*.pickle")
    path.write_bytes(pickle.dumps(("k", "planted")))
    path.chmod(0o666)
    build = Builder("ours")
    assert cache.remembered("thing", "k", build) == "ours"
    assert build.calls == 1


def test_a_cache_that_cannot_be_written_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv(cache.ENV, str(blocked / "cache"))
    assert cache.remembered("thing", "k", Builder(7)) == 7


def test_old_entries_are_pruned(folder: Path) -> None:
    for n in range(cache.KEEP + 3):
        cache.remembered("thing", f"k{n}", Builder(n))
        for entry in folder.glob("thing-*.pickle"):
            if entry.stat().st_mtime > 10**6:  # the one just written
                os.utime(entry, (n, n))
    last = Builder("last")
    cache.remembered("thing", "last", last)
    assert len(list(folder.glob("thing-*.pickle"))) == cache.KEEP
    cache.remembered("thing", "last", last)
    assert last.calls == 1  # the newest entry is kept
    first = Builder(0)
    cache.remembered("thing", "k0", first)
    assert first.calls == 1  # the oldest was pruned


def test_the_key_depends_on_every_part() -> None:
    assert cache.key(["a", "b"]) == cache.key(["a", "b"])
    assert cache.key(["a", "b"]) != cache.key(["ab"])
    assert cache.key(["a"]) != cache.key(["b"])


def test_a_file_stamp_changes_with_its_bytes_even_at_the_same_size_and_time(
    tmp_path: Path,
) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("at_least: 300\n")
    before = cache.stamp(path)
    stat = path.stat()
    path.write_text("at_least: 290\n")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cache.stamp(path) != before


def test_an_entry_under_another_key_is_not_taken(folder: Path) -> None:
    """Were two keys to share a file name, the key stored in the entry tells them apart."""
    cache.remembered("thing", "key one", Builder("one"))
    (entry,) = folder.glob("thing-*.pickle")
    two = b"key two"
    entry.rename(folder / f"thing-{zlib.crc32(two):08x}{zlib.adler32(two):08x}.pickle")
    build = Builder("two")
    assert cache.remembered("thing", "key two", build) == "two"
    assert build.calls == 1


def test_the_rule_book_is_validated_once_per_content(
    folder: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[int] = []
    build = ruleset._build

    def counting(*args: object) -> object:
        calls.append(1)
        return build(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(ruleset, "_build", counting)
    first = load_rulebook()
    second = load_rulebook()
    assert len(calls) == 1
    assert second.infos == first.infos
    assert [r.id for r in second.rules] == [r.id for r in first.rules]
    copy = tmp_path / "mofcom-2025-58.yaml"
    text = (ROOT / "rulesets" / "mofcom-2025-58.yaml").read_text()
    copy.write_text(text.replace('at_least: "300"', 'at_least: "290"'))
    files = [p for p in ruleset.bundled_files() if p.name != copy.name] + [copy]
    changed = load_rulebook(files)
    assert len(calls) == 2
    assert changed.infos != first.infos
