"""The roadmap: the schedule's initiatives on a timeline, grouped for ``okrkit roadmap``.

:func:`build_roadmap` reads :class:`~okrkit.planning.schedule.Schedule` (it plans
nothing itself) and groups its entries by team, pillar or objective; the reporters in
:mod:`okrkit.report.roadmap` draw it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from okrkit.errors import UnknownIdError, UsageError
from okrkit.model import Initiative, Plan
from okrkit.planning.core import require_periods
from okrkit.planning.schedule import Entry, Schedule
from okrkit.planning.shares import pillars_of

GroupBy = Literal["team", "pillar", "objective"]
GROUP_BY: tuple[GroupBy, ...] = ("team", "pillar", "objective")
NO_GROUP = {"team": "(no team)", "pillar": "(no pillar)", "objective": "(no objective)"}


@dataclass(frozen=True)
class PeriodSpan:
    id: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Group:
    name: str
    scheduled: tuple[Entry, ...]
    """Bars, in start order."""
    not_scheduled: tuple[Entry, ...]
    """Open work below a cut line (or on a cycle), in plan order."""
    title: str | None = None
    """The pillar's name or the objective's title (None for a team, or none known)."""


@dataclass(frozen=True)
class Roadmap:
    as_of: dt.date
    by: GroupBy
    periods: tuple[PeriodSpan, ...]
    groups: tuple[Group, ...]
    start: dt.date
    """First day shown: the earliest of as-of, the first period's start and any start."""
    end: dt.date
    """Last day shown: the latest of the last period's end, any finish and any deadline."""

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every initiative shown, scheduled ones first within each group."""
        return tuple(e for g in self.groups for e in (*g.scheduled, *g.not_scheduled))


def _group_of(plan: Plan, i: Initiative, by: GroupBy) -> str:
    if by == "team":
        return i.team
    if by == "pillar":
        pillars = pillars_of(plan, i)
        return pillars[0] if pillars else NO_GROUP[by]
    objective_of = plan.objective_of
    for kr in i.key_results:
        o = objective_of.get(kr)
        if o is not None:
            return o.id
    return NO_GROUP[by]


def build_roadmap(
    plan: Plan,
    schedule: Schedule,
    *,
    by: GroupBy = "team",
    period: str | None = None,
    team: str | None = None,
) -> Roadmap:
    """The schedule's open and scheduled work, grouped ``by``; only ``period``'s and
    ``team``'s when given. Groups follow the plan's order of teams, pillars or objectives."""
    if by not in GROUP_BY:
        raise UsageError(f"must be one of {', '.join(GROUP_BY)}, not {by!r}", param="by")
    require_periods(plan)
    periods = sorted(plan.periods, key=lambda p: (p.start, p.end, p.id))
    if period is not None and period not in plan.period_by_id:
        raise UnknownIdError("period", period, plan.period_by_id, param="period")
    known_teams = set(plan.team_by_id) | {i.team for i in plan.initiatives}
    if team is not None and team not in known_teams:
        raise UnknownIdError("team", team, known_teams, param="team")
    by_id = plan.initiative_by_id
    order: dict[str, int] = {}
    if by == "team":
        order = {t.id: k for k, t in enumerate(plan.teams)}
    elif by == "pillar":
        order = {p.id: k for k, p in enumerate(plan.pillars)}
    else:
        order = {o.id: k for k, o in enumerate(plan.objectives)}
    buckets: dict[str, tuple[list[Entry], list[Entry]]] = {}
    for e in schedule.entries:
        if period is not None and e.period != period:
            continue
        if team is not None and e.team != team:
            continue
        if e.status in ("done", "dropped"):
            continue
        name = _group_of(plan, by_id[e.id], by)
        got = buckets.setdefault(name, ([], []))
        (got[0] if e.selected else got[1]).append(e)
    titles: dict[str, str] = {}
    if by == "pillar":
        titles = {p.id: p.name for p in plan.pillars if p.name and p.name != p.id}
    elif by == "objective":
        titles = {o.id: o.title for o in plan.objectives if o.title and o.title != o.id}
    groups = tuple(
        Group(
            name,
            tuple(sorted(sched, key=lambda e: (e.start or dt.date.max, e.finish or dt.date.max))),
            tuple(below),
            titles.get(name),
        )
        for name, (sched, below) in sorted(
            buckets.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])
        )
    )
    shown = [p for p in periods if period is None or p.id == period]
    days = [schedule.as_of]
    days += [p.start for p in shown] + [p.end for p in shown]
    for g in groups:
        for e in g.scheduled:
            days += [d for d in (e.start, e.finish) if d is not None]
        for e in (*g.scheduled, *g.not_scheduled):
            if e.deadline is not None:
                days.append(e.deadline)
    return Roadmap(
        schedule.as_of,
        by,
        tuple(PeriodSpan(p.id, p.start, p.end) for p in shown),
        groups,
        min(days),
        max(days),
    )


__all__ = ["GROUP_BY", "Group", "GroupBy", "PeriodSpan", "Roadmap", "build_roadmap"]
