"""Progress, grades, expected progress and status of key results and objectives."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from okrkit.errors import UsageError
from okrkit.load import load_plan_text
from okrkit.model.plan import KeyResult, Period
from okrkit.progress import (
    compute_status,
    expected_progress,
    key_result_progress,
    last_checkin,
    raw_progress,
)

D = dt.date
Q1 = Period(id="Q1", start=D(2026, 1, 1), end=D(2026, 3, 31))  # 90 days
MID = D(2026, 2, 15)  # 45 days in: expected 0.5


def kr(**kw: object) -> KeyResult:
    data: dict[str, object] = {"id": "kr", "title": "t"}
    data.update(kw)
    return KeyResult.model_validate(data)


def status_of(
    k: KeyResult, as_of: dt.date = MID, commitment: str = "committed", band: float = 0.15
):
    return key_result_progress(k, period=Q1, commitment=commitment, as_of=as_of, band=band)


# --- progress by direction -------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "value", "expected"),
    [
        ("increase", 10, 20, 15, 0.5),
        ("increase", 10, 20, 25, 1.5),  # uncapped
        ("increase", 10, 20, 5, -0.5),
        ("decrease", 250, 50, 140, 0.55),
        ("decrease", 250, 50, 300, -0.25),
        ("decrease", 6, 1, 0, 1.2),
        ("at_least", None, 99.95, 99.96, 1.0),
        ("at_least", None, 99.95, 99.95, 1.0),
        ("at_least", None, 99.95, 99.9, 0.0),
        ("at_most", None, 0.5, 0.5, 1.0),
        ("at_most", None, 0.5, 0.9, 0.0),
        ("milestone", 0, None, 1, 1.0),  # target defaults to 1
        ("milestone", 0, None, 0, 0.0),
        ("milestone", 0, 3, 2, 0.0),  # met when value >= target
        ("milestone", 0, 3, 3, 1.0),
        ("milestone", None, None, None, 0.0),  # no value yet: not met
        ("increase", 5, 5, 5, 1.0),  # target == baseline: met or not
        ("increase", 5, 5, 4, 0.0),
        ("decrease", 5, 5, 5, 1.0),
        ("decrease", 5, 5, 6, 0.0),
    ],
)
def test_raw_progress(direction, baseline, target, value, expected) -> None:
    progress, reason = raw_progress(direction, baseline, target, value)
    assert reason is None
    assert progress == pytest.approx(expected)


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "value", "reason"),
    [
        (None, 1, 2, 1, "no direction"),
        ("increase", None, 2, 1, "no baseline"),
        ("increase", 1, None, 1, "no target"),
        ("decrease", 1, None, 1, "no target"),
        ("at_least", None, None, 1, "no target"),
        ("at_most", None, 3, None, "no check-in, current value or baseline"),
    ],
)
def test_unmeasurable(direction, baseline, target, value, reason) -> None:
    assert raw_progress(direction, baseline, target, value) == (None, reason)


def test_unmeasurable_key_result_has_null_progress_and_status() -> None:
    s = status_of(kr(direction="increase", target=10))
    assert (s.progress, s.grade, s.status, s.reason) == (None, None, "unmeasurable", "no baseline")


# --- current value ---------------------------------------------------------------


def test_current_value_prefers_latest_checkin_then_current_then_baseline() -> None:
    k = kr(direction="increase", baseline=0, target=10, current=9)
    assert (status_of(k).current, status_of(k).current_source) == (0 + 9, "current")
    k = kr(direction="increase", baseline=2, target=10)
    assert (status_of(k).current, status_of(k).current_source) == (2, "baseline")
    k = kr(
        direction="increase",
        baseline=0,
        target=10,
        current=9,
        checkins=[{"date": "2026-02-01", "value": 4}, {"date": "2026-01-10", "value": 7}],
    )
    s = status_of(k)
    assert (s.current, s.current_source, s.last_checkin) == (4, "checkin", D(2026, 2, 1))
    assert [h.value for h in s.history] == [7, 4]  # oldest first


def test_checkins_after_as_of_are_ignored() -> None:
    k = kr(
        direction="increase",
        baseline=0,
        target=10,
        current=9,
        checkins=[{"date": "2026-01-10", "value": 3}, {"date": "2026-03-01", "value": 8}],
    )
    assert status_of(k).current == 3
    # all check-ins later than as_of: the baseline, not the undated current
    early = status_of(k, as_of=D(2026, 1, 5))
    assert (early.current, early.current_source, early.last_checkin) == (0, "baseline", None)


def test_last_checkin_latest_by_date_ties_last_written() -> None:
    k = kr(
        checkins=[
            {"date": "2026-02-01", "value": 1},
            {"date": "2026-02-03", "value": 2},
            {"date": "2026-02-03", "value": 3},
            {"date": "2026-01-01", "value": 4},
        ]
    )
    last = last_checkin(k)
    assert last is not None and last.value == 3
    before = last_checkin(k, as_of=D(2026, 2, 2))
    assert before is not None and before.value == 1
    assert last_checkin(kr()) is None


def test_confidence_comes_from_latest_checkin() -> None:
    k = kr(
        direction="increase",
        baseline=0,
        target=10,
        checkins=[
            {"date": "2026-01-10", "value": 3, "confidence": 0.9},
            {"date": "2026-02-10", "value": 4, "confidence": "60%"},
        ],
    )
    assert status_of(k).confidence == pytest.approx(0.6)


# --- expected progress and status ------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2025, 12, 1), 0.0),  # before the period
        (D(2026, 1, 1), 0.0),  # first day
        (MID, 0.5),
        (D(2026, 3, 31), 89 / 90),  # last day
        (D(2026, 4, 1), 1.0),
        (D(2027, 1, 1), 1.0),
    ],
)
def test_expected_progress_is_linear_through_the_period(as_of, expected) -> None:
    assert expected_progress(Q1, as_of) == pytest.approx(expected)


def test_expected_progress_without_period_is_unknown() -> None:
    assert expected_progress(None, MID) is None


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (10, "achieved"),
        (12, "achieved"),
        (5, "on_track"),  # 0.5 == expected
        (6, "on_track"),
        (4, "at_risk"),  # 0.4: within 0.15 below
        (3.5, "at_risk"),  # exactly at the band's edge
        (3.4, "off_track"),
        (-1, "off_track"),
    ],
)
def test_status_bands(value, status) -> None:
    k = kr(direction="increase", baseline=0, target=10, current=value)
    assert status_of(k).status == status


def test_band_is_a_setting() -> None:
    k = kr(direction="increase", baseline=0, target=10, current=3.4)
    assert status_of(k, band=0.25).status == "at_risk"
    assert status_of(k, band=0.0).status == "off_track"


def test_before_the_period_a_key_result_is_upcoming_unless_achieved() -> None:
    k = kr(direction="increase", baseline=0, target=10)
    s = status_of(k, as_of=D(2025, 12, 1))
    assert (s.expected, s.status) == (0.0, "upcoming")
    done = kr(direction="increase", baseline=0, target=10, current=10)
    assert status_of(done, as_of=D(2025, 12, 1)).status == "achieved"
    assert status_of(k, as_of=D(2026, 1, 1)).status == "on_track"  # its first day


@pytest.mark.parametrize(
    ("commitment", "value", "status"),
    [
        ("committed", 10, "achieved"),
        ("committed", 9.9, "missed"),
        ("aspirational", 7, "on_track"),  # Google: 0.7 is success for aspirational
        ("aspirational", 6.9, "missed"),
    ],
)
def test_after_the_period_missed_below_the_expectation(commitment, value, status) -> None:
    k = kr(direction="increase", baseline=0, target=10, current=value)
    assert status_of(k, as_of=D(2026, 4, 1), commitment=commitment).status == status


def test_without_period_status_is_unscheduled_unless_achieved() -> None:
    k = kr(direction="increase", baseline=0, target=10, current=5)
    s = key_result_progress(k, period=None, commitment="committed", as_of=MID, band=0.15)
    assert (s.expected, s.status, s.grade) == (None, "unscheduled", 0.5)
    done = kr(direction="increase", baseline=0, target=10, current=10)
    s = key_result_progress(done, period=None, commitment="committed", as_of=MID, band=0.15)
    assert s.status == "achieved"


# --- stale -----------------------------------------------------------------------


def test_stale_after_n_days_without_checkin() -> None:
    k = kr(
        direction="increase", baseline=0, target=10, checkins=[{"date": "2026-01-25", "value": 1}]
    )

    def stale(as_of: dt.date) -> bool:
        return key_result_progress(
            k, period=Q1, commitment="committed", as_of=as_of, stale_after_days=21
        ).stale

    assert not stale(D(2026, 2, 14))  # 20 days
    assert stale(D(2026, 2, 15))  # 21 days
    # no check-in at all: counted from the period's start
    none = kr(direction="increase", baseline=0, target=10)
    s = key_result_progress(none, period=Q1, commitment="committed", as_of=D(2026, 1, 22))
    assert s.stale
    s = key_result_progress(none, period=Q1, commitment="committed", as_of=D(2026, 1, 21))
    assert not s.stale
    s = key_result_progress(none, period=Q1, commitment="committed", as_of=D(2025, 12, 1))
    assert not s.stale


def test_achieved_is_never_stale() -> None:
    k = kr(
        direction="increase", baseline=0, target=1, checkins=[{"date": "2026-01-02", "value": 1}]
    )
    assert not status_of(k).stale


# --- objectives and the report ---------------------------------------------------

PLAN = """\
vision:
  statement: v
  pillars:
    - {id: growth, name: Growth}
    - {id: trust, name: Trust}
periods:
  - {id: Q1, start: 2026-01-01, end: 2026-03-31}
  - {id: Q2, start: 2026-04-01, end: 2026-06-30}
teams:
  - {id: a}
  - {id: b}
settings:
  status: {at_risk_band: 0.1, stale_after_days: 30}
objectives:
  - id: o-trust
    title: Trust
    pillar: trust
    team: a
    period: Q1
    key_results:
      - {id: k1, title: k1, direction: increase, baseline: 0, target: 10, current: 10, weight: 3}
      - {id: k2, title: k2, direction: increase, baseline: 0, target: 10, current: 4}
      - {id: k3, title: k3, direction: increase, target: 10}
  - id: o-none
    title: No pillar
    team: b
    period: Q2
    key_results:
      - {id: k4, title: k4, direction: milestone}
  - id: o-growth
    title: Growth
    pillar: growth
    team: b
    period: Q1
    key_results:
      - {id: k5, title: k5, direction: decrease, baseline: 10, target: 0, current: -10}
  - id: o-empty
    title: Nothing measurable
    pillar: growth
    key_results:
      - {id: k6, title: k6}
"""


@pytest.fixture(scope="module")
def plan():
    return load_plan_text(PLAN)


def test_objective_is_weighted_average_of_grades_and_weakest_status(plan) -> None:
    report = compute_status(plan, as_of=MID)
    o = {x.id: x for x in report.objectives}["o-trust"]
    # (3 * 1.0 + 1 * 0.4) / 4; k3 is unmeasurable and left out
    assert o.grade == pytest.approx(0.85)
    assert o.progress == o.grade
    assert o.status == "at_risk"  # k2: 0.4 against 0.5 with band 0.1
    assert [k.status for k in o.key_results] == ["achieved", "at_risk", "unmeasurable"]


def test_objective_grade_uses_clamped_grades(plan) -> None:
    o = {x.id: x for x in compute_status(plan, as_of=MID).objectives}["o-growth"]
    assert o.key_results[0].progress == pytest.approx(2.0)
    assert o.grade == 1.0
    assert o.status == "achieved"


def test_objective_with_nothing_measurable(plan) -> None:
    o = {x.id: x for x in compute_status(plan, as_of=MID).objectives}["o-empty"]
    assert (o.progress, o.grade, o.status, o.expected) == (None, None, "unmeasurable", None)


def test_settings_come_from_the_plan(plan) -> None:
    report = compute_status(plan, as_of=MID)
    assert (report.at_risk_band, report.stale_after_days) == (0.1, 30)


def test_grouped_by_pillar_in_vision_order_then_no_pillar(plan) -> None:
    report = compute_status(plan, as_of=MID)
    assert [(g.id, [o.id for o in g.objectives]) for g in report.pillars] == [
        ("growth", ["o-growth", "o-empty"]),
        ("trust", ["o-trust"]),
        (None, ["o-none"]),
    ]
    assert [o.id for o in report.objectives] == ["o-growth", "o-empty", "o-trust", "o-none"]


def test_filters(plan) -> None:
    ids = [o.id for o in compute_status(plan, as_of=MID, period="Q1").objectives]
    assert ids == ["o-growth", "o-trust"]
    ids = [o.id for o in compute_status(plan, as_of=MID, team="b").objectives]
    assert ids == ["o-growth", "o-none"]
    assert compute_status(plan, as_of=MID, period="Q2", team="a").objectives == ()


def test_unknown_filter_values_are_usage_errors(plan) -> None:
    with pytest.raises(UsageError, match="unknown period 'Q9'"):
        compute_status(plan, as_of=MID, period="Q9")
    with pytest.raises(UsageError, match=r"unknown team 'zz'; the plan defines: a, b$"):
        compute_status(plan, as_of=MID, team="zz")


def test_deterministic(plan) -> None:
    assert compute_status(plan, as_of=MID) == compute_status(plan, as_of=MID)


# --- invariants ------------------------------------------------------------------

numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
directions = st.sampled_from(["increase", "decrease", "at_least", "at_most", "milestone"])


@settings(max_examples=150, deadline=None)
@given(
    direction=directions,
    baseline=numbers,
    target=numbers,
    value=numbers,
    day=st.integers(min_value=-30, max_value=120),
)
@example(direction="increase", baseline=0.0, target=2.225073858507203e-309, value=1.0, day=0)
@example(direction="increase", baseline=0.0, target=5e-324, value=0.0, day=0)
@example(direction="decrease", baseline=0.0, target=5e-324, value=0.0, day=0)
def test_grade_is_clamped_progress_and_status_is_consistent(
    direction, baseline, target, value, day
) -> None:
    k = kr(direction=direction, baseline=baseline, target=target, current=value)
    s = status_of(k, as_of=Q1.start + dt.timedelta(days=day))
    if s.reason == "progress overflows (numbers too large)":
        # a span like 2.2e-309 makes progress beyond any float: said, never a wrong number
        assert (s.progress, s.grade, s.status) == (None, None, "unmeasurable")
        assert 0 < abs(target - baseline) < 1e-300
        return
    assert s.progress is not None and s.grade is not None
    assert 0.0 <= s.grade <= 1.0
    assert s.grade == min(1.0, max(0.0, s.progress))
    assert s.expected is not None and 0.0 <= s.expected <= 1.0
    if s.status == "achieved":
        assert s.grade >= 1.0 - 1e-9
    if day >= 90:  # the period is over: a committed key result is achieved or missed
        assert s.status in ("achieved", "missed")
    elif s.status == "on_track":
        assert s.grade >= s.expected - 1e-9


@settings(max_examples=100, deadline=None)
@given(baseline=numbers, target=numbers, a=numbers, b=numbers)
@example(baseline=0.0, target=2.2250738585072014e-308, a=0.0, b=4.0)
def test_progress_is_monotonic_in_the_right_direction(baseline, target, a, b) -> None:
    low, high = sorted((a, b))
    results = [
        raw_progress(direction, baseline, target, value)
        for direction in ("increase", "decrease")
        for value in (low, high)
    ]
    if any(p is None for p, _ in results):
        # a span so small that the progress overflows a float (baseline 0, target 2e-308)
        # is unmeasurable, and says why; never a wrong number
        assert all(reason for p, reason in results if p is None)
        return
    (up_low, _), (up_high, _), (down_low, _), (down_high, _) = results
    if target > baseline:
        assert up_low <= up_high  # type: ignore[operator]
    if target < baseline:
        assert down_low >= down_high  # type: ignore[operator]
