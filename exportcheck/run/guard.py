"""Running a command body under the exit-code rule: problems that mean "could not assess"
(an invalid input, ruleset or configuration) are listed and give `exits.INVALID`; anything else
is a bug, `exits.INTERNAL`, in one line (the traceback only with --debug)."""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

from exportcheck import exits
from exportcheck.errors import ExportcheckError

if TYPE_CHECKING:
    from collections.abc import Callable

    from exportcheck.run.streams import Streams


def guarded(action: Callable[[], int], streams: Streams, *, debug: bool = False) -> int:
    try:
        return action()
    except ExportcheckError as exc:
        for problem in exc.problems:
            streams.say(str(problem))
        return exits.INVALID
    except Exception as exc:
        if debug:
            streams.say(traceback.format_exc())
        streams.say(
            f"exportcheck: internal error: {type(exc).__name__}: {exc} "
            "(rerun with --debug for the traceback)"
        )
        return exits.INTERNAL
