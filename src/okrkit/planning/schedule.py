"""One schedule of the whole plan over time, shared by every command.

:func:`build_schedule` plans every period in date order and returns a frozen
:class:`Schedule`. It is computed once per loaded plan, ``as_of``, method and selection
mode (memoised on the plan); ``plan``, ``deps``, ``check``, ``roadmap`` (and ``report``,
``diff``, ``forecast``) read it instead of keeping their own clocks.

The algorithm, in named steps (one function each, see ``docs/planning.md``):

1. **candidates** - the open work of the period; what keeps some of it out before any
   choice (a dependency cycle, a dependency that is not funded, no estimate);
2. **select** - what fits each team's capacity, less the effort carried over from earlier
   periods (:func:`okrkit.planning.select.select_optimal`, or the score-order cut line);
3. **sequence** - the order within each team's lanes (WIP limit) that minimises the delay
   cost, no work starting before the period starts, before ``as_of`` or before what it
   waits on finishes (in any period), work under way kept where it is;
4. **carry over** - selected work that runs past the period's end carries its remaining
   effort into the team's next period and keeps its lane busy;
5. **conflicts** - :mod:`okrkit.planning.conflicts`, one function per kind.

Shape of the result::

    Schedule
      as_of: date            nothing new starts before it
      method: str            the scoring method that valued the work
      select: str            "optimal" or "greedy"
      periods: tuple[PlanResult, ...]   one per period, in date order
      entries: tuple[Entry, ...]        one per open initiative with a period (plus done
                                        and dropped ones with a period, not scheduled)
      conflicts: tuple[Conflict, ...]   every conflict of every period, sorted
      cycles: tuple[tuple[str, ...], ...]  dependency cycles among open work
      entry(id) -> Entry | None; period(id) -> PlanResult

    Entry
      id, title, team, period, status, kind
      selected: bool         scheduled (committed and in-progress work always is,
                             unless it is on a cycle)
      reason, detail, blocked_by   why not selected (None when selected)
      start, finish: date | None   first and last day of work
      start_week, finish_week: float | None   weeks from its period's start
      deadline: date | None; deadline_week: float | None
      spill_over_weeks: float      calendar weeks after its period ends
      carried_weeks: float         effort carried into the team's next period
      critical: bool               on the longest chain of the real schedule (each job
                                   waiting on a dependency or on its lane)

Re-running the sequencing with sampled values (a forecast): call ``build_schedule`` again
with ``durations={id: weeks}`` and/or ``efforts={id: person_weeks}`` (overriding the
plan's point estimates) and ``selection=base.selected_ids`` to keep the selection of a
base schedule (the solver is then skipped). Such calls read the plan only, change nothing
and are not memoised. The lower-level pure step is
:func:`okrkit.planning.sequence.sequence` on :class:`~okrkit.planning.sequence.Job` values.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from okrkit.errors import UsageError
from okrkit.model import Initiative, Period, Plan, point
from okrkit.model.plan import OPEN_STATUSES, extras_json
from okrkit.planning._scores import Scores, resolve_method, scores
from okrkit.planning.calendar import deadline_week, finish_date, start_date, weeks_between
from okrkit.planning.conflicts import (
    PeriodFacts,
    all_conflicts,
    period_conflicts,
    waits_on,
    why_not,
)
from okrkit.planning.result import (
    Conflict,
    NotSelected,
    PillarShare,
    PlanResult,
    Reason,
    Scheduled,
    TeamLoad,
)
from okrkit.planning.select import Item, Selection, select_greedy, select_optimal
from okrkit.planning.sequence import Job, LaneSchedule, sequence

SelectMode = Literal["optimal", "greedy"]

OPEN = OPEN_STATUSES
FORCED = ("committed", "in_progress")
_EPS = 1e-9
_INF = float("inf")


@dataclass(frozen=True)
class Entry:
    """One initiative on the timeline (see the module docstring)."""

    id: str
    title: str
    team: str
    period: str | None
    status: str
    kind: str
    selected: bool
    reason: Reason | None = None
    detail: str | None = None
    blocked_by: str | None = None
    start: dt.date | None = None
    finish: dt.date | None = None
    start_week: float | None = None
    finish_week: float | None = None
    deadline: dt.date | None = None
    deadline_week: float | None = None
    spill_over_weeks: float = 0.0
    carried_weeks: float = 0.0
    critical: bool = False
    effort_weeks: float | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    """owner, tags, links, meta (:func:`okrkit.model.plan.extras_json`)."""


@dataclass(frozen=True)
class Schedule:
    """The whole plan over time (see the module docstring for its shape)."""

    as_of: dt.date
    method: str
    select: SelectMode
    periods: tuple[PlanResult, ...]
    entries: tuple[Entry, ...]
    conflicts: tuple[Conflict, ...]
    cycles: tuple[tuple[str, ...], ...]
    _by_id: dict[str, Entry] = field(default_factory=dict, repr=False, compare=False)
    _by_period: dict[str, PlanResult] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update((e.id, e) for e in self.entries)
        self._by_period.update((r.period, r) for r in self.periods)

    def entry(self, initiative: str) -> Entry | None:
        return self._by_id.get(initiative)

    def period(self, period: str) -> PlanResult:
        return self._by_period[period]

    @property
    def selected_ids(self) -> frozenset[str]:
        return frozenset(e.id for e in self.entries if e.selected)


def build_schedule(
    plan: Plan,
    *,
    as_of: dt.date | None = None,
    method: str | None = None,
    select: SelectMode = "optimal",
    time_limit: float | None = None,
    durations: Mapping[str, float] | None = None,
    efforts: Mapping[str, float] | None = None,
    selection: Iterable[str] | None = None,
) -> Schedule:
    """The schedule of every period of ``plan`` (see the module docstring).

    ``as_of`` defaults to the first day of the earliest period (the core never reads the
    clock; commands pass ``--as-of``, default today). ``method`` defaults to the plan's
    scoring method, ``time_limit`` (seconds, shared by every period's exact solver and
    improvement step) to ``settings.planning.time_limit_seconds``.
    """
    if select not in ("optimal", "greedy"):
        raise UsageError(f"select must be optimal or greedy, not {select!r}")
    day = as_of if as_of is not None else _first_day(plan)
    m = resolve_method(plan, method)
    overridden = durations is not None or efforts is not None or selection is not None
    key = ("schedule", day, m, select, time_limit)
    if not overridden:
        cached = plan.memo.get(key)
        if cached is not None:
            assert isinstance(cached, Schedule)
            return cached
    from okrkit.gcpause import gc_paused

    with gc_paused():
        sched = _Builder(
            plan,
            day,
            m,
            select,
            time_limit,
            dict(durations or {}),
            dict(efforts or {}),
            None if selection is None else frozenset(selection),
        ).build()
    if not overridden:
        plan.memo[key] = sched
    return sched


def _first_day(plan: Plan) -> dt.date:
    if plan.periods:
        return min(p.start for p in plan.periods)
    return dt.date(1970, 1, 1)


# --- the builder: one pass over the periods -------------------------------------------


class _Builder:
    def __init__(
        self,
        plan: Plan,
        as_of: dt.date,
        method: str,
        select: SelectMode,
        time_limit: float | None,
        durations: dict[str, float],
        efforts: dict[str, float],
        selection: frozenset[str] | None,
    ):
        self.plan = plan
        self.as_of = as_of
        self.select = select
        self.durations = durations
        self.efforts = efforts
        self.keep = selection
        self.scores: Scores = scores(plan, method)
        self.periods = sorted(plan.periods, key=lambda p: (p.start, p.end, p.id))
        self.period_index = {p.id: k for k, p in enumerate(self.periods)}
        members: dict[str, list[Initiative]] = {p.id: [] for p in self.periods}
        for i in plan.initiatives:
            if i.status in OPEN and i.period in members:
                members[i.period].append(i)
        pos = self.scores.position
        for lst in members.values():
            lst.sort(key=lambda i: (pos.get(i.id, len(pos)), i.id))
        self.members = members
        self.order = {i.id: k for k, i in enumerate(plan.initiatives)}
        """Plan order: the tie rule of sequencing, the same under every method."""
        self.origin = min([as_of, *(p.start for p in self.periods)])
        self.budget = (
            time_limit if time_limit is not None else plan.settings.planning.time_limit_seconds
        )
        self.started = time.perf_counter()
        self.cycle_of = _cycle_members(plan)
        # what earlier periods decided
        self.selected: set[str] = set()
        self.finish_abs: dict[str, float] = {}
        # the finish date each placed initiative shows (plan, roadmap, deps): conflicts
        # quote it rather than turn the absolute week back into a date
        self.finish_day: dict[str, dt.date] = {}
        self.start_abs: dict[str, float] = {}
        self.lane_free: dict[str, list[float]] = {}
        """Per team, when each of its lanes (WIP limit) comes free, in absolute weeks."""
        self.carry_into: dict[tuple[str, str], float] = {}
        self.spill: dict[str, tuple[float, float]] = {}
        self.facts: list[PeriodFacts] = []
        self._member_ids: dict[str, set[str]] = {}

    # - helpers -
    def effort(self, i: Initiative) -> float | None:
        e = self.efforts.get(i.id)
        return e if e is not None else i.effort

    def duration(self, i: Initiative) -> float | None:
        d = self.durations.get(i.id)
        if d is not None:
            return d
        if i.id in self.efforts and i.duration_weeks is None:
            return self.efforts[i.id]
        return i.duration

    def member_ids(self, period: str | None) -> set[str]:
        """Ids of the open work of ``period`` (computed once per period)."""
        got = self._member_ids.get(period or "")
        if got is None:
            got = {i.id for i in self.members.get(period or "", [])}
            self._member_ids[period or ""] = got
        return got

    def abs_week(self, day: dt.date) -> float:
        return weeks_between(self.origin, day)

    def time_left(self) -> float:
        return max(self.budget - (time.perf_counter() - self.started), 0.0)

    # - the steps -
    def build(self) -> Schedule:
        for p in self.periods:
            self.facts.append(self.plan_period(p))
        results: list[PlanResult] = []
        for f in self.facts:
            own = period_conflicts(self, f)
            results.append(replace(f.result, conflicts=tuple(own)))
            f.result = results[-1]
        conflicts = all_conflicts(self, self.facts)
        entries = self.entries()
        cycles = tuple(sorted(set(self.cycle_of.values())))
        return Schedule(
            self.as_of,
            self.scores.method,
            self.select,
            tuple(results),
            entries,
            tuple(conflicts),
            cycles,
        )

    def plan_period(self, p: Period) -> PeriodFacts:
        members = self.members[p.id]
        capacity, carried = self.capacity(p, members)
        blocked, outside = self.candidates(p, members)
        items = self.items(members, blocked)
        chosen, opt, greedy = self.choose(items, capacity, carried)
        lane = self.sequence(p, members, chosen.selected)
        self.carry_over(p, members, lane)
        committed: dict[str, float] = {}
        for i in members:
            if i.status in FORCED and i.id in chosen.selected:
                committed[i.team] = committed.get(i.team, 0.0) + (self.effort(i) or 0.0)
        result = self.result(
            p, members, capacity, carried, committed, blocked, chosen, opt, greedy, lane
        )
        return PeriodFacts(p, members, capacity, carried, committed, blocked, outside, result)

    def capacity(
        self, p: Period, members: list[Initiative]
    ) -> tuple[dict[str, float | None], dict[str, float]]:
        """Each team's capacity in ``p`` and the effort carried into it."""
        capacity: dict[str, float | None] = {}
        carried: dict[str, float] = {}
        teams = {i.team for i in members} | {t for (t, q) in self.carry_into if q == p.id}
        for tid in sorted(teams):
            team = self.plan.team_by_id.get(tid)
            capacity[tid] = team.capacity.get(p.id) if team is not None else None
            c = self.carry_into.get((tid, p.id), 0.0)
            if c > 0.0:
                carried[tid] = c
        return capacity, carried

    def candidates(
        self, p: Period, members: list[Initiative]
    ) -> tuple[
        dict[str, tuple[Reason, str, str | None]], dict[str, list[tuple[int, Initiative, str]]]
    ]:
        """What keeps work out before any choice, the first reason that applies:
        a cycle, a dependency that is not funded, no estimate."""
        by_id = self.plan.initiative_by_id
        member_ids = {i.id for i in members}
        blocked: dict[str, tuple[Reason, str, str | None]] = {}
        outside: dict[str, list[tuple[int, Initiative, str]]] = {}
        for i in members:
            cyc = self.cycle_of.get(i.id)
            if cyc is not None:
                blocked[i.id] = ("cycle", f"is on a dependency cycle ({', '.join(cyc)})", None)
            for k, d in enumerate(i.depends_on):
                dep = by_id.get(d)
                if dep is None or d == i.id:
                    continue
                if d in member_ids and d not in self.cycle_of:
                    continue
                state = self.dep_state(dep, p)
                if d in member_ids:
                    state = "cycle"
                outside.setdefault(i.id, []).append((k, dep, state))
                if state != "ok" and i.id not in blocked:
                    blocked[i.id] = ("dependency", waits_on(dep, state, self), d)
            if i.id not in blocked and self.effort(i) is None and i.status not in FORCED:
                blocked[i.id] = ("no-estimate", f"{i.id} has no effort_weeks estimate", None)
        return blocked, outside

    def dep_state(self, dep: Initiative, p: Period) -> str:
        """How a dependency outside ``p``'s open work stands."""
        if dep.id in self.cycle_of:
            return "cycle"
        if dep.status == "done":
            return "ok"
        if dep.status == "dropped":
            return "dropped"
        k = self.period_index.get(dep.period or "")
        if k is None:
            return "none"
        here = self.period_index[p.id]
        if k > here:
            return "later"
        if k < here:
            return "ok" if dep.id in self.selected else "earlier-cut"
        return "ok"

    def items(
        self, members: list[Initiative], blocked: Mapping[str, tuple[Reason, str, str | None]]
    ) -> list[Item]:
        sc = self.scores
        member_ids = {i.id for i in members}
        out: list[Item] = []
        for i in members:
            on_cycle = i.id in self.cycle_of
            forced = i.status in FORCED and not on_cycle
            effort = self.effort(i)
            value = sc.value.get(i.id)
            selectable = forced or i.id not in blocked
            if self.keep is not None:
                selectable = i.id in self.keep
                forced = selectable
            out.append(
                Item(
                    i.id,
                    i.team,
                    effort if effort is not None else 0.0,
                    value if value is not None else 0.0,
                    forced=forced,
                    deps=tuple(d for d in i.depends_on if d in member_ids and d != i.id),
                    order=sc.position.get(i.id, len(sc.position)),
                    selectable=selectable,
                )
            )
        return out

    def choose(
        self,
        items: list[Item],
        capacity: Mapping[str, float | None],
        carried: Mapping[str, float],
    ) -> tuple[Selection, Selection | None, Selection | None]:
        """The selection of the period (and the other mode's, for comparison)."""
        room: dict[str, float | None] = {
            t: (None if c is None else max(c - carried.get(t, 0.0), 0.0))
            for t, c in capacity.items()
        }
        if self.keep is not None:
            sel = select_greedy(items, dict.fromkeys(room))
            return sel, None, None
        items = self.reserve(items, capacity, room)
        opt = select_optimal(items, room, time_limit=self.time_left())
        greedy = select_greedy(items, room)
        chosen = opt if self.select == "optimal" else greedy
        return chosen, opt, greedy

    def reserve(
        self,
        items: list[Item],
        capacity: Mapping[str, float | None],
        room: Mapping[str, float | None],
    ) -> list[Item]:
        """``settings.planning.reserve_debt_share``: first choose debt work within that
        share of each team's capacity (nothing else competes for it), then keep those
        choices in while the rest is selected. Returns the items with them forced."""
        share = self.plan.settings.planning.reserve_debt_share
        by_id = self.plan.initiative_by_id
        debt = {it.id for it in items if by_id[it.id].kind == "debt"}
        if share <= 0.0 or not debt:
            return items
        forced_load: dict[str, float] = {}
        for it in items:
            if it.forced:
                forced_load[it.team] = forced_load.get(it.team, 0.0) + it.effort
        first_room: dict[str, float | None] = {}
        for t, r in room.items():
            cap = capacity.get(t)
            if r is None or cap is None:
                first_room[t] = r
            else:
                first_room[t] = min(r, forced_load.get(t, 0.0) + share * cap)
        first = [
            it if it.forced or it.id in debt else replace(it, selectable=False) for it in items
        ]
        got = select_optimal(first, first_room, time_limit=self.time_left())
        keep = got.selected & debt
        return [replace(it, forced=True) if it.id in keep else it for it in items]

    def sequence(
        self, p: Period, members: list[Initiative], selected: frozenset[str]
    ) -> LaneSchedule:
        """Place the selected work of ``p`` in its teams' lanes (weeks from ``p.start``)."""
        p0 = self.abs_week(p.start)
        release0 = max(self.abs_week(self.as_of) - p0, 0.0)
        jobs: list[Job] = []
        for i in members:
            if i.id not in selected:
                continue
            cod = i.cost_of_delay
            weight = 0.0
            profile: Literal["standard", "fixed_date", "expedite", "intangible"] = "standard"
            due: float | None = None
            if cod is not None:
                weight = point(cod.per_week) or 0.0
                profile = cod.urgency
                if cod.deadline is not None and profile == "fixed_date":
                    due = deadline_week(p.start, cod.deadline)
            duration = self.duration(i) or 0.0
            release = release0
            preds: list[str] = []
            for d in i.depends_on:
                if d == i.id:
                    continue
                if d in selected:
                    preds.append(d)
                elif d in self.finish_abs:
                    release = max(release, self.finish_abs[d] - p0)
            fixed = None
            if i.status == "in_progress" and (
                i.started is not None or i.remaining_weeks is not None
            ):
                fixed = self.under_way(i, duration, p0)
            jobs.append(
                Job(
                    i.id,
                    i.team,
                    duration,
                    weight,
                    profile,
                    due,
                    tuple(preds),
                    started=i.status == "in_progress",
                    tie=self.order[i.id],
                    release=release,
                    fixed=fixed,
                )
            )
        lanes = {t.id: t.wip_limit for t in self.plan.teams}
        busy = self.busy_lanes(p0, lanes, {j.team for j in jobs})
        deadline = self.started + self.budget
        return sequence(jobs, lanes, busy=busy, deadline=deadline)

    def under_way(self, i: Initiative, duration: float, p0: float) -> tuple[float, float]:
        """(start, finish) of in-progress work, in weeks from the period's start."""
        now = self.abs_week(self.as_of)
        begin = self.abs_week(i.started) if i.started is not None else max(now, p0)
        remaining = point(i.remaining_weeks)
        end = now + remaining if remaining is not None else max(begin + duration, now, begin)
        return begin - p0, max(end, begin) - p0

    def busy_lanes(
        self, p0: float, lanes: Mapping[str, int], teams: Iterable[str]
    ) -> dict[str, list[float]]:
        """Per team, when lanes still held by earlier periods' work become free."""
        out: dict[str, list[float]] = {}
        for t in teams:
            held = [f - p0 for f in self.lane_free.get(t, ()) if f - p0 > _EPS]
            if held:
                out[t] = sorted(held)
        return out

    def occupy(self, team: str, start: float, finish: float) -> None:
        """Put work placed from ``start`` to ``finish`` on one of ``team``'s lanes: the
        lane that came free last before it started (best fit), so a lane free earlier
        stays free for what comes next. Two pieces of work in a row on one lane hold
        one lane, not two."""
        t = self.plan.team_by_id.get(team)
        free = self.lane_free.setdefault(team, [-_INF] * max(1, t.wip_limit if t else 1))
        fits = [k for k, f in enumerate(free) if f <= start + _EPS]
        k = (
            max(fits, key=lambda k: free[k])
            if fits
            else min(range(len(free)), key=free.__getitem__)
        )
        free[k] = finish

    def carry_over(self, p: Period, members: list[Initiative], lane: LaneSchedule) -> None:
        """Record the placed work; what runs past ``p``'s end carries its remaining effort
        into the team's next period."""
        by_id = self.plan.initiative_by_id
        p0 = self.abs_week(p.start)
        for s in sorted(lane.slots, key=lambda s: (s.start, s.finish, s.id)):
            self.occupy(s.team, s.start + p0, s.finish + p0)
        for s in lane.slots:
            self.selected.add(s.id)
            self.start_abs[s.id] = s.start + p0
            self.finish_abs[s.id] = s.finish + p0
            self.finish_day[s.id] = finish_date(p.start, s.finish, s.start)
            over = s.finish - p.weeks
            if over <= _EPS:
                continue
            i = by_id[s.id]
            length = s.finish - s.start
            spill = min(over, length) if length > 0 else 0.0
            effort = self.effort(i) or 0.0
            carried = effort * spill / length if length > _EPS else 0.0
            self.spill[s.id] = (spill, carried)
            nxt = self.next_period(p, s.team)
            if nxt is not None and carried > 0.0:
                key = (s.team, nxt.id)
                self.carry_into[key] = self.carry_into.get(key, 0.0) + carried

    def next_period(self, p: Period, team: str) -> Period | None:
        """The team's next period: the first later one that starts after ``p`` ends."""
        k = self.period_index[p.id]
        for q in self.periods[k + 1 :]:
            if q.start > p.end:
                return q
        return None

    def result(
        self,
        p: Period,
        members: list[Initiative],
        capacity: dict[str, float | None],
        carried: dict[str, float],
        committed: dict[str, float],
        blocked: dict[str, tuple[Reason, str, str | None]],
        chosen: Selection,
        opt: Selection | None,
        greedy: Selection | None,
        lane: LaneSchedule,
    ) -> PlanResult:
        """One period's :class:`~okrkit.planning.result.PlanResult` from its selection and lanes.

        It decides the team loads (planned = selected effort plus work carried over from
        the period before, against capacity), why each member was not selected
        (``why_not``, with the room left after carried work), and which solver run the
        result reports: the exact one whenever it ran (with ``select`` greedy it is there
        for comparison), else the one that chose. Conflicts are added later by ``build``,
        once every period is planned.
        """
        plan = self.plan
        sc = self.scores
        by_id = plan.initiative_by_id
        selected = chosen.selected
        schedule = tuple(
            self.scheduled(p, s.id, s.team, s.start, s.finish, s.cost) for s in lane.slots
        )
        used: dict[str, float] = {}
        for i in members:
            if i.id in selected:
                used[i.team] = used.get(i.team, 0.0) + (self.effort(i) or 0.0)
        room = {
            t: (None if c is None else max(c - carried.get(t, 0.0), 0.0))
            for t, c in capacity.items()
        }
        not_selected = tuple(
            NotSelected(
                i.id,
                i.team,
                *why_not(self, i, blocked, members, selected, room, used),
                self.effort(i),
                self.cycle_of.get(i.id, ()),
                extras_json(i),
            )
            for i in members
            if i.id not in selected
        )
        teams: list[TeamLoad] = []
        for tid in sorted(capacity):
            team = plan.team_by_id.get(tid)
            cap = capacity[tid]
            planned = used.get(tid, 0.0) + carried.get(tid, 0.0)
            teams.append(
                TeamLoad(
                    tid,
                    cap,
                    planned,
                    committed.get(tid, 0.0),
                    carried.get(tid, 0.0),
                    planned / cap if cap else None,
                    team.wip_limit if team is not None else 1,
                )
            )
        main = opt if (opt is not None and self.select == "optimal") else (opt or chosen)
        _ = by_id
        return PlanResult(
            period=p.id,
            method=sc.method,
            select=self.select,
            horizon_weeks=p.weeks,
            selected=tuple(i.id for i in members if i.id in selected),
            not_selected=not_selected,
            schedule=schedule,
            total_value=chosen.value,
            total_cost_of_delay=lane.cost,
            lower_bound_cost_of_delay=lane.lower_bound,
            teams=tuple(teams),
            optimal_value=opt.value if opt is not None and opt.status == "optimal" else None,
            greedy_value=greedy.value if greedy is not None else chosen.value,
            solver=main.solver,
            status=main.status,
            gap=main.gap,
            value_bound=main.bound,
            sequencing_rule=lane.rule,
            cd3_cost_of_delay=lane.cd3_cost,
            not_scored=tuple(i.id for i in members if sc.value.get(i.id) is None),
            conflicts=(),
            notes=main.notes,
            start=p.start,
            end=p.end,
            as_of=self.as_of,
            debt_share=self.debt_shares(members, selected),
            pillar_share=self.pillar_shares(p.id, selected),
        )

    def scheduled(
        self, p: Period, iid: str, team: str, start: float, finish: float, cost: float
    ) -> Scheduled:
        i = self.plan.initiative_by_id[iid]
        cod = i.cost_of_delay
        deadline = cod.deadline if cod is not None else None
        spill, carried = self.spill.get(iid, (0.0, 0.0))
        return Scheduled(
            iid,
            team,
            start,
            finish,
            cost,
            deadline_week(p.start, deadline) if deadline is not None else None,
            i.status,
            self.effort(i),
            start_date(p.start, start),
            finish_date(p.start, finish, start),
            deadline,
            spill,
            carried,
            extras_json(i),
        )

    def debt_shares(
        self, members: list[Initiative], selected: frozenset[str]
    ) -> tuple[tuple[str, float | None], ...]:
        total: dict[str, float] = {}
        debt: dict[str, float] = {}
        for i in members:
            if i.id not in selected:
                continue
            e = self.effort(i) or 0.0
            total[i.team] = total.get(i.team, 0.0) + e
            if i.kind == "debt":
                debt[i.team] = debt.get(i.team, 0.0) + e
        return tuple(
            (t, debt.get(t, 0.0) / total[t] if total[t] > 0 else None) for t in sorted(total)
        )

    def pillar_shares(self, period: str, selected: frozenset[str]) -> tuple[PillarShare, ...]:
        from okrkit.planning.shares import funded_work, pillar_shares

        return pillar_shares(self.plan, funded_work(self.plan, selected, period), self.effort)

    def entries(self) -> tuple[Entry, ...]:
        """One roadmap entry per initiative of a planned period, in plan order.

        Each is scheduled (start, finish, spill-over and carried weeks, on the critical path
        or not) or not selected (the reason and what blocks it), with its deadline in weeks
        from the period's start; initiatives of no planned period are left out. The
        schedule's one list of entries, so every reader of it sees the same answer.
        """
        plan = self.plan
        out: list[Entry] = []
        info: dict[str, tuple[PlanResult, Scheduled | None, NotSelected | None]] = {}
        for f in self.facts:
            r = f.result
            for slot in r.schedule:
                info[slot.id] = (r, slot, None)
            for below in r.not_selected:
                info[below.id] = (r, None, below)
        critical = _critical(self)
        for i in plan.initiatives:
            got = info.get(i.id)
            if got is None:
                if i.period not in self.period_index:
                    continue
                out.append(
                    Entry(
                        i.id,
                        i.title,
                        i.team,
                        i.period,
                        i.status,
                        i.kind,
                        False,
                        effort_weeks=self.effort(i),
                        extras=extras_json(i),
                    )
                )
                continue
            r, s, n = got
            cod = i.cost_of_delay
            deadline = cod.deadline if cod is not None else None
            dweek = deadline_week(r.start, deadline) if (deadline and r.start) else None
            if s is not None:
                out.append(
                    Entry(
                        i.id,
                        i.title,
                        i.team,
                        i.period,
                        i.status,
                        i.kind,
                        True,
                        start=s.start,
                        finish=s.finish,
                        start_week=s.start_week,
                        finish_week=s.finish_week,
                        deadline=deadline,
                        deadline_week=dweek,
                        spill_over_weeks=s.spill_over_weeks,
                        carried_weeks=s.carried_weeks,
                        critical=i.id in critical,
                        effort_weeks=s.effort_weeks,
                        extras=s.extras,
                    )
                )
            else:
                assert n is not None
                out.append(
                    Entry(
                        i.id,
                        i.title,
                        i.team,
                        i.period,
                        i.status,
                        i.kind,
                        False,
                        reason=n.reason,
                        detail=n.detail,
                        blocked_by=n.blocked_by,
                        deadline=deadline,
                        deadline_week=dweek,
                        effort_weeks=n.effort_weeks,
                        extras=n.extras,
                    )
                )
        return tuple(out)


def _critical(b: _Builder) -> set[str]:
    """The chain that ends last in the real schedule: from the latest finish, step back
    to what held each job (a dependency, or the job before it in its team's lanes, that
    finished exactly when it started)."""
    if not b.finish_abs:
        return set()
    by_id = b.plan.initiative_by_id
    by_team_finish: dict[tuple[str, float], str] = {}
    for jid, f in b.finish_abs.items():
        by_team_finish.setdefault((by_id[jid].team, round(f, 6)), jid)
    last = max(b.finish_abs, key=lambda j: (b.finish_abs[j], j))
    chain: set[str] = set()
    cur: str | None = last
    while cur is not None and cur not in chain:
        chain.add(cur)
        s = round(b.start_abs[cur], 6)
        nxt = next(
            (
                d
                for d in by_id[cur].depends_on
                if d in b.finish_abs and round(b.finish_abs[d], 6) == s
            ),
            None,
        )
        if nxt is None:
            cand = by_team_finish.get((by_id[cur].team, s))
            nxt = cand if cand != cur else None
        cur = nxt
    return chain


def _cycle_members(plan: Plan) -> dict[str, tuple[str, ...]]:
    """Open initiatives on a dependency cycle, each mapped to its cycle (Tarjan's SCC,
    iterative; a self-dependency is a cycle of one)."""
    live = {i.id: i for i in plan.initiatives if i.status in OPEN}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on: set[str] = set()
    stack: list[str] = []
    out: dict[str, tuple[str, ...]] = {}
    counter = 0
    for root in live:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            v, k = work.pop()
            if k == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on.add(v)
            deps = [d for d in live[v].depends_on if d in live]
            if k < len(deps):
                work.append((v, k + 1))
                w = deps[k]
                if w not in index:
                    work.append((w, 0))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            if low[v] == index[v]:
                comp: list[str] = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1 or v in live[v].depends_on:
                    order = {i: n for n, i in enumerate(live)}
                    cyc = tuple(sorted(comp, key=lambda x: order[x]))
                    for w in comp:
                        out[w] = cyc
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out


__all__ = ["Entry", "Schedule", "build_schedule"]
