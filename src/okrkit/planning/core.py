"""Capacity planning for a plan: selection, sequencing and conflicts, per period.

:func:`make_plan` plans one period; :func:`find_conflicts` lists the conflicts of one
period or of all of them. The models and their sources are in ``docs/planning.md``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from okrkit.errors import UsageError
from okrkit.gcpause import gc_paused
from okrkit.model import Initiative, KeyResult, Objective, Period, Plan, point
from okrkit.planning._scores import Scores, resolve_method, scores
from okrkit.planning.result import (
    CONFLICT_NAMES,
    Conflict,
    NotSelected,
    PlanResult,
    Reason,
    Scheduled,
    TeamLoad,
)
from okrkit.planning.select import Item, Selection, select_greedy, select_optimal
from okrkit.planning.sequence import Job, sequence

SelectMode = Literal["optimal", "greedy"]

OPEN = ("proposed", "committed", "in_progress")
FORCED = ("committed", "in_progress")
_EPS = 1e-9


def _num(x: float) -> str:
    from okrkit.fmt import fmt_num

    return fmt_num(x, 1)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _who(i: Initiative) -> str:
    return f"{i.id} (team {i.team})"


@dataclass
class _Context:
    plan: Plan
    scores: Scores
    periods: list[Period]
    period_index: dict[str, int]
    members: dict[str, list[Initiative]]
    """Open initiatives of each period, in ranking order."""

    @classmethod
    def build(cls, plan: Plan, method: str | None) -> _Context:
        sc = scores(plan, resolve_method(plan, method))
        periods = sorted(plan.periods, key=lambda p: (p.start, p.end, p.id))
        index = {p.id: k for k, p in enumerate(periods)}
        members: dict[str, list[Initiative]] = {p.id: [] for p in periods}
        for i in plan.initiatives:
            if i.status in OPEN and i.period in members:
                members[i.period].append(i)
        pos = sc.position
        for lst in members.values():
            lst.sort(key=lambda i: (pos.get(i.id, len(pos)), i.id))
        return cls(plan, sc, periods, index, members)

    def resolve_period(self, period: str | None) -> Period:
        plan = self.plan
        if period is not None:
            p = plan.period_by_id.get(period)
            if p is None:
                known = ", ".join(x.id for x in self.periods) or "none"
                raise UsageError(f"okrkit: unknown period {period!r} (the plan defines: {known})")
            return p
        if not self.periods:
            raise UsageError("okrkit: the plan defines no periods; add one under `periods:`")
        for p in self.periods:
            if self.members[p.id]:
                return p
        return self.periods[0]

    def dep_state(self, dep: Initiative, period: Period) -> str:
        """How a dependency outside ``period``'s open work stands: ok, dropped, later, none."""
        if dep.status == "done":
            return "ok"
        if dep.status == "dropped":
            return "dropped"
        k = self.period_index.get(dep.period or "")
        if k is None:
            return "none"
        here = self.period_index[period.id]
        if k < here:
            return "ok"
        if k > here:
            return "later"
        return "ok"  # same period, open: handled as a member


def make_plan(
    plan: Plan,
    *,
    period: str | None = None,
    method: str | None = None,
    select: SelectMode = "optimal",
    time_limit: float | None = None,
) -> PlanResult:
    """Plan one period: select what fits, sequence it, and list its conflicts.

    ``period`` defaults to the earliest period with open work; ``method`` to the plan's
    scoring method; ``time_limit`` (seconds, for the exact solver) to
    ``settings.planning.time_limit_seconds``. Both the optimal and the greedy selection are
    computed, so the result can show both totals; ``select`` says which one is planned.
    """
    if select not in ("optimal", "greedy"):
        raise UsageError(f"okrkit: select must be optimal or greedy, not {select!r}")
    with gc_paused():
        return _make_plan(plan, period, method, select, time_limit)


def _make_plan(
    plan: Plan,
    period: str | None,
    method: str | None,
    select: SelectMode,
    time_limit: float | None,
) -> PlanResult:
    ctx = _Context.build(plan, method)
    p = ctx.resolve_period(period)
    result, _ = _plan_period(ctx, p, select, time_limit, compare=True)
    conflicts = list(result.conflicts)
    conflicts += _wip_conflicts(ctx, p)
    conflicts += _kr_conflicts(ctx, p)
    return _replace_conflicts(result, _sorted(ctx, conflicts))


def find_conflicts(
    plan: Plan, *, period: str | None = None, method: str | None = None
) -> list[Conflict]:
    """The capacity and cross-team conflicts of ``period``, or of every period when None.

    With ``period=None`` this also covers work without a period (committed work that
    waits on unfunded work) and reports WIP and key-result conflicts once; the solver's
    time limit (``settings.planning.time_limit_seconds``) is then shared by all periods.
    """
    if period is not None:
        return list(make_plan(plan, period=period, method=method).conflicts)
    with gc_paused():
        return _all_conflicts(plan, method)


def _all_conflicts(plan: Plan, method: str | None) -> list[Conflict]:
    ctx = _Context.build(plan, method)
    out: list[Conflict] = []
    selected: set[str] = set()
    # one time budget for the exact solver across all periods, not one per period
    budget = plan.settings.planning.time_limit_seconds
    started = time.perf_counter()
    for p in ctx.periods:
        left = max(budget - (time.perf_counter() - started), 0.0)
        result, _ = _plan_period(ctx, p, "optimal", left, compare=False)
        out.extend(result.conflicts)
        selected.update(result.selected)
    out += _wip_conflicts(ctx, None)
    out += _kr_conflicts(ctx, None)
    out += _backlog_conflicts(ctx, selected)
    return _sorted(ctx, out)


def _replace_conflicts(result: PlanResult, conflicts: list[Conflict]) -> PlanResult:
    from dataclasses import replace

    return replace(result, conflicts=tuple(conflicts))


def _sorted(ctx: _Context, conflicts: list[Conflict]) -> list[Conflict]:
    unique: dict[tuple[object, ...], Conflict] = {}
    for c in conflicts:
        key = (
            ctx.period_index.get(c.period or "", len(ctx.periods)),
            CONFLICT_NAMES.index(c.name),
            c.subject_id,
            tuple(str(x) for x in c.path),
            c.message,
        )
        unique.setdefault(key, c)
    return [unique[k] for k in sorted(unique)]


# --- one period --------------------------------------------------------------------


def _plan_period(
    ctx: _Context,
    period: Period,
    select: SelectMode,
    time_limit: float | None,
    *,
    compare: bool,
) -> tuple[PlanResult, Selection]:
    plan = ctx.plan
    sc = ctx.scores
    members = ctx.members[period.id]
    member_ids = {i.id for i in members}
    by_id = plan.initiative_by_id
    limit = time_limit if time_limit is not None else plan.settings.planning.time_limit_seconds

    # candidates and what keeps some of them out before any choice is made
    blocked: dict[str, tuple[Reason, str]] = {}  # id -> (reason, detail)
    blocked_by: dict[str, str] = {}
    items: list[Item] = []
    for i in members:
        forced = i.status in FORCED
        inner: list[str] = []
        for d in i.depends_on:
            dep = by_id.get(d)
            if dep is None or d == i.id:
                continue
            if d in member_ids:
                inner.append(d)
                continue
            state = ctx.dep_state(dep, period)
            if state != "ok" and i.id not in blocked:
                blocked[i.id] = ("dependency", _outside_detail(ctx, i, dep, state))
                blocked_by[i.id] = d
        effort = i.effort
        if effort is None and not forced and i.id not in blocked:
            blocked[i.id] = ("no-estimate", f"{i.id} has no effort_weeks estimate")
        value = sc.value.get(i.id)
        items.append(
            Item(
                i.id,
                i.team,
                effort if effort is not None else 0.0,
                value if value is not None else 0.0,
                forced=forced,
                deps=tuple(inner),
                order=sc.position.get(i.id, len(sc.position)),
                selectable=forced or i.id not in blocked,
            )
        )
    capacity: dict[str, float | None] = {}
    for i in members:
        if i.team not in capacity:
            team = plan.team_by_id.get(i.team)
            capacity[i.team] = team.capacity.get(period.id) if team is not None else None

    opt: Selection | None = None
    greedy: Selection | None = None
    if select == "optimal" or compare:
        opt = select_optimal(items, capacity, time_limit=limit)
    if select == "greedy" or compare:
        greedy = select_greedy(items, capacity)
    chosen = opt if select == "optimal" else greedy
    assert chosen is not None
    selected = chosen.selected

    # sequencing
    start = period.start
    jobs: list[Job] = []
    deadline_week: dict[str, float] = {}
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
        if cod is not None and cod.deadline is not None:
            due = _weeks(start, cod.deadline)
            deadline_week[i.id] = due
        jobs.append(
            Job(
                i.id,
                i.team,
                i.duration or 0.0,
                weight,
                profile,
                due if profile == "fixed_date" else None,
                tuple(d for d in i.depends_on if d in selected and d != i.id),
                started=i.status == "in_progress",
                tie=sc.position.get(i.id, len(sc.position)),
            )
        )
    lanes = {t.id: t.wip_limit for t in plan.teams}
    sched = sequence(jobs, lanes)
    schedule = tuple(
        Scheduled(
            s.id,
            s.team,
            s.start,
            s.finish,
            s.cost,
            deadline_week.get(s.id),
            by_id[s.id].status,
            by_id[s.id].effort,
        )
        for s in sched.slots
    )

    # teams and the cut line
    used: dict[str, float] = {}
    committed: dict[str, float] = {}
    for i in members:
        if i.id in selected:
            used[i.team] = used.get(i.team, 0.0) + (i.effort or 0.0)
            if i.status in FORCED:
                committed[i.team] = committed.get(i.team, 0.0) + (i.effort or 0.0)
    not_selected: list[NotSelected] = []
    for i in members:
        if i.id in selected:
            continue
        reason, detail, holder = _why_not(
            i, blocked, blocked_by, member_ids, selected, sc, capacity, used, by_id
        )
        not_selected.append(NotSelected(i.id, i.team, reason, detail, holder, i.effort))
    teams: list[TeamLoad] = []
    for tid in sorted(capacity):
        team = plan.team_by_id.get(tid)
        cap = capacity[tid]
        planned = used.get(tid, 0.0)
        teams.append(
            TeamLoad(
                tid,
                cap,
                planned,
                committed.get(tid, 0.0),
                planned / cap if cap else None,
                team.wip_limit if team is not None else 1,
            )
        )
    greedy_value = greedy.value if greedy is not None else chosen.value
    result = PlanResult(
        period=period.id,
        method=sc.method,
        select=select,
        horizon_weeks=period.weeks,
        selected=tuple(i.id for i in members if i.id in selected),
        not_selected=tuple(not_selected),
        schedule=schedule,
        total_value=chosen.value,
        total_cost_of_delay=sched.cost,
        lower_bound_cost_of_delay=sched.lower_bound,
        teams=tuple(teams),
        optimal_value=opt.value if opt is not None and opt.status == "optimal" else None,
        greedy_value=greedy_value,
        solver=(opt or chosen).solver,
        status=(opt or chosen).status,
        gap=(opt or chosen).gap,
        value_bound=(opt or chosen).bound,
        sequencing_rule=sched.rule,
        cd3_cost_of_delay=sched.cd3_cost,
        not_scored=tuple(i.id for i in members if sc.value.get(i.id) is None),
        conflicts=(),
        notes=(opt or chosen).notes,
    )
    conflicts = _period_conflicts(ctx, period, result, members, capacity, committed)
    return _replace_conflicts(result, conflicts), chosen


def _why_not(
    i: Initiative,
    blocked: dict[str, tuple[Reason, str]],
    blocked_by: dict[str, str],
    member_ids: set[str],
    selected: frozenset[str],
    sc: Scores,
    capacity: dict[str, float | None],
    used: dict[str, float],
    by_id: dict[str, Initiative],
) -> tuple[Reason, str, str | None]:
    """Why ``i`` is below the cut line: the first of these that applies."""
    if i.id in blocked:
        reason, detail = blocked[i.id]
        return reason, detail, blocked_by.get(i.id)
    missing = next((d for d in i.depends_on if d in member_ids and d not in selected), None)
    if missing is not None:
        dep = by_id[missing]
        return (
            "dependency",
            f"waits on {_who(dep)}, which is below team {dep.team}'s cut line",
            missing,
        )
    value = sc.value.get(i.id)
    if value is None:
        return "not-scored", f"{i.id} has no value under {sc.method}", None
    if value <= 0.0:
        return "no-value", f"{i.id} has a value of 0 under {sc.method}", None
    cap = capacity.get(i.team) or 0.0
    left = max(cap - used.get(i.team, 0.0), 0.0)
    return (
        "capacity",
        f"needs {_num(i.effort or 0.0)} person-weeks; team {i.team} has {_num(left)} of "
        f"{_num(cap)} left",
        None,
    )


def _weeks(start: dt.date, day: dt.date) -> float:
    """Weeks from the period start to the end of ``day``."""
    return ((day - start).days + 1) / 7.0


def _outside_detail(ctx: _Context, i: Initiative, dep: Initiative, state: str) -> str:
    if state == "dropped":
        return f"waits on {_who(dep)}, which is dropped"
    if state == "later":
        return f"waits on {_who(dep)}, which is planned for the later period {dep.period}"
    return f"waits on {_who(dep)}, which is not planned in any period"


# --- conflicts ---------------------------------------------------------------------


def _period_conflicts(
    ctx: _Context,
    period: Period,
    result: PlanResult,
    members: list[Initiative],
    capacity: dict[str, float | None],
    committed: dict[str, float],
) -> list[Conflict]:
    plan = ctx.plan
    by_id = plan.initiative_by_id
    pid = period.id
    out: list[Conflict] = []
    selected = set(result.selected)
    not_sel = {n.id: n for n in result.not_selected}
    sched = {s.id: s for s in result.schedule}

    # team-over-capacity
    forced_by_team: dict[str, list[str]] = {}
    for i in members:
        if i.status in FORCED:
            forced_by_team.setdefault(i.team, []).append(i.id)
    for tid, cap in sorted(capacity.items()):
        load = committed.get(tid, 0.0)
        team = plan.team_by_id.get(tid)
        if cap is None or team is None or load <= cap + _EPS:
            continue
        ids = tuple(forced_by_team.get(tid, []))
        out.append(
            Conflict(
                "team-over-capacity",
                team,
                ("capacity", pid),
                f"Team {tid} has {_num(load)} person-weeks of committed and in-progress work "
                f"in {pid}, more than its capacity of {_num(cap)} "
                f"({', '.join(ids)}).",
                (tid,),
                ids,
                pid,
            )
        )

    member_ids = {i.id for i in members}
    gap = plan.settings.planning.priority_inversion_gap
    period_rank = {
        i.id: k + 1
        for k, i in enumerate(x for x in members if ctx.scores.value.get(x.id) is not None)
    }
    for i in members:
        forced = i.status in FORCED
        for k, d in enumerate(i.depends_on):
            dep = by_id.get(d)
            if dep is None or d == i.id:
                continue
            path: tuple[str | int, ...] = ("depends_on", k)
            pair_teams: tuple[str, ...] = (i.team, dep.team)
            pair: tuple[str, ...] = (i.id, dep.id)
            state = "member" if d in member_ids else ctx.dep_state(dep, period)
            # late-dependency: planned for a later period
            if state == "later":
                out.append(
                    Conflict(
                        "late-dependency",
                        i,
                        path,
                        f"{_who(i)} is planned for {pid} but depends on {_who(dep)}, "
                        f"which is planned for the later period {dep.period}.",
                        pair_teams,
                        pair,
                        pid,
                    )
                )
                continue
            # unfunded-dependency: committed or selected work waiting on unfunded work
            if (forced or i.id in selected) and (
                state in ("dropped", "none") or (state == "member" and d not in selected)
            ):
                if state == "dropped":
                    why = "which is dropped"
                elif state == "none":
                    why = "which is not planned in any period"
                else:
                    n = not_sel.get(d)
                    reason = f" ({n.reason})" if n is not None else ""
                    why = f"which is below team {dep.team}'s cut line in {pid}{reason}"
                kind = (
                    "In-progress"
                    if i.status == "in_progress"
                    else ("Committed" if forced else "Selected")
                )
                out.append(
                    Conflict(
                        "unfunded-dependency",
                        i,
                        path,
                        f"{kind} initiative {_who(i)} depends on {_who(dep)}, {why}.",
                        pair_teams,
                        pair,
                        pid,
                    )
                )
                continue
            # late-dependency: finishes after the dependent must start to meet its deadline
            s_i = sched.get(i.id)
            s_d = sched.get(d)
            if s_i is not None and s_d is not None and s_i.deadline_week is not None:
                duration = s_i.finish_week - s_i.start_week
                need = s_i.deadline_week - duration
                if s_d.finish_week > need + _EPS:
                    deadline = i.cost_of_delay.deadline if i.cost_of_delay else None
                    out.append(
                        Conflict(
                            "late-dependency",
                            i,
                            path,
                            f"{_who(dep)} finishes in week {_num(s_d.finish_week)}, after "
                            f"{_who(i)} needs it in week {_num(need)} (its deadline "
                            f"{deadline} minus {_num(duration)} weeks).",
                            pair_teams,
                            pair,
                            pid,
                        )
                    )
            # priority-inversion: high-ranked work waits on much lower-ranked work
            if (
                state == "member"
                and dep.team != i.team
                and i.id in period_rank
                and d in period_rank
                and period_rank[d] - period_rank[i.id] >= gap
            ):
                out.append(
                    Conflict(
                        "priority-inversion",
                        i,
                        path,
                        f"{_who(i)}, ranked {_ordinal(period_rank[i.id])} in {pid} by "
                        f"{ctx.scores.method}, waits on {_who(dep)}, ranked "
                        f"{_ordinal(period_rank[d])}.",
                        pair_teams,
                        pair,
                        pid,
                    )
                )

    # missed-deadline
    for s in result.schedule:
        if s.deadline_week is None or s.finish_week <= s.deadline_week + _EPS:
            continue
        i = by_id[s.id]
        deadline = i.cost_of_delay.deadline if i.cost_of_delay else None
        holder = None
        if s.start_week > _EPS:
            for d in i.depends_on:
                sd = sched.get(d)
                if sd is not None and abs(sd.finish_week - s.start_week) <= 1e-6:
                    holder = by_id[d]
                    break
        late = s.finish_week - s.deadline_week
        text = (
            f"{_who(i)} finishes in week {_num(s.finish_week)}, {_num(late)} weeks after "
            f"its deadline {deadline}"
        )
        pair_teams = (i.team,)
        pair = (i.id,)
        if holder is not None:
            text += f"; it cannot start before {_who(holder)} finishes"
            pair_teams = (i.team, holder.team)
            pair = (i.id, holder.id)
        out.append(
            Conflict(
                "missed-deadline",
                i,
                ("cost_of_delay", "deadline"),
                text + ".",
                pair_teams,
                pair,
                pid,
            )
        )
    return out


def _wip_conflicts(ctx: _Context, period: Period | None) -> list[Conflict]:
    plan = ctx.plan
    doing: dict[str, list[Initiative]] = {}
    for i in plan.initiatives:
        if i.status == "in_progress":
            doing.setdefault(i.team, []).append(i)
    out: list[Conflict] = []
    for team in plan.teams:
        items = doing.get(team.id, [])
        if len(items) <= team.wip_limit:
            continue
        if period is not None and not any(i.period in (None, period.id) for i in items):
            continue
        pos = ctx.scores.position
        ids = tuple(sorted((i.id for i in items), key=lambda x: (pos.get(x, 0), x)))
        out.append(
            Conflict(
                "wip-limit-exceeded",
                team,
                ("wip_limit",),
                f"Team {team.id} has {len(items)} initiatives in progress, more than its "
                f"WIP limit of {team.wip_limit} ({', '.join(ids)}).",
                (team.id,),
                ids,
                None,
            )
        )
    return out


_SIGN = {"increase": 1, "at_least": 1, "decrease": -1, "at_most": -1}


def _overlap(plan: Plan, a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    pa, pb = plan.period_by_id.get(a), plan.period_by_id.get(b)
    if pa is None or pb is None:
        return False
    return pa.start <= pb.end and pb.start <= pa.end


def _kr_conflicts(ctx: _Context, period: Period | None) -> list[Conflict]:
    """Each key result that pulls a metric against an earlier one of another team.

    Reported once per key result, naming the first earlier key result (in plan order) of
    another team, on the same metric, in an overlapping period, with the opposite
    direction. Linear in the number of key results (times the number of periods).
    """
    plan = ctx.plan
    # per (metric, sign, period or None): the first entry, and the first of another team
    seen: dict[tuple[str, int, str | None], list[tuple[int, Objective, KeyResult]]] = {}
    by_metric: dict[str, list[tuple[str, int, str | None]]] = {}
    out: list[Conflict] = []
    for order, (ob, b) in enumerate(plan.key_results()):
        if not (b.metric and ob.team and b.direction in _SIGN):
            continue
        if period is not None and not _overlap(plan, ob.period, period.id):
            continue
        sign = _SIGN[b.direction or ""]
        against: tuple[int, Objective, KeyResult] | None = None
        for key in by_metric.get(b.metric, ()):
            if key[1] == sign or not _overlap(plan, key[2], ob.period):
                continue
            cand = next((e for e in seen[key] if e[1].team != ob.team), None)
            if cand is not None and (against is None or cand[0] < against[0]):
                against = cand
        if against is not None:
            _, oa, a = against
            out.append(
                Conflict(
                    "conflicting-key-results",
                    b,
                    ("direction",),
                    f"Key result {b.id} (team {ob.team}) pulls {b.metric} the opposite "
                    f"way ({b.direction}) to key result {a.id} (team {oa.team}, "
                    f"{a.direction}).",
                    (ob.team, oa.team or ""),
                    (),
                    ob.period,
                    (b.id, a.id),
                )
            )
        key = (b.metric, sign, ob.period)
        firsts = seen.get(key)
        if firsts is None:
            seen[key] = [(order, ob, b)]
            by_metric.setdefault(b.metric, []).append(key)
        elif len(firsts) == 1 and firsts[0][1].team != ob.team:
            firsts.append((order, ob, b))
    return out


def _backlog_conflicts(ctx: _Context, selected: Iterable[str]) -> list[Conflict]:
    """Committed work without a period that waits on work nobody funded."""
    plan = ctx.plan
    funded = set(selected)
    out: list[Conflict] = []
    for i in plan.initiatives:
        if i.status not in FORCED or i.period in ctx.period_index:
            continue
        for k, d in enumerate(i.depends_on):
            dep = plan.initiative_by_id.get(d)
            if dep is None or dep.status in ("done", *FORCED) or d in funded:
                continue
            why = (
                "which is dropped"
                if dep.status == "dropped"
                else f"which is not selected in {dep.period}"
                if dep.period in ctx.period_index
                else "which nobody has committed to"
            )
            kind = "In-progress" if i.status == "in_progress" else "Committed"
            out.append(
                Conflict(
                    "unfunded-dependency",
                    i,
                    ("depends_on", k),
                    f"{kind} initiative {_who(i)} depends on {_who(dep)}, {why}.",
                    (i.team, dep.team),
                    (i.id, dep.id),
                    None,
                )
            )
    return out


__all__ = ["find_conflicts", "make_plan"]
