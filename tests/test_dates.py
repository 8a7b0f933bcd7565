"""Date arithmetic saturates at the ends of the calendar instead of overflowing."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.dates import FIRST, LAST, add_days, last_of_month


def test_adding_days_stays_on_the_calendar() -> None:
    assert add_days(dt.date(9999, 12, 1), 30) == LAST
    assert add_days(dt.date(9999, 12, 1), 31) == LAST
    assert add_days(dt.date(9999, 12, 1), 1e300) == LAST
    assert add_days(dt.date(9999, 12, 1), float("inf")) == LAST
    assert add_days(dt.date(1, 1, 5), -10) == FIRST
    assert add_days(dt.date(1, 1, 5), float("-inf")) == FIRST
    assert add_days(dt.date(2026, 1, 1), float("nan")) == dt.date(2026, 1, 1)
    assert add_days(dt.date(2026, 1, 1), 30.4) == dt.date(2026, 1, 31)


@settings(max_examples=200, deadline=None)
@given(st.dates(), st.integers(min_value=-4_000_000, max_value=4_000_000))
def test_adding_days_is_plain_addition_when_it_fits(day: dt.date, days: int) -> None:
    try:
        want = day + dt.timedelta(days=days)
    except OverflowError:
        want = LAST if days > 0 else FIRST
    assert add_days(day, days) == want


def test_last_of_month() -> None:
    assert last_of_month(9999, 12) == LAST
    assert last_of_month(2024, 2) == dt.date(2024, 2, 29)
    assert last_of_month(2026, 3) == dt.date(2026, 3, 31)
