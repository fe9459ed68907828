"""The days exportcheck can check: the one definition of the calendar's range.

"Today" is the date in China Standard Time (UTC+8, no daylight saving): the measures take
effect and end on days of China's calendar, so at one instant a machine in UTC, one in
Shanghai and one at UTC+14 check the same day (`today`), and the verdict says how its day was
chosen (`AS_OF`, `DATE`, `TODAY`).

The rule book's measures date from this century; a day outside `EARLIEST`..`LATEST` in a file
(a description's date, a licence's validity, a ruleset's dates) is an error of that file, and
`--as-of` or `--horizon` reaching outside it is a usage error, so no date arithmetic anywhere
can overflow (`datetime.date` ends at 9999-12-31).
"""

from __future__ import annotations

import datetime as dt

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")
"""China Standard Time: UTC+8 all year."""

AS_OF = "as_of"
"""The day was asked for (`--as-of`, the library's `as_of`)."""
DATE = "date"
"""The day is the description's own `date`."""
TODAY = "today"
"""Neither was given: today in China Standard Time."""


def today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in China Standard Time (`now`: an aware instant, default the clock's)."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(CHINA).date()


def chosen(as_of: dt.date | None, own: dt.date | None, fallback: dt.date) -> tuple[dt.date, str]:
    """The day to check and how it was chosen: `as_of` if given, else the description's own
    date, else `fallback` (today)."""
    if as_of is not None:
        return as_of, AS_OF
    if own is not None:
        return own, DATE
    return fallback, TODAY


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
