"""Date arithmetic that stays on the calendar.

``datetime.date`` ends at 9999-12-31. A plan may hold a period ending that day, an
``--as-of`` in the last quarter of 9999, or a time-box of 1e300 weeks; adding days to such
a date must give an answer, not an OverflowError. :func:`add_days` saturates: a result
past the last day (or before the first) is that day. Messages and outputs therefore never
show a date beyond 9999-12-31. The core may import this module; it needs only the
standard library.
"""

from __future__ import annotations

import datetime as dt

FIRST = dt.date.min
LAST = dt.date.max


def add_days(day: dt.date, days: float) -> dt.date:
    """``day`` plus ``days`` (rounded to whole days), kept between 0001-01-01 and 9999-12-31.

    ``days`` may be any number, infinite included; NaN adds nothing.
    """
    if days != days:  # NaN
        return day
    room_after = (LAST - day).days
    room_before = (day - FIRST).days
    if days >= room_after:
        return LAST
    if days <= -room_before:
        return FIRST
    return day + dt.timedelta(days=round(days))


def last_of_month(year: int, month: int) -> dt.date:
    """The last day of ``month`` in ``year`` (December 9999 included)."""
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)
