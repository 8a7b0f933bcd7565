"""`check` and `status` give one answer: the same key results are stale on every date."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from okrkit.checks import run_checks
from okrkit.load import load_plan_text
from okrkit.progress import compute_status

PLAN = textwrap.dedent(
    """\
    periods:
      - {id: q4, start: 2025-10-01, end: 2025-12-31}
      - {id: q1, start: 2026-01-01, end: 2026-03-31}
      - {id: q2, start: 2026-04-01, end: 2026-06-30}
    objectives:
      - id: o-q4
        title: O
        period: q4
        key_results:
          - {id: q4-none, title: K, direction: milestone}
          - {id: q4-old, title: K, direction: increase, baseline: 0, target: 10,
             checkins: [{date: 2025-10-05, value: 2}]}
      - id: o-q1
        title: O
        period: q1
        key_results:
          - {id: q1-none, title: K, direction: increase, baseline: 0, target: 10}
          - {id: q1-achieved, title: K, direction: at_least, target: 5,
             checkins: [{date: 2026-01-03, value: 6}]}
          - {id: q1-future, title: K, direction: increase, baseline: 0, target: 10,
             checkins: [{date: 2026-01-10, value: 1}, {date: 2026-03-20, value: 4}]}
          - {id: q1-current, title: K, direction: decrease, baseline: 9, target: 3,
             current: 5}
      - id: o-q2
        title: O
        period: q2
        key_results:
          - {id: q2-baseline-taken, title: K, direction: increase, baseline: 0, target: 10,
             checkins: [{date: 2025-12-01, value: 0}]}
      - id: o-none
        title: O
        key_results:
          - {id: none-checked, title: K, direction: milestone,
             checkins: [{date: 2026-01-01, value: 0}]}
          - {id: none-never, title: K, direction: milestone}
    """
)

START = dt.date(2025, 9, 20)
DATES = [START + dt.timedelta(days=n) for n in range(0, 320, 3)]


# The threshold set either place is the threshold of both (a user set the check's `days:
# 10` and status kept counting 21). A float and a string are what pydantic reads as 10.
SETTINGS = [
    "",
    "settings: {status: {stale_after_days: 10}}\n",
    "settings: {checks: {stale-key-result: {days: 10}}}\n",
    "settings: {status: {stale_after_days: 40}, checks: {stale-key-result: {days: 10.0}}}\n",
    "settings: {checks: {stale-key-result: {days: '7', severity: error}}}\n",
]


@pytest.mark.parametrize("settings", SETTINGS, ids=["default", "status", "check", "both", "str"])
@pytest.mark.parametrize("as_of", DATES[::4], ids=str)
def test_check_and_status_flag_the_same_key_results(as_of: dt.date, settings: str) -> None:
    plan = load_plan_text(settings + PLAN)
    status = compute_status(plan, as_of=as_of)
    stale_in_status = {k.id for o in status.objectives for k in o.key_results if k.stale}
    report = run_checks(plan, as_of, select=["stale-key-result"], include_past=True)
    stale_in_check = {f.subject for f in report.findings}
    assert stale_in_check == stale_in_status


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # 21 days after the check-in of 2026-01-10 is stale for both (the day itself).
        (dt.date(2026, 1, 31), True),
        (dt.date(2026, 1, 30), False),
        # The check-in of 2026-03-20 does not count before that date.
        (dt.date(2026, 3, 19), True),
        (dt.date(2026, 3, 20), False),
    ],
)
def test_the_edges(as_of: dt.date, expected: bool) -> None:
    plan = load_plan_text(PLAN)
    kr = next(
        k
        for o in compute_status(plan, as_of=as_of).objectives
        for k in o.key_results
        if k.id == "q1-future"
    )
    assert kr.stale is expected
    report = run_checks(plan, as_of, select=["stale-key-result"])
    assert ("q1-future" in {f.subject for f in report.findings}) is expected


def test_past_periods_are_hidden_by_default_and_counted() -> None:
    plan = load_plan_text(PLAN)
    as_of = dt.date(2026, 2, 15)
    shown = run_checks(plan, as_of, select=["stale-key-result"])
    every = run_checks(plan, as_of, select=["stale-key-result"], include_past=True)
    past = {f.subject for f in every.findings} - {f.subject for f in shown.findings}
    assert past == {"q4-none", "q4-old"}
    assert shown.past == 2 and every.past == 0
