"""Delivery under uncertainty: the shared schedule replayed with sampled estimates.

The point schedule (:func:`okrkit.planning.build_schedule`) decides *what* is selected
and *in which order* each team's lanes take it. A forecast keeps those decisions, as a
team does once the quarter has started, and replays the timing with each sample's
durations and efforts:

- work is taken in the order the point schedule starts it; each piece starts at the
  earliest of its team's lanes (WIP limit) to come free, but never before its period
  starts, before ``as_of``, or before what it waits on finishes (in any period);
- work under way keeps its start; with ``remaining_weeks`` its finish is fixed, else it
  finishes ``duration`` after it started (never before ``as_of``);
- it finishes ``duration`` later (``duration_weeks``, else ``effort_weeks``: one draw for
  both when only the effort is given).

With every estimate fixed the replay gives exactly the point schedule (a test holds it
to that). From the samples:

- per initiative: the P50 and P85 finish dates (last day of work), P(finished by the end of
  its period), P(finished by its deadline);
- per team and period: P(the selected effort, plus what earlier periods carry in, fits
  the capacity);
- the plan-level chance that every committed (``committed`` or ``in_progress``) selected
  initiative finishes within its period, counted jointly in each sample;
- drivers: each ranged duration or effort against the worst overrun past a period's end
  of the forecast's work (Spearman's rho and the swing in weeks, as in the ranking).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from okrkit.forecast.inputs import Uncertain, uncertain_inputs
from okrkit.forecast.ranking import MAX_CELLS, MIN_RHO, MIN_SWING, Driver, spearman, swing
from okrkit.planning.calendar import finish_date
from okrkit.planning.schedule import FORCED

if TYPE_CHECKING:
    import numpy as np

    from okrkit.forecast.distributions import Distribution
    from okrkit.model import Initiative, Plan
    from okrkit.planning.schedule import Entry, Schedule

COMMITTED = FORCED
"""Work that counts as committed: the schedule always selects it."""
_EPS = 1e-6


@dataclass(frozen=True)
class ItemDelivery:
    id: str
    title: str
    team: str
    period: str | None
    status: str
    committed: bool
    point_finish: dt.date | None
    p50_finish: dt.date
    p85_finish: dt.date
    p_in_period: float
    deadline: dt.date | None
    p_by_deadline: float | None
    uncertain: tuple[str, ...]
    extras: dict[str, Any] = field(default_factory=dict)
    """owner, tags, links, meta (:func:`okrkit.model.plan.extras_json`)."""


@dataclass(frozen=True)
class TeamFit:
    team: str
    period: str
    capacity_weeks: float | None
    point_weeks: float
    """Selected effort plus the effort carried in, at the point estimates."""
    p50_weeks: float
    p85_weeks: float
    p_fits: float | None
    """P(selected effort + carried <= capacity); None when the team has no capacity."""


@dataclass(frozen=True)
class DeliveryForecast:
    samples: int
    items: tuple[ItemDelivery, ...]
    """Selected work in point-start order."""
    teams: tuple[TeamFit, ...]
    p_all_committed: float | None
    """None when nothing committed is scheduled."""
    committed_count: int
    selected_count: int
    drivers: tuple[Driver, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Job:
    entry: Entry
    initiative: Initiative
    release: float
    """Earliest start, in days from the origin."""
    fixed_start: float | None
    fixed_finish: float | None
    preds: tuple[int, ...]
    """Indexes of the jobs it waits on."""
    period_end: float
    """End of its period's last day, in days from the origin."""
    point_duration: float
    """Days."""


class _Draws:
    """The sampled efforts and durations (days) of one chunk, by initiative."""

    def __init__(self, per: dict[str, list[Uncertain]], seed: int):
        self.per = per
        self.streams = {iid: [(u, u.stream(seed)) for u in row] for iid, row in sorted(per.items())}

    def chunk(self, c: int) -> dict[tuple[str, str], np.ndarray]:
        out: dict[tuple[str, str], np.ndarray] = {}
        for iid, row in self.streams.items():
            for u, s in row:
                x = s.next(c)
                out[(iid, u.name)] = x
                for alias in u.aliases:
                    out[(iid, alias)] = x
        return out


def _day(origin: dt.date, day: dt.date) -> float:
    return float((day - origin).days)


def _date(origin: dt.date, finish_day: float, start_day: float) -> dt.date:
    """The last day of work that ends ``finish_day`` days after the origin (the schedule's
    own rule, :func:`okrkit.planning.calendar.finish_date`)."""
    return finish_date(origin, finish_day / 7.0, start_day / 7.0)


def _jobs(plan: Plan, sched: Schedule, origin: dt.date) -> list[_Job]:
    by_id = plan.initiative_by_id
    periods = plan.period_by_id
    entries = [e for e in sched.entries if e.selected and e.start is not None]

    def abs_start(e: Entry) -> float:
        p = periods[e.period or ""]
        return _day(origin, p.start) + 7.0 * (e.start_week or 0.0)

    def abs_finish(e: Entry) -> float:
        p = periods[e.period or ""]
        return _day(origin, p.start) + 7.0 * (e.finish_week or 0.0)

    entries.sort(key=lambda e: (abs_start(e), abs_finish(e), e.id))
    index = {e.id: k for k, e in enumerate(entries)}
    order = {
        p.id: k for k, p in enumerate(sorted(plan.periods, key=lambda p: (p.start, p.end, p.id)))
    }
    now = _day(origin, sched.as_of)
    jobs: list[_Job] = []
    for e in entries:
        i = by_id[e.id]
        p = periods[e.period or ""]
        release = max(now, _day(origin, p.start))
        preds: list[int] = []
        for d in i.depends_on:
            if d == e.id:
                continue
            k = index.get(d)
            # as the schedule does: work waits on what its own or an earlier period holds;
            # a dependency planned in a later period is a late-dependency conflict instead
            if k is not None and order[entries[k].period or ""] <= order[e.period or ""]:
                preds.append(k)
        fixed_start = fixed_finish = None
        remaining = getattr(i, "remaining_weeks", None)
        if i.status == "in_progress" and (i.started is not None or remaining is not None):
            fixed_start = abs_start(e)
            if remaining is not None:
                fixed_finish = abs_finish(e)
        duration = i.duration or 0.0
        jobs.append(
            _Job(
                e,
                i,
                release,
                fixed_start,
                fixed_finish,
                tuple(preds),
                _day(origin, p.end) + 1.0,
                7.0 * duration,
            )
        )
    return jobs


def _replay(
    jobs: list[_Job],
    lanes: dict[str, int],
    durations: dict[tuple[str, str], np.ndarray],
    c: int,
    now: float,
) -> np.ndarray:
    """Finish days of every job in each of ``c`` samples: a (c, jobs) matrix."""
    import numpy as np

    finish = np.empty((c, len(jobs)))
    free: dict[str, np.ndarray] = {}
    rows = np.arange(c)
    for k, job in enumerate(jobs):
        iid = job.entry.id
        d = durations.get((iid, "duration_weeks"))
        days = job.point_duration if d is None else 7.0 * d
        team = job.entry.team
        lane = free.get(team)
        if lane is None:
            lane = free[team] = np.full((c, max(1, lanes.get(team, 1))), -math.inf)
        slot = lane.argmin(axis=1)
        if job.fixed_start is not None:
            start = np.full(c, job.fixed_start)
            if job.fixed_finish is not None:
                end = np.full(c, job.fixed_finish)
            else:
                end = np.maximum(start + days, now)
        else:
            start = np.maximum(lane[rows, slot], job.release)
            for p in job.preds:
                start = np.maximum(start, finish[:, p])
            end = start + days
        finish[:, k] = end
        lane[rows, slot] = end
    return finish


def forecast_delivery(
    plan: Plan,
    *,
    as_of: dt.date,
    method: str | None,
    period: str | None,
    samples: int,
    seed: int,
    distribution: Distribution,
) -> DeliveryForecast:
    """Replay the shared schedule with sampled estimates (see the module docstring)."""
    import numpy as np

    from okrkit.planning import build_schedule

    sched = build_schedule(plan, as_of=as_of, method=method)
    origin = min([as_of, *(p.start for p in plan.periods)]) if plan.periods else as_of
    jobs = _jobs(plan, sched, origin)
    n = len(jobs)
    used = samples if n == 0 else min(samples, max(100, MAX_CELLS // n))
    notes: list[str] = []
    if used < samples:
        notes.append(
            f"delivery: {samples:,} samples over {n:,} scheduled initiatives would exceed the"
            f" memory bound; used {used:,} samples"
        )
    per: dict[str, list[Uncertain]] = {}
    for j in jobs:
        row = uncertain_inputs(j.initiative, distribution, ("effort_weeks", "duration_weeks"))
        if row:
            per[j.entry.id] = row
    draws = _Draws(per, seed)
    lanes = {t.id: t.wip_limit for t in plan.teams}
    now = _day(origin, as_of)
    finish = np.empty((used, n))
    fits = _fit_groups(plan, sched, jobs)
    loads = {key: np.zeros(used) for key in fits}
    for start in range(0, used, 1000):
        c = min(1000, used - start)
        chunk = draws.chunk(c)
        finish[start : start + c] = _replay(jobs, lanes, chunk, c, now)
        for key, (members, carried, _cap, _pt) in fits.items():
            total = np.full(c, carried)
            for j in members:
                x = chunk.get((j.entry.id, "effort_weeks"))
                total += x if x is not None else (j.initiative.effort or 0.0)
            loads[key][start : start + c] = total
    shown = [k for k, j in enumerate(jobs) if period is None or j.entry.period == period]
    items = tuple(_item(jobs[k], finish[:, k], origin, per) for k in shown)
    committed = [k for k in shown if jobs[k].entry.status in COMMITTED]
    p_all: float | None = None
    if committed:
        ends = np.array([jobs[k].period_end for k in committed])
        p_all = float((finish[:, committed] <= ends + _EPS).all(axis=1).mean())
    teams = tuple(
        _team_fit(key, fits[key], loads[key])
        for key in sorted(fits)
        if period is None or key[1] == period
    )
    drivers = _drivers(jobs, shown, finish, per, seed, used)
    return DeliveryForecast(
        samples=used,
        items=items,
        teams=teams,
        p_all_committed=p_all,
        committed_count=len(committed),
        selected_count=len(shown),
        drivers=drivers,
        notes=tuple(notes),
    )


def _item(
    job: _Job, finish: np.ndarray, origin: dt.date, per: dict[str, list[Uncertain]]
) -> ItemDelivery:
    import numpy as np

    e = job.entry
    p50, p85 = np.quantile(finish, [0.5, 0.85], method="inverted_cdf")
    start_day = job.fixed_start if job.fixed_start is not None else job.release
    deadline_end = None if e.deadline is None else _day(origin, e.deadline) + 1.0
    return ItemDelivery(
        id=e.id,
        title=e.title,
        team=e.team,
        period=e.period,
        status=e.status,
        committed=e.status in COMMITTED,
        point_finish=e.finish,
        p50_finish=_date(origin, float(p50), start_day),
        p85_finish=_date(origin, float(p85), start_day),
        p_in_period=float((finish <= job.period_end + _EPS).mean()),
        deadline=e.deadline,
        p_by_deadline=(
            None if deadline_end is None else float((finish <= deadline_end + _EPS).mean())
        ),
        uncertain=tuple(u.name for u in per.get(e.id, [])),
        extras=e.extras,
    )


def _fit_groups(
    plan: Plan, sched: Schedule, jobs: list[_Job]
) -> dict[tuple[str, str], tuple[list[_Job], float, float | None, float]]:
    """Per (team, period) with selected work: its jobs, carried-in effort, capacity and
    the point load."""
    out: dict[tuple[str, str], tuple[list[_Job], float, float | None, float]] = {}
    members: dict[tuple[str, str], list[_Job]] = {}
    for j in jobs:
        members.setdefault((j.entry.team, j.entry.period or ""), []).append(j)
    for result in sched.periods:
        for load in result.teams:
            key = (load.id, result.period)
            group = members.get(key, [])
            carried = float(getattr(load, "carried_weeks", 0.0) or 0.0)
            point_load = carried + sum(j.initiative.effort or 0.0 for j in group)
            out[key] = (group, carried, load.capacity_weeks, point_load)
    return out


def _team_fit(
    key: tuple[str, str],
    group: tuple[list[_Job], float, float | None, float],
    load: np.ndarray,
) -> TeamFit:
    import numpy as np

    _members, _carried, capacity, point_load = group
    p50, p85 = np.quantile(load, [0.5, 0.85], method="inverted_cdf")
    return TeamFit(
        team=key[0],
        period=key[1],
        capacity_weeks=capacity,
        point_weeks=point_load,
        p50_weeks=float(p50),
        p85_weeks=float(p85),
        p_fits=None if capacity is None else float((load <= capacity + _EPS).mean()),
    )


def _drivers(
    jobs: list[_Job],
    shown: list[int],
    finish: np.ndarray,
    per: dict[str, list[Uncertain]],
    seed: int,
    used: int,
) -> tuple[Driver, ...]:
    import numpy as np

    if not shown or not per:
        return ()
    ends = np.array([jobs[k].period_end for k in shown])
    overrun = ((finish[:, shown] - ends).max(axis=1)) / 7.0
    out: list[Driver] = []
    # only the shown (this period's) initiatives: an earlier period's work can delay them,
    # but the drivers answer "which of this period's estimates decide its overrun"
    ids = {jobs[k].entry.id for k in shown}
    for iid, row in sorted(per.items()):
        if iid not in ids:
            continue
        for u in row:
            if u.name != "duration_weeks" and "duration_weeks" not in u.aliases:
                continue
            x = u.stream(seed).next(used)
            out.append(Driver(iid, u.name, spearman(x, overrun), swing(x, overrun)))
    out.sort(key=lambda d: (-abs(d.swing), -abs(d.correlation), d.initiative, d.input))
    return tuple(d for d in out if abs(d.swing) >= MIN_SWING or abs(d.correlation) >= MIN_RHO)
