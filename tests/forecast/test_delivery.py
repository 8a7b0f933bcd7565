"""Delivery under uncertainty: the shared schedule replayed with sampled estimates."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrkit.forecast.core import make_forecast
from okrkit.load import load_plan
from okrkit.planning import build_schedule

ROOT = Path(__file__).resolve().parents[2]
ACME = ROOT / "examples" / "acme"
RANGE = re.compile(r"\{low: [^,]+, likely: ([^,]+), high: [^}]+\}")

PERT_PLAN = """\
periods:
  - {id: q1, start: 2027-01-04, end: 2027-03-28}
teams:
  - {id: t, capacity: {q1: 100}, wip_limit: 1}
initiatives:
  - id: a
    title: A
    team: t
    period: q1
    status: committed
    effort_weeks: {low: 2, likely: 4, high: 10}
    rice: {reach: 100, impact: 1, confidence: 1, effort: 1}
    cost_of_delay: {per_week: 10, urgency: fixed_date, deadline: 2027-02-14}
"""


def test_pert_duration_meets_its_deadline_with_the_exact_beta_probability(
    write_plan: Callable[..., Path],
) -> None:
    # PERT(2, 4, 10) from the period's first day; the deadline is the end of day 42:
    # P(duration <= 6 weeks) = I_0.5(2, 4) = 0.8125
    plan = load_plan(write_plan(PERT_PLAN), use_cache=False)
    f = make_forecast(plan, as_of=dt.date(2027, 1, 4), samples=10_000, seed=0)
    (a,) = f.delivery.items
    assert a.deadline == dt.date(2027, 2, 14)
    assert a.p_by_deadline == pytest.approx(0.8125, abs=0.02)
    assert a.p_in_period == 1.0  # ten weeks at worst, a twelve-week quarter
    assert f.delivery.p_all_committed == 1.0
    assert a.p50_finish <= a.p85_finish
    # the median of PERT(2, 4, 10) is about 4.4 weeks: day 31 from the start
    assert dt.date(2027, 2, 1) <= a.p50_finish <= dt.date(2027, 2, 7)


def _without_ranges(tmp_path: Path) -> Path:
    """A copy of examples/acme with every range replaced by its likely value."""
    out = tmp_path / "acme"
    shutil.copytree(ACME, out)
    for f in out.rglob("*.yaml"):
        text = f.read_text(encoding="utf-8")
        f.write_text(RANGE.sub(r"\1", text), encoding="utf-8")
    return out


def test_a_plan_without_ranges_forecasts_its_point_schedule_exactly(tmp_path: Path) -> None:
    plan = load_plan(_without_ranges(tmp_path), use_cache=False)
    assert "low:" not in (tmp_path / "acme" / "teams" / "payments.yaml").read_text()
    as_of = dt.date(2026, 1, 10)
    f = make_forecast(plan, as_of=as_of, samples=300, seed=3)
    sched = build_schedule(plan, as_of=as_of)
    assert f.delivery.items
    for x in f.delivery.items:
        entry = sched.entry(x.id)
        assert entry is not None
        assert x.p50_finish == x.p85_finish == entry.finish == x.point_finish
        assert x.p_in_period in (0.0, 1.0)
        assert x.p_in_period == (1.0 if entry.spill_over_weeks == 0 else 0.0)
        if x.p_by_deadline is not None:
            assert x.p_by_deadline in (0.0, 1.0)
    for t in f.delivery.teams:
        assert t.p50_weeks == t.p85_weeks == pytest.approx(t.point_weeks)
        if t.p_fits is not None:
            assert t.p_fits in (0.0, 1.0)
    # the ranking is the point ranking, and top N is what the period selects
    r = f.ranking
    assert all(b.p5_rank == b.p95_rank == b.point_rank for b in r.bands)
    assert r.top_n == len(sched.period(f.period).selected)
    assert f.delivery.drivers == () and r.drivers == ()


def test_same_seed_same_bytes_from_the_command(
    run_cli: Callable[..., object], write_plan: Callable[..., Path]
) -> None:
    path = write_plan(PERT_PLAN)
    args = ("forecast", path, "--as-of", "2027-01-04", "--samples", "2000", "-f", "json")
    one = run_cli(*args)
    two = run_cli(*args)
    assert one.exit_code == 0, one.stderr  # type: ignore[attr-defined]
    assert one.stdout == two.stdout  # type: ignore[attr-defined]


_team = st.sampled_from(["a", "b"])


@st.composite
def _plans(draw: st.DrawFn) -> str:
    n = draw(st.integers(2, 7))
    lines = [
        "periods:",
        "  - {id: q1, start: 2027-01-04, end: 2027-03-28}",
        "  - {id: q2, start: 2027-03-29, end: 2027-06-27}",
        "teams:",
        f"  - {{id: a, wip_limit: {draw(st.integers(1, 2))}, capacity: {{q1: 30, q2: 30}}}}",
        f"  - {{id: b, wip_limit: {draw(st.integers(1, 2))}}}",
        "initiatives:",
    ]
    for k in range(n):
        deps = sorted(set(draw(st.lists(st.integers(0, k - 1), max_size=2)))) if k else []
        lines += [
            f"  - id: i{k}",
            f"    title: I{k}",
            f"    team: {draw(_team)}",
            f"    period: {draw(st.sampled_from(['q1', 'q2']))}",
            f"    status: {draw(st.sampled_from(['proposed', 'committed']))}",
            f"    effort_weeks: {draw(st.integers(1, 9))}",
            f"    depends_on: [{', '.join(f'i{d}' for d in deps)}]",
            f"    cost_of_delay: {{per_week: {draw(st.integers(0, 50))}}}",
            f"    rice: {{reach: {draw(st.integers(1, 99))}, impact: 1, confidence: 1, effort: 1}}",
        ]
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=_plans())
def test_replay_with_fixed_estimates_is_the_point_schedule(text: str, tmp_path: Path) -> None:
    path = tmp_path / "okrkit.yaml"
    path.write_text(text, encoding="utf-8")
    plan = load_plan(path, use_cache=False)
    as_of = dt.date(2027, 1, 4)
    sched = build_schedule(plan, as_of=as_of)
    for period in ("q1", "q2"):
        f = make_forecast(plan, as_of=as_of, period=period, samples=100, seed=0)
        for x in f.delivery.items:
            entry = sched.entry(x.id)
            assert entry is not None
            assert x.p50_finish == entry.finish, (x.id, text)


TWO_PERIODS = """\
periods:
  - {id: q1, start: 2027-01-04, end: 2027-03-28}
  - {id: q2, start: 2027-03-29, end: 2027-06-27}
teams:
  - {id: t, capacity: {q1: 100, q2: 100}, wip_limit: 1}
initiatives:
  - id: first
    title: First
    team: t
    period: q1
    status: committed
    effort_weeks: 4
    duration_weeks: {low: 2, likely: 8, high: 20}
    rice: {reach: 100, impact: 1, confidence: 1, effort: 1}
  - id: second
    title: Second
    team: t
    period: q2
    status: committed
    effort_weeks: 4
    duration_weeks: {low: 2, likely: 8, high: 20}
    rice: {reach: 50, impact: 1, confidence: 1, effort: 1}
"""


def test_delivery_drivers_list_only_the_forecast_periods_initiatives(
    write_plan: Callable[..., Path],
) -> None:
    plan = load_plan(write_plan(TWO_PERIODS), use_cache=False)
    for period, own in (("q1", "first"), ("q2", "second")):
        f = make_forecast(plan, as_of=dt.date(2027, 1, 4), period=period, samples=2000, seed=1)
        assert [x.id for x in f.delivery.items] == [own]
        assert f.delivery.drivers, period
        assert {d.initiative for d in f.delivery.drivers} == {own}, period
        assert all(-1.0 <= d.correlation <= 1.0 for d in f.delivery.drivers)
