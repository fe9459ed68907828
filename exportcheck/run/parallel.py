"""`check --jobs N`: description files and chunks of manifest rows checked in a pool of worker
processes, the results yielded in input order, so the output bytes and the audit log are those
of one process.

The workers are forked after the rule book is loaded: each has it, and a Checker of its own,
from the start (the book is not pickled). The main process reads the manifests, sends their
rows in chunks, and writes what comes back; at most a few chunks per worker are in flight, so
memory stays flat on any number of rows. Standard input and spreadsheets are read and checked
by the main process. Where fork is not available (Windows), a run checks in one process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from typing import TYPE_CHECKING, NamedTuple

from exportcheck.input.files import STDIN
from exportcheck.run import batch

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from multiprocessing.pool import AsyncResult

    from exportcheck.check.engine import Checker
    from exportcheck.input.manifest import Manifest, Unfit
    from exportcheck.model.result import Result
    from exportcheck.model.verdict import Verdict
    from exportcheck.rules.book import RuleBook

CHUNK = 2_000
"""Manifest rows sent to a worker at once."""
IN_FLIGHT = 3
"""Tasks per worker sent ahead of the one whose results are written next."""
WORTH_IT = 8
"""Description files a run needs before a pool pays for itself (a manifest always does)."""

Task = tuple[batch.Source, "list[tuple[int, list[str]] | Unfit] | None"]
"""A description file to check (rows None), or rows of a manifest to check."""

_STATE: dict[str, object] = {}
"""In each worker (forked from the main process): the book, the options, its Checker and the
manifests it has opened."""


def available() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers(sources: list[batch.Source], jobs: int, rows: int) -> int:
    """How many workers pay for the work (1: check in this process): no more than there are
    files and chunks of the `rows` the CSV manifests hold (run.progress.estimated_rows), none
    without fork, and none for fewer than WORTH_IT files and no manifest."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    files = sum(s.kind is batch.SourceKind.DESCRIPTION for s in sources)
    if files < WORTH_IT and not any(s.kind is batch.SourceKind.MANIFEST for s in sources):
        return 1
    return max(1, min(jobs, files + -(-rows // CHUNK)))


def run(
    found: Iterable[batch.Source], book: RuleBook, options: batch.BatchOptions, jobs: int
) -> Iterator[Result]:
    """`batch.run`, over `jobs` worker processes."""
    _STATE.clear()
    _STATE.update(book=book, options=options)
    context = multiprocessing.get_context("fork")
    known = _Known()
    with context.Pool(jobs, initializer=_started) as pool:
        ahead: deque[AsyncResult[Sent] | list[Result]] = deque()
        limit = jobs * IN_FLIGHT
        for task in _tasks(found, book, options):
            if isinstance(task, list):
                ahead.append(task)
            else:
                ahead.append(pool.apply_async(_work, (task,)))
            while len(ahead) > limit:
                yield from known.results(ahead.popleft())
        while ahead:
            yield from known.results(ahead.popleft())


Sent = tuple[int, list["Result | Fresh | Ref"]]
"""What a worker sends back: its pid, and its results in order, each a result, a row's
decision with the token it goes by from then on (Fresh), or a row whose decision it sent
before (Ref)."""


class Fresh(NamedTuple):
    token: int
    result: Result


class Ref(NamedTuple):
    """A row whose decision the worker sent before, by its token."""

    token: int
    file: str
    seconds: float
    row: int
    item: str | None
    digest: str | None


class _Known:
    """The decisions each worker has sent, by their tokens: a row whose facts an earlier row
    had comes back as a reference, not as the decision again (unpickling a verdict costs
    about what deciding it does)."""

    def __init__(self) -> None:
        self.by_worker: dict[int, dict[int, Verdict]] = {}

    def results(self, pending: AsyncResult[Sent] | list[Result]) -> list[Result]:
        from exportcheck.model.result import Result  # noqa: PLC0415

        if isinstance(pending, list):
            return pending
        pid, entries = pending.get()
        mine = self.by_worker.setdefault(pid, {})
        found = []
        for entry in entries:
            kind = type(entry)
            if kind is Ref:
                ref: Ref = entry  # type: ignore[assignment]
                verdict = mine[ref.token]
                found.append(
                    Result(ref.file, verdict, (), ref.seconds, ref.row, ref.item, ref.digest)
                )
            elif kind is Fresh:
                fresh: Fresh = entry  # type: ignore[assignment]
                assert fresh.result.decided is not None
                mine[fresh.token] = fresh.result.decided  # tokens stay under 2 * MEMO_SIZE
                found.append(fresh.result)
            else:
                found.append(entry)  # type: ignore[arg-type]
        return found


def _tasks(
    found: Iterable[batch.Source], book: RuleBook, options: batch.BatchOptions
) -> Iterator[Task | list[Result]]:
    """What to send to the workers, in input order; results known at once as lists."""
    from exportcheck.input.manifest import Manifest  # noqa: PLC0415 (when there is CSV)

    for source in found:
        spreadsheet = source.name.lower().endswith(batch.SPREADSHEETS)
        if source.kind is batch.SourceKind.MANIFEST and not spreadsheet:
            opened = batch.open_rows(source.name, options)
            if not isinstance(opened, Manifest):
                yield list(batch.run([source], book, options))  # the header's problems
                continue
            yield from _chunks(source, opened)
        elif source.kind is batch.SourceKind.DESCRIPTION and source.name != STDIN:
            yield (source, None)
        else:
            yield list(batch.run([source], book, options))


def _chunks(source: batch.Source, opened: Manifest) -> Iterator[Task | list[Result]]:
    from exportcheck.model.result import Result  # noqa: PLC0415

    name = source.name
    chunk: list[tuple[int, list[str]] | Unfit] = []
    try:
        for row in opened.rows():
            chunk.append(row)
            if len(chunk) >= CHUNK:
                yield (source, chunk)
                chunk = []
    except (OSError, *batch.INPUT_FAILURES) as exc:  # the file itself failed: it ends here
        if chunk:
            yield (source, chunk)
        yield [Result(name, None, (batch.failure(name, exc),))]
        return
    finally:
        opened.close()
    if chunk:
        yield (source, chunk)


def _started() -> None:
    from exportcheck.check.engine import Checker  # noqa: PLC0415 (in the workers)

    book = _STATE["book"]
    _STATE["checker"] = Checker(book)  # type: ignore[arg-type]
    _STATE["manifests"] = {}
    _STATE["sent"] = {}
    _STATE["tokens"] = 0


def _work(task: Task) -> Sent:
    source, rows = task
    options: batch.BatchOptions = _STATE["options"]  # type: ignore[assignment]
    checker: Checker = _STATE["checker"]  # type: ignore[assignment]
    book: RuleBook = _STATE["book"]  # type: ignore[assignment]
    if rows is None:
        return os.getpid(), list(batch.run([source], book, options, checker))
    opened, decided = _manifest(source.name, options)
    return os.getpid(), _compact(
        batch.rows_of(source.name, opened, checker, options, found=rows, decided=decided)
    )


def _compact(results: Iterable[Result]) -> list[Result | Fresh | Ref]:
    """Each row whose decision this worker sent before as a reference to it."""
    sent: dict[int, tuple[Verdict, int]] = _STATE["sent"]  # type: ignore[assignment]
    found: list[Result | Fresh | Ref] = []
    for result in results:
        decided = result.decided
        if decided is None or result.problems or result.row is None:
            found.append(result)
            continue
        known = sent.get(id(decided))
        if known is not None and known[0] is decided:
            found.append(
                Ref(known[1], result.file, result.seconds, result.row, result.item, result.digest)
            )
            continue
        if len(sent) >= 2 * batch.MEMO_SIZE:
            sent.clear()
        token = len(sent) + 1  # reused after a clear: a Fresh always comes before its Refs
        sent[id(decided)] = (decided, token)
        found.append(Fresh(token, result))
    return found


def _manifest(name: str, options: batch.BatchOptions) -> tuple[Manifest, dict[object, Verdict]]:
    """The worker's own opening of a manifest (its columns, for the rows it is sent) and the
    decisions it made on the manifest's earlier rows, by their facts."""
    from exportcheck.input.manifest import Manifest  # noqa: PLC0415

    known: dict[str, tuple[Manifest, dict[object, Verdict]]] = _STATE["manifests"]  # type: ignore[assignment]
    if name not in known:
        opened = batch.open_rows(name, options)
        assert isinstance(opened, Manifest)  # the main process opened it already
        opened.close()  # only its columns are read here
        known.clear()  # one manifest at a time: its decisions only
        known[name] = (opened, {})
    return known[name]
