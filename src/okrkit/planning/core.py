"""Capacity planning for a plan, read from the one schedule of every period.

:func:`make_plan` gives one period's plan; :func:`find_conflicts` the conflicts of one
period or of all of them. Both read :func:`okrkit.planning.schedule.build_schedule`,
computed once per loaded plan, ``as_of``, method and selection mode. The models and their
sources are in ``docs/planning.md``.
"""

from __future__ import annotations

import datetime as dt

from okrkit.errors import UnknownIdError, UsageError
from okrkit.model import Period, Plan
from okrkit.planning.result import Conflict, PlanResult
from okrkit.planning.schedule import OPEN, Schedule, SelectMode, build_schedule


def require_periods(plan: Plan) -> None:
    """A usage error when the plan has no period to plan, forecast or draw: every command
    that needs one says it in these words (``plan``, ``forecast``, ``roadmap``)."""
    if not plan.periods:
        raise UsageError("the plan defines no periods; add one under `periods:`")


def resolve_period(plan: Plan, period: str | None, as_of: dt.date | None = None) -> Period:
    """``period``, or the earliest period with open work (ending on or after ``as_of``)."""
    periods = sorted(plan.periods, key=lambda p: (p.start, p.end, p.id))
    if period is not None:
        p = plan.period_by_id.get(period)
        if p is None:
            raise UnknownIdError("period", period, plan.period_by_id, param="period")
        return p
    require_periods(plan)
    with_work = {i.period for i in plan.initiatives if i.status in OPEN}
    for p in periods:
        if p.id in with_work and (as_of is None or p.end >= as_of):
            return p
    for p in periods:
        if p.id in with_work:
            return p
    return periods[0]


def make_plan(
    plan: Plan,
    *,
    period: str | None = None,
    method: str | None = None,
    select: SelectMode = "optimal",
    time_limit: float | None = None,
    as_of: dt.date | None = None,
) -> PlanResult:
    """One period's plan: what is selected, in what order, and its conflicts.

    ``period`` defaults to the earliest period with open work that has not ended by
    ``as_of``; ``as_of`` to the first day of the earliest period. The periods before it
    are planned too (their spill-over and their cut lines matter).
    """
    if select not in ("optimal", "greedy"):
        raise UsageError(f"select must be optimal or greedy, not {select!r}")
    p = resolve_period(plan, period, as_of)
    sched = build_schedule(plan, as_of=as_of, method=method, select=select, time_limit=time_limit)
    return sched.period(p.id)


def find_conflicts(
    plan: Plan,
    *,
    period: str | None = None,
    method: str | None = None,
    as_of: dt.date | None = None,
) -> list[Conflict]:
    """The capacity and cross-team conflicts of ``period``, or of every period when None.

    With ``period=None`` this also covers work without a period (committed work that
    waits on unfunded work) and reports WIP and key-result conflicts once.
    """
    if period is not None:
        return list(make_plan(plan, period=period, method=method, as_of=as_of).conflicts)
    return list(build_schedule(plan, as_of=as_of, method=method).conflicts)


__all__ = ["Schedule", "find_conflicts", "make_plan", "resolve_period"]
