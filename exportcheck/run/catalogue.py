"""`exportcheck rules list | show | search | changes` and `exportcheck explain`: the rule book
as a catalogue, on any day, and what its bundled data changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from exportcheck import exits
from exportcheck.report import rules_report
from exportcheck.rules import catalogue
from exportcheck.run.configuration import rulebook, settings
from exportcheck.run.guard import guarded
from exportcheck.run.streams import Streams, console

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from exportcheck.run.options import CatalogueOptions


def _guarded(options: CatalogueOptions, body: Callable[[Streams], int]) -> int:
    streams = Streams.standard()
    return guarded(lambda: body(streams), streams, debug=options.debug)


def listing(options: CatalogueOptions, measure: str | None) -> int:
    """Measures and rules with their status on the day; only `measure`'s when given."""

    def body(streams: Streams) -> int:
        book = rulebook(settings(streams), options.rules)
        chosen = catalogue.rules_of(book, measure)
        if measure is not None and not chosen:
            known = ", ".join(m.id for m in catalogue.measures(book))
            streams.say(f"exportcheck: no measure {measure!r} (known: {known})")
            return exits.INVALID
        rules_report.render_list(
            book, chosen, options.day, console(streams.out), as_json=options.as_json
        )
        return 0

    return _guarded(options, body)


def show(options: CatalogueOptions, name: str) -> int:
    """One rule or measure: what it matches, its dates, source and cautions."""

    def body(streams: Streams) -> int:
        book = rulebook(settings(streams), options.rules)
        out = console(streams.out)
        rule = book.rule(name)
        if rule is not None:
            rules_report.render_rule(rule, options.day, out, as_json=options.as_json)
            return 0
        measure = catalogue.find_measure(book, name)
        if measure is not None:
            found = catalogue.rules_of(book, measure.id)
            rules_report.render_measure(measure, found, options.day, out, as_json=options.as_json)
            return 0
        hits = catalogue.search(book, name)
        hint = f"; try: {', '.join(h.rule.id for h in hits[:3])}" if hits else ""
        streams.say(f"exportcheck: no rule or measure {name!r}{hint}")
        return exits.INVALID

    return _guarded(options, body)


def search(options: CatalogueOptions, text: str) -> int:
    """Rules by element, HS code, control code or words."""

    def body(streams: Streams) -> int:
        book = rulebook(settings(streams), options.rules)
        hits = catalogue.search(book, text)
        rules_report.render_search(
            text, hits, options.day, console(streams.out), as_json=options.as_json
        )
        return 0

    return _guarded(options, body)


def changes(options: CatalogueOptions, first: dt.date | None) -> int:
    """What the bundled rule data changed from `first` on (every day when None)."""

    def body(streams: Streams) -> int:
        from exportcheck.report import history_report  # noqa: PLC0415 (this command only)
        from exportcheck.rules import history  # noqa: PLC0415

        days = history.bundled()
        shown = days if first is None else history.since(days, first)
        out = console(streams.out)
        history_report.render(shown, first, out, as_json=options.as_json)
        return 0

    return _guarded(options, body)
