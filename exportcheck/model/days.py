"""The days exportcheck can check: the one definition of the calendar's range.

The rule book's measures date from this century; a day outside `EARLIEST`..`LATEST` in a file
(a description's date, a licence's validity, a ruleset's dates) is an error of that file, and
`--as-of` or `--horizon` reaching outside it is a usage error, so no date arithmetic anywhere
can overflow (`datetime.date` ends at 9999-12-31).
"""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)
MAX_HORIZON = (LATEST - EARLIEST).days
"""The most days ahead a check may look (--horizon, the configuration's horizon)."""


def out_of_range(day: dt.date) -> str | None:
    """What is wrong with `day`, if it is outside the range; None if it is inside."""
    if day < EARLIEST:
        return f"{day} is before {EARLIEST}, the first day exportcheck can check"
    if day > LATEST:
        return f"{day} is after {LATEST}, the last day exportcheck can check"
    return None


def horizon_problem(horizon: int) -> str | None:
    """What is wrong with a number of days to look ahead, if anything."""
    if horizon < 0:
        return f"{horizon} is negative; expected 0 (do not look ahead) or more days"
    if horizon > MAX_HORIZON:
        return f"{horizon:,} days is more than {MAX_HORIZON:,}, the calendar exportcheck checks"
    return None
