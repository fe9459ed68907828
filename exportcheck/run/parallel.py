"""`check --jobs N`: description files and chunks of manifest rows checked in a pool of worker
processes, the results yielded in input order, so the output bytes and the audit log are those
of one process.

The workers are forked after the rule book is loaded: each has it, and a Checker of its own,
from the start (the book is not pickled). The main process reads the manifests record by
record, only to cut them into chunks of whole rows, and sends each chunk as the text it read;
the worker parses it again (as one process would: the same reader, the same line numbers),
checks the rows and, for a format whose rows are written each on its own (JSON lines, a
Writer's `rows_writer`) and a run without an audit log, writes them too, so the main process
only copies bytes: rows that repeat, decided once and written many times, then cost it almost
nothing. At most a few chunks per worker are in flight, so memory stays flat on any number of
rows. Standard input and spreadsheets are read and checked by the main process. Where fork is
not available (Windows), a run checks in one process.
"""

from __future__ import annotations

import csv
import io
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
    from exportcheck.input.manifest import Manifest
    from exportcheck.model.result import Result, WrittenRows
    from exportcheck.model.verdict import Verdict
    from exportcheck.report.writer import RowsWriter
    from exportcheck.rules.book import RuleBook

CHUNK = 2_000
"""Manifest rows sent to a worker at once."""
IN_FLIGHT = 3
"""Tasks per worker sent ahead of the one whose results are written next."""
WORTH_IT = 8
"""Description files a run needs before a pool pays for itself (a manifest always does)."""


class Chunk(NamedTuple):
    """Whole rows of a manifest, as the text they were read from."""

    offset: int
    """The lines before the chunk's first (the header's, and earlier chunks')."""
    text: str


Task = tuple[batch.Source, Chunk | None]
"""A description file to check (None), or rows of a manifest to check."""

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
    found: Iterable[batch.Source],
    book: RuleBook,
    options: batch.BatchOptions,
    jobs: int,
    rows_writer: type[RowsWriter] | None = None,
) -> Iterator[Result | WrittenRows]:
    """`batch.run`, over `jobs` worker processes; with `rows_writer`, the workers write the
    manifest rows they check, and those come as WrittenRows."""
    _STATE.clear()
    _STATE.update(book=book, options=options, rows_writer=rows_writer)
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


Sent = tuple[int, "list[Result | Fresh | Ref] | WrittenRows"]
"""What a worker sends back: its pid, and the rows it wrote (WrittenRows), or its results in
order, each a result, a row's decision with the token it goes by from then on (Fresh), or a
row whose decision it sent before (Ref)."""


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

    def results(self, pending: AsyncResult[Sent] | list[Result]) -> list[Result | WrittenRows]:
        from exportcheck.model.result import Result  # noqa: PLC0415

        if isinstance(pending, list):
            return pending  # type: ignore[return-value]
        pid, entries = pending.get()
        if not isinstance(entries, list):
            return [entries]
        mine = self.by_worker.setdefault(pid, {})
        found: list[Result | WrittenRows] = []
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
    """The manifest's rows in chunks of CHUNK, each the text of its records, cut where a
    record ends (a quoted cell may hold line breaks), as the manifest's own reader reads it."""
    from exportcheck.model.result import Result  # noqa: PLC0415

    name = source.name
    lines: list[str] = []

    def recorded() -> Iterator[str]:
        for line in opened.handle:
            lines.append(line)
            yield line

    offset = opened.reader.line_num  # the header's lines
    opened.reader = csv.reader(recorded(), opened.reader.dialect)
    count = 0
    try:
        for _ in opened.rows():
            count += 1
            if count >= CHUNK:
                yield (source, Chunk(offset, "".join(lines)))
                offset += len(lines)
                lines.clear()
                count = 0
    except (OSError, *batch.INPUT_FAILURES) as exc:  # the file itself failed: it ends here
        if count:
            yield (source, Chunk(offset, "".join(lines)))
        yield [Result(name, None, (batch.failure(name, exc),))]
        return
    finally:
        opened.close()
    if lines:
        yield (source, Chunk(offset, "".join(lines)))


def _started() -> None:
    from exportcheck.check.engine import Checker  # noqa: PLC0415 (in the workers)

    book = _STATE["book"]
    _STATE["checker"] = Checker(book)  # type: ignore[arg-type]
    _STATE["manifests"] = {}
    _STATE["sent"] = {}
    _STATE["tokens"] = 0
    made = _STATE["rows_writer"]
    _STATE["writer"] = made() if made is not None else None  # type: ignore[operator]


def _work(task: Task) -> Sent:
    source, chunk = task
    options: batch.BatchOptions = _STATE["options"]  # type: ignore[assignment]
    checker: Checker = _STATE["checker"]  # type: ignore[assignment]
    book: RuleBook = _STATE["book"]  # type: ignore[assignment]
    if chunk is None:
        return os.getpid(), list(batch.run([source], book, options, checker))
    opened, decided = _manifest(source.name, options)
    opened.reader = csv.reader(io.StringIO(chunk.text, newline=""), opened.reader.dialect)
    found = opened.rows(chunk.offset)
    results = batch.rows_of(source.name, opened, checker, options, found=found, decided=decided)
    writer: RowsWriter | None = _STATE["writer"]  # type: ignore[assignment]
    if writer is not None:
        return os.getpid(), _written(source.name, list(results), writer)
    return os.getpid(), _compact(results)


def _written(name: str, results: list[Result], writer: RowsWriter) -> WrittenRows:
    """The rows as the format writes them, and their tally."""
    from exportcheck.model.result import WrittenRows  # noqa: PLC0415
    from exportcheck.report.tally import Tally  # noqa: PLC0415

    data, said = writer.write(results)
    tally = Tally()
    for result in results:
        tally.add(result)
    seconds = sum(tally.seconds.values())
    verdicts, licenses = dict(tally.verdicts), dict(tally.license_types)
    return WrittenRows(name, data, tuple(said), verdicts, licenses, seconds, len(results))


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
