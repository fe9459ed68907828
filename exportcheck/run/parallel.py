"""`check --jobs N`: description files and the decisions of manifest rows made in N worker
processes (run.pool), the results yielded in input order, so the output bytes and the audit log
are those of one process.

The workers are forked after the rule book is loaded: each has it, and a Checker of its own,
from the start (the book is not pickled). Description files go to the workers in turn. A
manifest is read by the main process in blocks of BLOCK rows, AHEAD blocks ahead of the one it
writes: the rows of a block whose facts (the cells a decision depends on) have not been decided
go to the workers, each first row of its facts once, to the worker with the least work
waiting; what comes back is the decision, and the main process then takes the block's rows
through the very loop of one process (`batch.rows_of`), every decision at hand. So the rows
that repeat one another, most rows of a real manifest, cost the main process what they cost one
process, and the decisions, most of the time of one whose rows differ, are made side by side.
At most a few blocks are in flight, so memory stays flat on any number of rows. Standard input
and spreadsheets are read and checked by the main process. Where fork is not available
(Windows), a run checks in one process.
"""

from __future__ import annotations

import itertools
from collections import deque
from typing import TYPE_CHECKING, NamedTuple

import msgspec.structs

from exportcheck.input.files import STDIN
from exportcheck.run import batch, jobs
from exportcheck.run.pool import Pool

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from exportcheck.check.engine import Checker
    from exportcheck.input.manifest import Manifest, Unfit
    from exportcheck.model.result import Result
    from exportcheck.model.verdict import Verdict
    from exportcheck.rules.book import RuleBook

BLOCK = jobs.BLOCK
AHEAD = 2
"""Blocks whose decisions are asked for before the first of them is written."""
IN_FLIGHT = 3
"""Description files per worker sent ahead of the one whose result is written next."""
KEPT = batch.MEMO_SIZE // 2
"""Decisions the main process keeps for a manifest (the oldest forgotten first): a row whose
facts were forgotten is asked for again."""

Rows = list["tuple[int, list[str]] | Unfit"]
Task = tuple[batch.Source, "Rows | None"]
"""A description file to check (None), or rows of a manifest to decide."""

_STATE: dict[str, object] = {}
"""In each worker (forked from the main process): the book, the options, its Checker and the
manifest it has opened."""


def run(
    found: Iterable[batch.Source], book: RuleBook, options: batch.BatchOptions, jobs: int
) -> Iterator[Result]:
    """`batch.run`, over `jobs` worker processes."""
    from exportcheck.check.engine import Checker  # noqa: PLC0415

    # a worker's verdict comes back whole: nothing is read item by item (check.streamed)
    options = msgspec.structs.replace(options, stream_from=None)
    _STATE.clear()
    _STATE.update(book=book, options=options)
    turns = itertools.cycle(range(jobs))
    checker = Checker(book)  # the main process's, for a decision it has to make itself
    with Pool(jobs, _started, _work) as pool:
        ahead: deque[int | list[Result]] = deque()
        for source in found:
            if _read_here(source):
                ahead.append(list(batch.run([source], book, options, checker)))
            elif source.kind is batch.SourceKind.DESCRIPTION:
                worker = next(turns)
                pool.send(worker, (source, None))
                ahead.append(worker)
            else:
                while ahead:  # the files before it first, in order
                    yield from _results(pool, ahead.popleft())
                yield from _manifest(source, book, options, pool, checker)
                continue
            while len(ahead) > jobs * IN_FLIGHT:
                yield from _results(pool, ahead.popleft())
        while ahead:
            yield from _results(pool, ahead.popleft())


def _read_here(source: batch.Source) -> bool:
    """Standard input, a spreadsheet, a missing file: read and checked by the main process."""
    if source.kind is batch.SourceKind.MANIFEST:
        return source.name.lower().endswith(batch.SPREADSHEETS)
    return source.kind is not batch.SourceKind.DESCRIPTION or source.name == STDIN


def _results(pool: Pool, pending: int | list[Result]) -> list[Result]:
    if isinstance(pending, list):
        return pending
    found: list[Result] = pool.receive(pending)
    return found


class _Asked(NamedTuple):
    """The decisions asked of one worker for a block: the lines of the rows sent and their
    facts."""

    worker: int
    facts: dict[int, object]


def _manifest(
    source: batch.Source,
    book: RuleBook,
    options: batch.BatchOptions,
    pool: Pool,
    checker: Checker,
) -> Iterator[Result]:
    """The results of a manifest's rows, each decision made by a worker."""
    from exportcheck.input.manifest import Manifest  # noqa: PLC0415 (when there is CSV)

    opened = batch.open_rows(source.name, options)
    if not isinstance(opened, Manifest):
        yield from batch.run([source], book, options, checker)  # the header's problems
        return
    from exportcheck.model.result import Result  # noqa: PLC0415

    name = source.name
    here = _Decisions(name, opened, options, pool, checker)
    blocks: deque[tuple[Rows, list[_Asked]]] = deque()
    rows = opened.rows()
    try:
        while block := list(itertools.islice(rows, BLOCK)):
            blocks.append((block, here.ask(block)))
            if len(blocks) > AHEAD:
                yield from here.written(blocks.popleft())
    except (OSError, *batch.INPUT_FAILURES) as exc:  # the file itself failed: it ends here
        while blocks:
            yield from here.written(blocks.popleft())
        yield Result(name, None, (batch.failure(name, exc),))
        return
    finally:
        opened.close()
    while blocks:
        yield from here.written(blocks.popleft())


class _Decisions:
    """A manifest's decisions in the main process: those made, and those asked for."""

    def __init__(
        self,
        name: str,
        opened: Manifest,
        options: batch.BatchOptions,
        pool: Pool,
        checker: Checker,
    ) -> None:
        self.name, self.opened, self.options = name, opened, options
        self.pool, self.checker = pool, checker
        self.decided: dict[object, Verdict] = {}
        self.asking: set[object] = set()

    def ask(self, block: Rows) -> list[_Asked]:
        """Send the block's rows whose facts are neither decided nor asked for, the first row
        of each, to the workers with the least work waiting."""
        opened, decided, asking = self.opened, self.decided, self.asking
        key_of, decimals = opened.key, bool(opened.decimals)
        waiting = self.pool.waiting
        shares: dict[int, tuple[Rows, dict[int, object]]] = {}
        for row in block:
            if type(row) is not tuple:
                continue
            line, cells = row
            facts = key_of(opened.comma_decimals(list(cells)) if decimals else cells)
            if facts in decided or facts in asking or opened.blank(cells):
                continue
            asking.add(facts)
            worker = waiting.index(min(waiting))
            waiting[worker] += 1
            share = shares.setdefault(worker, ([], {}))
            share[0].append(row)
            share[1][line] = facts
        source = batch.Source(self.name, batch.SourceKind.MANIFEST)
        for worker, (rows, _) in shares.items():
            self.pool.send(worker, (source, rows))
        return [_Asked(worker, facts) for worker, (_, facts) in shares.items()]

    def written(self, entry: tuple[Rows, list[_Asked]]) -> Iterator[Result]:
        """A block's results, once the decisions it asked for are back: one process's loop
        over its rows, which finds each decision made (a row that could not be decided, or
        whose facts were forgotten, is checked here as one process checks it)."""
        block, asked = entry
        decided, pool = self.decided, self.pool
        for worker, facts in asked:
            verdicts: dict[int, Verdict] = pool.receive(worker)
            pool.waiting[worker] -= len(facts)
            for line, key in facts.items():
                self.asking.discard(key)
                verdict = verdicts.get(line)
                if verdict is not None:
                    decided[key] = verdict
        while len(decided) > KEPT:
            del decided[next(iter(decided))]
        yield from batch.rows_of(
            self.name, self.opened, self.checker, self.options, found=block, decided=decided
        )


def _started() -> None:
    from exportcheck.check.engine import Checker  # noqa: PLC0415 (in the workers)

    book = _STATE["book"]
    _STATE["checker"] = Checker(book)  # type: ignore[arg-type]
    _STATE["manifests"] = {}


def _work(task: Task) -> list[Result] | dict[int, Verdict]:
    """A description file's result; or the decisions of manifest rows, by line (a row that
    could not be decided has none)."""
    source, rows = task
    options: batch.BatchOptions = _STATE["options"]  # type: ignore[assignment]
    checker: Checker = _STATE["checker"]  # type: ignore[assignment]
    book: RuleBook = _STATE["book"]  # type: ignore[assignment]
    if rows is None:
        return list(batch.run([source], book, options, checker))
    opened = _opened(source.name, options)
    results = batch.rows_of(source.name, opened, checker, options, found=rows, decided={})
    return {r.row: r.decided for r in results if r.decided is not None and r.row is not None}


def _opened(name: str, options: batch.BatchOptions) -> Manifest:
    """The worker's own opening of a manifest: its columns, for the rows it is sent."""
    from exportcheck.input.manifest import Manifest  # noqa: PLC0415

    known: dict[str, Manifest] = _STATE["manifests"]  # type: ignore[assignment]
    if name not in known:
        opened = batch.open_rows(name, options)
        assert isinstance(opened, Manifest)  # the main process opened it already
        opened.close()  # only its columns are read here
        known.clear()  # one manifest at a time
        known[name] = opened
    return known[name]
