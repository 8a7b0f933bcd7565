"""Dates and week figures of the schedule: one convention for every command.

A week is 7 calendar days from a period's start. Work that starts ``w`` weeks after a
day begins on the day ``floor(7 w)`` days later; work that ends ``w`` weeks after it has
its last day ``ceil(7 w) - 1`` days later. A deadline is met when work ends by the end of
its day.
"""

from __future__ import annotations

import datetime as dt
import math

from okrkit.dates import add_days


def weeks_between(start: dt.date, day: dt.date) -> float:
    """Weeks from the start of ``start`` to the start of ``day``."""
    return (day - start).days / 7.0


def deadline_week(start: dt.date, day: dt.date) -> float:
    """Weeks from a period's start to the end of ``day`` (a deadline is met that day)."""
    return ((day - start).days + 1) / 7.0


def start_date(start: dt.date, week: float) -> dt.date:
    """The day work starting ``week`` weeks after ``start`` begins."""
    return add_days(start, math.floor(week * 7.0 + 1e-6) if math.isfinite(week) else week)


def finish_date(start: dt.date, week: float, begin: float) -> dt.date:
    """The last day of work that ends ``week`` weeks after ``start`` (not before it began)."""
    days = math.ceil(week * 7.0 - 1e-6) - 1 if math.isfinite(week * 7.0) else week
    end = add_days(start, days)
    return max(end, start_date(start, begin))
