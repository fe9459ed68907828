"""Worker processes that each take their own tasks (`--jobs`): a task goes to the worker chosen
for it, and a worker's replies are read in the order its tasks were sent. multiprocessing's Pool
gives a task to whichever worker is free; `run.parallel` needs the rows of a manifest that share
their facts to go to the same worker, so that each decision is made once in the whole run.

The workers are forked (they start with everything the main process had loaded, the rule book
among it). Tasks go through queues whose writes never block the main process (a feeder thread
sends them); each worker replies on its own pipe, which the main process reads in turn: only a
worker can wait (for the main process to read its replies), so the two never wait on each
other. A worker that fails
sends its exception back, which is raised in the main process; one that dies (killed, out of
memory) is noticed within a second; on any way out of the `with`, the workers are stopped.
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess
    from types import TracebackType

WAIT = 1.0
"""Seconds between looks at whether a worker that owes a reply is still alive."""


class WorkerError(RuntimeError):
    """A worker process ended without replying."""


class _Raised:
    """An exception a worker raised, sent back to be raised in the main process (the exception
    itself when it can be sent; otherwise its text)."""

    def __init__(self, exc: BaseException) -> None:
        self.exc: BaseException | None = exc
        self.text = "".join(traceback.format_exception_only(type(exc), exc)).strip()


def _serve(
    start: Callable[[], None],
    work: Callable[[Any], Any],
    tasks: multiprocessing.Queue[Any],
    replies: Connection,
) -> None:
    """A worker's life: start, then each task's reply, until the None that ends it. Ctrl-C
    reaches the whole process group: the main process answers it and stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start()
    while (task := tasks.get()) is not None:
        try:
            reply = work(task)
        except Exception as exc:  # sent to the main process, raised there
            reply = _Raised(exc)
        try:
            replies.send(reply)
        except Exception as exc:  # a reply that cannot be pickled
            replies.send(_Raised(RuntimeError(f"a reply could not be sent: {exc}")))
    replies.close()


class Pool:
    """`jobs` forked workers, each running `start` once and then `work` on each task sent to
    it."""

    def __init__(self, jobs: int, start: Callable[[], None], work: Callable[[Any], Any]) -> None:
        context = multiprocessing.get_context("fork")
        self.tasks: list[multiprocessing.Queue[Any]] = [context.Queue() for _ in range(jobs)]
        self.replies: list[Connection] = []
        self.processes: list[BaseProcess] = []
        self.waiting = [0] * jobs
        """Per worker: the work sent to it and not yet replied to, as its user counts it."""
        for tasks in self.tasks:
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(target=_serve, args=(start, work, tasks, writer), daemon=True)
            process.start()
            writer.close()  # the worker's end
            self.replies.append(reader)
            self.processes.append(process)

    def __enter__(self) -> Pool:
        return self

    def send(self, worker: int, task: object) -> None:
        self.tasks[worker].put(task)

    def receive(self, worker: int) -> Any:
        """The next reply of `worker` (its exception raised here)."""
        replies, process = self.replies[worker], self.processes[worker]
        while not replies.poll(WAIT):
            if not process.is_alive() and not replies.poll(0):
                code = process.exitcode
                raise WorkerError(f"worker {worker + 1} ended (exit code {code})")
        try:
            reply = replies.recv()
        except EOFError:  # its end of the pipe closed: it has ended, or is ending
            process.join(WAIT)
            code = process.exitcode
            raise WorkerError(f"worker {worker + 1} ended (exit code {code})") from None
        if isinstance(reply, _Raised):
            if reply.exc is not None:
                raise reply.exc
            raise RuntimeError(reply.text)
        return reply

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Every worker told to stop and waited for; stopped by force after an error."""
        for tasks, process in zip(self.tasks, self.processes, strict=True):
            if kind is None and process.is_alive():
                tasks.put(None)
            else:
                tasks.cancel_join_thread()
            tasks.close()
        for process in self.processes:
            if kind is not None:
                process.terminate()
            process.join(timeout=None if kind is None else WAIT)
        for replies in self.replies:
            replies.close()
