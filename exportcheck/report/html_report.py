"""`--format html`: one self-contained page for a run (nothing is fetched: styles, script and
chart are inline), to read in a browser or attach to a ticket.

The page gives the summary (counts per verdict, licence types, rules, missing facts), a bar
chart of the verdicts (inline SVG), a table of the inputs needing action (every input with
`--show all`) that can be filtered by text and verdict and sorted by any column, and under it
every finding of those inputs with its reason, measure, control code, caution and source.
The filter can be set from the address: `report.html#verdict=review&filter=1C905`.

Every text from an input or a ruleset is escaped for HTML (and stripped of what XML refuses);
a source address is a link only when it is http(s).
"""

from __future__ import annotations

import html
from collections import Counter
from typing import TYPE_CHECKING

from exportcheck.model.verdict import ACTION, PRESSING, Level
from exportcheck.render import reasons
from exportcheck.report.tally import ranked
from exportcheck.report.writer import Target, Writer
from exportcheck.vocab import safe

if TYPE_CHECKING:
    from exportcheck.model.result import Result
    from exportcheck.model.verdict import Verdict
    from exportcheck.report.tally import Tally

COLOURS = {
    Level.PROHIBITED: "#c62828",
    Level.REVIEW: "#8e24aa",
    Level.LICENSE_REQUIRED: "#ef8f00",
    Level.LICENSED: "#2e7d32",
    Level.NO_MATCH: "#00838f",
    "invalid": "#616161",
}
STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;
text-align:left;vertical-align:top;font-size:.9em}th{background:#f3f3f3;cursor:pointer}
.verdict{font-weight:bold}.prohibited{color:#c62828}.review{color:#8e24aa}
.license_required{color:#ef8f00}.licensed{color:#2e7d32}.no_match{color:#00838f}
.invalid{color:#616161}.caution{color:#8a6d00}details{margin:.4em 0}
#controls{margin:.6em 0}#controls input{width:20em}
"""
SCRIPT = """
(function(){
var table=document.getElementById('rows'),body=table.tBodies[0];
var text=document.getElementById('filter'),pick=document.getElementById('verdict');
function apply(){var t=text.value.toLowerCase(),v=pick.value,shown=0;
for(var r of body.rows){var ok=(!v||r.dataset.verdict===v)&&
(!t||r.textContent.toLowerCase().includes(t));
r.style.display=ok?'':'none';if(ok)shown++;}
document.getElementById('shown').textContent=shown;}
text.addEventListener('input',apply);pick.addEventListener('change',apply);
var heads=table.tHead.rows[0].cells;
for(let i=0;i<heads.length;i++){heads[i].addEventListener('click',function(){
var rows=Array.from(body.rows),up=heads[i].dataset.up!=='1';heads[i].dataset.up=up?'1':'0';
rows.sort(function(a,b){var x=a.cells[i].dataset.key||a.cells[i].textContent,
y=b.cells[i].dataset.key||b.cells[i].textContent;
var n=parseFloat(x)-parseFloat(y);var c=isNaN(n)?x.localeCompare(y):n;return up?c:-c;});
rows.forEach(function(r){body.appendChild(r);});});}
var hash=new URLSearchParams(location.hash.slice(1));
if(hash.get('filter'))text.value=hash.get('filter');
if(hash.get('verdict'))pick.value=hash.get('verdict');
apply();document.body.dataset.ready='1';
})();
"""


def _e(text: object) -> str:
    """Text for HTML: escaped, and nothing XML refuses."""
    return html.escape(safe.xml(str(text)), quote=True)


def _link(url: str) -> str:
    if url.startswith(("https://", "http://")):
        return f'<a href="{_e(safe.link(url))}">{_e(url)}</a>'
    return _e(url)


class HtmlWriter(Writer):
    """Collects the run, writes the page at its end."""

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.levels: Counter[str] = Counter()
        self.licenses: Counter[str] = Counter()
        self.by_rule: Counter[str] = Counter()
        self.facts: Counter[str] = Counter()
        self.shown: list[tuple[Result, Verdict | None]] = []

    def _add(self, result: Result) -> None:
        verdict = result.verdict
        if verdict is None:
            self.levels["invalid"] += 1
            self.shown.append((result, None))
            return
        self.levels[verdict.level.value] += 1
        for lic in verdict.license_types:
            self.licenses[lic.value] += 1
        if verdict.level in ACTION:
            self.by_rule.update({f.rule for f in verdict.findings})
            self.facts.update(reasons.missing_facts(verdict.findings))
        if verdict.level in ACTION or self.target.show_all or self.single:
            self.shown.append((result, verdict))

    def close(self, tally: Tally) -> None:
        self.target.out.write(self.page())

    def page(self) -> str:
        total = sum(self.levels.values())
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            "<title>exportcheck report</title>",
            f"<style>{STYLE}</style></head><body>",
            f"<h1>exportcheck: {total:,} check{'s' if total != 1 else ''}</h1>",
            self._summary(),
            self._chart(),
            self._table(),
            self._findings(),
            f"<script>{SCRIPT}</script>",
            "</body></html>",
        ]
        return "\n".join(parts) + "\n"

    def _summary(self) -> str:
        counts = [
            f'<li><span class="verdict {key}">{key}</span>: {n:,}</li>'
            for key in (*(lv.value for lv in PRESSING), "invalid")
            if (n := self.levels[key])
        ]
        needed = ", ".join(f"{_e(k)} ({n:,})" for k, n in sorted(self.licenses.items()))
        rules = "".join(f"<li>{_e(r)}: {n:,}</li>" for r, n in ranked(self.by_rule))
        facts = "".join(f"<li>{_e(f)}: {n:,}</li>" for f, n in ranked(self.facts)[:10])
        return (
            '<h2>Summary</h2><ul id="counts">' + "".join(counts) + "</ul>"
            f"<p>Licence types needed: {needed or 'none determined'}</p>"
            + (f"<h2>Needing action, by rule</h2><ul>{rules}</ul>" if rules else "")
            + (f"<h2>Most common missing facts</h2><ul>{facts}</ul>" if facts else "")
        )

    def _chart(self) -> str:
        keys = [k for k in (*(lv.value for lv in PRESSING), "invalid") if self.levels[k]]
        if not keys:
            return ""
        most = max(self.levels[k] for k in keys)
        bars = []
        for n, key in enumerate(keys):
            width = round(400 * self.levels[key] / most)
            colour = COLOURS[Level(key) if key != "invalid" else key]
            y = 10 + 30 * n
            bars.append(
                f'<text x="0" y="{y + 15}">{key}</text>'
                f'<rect x="130" y="{y}" width="{width}" height="20" fill="{colour}"/>'
                f'<text x="{136 + width}" y="{y + 15}">{self.levels[key]:,}</text>'
            )
        height = 20 + 30 * len(keys)
        return (
            f'<svg id="chart" role="img" aria-label="verdicts" width="640" height="{height}" '
            'xmlns="http://www.w3.org/2000/svg" font-size="13">' + "".join(bars) + "</svg>"
        )

    def _table(self) -> str:
        options = "".join(
            f'<option value="{k}">{k}</option>'
            for k in (*(lv.value for lv in PRESSING), "invalid")
            if self.levels[k]
        )
        rows = []
        for number, (result, verdict) in enumerate(self.shown, 1):
            level = "invalid" if verdict is None else verdict.level.value
            rules = "" if verdict is None else " ".join(sorted({f.rule for f in verdict.findings}))
            missing = (
                "; ".join(str(p) for p in result.problems)
                if verdict is None
                else ", ".join(reasons.missing_facts(verdict.findings))
            )
            described = (
                "" if verdict is None else "; ".join(text for _, _, text in verdict.subjects)
            )
            rows.append(
                f'<tr data-verdict="{level}"><td data-key="{number}">{_e(result.file)}</td>'
                f"<td>{'' if result.row is None else result.row}</td>"
                f"<td>{_e(result.item or '')}</td><td>{_e(described)}</td>"
                f'<td class="verdict {level}">{level}</td><td>{_e(rules)}</td>'
                f'<td><a href="#f{number}">{_e(missing) or "details"}</a></td></tr>'
            )
        what = "every input" if self.target.show_all or self.single else "inputs needing action"
        return (
            f'<h2>Rows ({what}): <span id="shown">{len(rows)}</span> shown</h2>'
            '<div id="controls"><input id="filter" type="search" placeholder="filter text">'
            f' <select id="verdict"><option value="">any verdict</option>{options}</select></div>'
            '<table id="rows"><thead><tr><th>file</th><th>row</th><th>item</th>'
            "<th>description</th><th>verdict</th><th>rules</th><th>missing facts</th></tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table>"
        )

    def _findings(self) -> str:
        blocks = []
        for number, (result, verdict) in enumerate(self.shown, 1):
            if verdict is None or not verdict.findings:
                continue
            where = result.file + ("" if result.row is None else f":{result.row}")
            items = []
            for f in verdict.findings:
                facts = [
                    f"measure {_e(f.measure)}",
                    f"control code {_e(f.control_code or '-')}",
                    f"licence type {_e(f.license.value if f.license else '-')}",
                ]
                caution = (
                    f'<p class="caution">⚠ {_e(f.caution)}'
                    f" ({_e(', '.join(k.value for k in f.caution_kinds))})</p>"
                    if f.caution
                    else ""
                )
                items.append(
                    f'<li><span class="verdict {f.level.value}">{f.level.value}</span> '
                    f"{_e(f.subject)} <b>{_e(f.rule)}</b> · {' · '.join(facts)}"
                    f"<p>{_e(reasons.finding(f))}</p>{caution}<p>Source: {_link(f.source)}</p></li>"
                )
            blocks.append(
                f'<details id="f{number}"><summary>{_e(where)}: '
                f'<span class="verdict {verdict.level.value}">{verdict.level.value}</span>'
                f"</summary><ul>{''.join(items)}</ul></details>"
            )
        return "<h2>Findings</h2>" + "".join(blocks) if blocks else ""
