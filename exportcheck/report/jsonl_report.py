"""`--format jsonl`: one compact JSON object per line, per input file or CSV row, written as
soon as it is decided; `rulebook` (one fingerprint of the rulesets) stands in for the list of
rulesets."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, BinaryIO

from exportcheck.render import record
from exportcheck.report.writer import Target, Writer

if TYPE_CHECKING:
    from exportcheck.model.result import Result
    from exportcheck.model.verdict import Verdict
    from exportcheck.report.tally import Tally


class JsonLinesWriter(Writer):
    """One line per result. Lines are written in batches of up to BATCH, and at least every
    FLUSH_AFTER seconds, so a reader of the stream sees results as they come; as UTF-8 bytes to
    the stream's buffer when it has one (a manifest row's line is then mostly bytes encoded
    once per decision)."""

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        out = target.out
        self.templates: dict[int, record.RowTemplate] = {}
        self.buffer: BinaryIO | None = getattr(out, "buffer", None)
        self.lines: list[bytes] = []
        self.flushed = time.monotonic()

    def add(self, result: Result) -> None:
        decided = result.decided
        row, item = result.row, result.item
        if decided is not None and row is not None and item is not None:
            template = self.templates.get(id(decided))
            if template is None or template.verdict is not decided:
                template = self._template(decided)
            lines = self.lines
            lines.append(template.render_bytes(row, item))
            if len(lines) >= BATCH or (
                not len(lines) % 32 and time.monotonic() - self.flushed > FLUSH_AFTER
            ):
                self._flush()
        else:
            super().add(result)

    def _add(self, result: Result) -> None:
        decided = result.decided
        if decided is None:
            text = record.line(record.invalid_dict(result.file, result.problems, result.row))
            self.lines.append(text.encode())
        else:  # in pieces: a big description's findings are not held whole (check.streamed)
            for piece in record.line_pieces(decided):
                self.lines.append(piece.encode())
                self._flush()
        self._flush()  # a file's or an invalid row's line goes out at once

    def _template(self, decided: Verdict) -> record.RowTemplate:
        """Rows that share a decision share one template (kept while the decision is)."""
        if len(self.templates) >= TEMPLATES:
            self.templates.clear()
        template = self.templates[id(decided)] = record.RowTemplate(decided)
        return template

    def _flush(self) -> None:
        if self.lines:
            data = b"".join(self.lines)
            if self.buffer is not None:
                self.target.out.flush()  # nothing is pending there, but keep the order if it were
                self.buffer.write(data)
                self.buffer.flush()
            else:
                self.target.out.write(data.decode())
            self.lines.clear()
        self.flushed = time.monotonic()

    def close(self, tally: Tally) -> None:
        self._flush()


BATCH = 512
FLUSH_AFTER = 0.2
TEMPLATES = 50_000
"""Row templates kept at most (then the memory starts afresh)."""
