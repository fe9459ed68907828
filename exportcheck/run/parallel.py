"""`check --jobs N`: description files and manifest rows checked in N worker processes
(run.pool), the results yielded in input order, so the output bytes and the audit log are
those of one process.

The workers are forked after the rule book is loaded: each has it, and a Checker of its own,
from the start (the book is not pickled). The main process reads each manifest and sends its
rows in rounds of CHUNK: a row goes to the worker chosen by its facts (the cells a decision
depends on), so rows that repeat one another go to the same worker and each decision is made
once in the whole run, as in one process. For a format whose rows are written each on its own
(JSON lines: a Writer's `rows_writer`) and a run without an audit log, the workers also write
their rows, and the main process only puts the bytes back in input order. At most a few rounds
per worker are in flight, so memory stays flat on any number of rows. Description files go to
the workers in turn; standard input and spreadsheets are read and checked by the main process.
Where fork is not available (Windows), a run checks in one process.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from typing import TYPE_CHECKING, NamedTuple

from exportcheck.input.files import STDIN
from exportcheck.run import batch
from exportcheck.run.pool import Pool

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from exportcheck.check.engine import Checker
    from exportcheck.input.manifest import Manifest, Unfit
    from exportcheck.model.description import LicenseType
    from exportcheck.model.result import Result, WrittenRows
    from exportcheck.model.verdict import Verdict
    from exportcheck.report.writer import RowsWriter
    from exportcheck.rules.book import RuleBook

CHUNK = 2_000
"""Manifest rows in a round (shared among the workers by their facts)."""
IN_FLIGHT = 3
"""Tasks per worker sent ahead of the one whose results are written next."""
WORTH_IT = 8
"""Description files a run needs before a pool pays for itself (a manifest always does)."""

Rows = list["tuple[int, list[str]] | Unfit"]
Task = tuple[batch.Source, "Rows | None"]
"""A description file to check (None), or a worker's share of a round of manifest rows."""

_STATE: dict[str, object] = {}
"""In each worker (forked from the main process): the book, the options, its Checker, its rows
writer and the manifest it has opened with its decisions."""


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


class Shared(NamedTuple):
    """A round of manifest rows shared among the workers: `order` gives, row by row in input
    order, the worker that has it."""

    name: str
    order: list[int]
    workers: list[int]
    weights: list[int]
    """Per worker: the work its share holds (`_rounds`)."""


class Sent(NamedTuple):
    """A description file sent to one worker."""

    worker: int


class Written(NamedTuple):
    """A worker's share of a round, written (the rows' bytes one by one)."""

    pieces: list[bytes]
    said: dict[int, tuple[str, ...]]
    """By the row's place in the share: the problems its writer says on standard error."""
    verdicts: dict[str, int]
    license_types: dict[LicenseType, int]
    seconds: float


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


def run(
    found: Iterable[batch.Source],
    book: RuleBook,
    options: batch.BatchOptions,
    jobs: int,
    rows_writer: type[RowsWriter] | None = None,
) -> Iterator[Result | WrittenRows]:
    """`batch.run`, over `jobs` worker processes; with `rows_writer`, the workers write the
    manifest rows they check, and those come as WrittenRows, a round at a time."""
    _STATE.clear()
    _STATE.update(book=book, options=options, rows_writer=rows_writer)
    turns = itertools.cycle(range(jobs))
    with Pool(jobs, _started, _work) as pool:
        known = _Known(pool)
        ahead: deque[Sent | Shared | list[Result]] = deque()
        limit = jobs * IN_FLIGHT
        for task in _tasks(found, book, options, pool):
            if isinstance(task, list | Shared):
                ahead.append(task)
            else:
                worker = next(turns)
                pool.send(worker, task)
                ahead.append(Sent(worker))
            while len(ahead) > limit:
                yield from known.results(ahead.popleft())
        while ahead:
            yield from known.results(ahead.popleft())


class _Known:
    """What the workers reply, put back in input order. A row whose facts a worker decided
    before comes back as a reference to that decision, not as the decision again (unpickling a
    verdict costs about what deciding it does)."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.by_worker: dict[int, dict[int, Verdict]] = {}

    def results(self, pending: Sent | Shared | list[Result]) -> list[Result | WrittenRows]:
        if isinstance(pending, list):
            return pending  # type: ignore[return-value]
        if isinstance(pending, Sent):
            return self._resolved(pending.worker, self.pool.receive(pending.worker))  # type: ignore[return-value]
        replies = {w: self.pool.receive(w) for w in pending.workers}
        for w, weight in enumerate(pending.weights):
            self.pool.waiting[w] -= weight
        if replies and isinstance(next(iter(replies.values())), Written):
            return [_joined(pending, replies)]
        resolved = {w: iter(self._resolved(w, reply)) for w, reply in replies.items()}
        return [next(resolved[w]) for w in pending.order]

    def _resolved(self, worker: int, entries: list[Result | Fresh | Ref]) -> list[Result]:
        from exportcheck.model.result import Result  # noqa: PLC0415

        mine = self.by_worker.setdefault(worker, {})
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


def _joined(shared: Shared, replies: dict[int, Written]) -> WrittenRows:
    """The written shares of a round as one piece of the report, rows in input order."""
    from exportcheck.model.result import WrittenRows  # noqa: PLC0415

    pieces = {w: iter(reply.pieces) for w, reply in replies.items()}
    data = b"".join([next(pieces[w]) for w in shared.order])
    said: list[str] = []
    if any(reply.said for reply in replies.values()):
        seen = dict.fromkeys(replies, 0)
        for w in shared.order:
            said.extend(replies[w].said.get(seen[w], ()))
            seen[w] += 1
    verdicts: dict[str, int] = {}
    license_types: dict[LicenseType, int] = {}
    for reply in replies.values():
        for verdict, n in reply.verdicts.items():
            verdicts[verdict] = verdicts.get(verdict, 0) + n
        for license_, n in reply.license_types.items():
            license_types[license_] = license_types.get(license_, 0) + n
    seconds = sum(reply.seconds for reply in replies.values())
    rows = len(shared.order)
    return WrittenRows(shared.name, data, tuple(said), verdicts, license_types, seconds, rows)


def _tasks(
    found: Iterable[batch.Source], book: RuleBook, options: batch.BatchOptions, pool: Pool
) -> Iterator[Task | Shared | list[Result]]:
    """What to send to the workers, in input order (rounds of manifest rows are sent as they
    are yielded); results known at once as lists."""
    from exportcheck.input.manifest import Manifest  # noqa: PLC0415 (when there is CSV)

    for source in found:
        spreadsheet = source.name.lower().endswith(batch.SPREADSHEETS)
        if source.kind is batch.SourceKind.MANIFEST and not spreadsheet:
            opened = batch.open_rows(source.name, options)
            if not isinstance(opened, Manifest):
                yield list(batch.run([source], book, options))  # the header's problems
                continue
            yield from _rounds(source, opened, pool)
        elif source.kind is batch.SourceKind.DESCRIPTION and source.name != STDIN:
            yield (source, None)
        else:
            yield list(batch.run([source], book, options))


def _rounds(source: batch.Source, opened: Manifest, pool: Pool) -> Iterator[Shared | list[Result]]:
    """The manifest's rows in rounds of CHUNK, each row sent to the worker that has its facts:
    rows with the same facts always go to the same worker, which decides them once. Facts not
    met before go to the worker with the least work waiting (`Pool.waiting`), so a worker
    given the slower decisions is given fewer of them."""
    from exportcheck.model.result import Result  # noqa: PLC0415

    name, key, jobs, waiting = source.name, opened.key, len(pool.processes), pool.waiting
    owners: dict[object, int] = {}
    shares: list[Rows] = [[] for _ in range(jobs)]
    order: list[int] = []
    weights = [0] * jobs
    try:
        for row in opened.rows():
            if type(row) is tuple:
                facts = key(row[1])
                worker = owners.get(facts, -1)
                if worker < 0:
                    if len(owners) >= 2 * batch.MEMO_SIZE:
                        owners.clear()  # as a worker forgets: facts met again are decided again
                    worker = owners[facts] = waiting.index(min(waiting))
                    weight = DECIDING
                else:
                    weight = 1
            else:
                worker, weight = 0, 1
            waiting[worker] += weight
            weights[worker] += weight
            shares[worker].append(row)
            order.append(worker)
            if len(order) >= CHUNK:
                yield _send(pool, source, shares, order, weights)
                shares, order, weights = [[] for _ in range(jobs)], [], [0] * jobs
    except (OSError, *batch.INPUT_FAILURES) as exc:  # the file itself failed: it ends here
        if order:
            yield _send(pool, source, shares, order, weights)
        yield [Result(name, None, (batch.failure(name, exc),))]
        return
    finally:
        opened.close()
    if order:
        yield _send(pool, source, shares, order, weights)


DECIDING = 50
"""The work of a row with facts not met before (a decision), against 1 for a row that repeats
an earlier one's facts (a lookup): about their ratio in time."""


def _send(
    pool: Pool, source: batch.Source, shares: list[Rows], order: list[int], weights: list[int]
) -> Shared:
    """A round, each worker sent its share."""
    busy = [w for w, share in enumerate(shares) if share]
    for w in busy:
        pool.send(w, (source, shares[w]))
    return Shared(source.name, order, busy, weights)


def _started() -> None:
    from exportcheck.check.engine import Checker  # noqa: PLC0415 (in the workers)

    book = _STATE["book"]
    _STATE["checker"] = Checker(book)  # type: ignore[arg-type]
    _STATE["manifests"] = {}
    _STATE["sent"] = {}
    made = _STATE["rows_writer"]
    _STATE["writer"] = made() if made is not None else None  # type: ignore[operator]


def _work(task: Task) -> list[Result | Fresh | Ref] | Written | list[Result]:
    source, rows = task
    options: batch.BatchOptions = _STATE["options"]  # type: ignore[assignment]
    checker: Checker = _STATE["checker"]  # type: ignore[assignment]
    book: RuleBook = _STATE["book"]  # type: ignore[assignment]
    if rows is None:
        return list(batch.run([source], book, options, checker))
    opened, decided = _manifest(source.name, options)
    results = batch.rows_of(source.name, opened, checker, options, found=rows, decided=decided)
    writer: RowsWriter | None = _STATE["writer"]  # type: ignore[assignment]
    if writer is not None:
        return _written(list(results), writer)
    return _compact(results)


def _written(results: list[Result], writer: RowsWriter) -> Written:
    """The rows as the format writes them, one by one, and their tally."""
    from exportcheck.report.tally import Tally  # noqa: PLC0415

    pieces: list[bytes] = []
    said: dict[int, tuple[str, ...]] = {}
    tally = Tally()
    for place, result in enumerate(results):
        data, lines = writer.write((result,))
        pieces.append(data)
        if lines:
            said[place] = tuple(lines)
        tally.add(result)
    seconds = sum(tally.seconds.values())
    return Written(pieces, said, dict(tally.verdicts), dict(tally.license_types), seconds)


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
