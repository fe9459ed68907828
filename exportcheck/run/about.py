"""What the tool is and how it is set up: `--version` and `config show`."""

from __future__ import annotations

from exportcheck import exits
from exportcheck.errors import ExportcheckError
from exportcheck.model.days import today
from exportcheck.model.verdict import STALE_AFTER, fingerprint, reviewed
from exportcheck.run.configuration import rulebook, settings
from exportcheck.run.guard import guarded
from exportcheck.run.streams import Streams, console
from exportcheck.version import __version__
from exportcheck.vocab import safe


def version() -> int:
    """The package, every ruleset (the configuration's included) and the rule book's
    fingerprint, as JSON lines carry it."""
    streams = Streams.standard()
    try:
        book = rulebook(settings(streams))
    except ExportcheckError as exc:
        for problem in exc.problems:
            streams.say(str(problem))
        return exits.INVALID
    out = console(streams.out)
    out.print(f"exportcheck {__version__}", markup=False, soft_wrap=True)
    for info in book.infos:
        line = f"ruleset {info.name} {info.version} sha256:{info.sha256[:12]}"
        if info.origin != "bundled":
            line = f"{line} ({info.origin_label}, from the configuration)"
        out.print(safe.terminal(line), markup=False)  # a user ruleset's name and path
    out.print(f"rulebook sha256:{fingerprint(book.infos)}", markup=False)
    checked = reviewed(book.infos)
    if checked is not None:
        age = (today() - checked).days
        stale = f"; stale after {STALE_AFTER} days" if age <= STALE_AFTER else "; STALE"
        days = f"{age} day{'' if abs(age) == 1 else 's'}"
        out.print(f"bundled data reviewed {checked} ({days} ago{stale})", markup=False)
    return 0


def config_show(*, as_json: bool, debug: bool = False) -> int:
    """The effective settings and where each comes from."""
    from exportcheck.report import config_report  # noqa: PLC0415 (only for config show)

    streams = Streams.standard()

    def body() -> int:
        found = settings(streams)
        if as_json:
            config_report.render_json(found, streams.out)
        else:
            config_report.render_text(found, console(streams.out))
        return 0

    return guarded(body, streams, debug=debug)
