"""`exportcheck check`: inputs -> results -> report and audit log -> exit code.

The one pass of a check run: the configuration fills what the options leave open, the inputs are
found and checked one by one (run.batch), each result goes to the audit log and the chosen
format's writer as it comes, and the exit code is the most severe result's.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec.structs

from exportcheck import exits
from exportcheck.errors import InputError, Problems
from exportcheck.model.verdict import DEFAULT_HORIZON
from exportcheck.report.formats import DEFAULT, FORMATS
from exportcheck.report.tally import Tally
from exportcheck.report.writer import Target
from exportcheck.run import batch
from exportcheck.run.configuration import rulebook, settings
from exportcheck.run.guard import guarded
from exportcheck.run.options import in_range
from exportcheck.run.output import OutputTarget, destination, few_collections, output_target
from exportcheck.run.streams import Streams, console, diagnostics

if TYPE_CHECKING:
    from collections.abc import Iterator

    from exportcheck.input.config import Settings
    from exportcheck.model.result import Result
    from exportcheck.report.writer import Writer
    from exportcheck.rules.book import RuleBook
    from exportcheck.run.audit import AuditLog
    from exportcheck.run.options import CheckOptions
    from exportcheck.run.provenance import Provenance


def run(options: CheckOptions, streams: Streams | None = None) -> int:
    """Check every input of `options` and write the report; the exit code."""
    chosen = streams or Streams.standard()
    return guarded(lambda: _check(options, chosen), chosen, debug=options.debug)


def _check(options: CheckOptions, streams: Streams) -> int:
    found = settings(streams)
    name = options.format or found.format or DEFAULT
    log_path = options.audit_log or found.audit_log
    horizon = next(h for h in (options.horizon, found.horizon, DEFAULT_HORIZON) if h is not None)
    in_range([("--as-of", options.as_of)], horizon)
    plan = batch.BatchOptions(
        as_of=options.as_of,
        today=options.today,
        limits=options.limits,
        horizon=horizon,
        digest=log_path is not None,
        defaults=found.defaults(),
        encoding=options.encoding,
        decimal_comma=options.decimal_comma,
        # the audit log holds each verdict's record whole
        stream_from=batch.STREAM_FROM if FORMATS[name].streams and log_path is None else None,
    )
    listed = list(batch.sources(options.paths))
    for line in batch.notices(listed):
        streams.say(line)
    sources = [s for s in listed if s.kind not in batch.SAID]
    written = _output(options, sources, log_path, found)
    chosen = FORMATS[name]
    if chosen.binary and written is None and _terminal(streams):
        streams.say(
            f"exportcheck: --format {name} writes a binary file; "
            f"give -o FILE.{name} or redirect standard output"
        )
        return exits.INVALID
    manifests = any(s.kind is batch.SourceKind.MANIFEST for s in sources)
    single = len(sources) == 1 and sources[0].kind is not batch.SourceKind.MANIFEST
    single = single and len(options.paths) == 1 and not Path(options.paths[0]).is_dir()
    if options.header is not None or options.sets:
        if not manifests:
            streams.say(
                "exportcheck: --header and --set are for CSV manifests (*.csv); none was given"
            )
            return exits.INVALID
        from exportcheck.input import shipment  # noqa: PLC0415 (for CSV manifests only)

        fields = shipment.shipment_fields(options.header, options.sets, options.limits)
        plan = msgspec.structs.replace(plan, shipment=fields)
    if manifests:
        for line in batch.decimal_notices(sources, plan):
            streams.say(line)
    book = rulebook(found, options.rules, overlays=options.overlays, assumption=options.assumption)
    plan = msgspec.structs.replace(plan, provenance=_provenance(found, options, book))
    log = _audit_log(log_path)
    tally = Tally()
    rows = _estimated(sources) if manifests else 0
    results = _results(sources, book, plan, options.jobs, rows)
    if not single and not options.quiet:
        err = diagnostics(streams.err, options.color)
        # on a terminal, unless the report goes to that terminal as data (JSON lines there)
        if err.is_terminal and (chosen.for_people or written is not None or not _terminal(streams)):
            from exportcheck.run import progress  # noqa: PLC0415 (rich.progress)

            total = rows if manifests else len(sources)
            results = progress.with_progress(results, total, err, estimated=manifests)
    tally.skipped = sum(s.kind is batch.SourceKind.SKIPPED for s in listed)
    with destination(written, streams.out, str(options.output)) as out, few_collections():
        target = Target(
            out=out.stream,
            err=streams.err,
            out_console=lambda: console(out.stream, options.color),
            err_console=lambda: diagnostics(streams.err, options.color),
            single=single,
            rules={rule.id: rule for rule in book.rules},
            show_all=options.show_all,
            quiet=options.quiet,
            started=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )
        writer = chosen.writer()(target)
        if log is None:
            _written(results, tally, writer)
        else:
            _audited(results, log, tally, writer, found)
        writer.close(tally)
        out.keep = tally.total > tally.verdicts["invalid"]
    return exits.most_severe(exits.FOR_VERDICT[v] for v, n in tally.verdicts.items() if n)


def _written(results: Iterator[Result], tally: Tally, writer: Writer) -> None:
    """Each result written and counted (the time each took to write counts as its file's)."""
    for result in results:
        began = time.perf_counter()
        writer.add(result)
        tally.add(result, time.perf_counter() - began)


def _terminal(streams: Streams) -> bool:
    isatty = getattr(streams.out, "isatty", None)
    return bool(isatty and isatty())


def _estimated(sources: list[batch.Source]) -> int:
    """About how many rows the CSV manifests hold (a spreadsheet's bytes say nothing of its
    rows): for the progress bar and the number of workers."""
    from exportcheck.run.progress import estimated_rows  # noqa: PLC0415 (manifests only)

    names = [s.name for s in sources if s.kind is batch.SourceKind.MANIFEST]
    return estimated_rows(n for n in names if n.lower().endswith(batch.MANIFEST_SUFFIX))


def _results(
    sources: list[batch.Source],
    book: RuleBook,
    plan: batch.BatchOptions,
    jobs: int | None,
    rows: int,
) -> Iterator[Result]:
    """The results in input order: from a pool of worker processes where that pays."""
    from exportcheck.run import jobs as processes  # noqa: PLC0415 (for batches only)

    wanted = processes.wanted(sources, jobs if jobs is not None else processes.available(), rows)
    if wanted > 1:
        from exportcheck.run import parallel  # noqa: PLC0415 (multiprocessing)

        return parallel.run(sources, book, plan, wanted)
    return batch.run(sources, book, plan)


def _output(
    options: CheckOptions, sources: list[batch.Source], log: Path | None, found: Settings
) -> OutputTarget | None:
    """Where -o writes, refused (an input error) if it would replace an input, the audit log,
    a ruleset or the configuration, or is not a regular file (run.output)."""
    if options.output is None:
        return None
    checked = (batch.SourceKind.DESCRIPTION, batch.SourceKind.MANIFEST)
    protected = [("the input", Path(s.name)) for s in sources if s.kind in checked]
    protected += [("the audit log", log)] if log is not None else []
    protected += [("a ruleset", p) for p in (*found.rules, *options.rules)]
    protected += [("the manifest header", Path(options.header))] if options.header else []
    protected += [("the configuration", Path(found.source))] if found.source else []
    follow = options.output_follow_symlink
    return output_target(options.output, protected, follow_symlink=follow)


def _provenance(found: Settings, options: CheckOptions, book: RuleBook) -> Provenance | None:
    """What the user supplied; with the user's overlays in the book, the checker without them,
    so a verdict they lower says so."""
    if found.source is None and not options.rules:
        return None  # nothing the user supplied
    from exportcheck.run.provenance import provenance  # noqa: PLC0415 (with user settings only)

    plain = None
    if any(info.amends for info in book.infos):
        from exportcheck.check.engine import Checker  # noqa: PLC0415 (with overlays only)

        plain = Checker(
            rulebook(found, options.rules, overlays=False, assumption=options.assumption)
        )
    return provenance(found, options.rules, plain)


def _audit_log(path: Path | None) -> AuditLog | None:
    """The open audit log, if one is asked for; an input error (exit 2, before any check) if it
    cannot be written."""
    if path is None:
        return None
    from exportcheck.run.audit import AuditLog, NotAnAuditLog  # noqa: PLC0415 (only with an audit log)

    problems = Problems(str(path))
    try:
        return AuditLog(path)
    except NotAnAuditLog as exc:
        problems.add(None, "", f"refusing to use it as the audit log: it {exc}")
    except OSError as exc:
        problems.add(None, "", f"cannot write the audit log: {exc.strerror or exc}")
    raise InputError(problems.sorted()) from None


def _audited(
    results: Iterator[Result], log: AuditLog, tally: Tally, writer: Writer, found: Settings
) -> None:
    from exportcheck.run import audit  # noqa: PLC0415 (only with an audit log)

    configuration = found.audited()
    try:
        for result in results:
            try:
                log.write(audit.record(result, dt.datetime.now(dt.UTC), configuration))
            except OSError as exc:  # a full disk, a file-size limit: the run cannot be audited
                problems = Problems(str(log.path))
                reason = exc.strerror or "a line could not be written whole (is the disk full?)"
                problems.add(None, "", f"cannot write the audit log: {reason}")
                raise InputError(problems.sorted()) from None
            began = time.perf_counter()
            writer.add(result)
            tally.add(result, time.perf_counter() - began)
    finally:
        log.close()
