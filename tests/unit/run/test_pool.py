"""The workers of `--jobs` (run.pool): a task goes to the worker chosen for it, replies come in
the order sent, a failure in a worker is raised in the main process, a worker that dies is
noticed without hanging, and no worker outlives the pool."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest

from exportcheck.run import pool as pool_module
from exportcheck.run.pool import Pool, WorkerError


def _nothing() -> None:
    """No state to set up."""


def _echo(task: Any) -> tuple[int, Any]:
    return os.getpid(), task


def test_each_worker_takes_its_own_tasks_and_replies_in_order() -> None:
    with Pool(2, _nothing, _echo) as pool:
        for n in range(20):
            pool.send(n % 2, n)
        replies = [[pool.receive(w) for _ in range(10)] for w in (0, 1)]
    for worker, got in enumerate(replies):
        assert [task for _, task in got] == list(range(worker, 20, 2))
        assert len({pid for pid, _ in got}) == 1
    assert replies[0][0][0] != replies[1][0][0]
    assert not any(p.is_alive() for p in pool.processes)


def _fail(task: Any) -> None:
    raise ValueError(f"bad task {task}")


def test_a_failure_in_a_worker_is_raised_in_the_main_process() -> None:
    with Pool(1, _nothing, _fail) as pool:
        pool.send(0, 7)
        with pytest.raises(ValueError, match="bad task 7"):
            pool.receive(0)
    assert not pool.processes[0].is_alive()


def _unsendable(task: Any) -> Any:
    return lambda: task  # a function made here cannot be pickled


def test_a_reply_that_cannot_be_sent_is_an_error_not_a_hang() -> None:
    with Pool(1, _nothing, _unsendable) as pool:
        pool.send(0, 1)
        with pytest.raises(RuntimeError, match="a reply could not be sent"):
            pool.receive(0)


def _die(task: Any) -> None:
    os._exit(3)


def test_a_worker_that_dies_is_noticed_within_a_second_or_two(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pool_module, "WAIT", 0.2)
    started = time.monotonic()
    with Pool(1, _nothing, _die) as pool:
        pool.send(0, 1)
        with pytest.raises(WorkerError, match=r"worker 1 ended \(exit code 3\)"):
            pool.receive(0)
    assert time.monotonic() - started < 5
