"""`exportcheck rules`: the catalogue of bundled rules, as text or JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from rich.padding import Padding
from rich.text import Text

from exportcheck.model.verdict import reviewed
from exportcheck.report.output import write_stripped
from exportcheck.rules.catalogue import measures, status_text
from exportcheck.vocab import safe

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import Console

    from exportcheck.rules.book import RuleBook
    from exportcheck.rules.catalogue import Hit
    from exportcheck.rules.model import Measure, Rule


def rule_dict(rule: Rule, day: dt.date) -> dict[str, Any]:
    return {
        "id": rule.id,
        "measure": rule.measure.id,
        "control_code": rule.control_code,
        "title": rule.title,
        "verdict": rule.level.value,
        "license": rule.license.value if rule.license else None,
        "effective": rule.effective.isoformat(),
        "suspensions": [
            {"by": s.by, "title": s.title, "from": s.start.isoformat(), "until": s.end.isoformat()}
            for s in (*rule.measure.suspensions, *rule.suspensions)
        ],
        "status": status_text(rule, day),
        "trigger": rule.trigger.explain(),
        "condition": rule.condition.explain() if rule.condition else None,
        "tags": sorted(rule.tags),
        "source": rule.source,
        "caution": rule.caution,
        "caution_kinds": [kind.value for kind in rule.caution_kinds],
        "cautions_on_date": list(rule.status(day).cautions),
        "caution_kinds_on_date": [kind.value for kind in rule.status(day).caution_kinds],
        "ruleset": rule.ruleset,
        "amendments": list(rule.amendments),
    }


def measure_dict(measure: Measure, rules: list[Rule], day: dt.date) -> dict[str, Any]:
    return {
        "id": measure.id,
        "title": measure.title,
        "published": measure.published.isoformat() if measure.published else None,
        "effective": measure.effective.isoformat(),
        "ends": measure.ends.isoformat() if measure.ends else None,
        "source": measure.source,
        "confirmed_by": list(measure.confirmed_by),
        "caution": measure.caution,
        "caution_kinds": [kind.value for kind in measure.caution_kinds],
        "suspensions": [
            {"by": s.by, "title": s.title, "from": s.start.isoformat(), "until": s.end.isoformat()}
            for s in measure.suspensions
        ],
        "amendment": measure.amendment,
        "rules": [rule_dict(r, day) for r in rules],
    }


def _json(console: Console, body: object) -> None:
    console.file.write(safe.json(json.dumps(body, indent=2, ensure_ascii=False)) + "\n")


def _print(console: Console, text: str, *, style: str = "", indent: int = 0) -> None:
    """A line of the catalogue: a user ruleset's texts are shown escaped, as an input's are."""
    console.print(Padding(Text(safe.terminal(text), style=style), (0, 0, 0, indent), expand=False))


# -- list --------------------------------------------------------------------------------------


def render_list(
    book: RuleBook, rules: list[Rule], day: dt.date, console: Console, *, as_json: bool
) -> None:
    chosen = {r.measure.id for r in rules}
    shown = [m for m in measures(book) if m.id in chosen]
    checked = reviewed(book.infos)
    if as_json:
        _json(console, {
            "in_force_on": day.isoformat(),
            "data_reviewed": None if checked is None else checked.isoformat(),
            "measures": [
                measure_dict(m, [r for r in rules if r.measure.id == m.id], day) for m in shown
            ],
        })  # fmt: skip
        return
    write_stripped(console, lambda: _list(shown, rules, day, console, checked))


def _list(
    shown: list[Measure],
    rules: list[Rule],
    day: dt.date,
    console: Console,
    checked: dt.date | None,
) -> None:
    _print(console, f"{len(rules)} rules in {len(shown)} measures, status on {day}", style="bold")
    if checked is not None:
        _print(console, f"(bundled data reviewed {checked})", style="dim")
    _print(console, "(rule ids are <measure>:<entry>; ⚠ marks a caution on that date)", style="dim")
    for measure in shown:
        console.print()
        _print(console, f"{measure.id}  {measure.title}", style="bold")
        mine = [r for r in rules if r.measure.id == measure.id]
        width = max(len(r.id.partition(":")[2]) for r in mine)
        for rule in mine:
            entry = rule.id.partition(":")[2]
            status = status_text(rule, day, detail=False)
            _print(console, f"{entry:<{width}}  {rule.level.value:<16}  {status}", indent=2)


# -- show --------------------------------------------------------------------------------------


def render_rule(rule: Rule, day: dt.date, console: Console, *, as_json: bool) -> None:
    if as_json:
        _json(console, rule_dict(rule, day))
        return
    write_stripped(console, lambda: _rule(rule, day, console))


def _rule(rule: Rule, day: dt.date, console: Console) -> None:
    body = rule_dict(rule, day)
    _print(console, rule.id, style="bold")
    _print(console, rule.title, indent=2)
    console.print()
    fields = [
        ("Measure", f"{rule.measure.id} ({rule.measure.title})"),
        ("Control code", rule.control_code or "-"),
        ("Verdict", rule.level.value),
        ("Licence type", body["license"] or "-"),
        ("Effective", str(rule.effective)),
        ("Status", f"{body['status']} (on {day})"),
        ("Suspensions", "; ".join(
            f"{s['from']}..{s['until']} by {s['title']}" for s in body["suspensions"]
        ) or "none"),
        ("Applies when", body["trigger"]),
        ("Decided by", body["condition"] or "(nothing further: the trigger decides)"),
        ("Tags", ", ".join(body["tags"]) or "-"),
        ("Source", rule.source),
        (f"Cautions on {day}", " ".join(body["cautions_on_date"]) or "-"),
        ("Caution kinds", ", ".join(body["caution_kinds_on_date"]) or "-"),
    ]  # fmt: skip
    if rule.amendments:
        fields.insert(6, ("Amended", " ".join(f"Status {a}." for a in rule.amendments)))
    for label, value in fields:
        _print(console, f"{label}:", style="bold", indent=2)
        _print(console, value, indent=4)


def render_measure(
    measure: Measure, rules: list[Rule], day: dt.date, console: Console, *, as_json: bool
) -> None:
    if as_json:
        _json(console, measure_dict(measure, rules, day))
        return
    write_stripped(console, lambda: _measure(measure, rules, day, console))


def _measure(measure: Measure, rules: list[Rule], day: dt.date, console: Console) -> None:
    _print(console, f"{measure.id}  {measure.title}", style="bold")
    _print(console, f"Published: {measure.published or '-'}", indent=2)
    _print(console, f"Effective: {measure.effective}", indent=2)
    if measure.ends:
        _print(console, f"Ends: {measure.ends}", indent=2)
    for s in measure.suspensions:
        _print(console, f"Suspended {s.start}..{s.end} by {s.title} ({s.source})", indent=2)
        if s.caution_after:
            _print(console, f"After {s.end}: {s.caution_after}", indent=4)
    _print(console, f"Source: {measure.source}", indent=2)
    for page in measure.confirmed_by:
        _print(console, f"Confirmed by: {page}", indent=2)
    if measure.amendment:
        _print(console, f"Status {measure.amendment}.", style="yellow", indent=2)
    console.print()
    _print(console, f"Rules ({len(rules)}), status on {day}:", style="bold")
    for rule in rules:
        _print(console, f"{rule.id}  ({rule.level.value}, {status_text(rule, day)})", indent=2)
        _print(console, rule.title, indent=4)


# -- search ------------------------------------------------------------------------------------


def render_search(
    query: str, hits: list[Hit], day: dt.date, console: Console, *, as_json: bool
) -> None:
    if as_json:
        _json(console, {
            "query": query,
            "rules": [{**rule_dict(h.rule, day), "matched_on": list(h.why)} for h in hits],
        })  # fmt: skip
        return
    write_stripped(console, lambda: _search(query, hits, day, console))


def _search(query: str, hits: list[Hit], day: dt.date, console: Console) -> None:
    if not hits:
        _print(console, f"No bundled rule mentions {query!r}.")
        return
    _print(console, f"{len(hits)} rules for {query!r}, status on {day}", style="bold")
    for hit in hits:
        console.print()
        rule = hit.rule
        _print(console, f"{rule.id}  ({rule.level.value}, {status_text(rule, day)})", style="bold")
        _print(console, rule.title, indent=2)
        _print(console, "matched on: " + ", ".join(hit.why), style="dim", indent=2)
