"""`--format json`: one object per check, keys in a fixed order; same input, same bytes out."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from exportcheck.model import Screening, Verdict

SCHEMA_VERSION = 1


def to_dict(verdict: Verdict) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "file": verdict.file,
        "reference": verdict.reference,
        "as_of": verdict.as_of.isoformat(),
        "verdict": verdict.level.value,
        "licenses": [lic.value for lic in verdict.licenses],
        "findings": [
            {
                "rule": f.rule,
                "measure": f.measure,
                "subject": f.subject,
                "item": f.item,
                "verdict": f.level.value,
                "license": f.license.value if f.license else None,
                "control_code": f.control_code,
                "reason": f.reason,
                "source": f.source,
                "caution": f.caution,
                "missing": list(f.missing),
                "score": f.score,
            }
            for f in verdict.findings
        ],
        "notes": [
            {
                "rule": n.rule,
                "measure": n.measure,
                "subject": n.subject,
                "kind": n.kind.value,
                "reason": n.reason,
            }
            for n in verdict.notes
        ],
        "screening": _screening(verdict.screening),
        "rulesets": [
            {"name": r.name, "version": r.version, "sha256": r.sha256} for r in verdict.rulesets
        ],
    }


def _screening(summary: Screening | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "parties": list(summary.parties),
        "entries": summary.entries,
        "announced": summary.announced,
        "lists_as_of": summary.lists_as_of.isoformat(),
        "threshold": summary.threshold,
        "hits": summary.hits,
    }


def dumps(verdict: Verdict) -> str:
    return json.dumps(to_dict(verdict), indent=2, ensure_ascii=False) + "\n"


def render(verdict: Verdict, console: Console) -> None:
    console.file.write(dumps(verdict))
