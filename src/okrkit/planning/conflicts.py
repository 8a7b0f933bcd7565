"""Conflicts of a schedule: one function per kind.

Every function reads the facts :func:`okrkit.planning.build_schedule` gathered and returns
:class:`~okrkit.planning.result.Conflict` values that carry their location, so checks and
reporters point at the same place. :func:`waits_on` is the one wording of "waits on X,
which is ...".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from okrkit.fmt import fmt_num, plural
from okrkit.model import Initiative, KeyResult, Objective, Period, Plan
from okrkit.planning._scores import Scores
from okrkit.planning.calendar import deadline_week, finish_date
from okrkit.planning.result import (
    CONFLICT_NAMES,
    Conflict,
    ConflictName,
    NotSelected,
    PlanResult,
    Reason,
)


class _Builder(Protocol):
    """What the conflict finders read of the schedule being built."""

    plan: Plan
    scores: Scores
    periods: list[Period]
    period_index: dict[str, int]
    cycle_of: dict[str, tuple[str, ...]]
    selected: set[str]
    start_abs: dict[str, float]
    finish_abs: dict[str, float]
    finish_day: dict[str, dt.date]

    def dep_state(self, dep: Initiative, p: Period) -> str: ...

    def effort(self, i: Initiative) -> float | None: ...

    def abs_week(self, day: dt.date) -> float: ...

    def member_ids(self, period: str | None) -> set[str]: ...


@dataclass
class PeriodFacts:
    """Working facts of one period, kept for the conflict finders."""

    period: Period
    members: list[Initiative]
    capacity: dict[str, float | None]
    carried: dict[str, float]
    committed: dict[str, float]
    blocked: dict[str, tuple[Reason, str, str | None]]
    """id -> (reason, detail, blocked_by) of work kept out before any choice."""
    outside: dict[str, list[tuple[int, Initiative, str]]]
    """id -> (index in depends_on, dependency, state) for dependencies outside the
    period's open work."""
    result: PlanResult
    ranks: dict[str, int] | None = None
    _selected: set[str] | None = None
    _below: dict[str, NotSelected] | None = None

    @property
    def selected(self) -> set[str]:
        """Ids selected in the period (built once: the finders ask per dependency)."""
        if self._selected is None:
            self._selected = set(self.result.selected)
        return self._selected

    @property
    def below(self) -> dict[str, NotSelected]:
        """Work below the cut line by id (built once)."""
        if self._below is None:
            self._below = {n.id: n for n in self.result.not_selected}
        return self._below


_Period = PeriodFacts

_EPS = 1e-9
FORCED = ("committed", "in_progress")


def _num(x: float) -> str:
    return fmt_num(x, 1)


def _weeks(x: float, word: str = "week") -> str:
    """``x`` weeks to one decimal, singular when it shows as 1."""
    return plural(x, word, digits=1)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def who(i: Initiative) -> str:
    return f"{i.id} (team {i.team})"


def which_is(dep: Initiative, state: str, b: _Builder, period: str | None = None) -> str:
    """How a dependency stands, as "which is ..." (``state`` as in ``_Builder.dep_state``,
    or ``cut`` for one below the cut line of ``period``)."""
    if state == "dropped":
        return "which is dropped"
    if state == "cycle":
        return "which is on a dependency cycle"
    if state == "later":
        return f"which is planned for the later period {dep.period}"
    if state == "earlier-cut":
        return f"which is below team {dep.team}'s cut line in {dep.period}"
    if state == "cut":
        return f"which is below team {dep.team}'s cut line in {period}"
    return "which is not planned in any period"


def waits_on(dep: Initiative, state: str, b: _Builder, period: str | None = None) -> str:
    return f"waits on {who(dep)}, {which_is(dep, state, b, period)}"


def _conflict(
    plan: Plan,
    name: ConflictName,
    subject: Any,
    path: tuple[str | int, ...],
    message: str,
    teams: tuple[str, ...],
    initiatives: tuple[str, ...],
    period: str | None,
    key_results: tuple[str, ...] = (),
) -> Conflict:
    return Conflict(
        name,
        subject,
        path,
        message,
        teams,
        initiatives,
        period,
        key_results,
        plan.where(subject, *path),
    )


# --- why work is below the cut line --------------------------------------------------


def why_not(
    b: _Builder,
    i: Initiative,
    blocked: Mapping[str, tuple[Reason, str, str | None]],
    members: list[Initiative],
    selected: frozenset[str],
    room: Mapping[str, float | None],
    used: Mapping[str, float],
) -> tuple[Reason, str, str | None]:
    """Why ``i`` is below the cut line: the first of cycle, dependency, no-estimate,
    not-scored, no-value, capacity that applies."""
    pre = blocked.get(i.id)
    if pre is not None and pre[0] in ("cycle", "dependency"):
        return pre
    member_ids = b.member_ids(i.period)
    by_id = b.plan.initiative_by_id
    missing = next(
        (d for d in i.depends_on if d in member_ids and d not in selected and d != i.id), None
    )
    if missing is not None:
        dep = by_id[missing]
        period = i.period
        return "dependency", waits_on(dep, "cut", b, period).replace(f" in {period}", ""), missing
    if pre is not None:
        return pre
    sc = b.scores
    value = sc.value.get(i.id)
    if value is None:
        return "not-scored", f"{i.id} has no value under {sc.method}", None
    if value <= 0.0:
        return "no-value", f"{i.id} has a value of 0 under {sc.method}", None
    cap = room.get(i.team) or 0.0
    left = max(cap - used.get(i.team, 0.0), 0.0)
    return (
        "capacity",
        f"needs {_weeks(b.effort(i) or 0.0, 'person-week')}; team {i.team} has {_num(left)} of "
        f"{_num(cap)} left",
        None,
    )


# --- one period ----------------------------------------------------------------------


def period_conflicts(b: _Builder, f: _Period) -> list[Conflict]:
    out: list[Conflict] = []
    out += team_over_capacity(b, f)
    out += dependency_conflicts(b, f)
    out += missed_deadline(b, f)
    out += finishes_after_period(b, f)
    out += dependency_cycle(b, f)
    out += wip_limit_exceeded(b, f.period.id)
    out += conflicting_key_results(b, f.period.id)
    return sort_conflicts(b, out)


def all_conflicts(b: _Builder, facts: Iterable[_Period]) -> list[Conflict]:
    out: list[Conflict] = []
    for f in facts:
        out += [
            c
            for c in f.result.conflicts
            if c.name not in ("wip-limit-exceeded", "conflicting-key-results")
        ]
    out += wip_limit_exceeded(b, None)
    out += conflicting_key_results(b, None)
    out += backlog_unfunded(b)
    return sort_conflicts(b, out)


def sort_conflicts(b: _Builder, conflicts: list[Conflict]) -> list[Conflict]:
    unique: dict[tuple[object, ...], Conflict] = {}
    for c in conflicts:
        key = (
            b.period_index.get(c.period or "", len(b.periods)),
            CONFLICT_NAMES.index(c.name),
            c.subject_id,
            tuple(str(x) for x in c.path),
            c.message,
        )
        unique.setdefault(key, c)
    return [unique[k] for k in sorted(unique)]


def team_over_capacity(b: _Builder, f: _Period) -> list[Conflict]:
    """Committed and in-progress work (and effort carried over) beyond a team's capacity."""
    out: list[Conflict] = []
    pid = f.period.id
    for tid, cap in sorted(f.capacity.items()):
        load = f.committed.get(tid, 0.0)
        carried = f.carried.get(tid, 0.0)
        team = b.plan.team_by_id.get(tid)
        if cap is None or team is None or load + carried <= cap + _EPS or load <= _EPS:
            continue
        ids = tuple(i.id for i in f.members if i.status in FORCED and i.team == tid)
        extra = f", plus {_num(carried)} carried over from earlier work" if carried > _EPS else ""
        out.append(
            _conflict(
                b.plan,
                "team-over-capacity",
                team,
                ("capacity", pid),
                f"Team {tid} has {_weeks(load, 'person-week')} of committed and in-progress work "
                f"in {pid}{extra}, more than its capacity of {_num(cap)} "
                f"({', '.join(ids)}).",
                (tid,),
                ids,
                pid,
            )
        )
    return out


def dependency_conflicts(b: _Builder, f: _Period) -> list[Conflict]:
    """unfunded-dependency, late-dependency and priority-inversion, per dependency."""
    out: list[Conflict] = []
    for i in f.members:
        for k, d in enumerate(i.depends_on):
            dep = b.plan.initiative_by_id.get(d)
            if dep is None or d == i.id:
                continue
            unfunded = unfunded_dependency(b, f, i, k, dep)
            if unfunded:
                out += unfunded
                continue
            out += late_dependency(b, f, i, k, dep)
            out += priority_inversion(b, f, i, k, dep)
    return out


def _state(b: _Builder, f: _Period, dep: Initiative) -> str:
    if dep.id in b.cycle_of:
        return "cycle"
    if dep.period == f.period.id and dep.status in ("proposed", *FORCED):
        return "member"
    return b.dep_state(dep, f.period)


def unfunded_dependency(
    b: _Builder, f: _Period, i: Initiative, k: int, dep: Initiative
) -> list[Conflict]:
    """Committed or selected work waiting on work nobody funds; and work of a later period
    kept out because what it waits on fell below an earlier period's cut line."""
    pid = f.period.id
    selected = f.selected
    state = _state(b, f, dep)
    on_cycle = i.id in b.cycle_of
    forced = i.status in FORCED and not on_cycle
    if on_cycle and dep.id in b.cycle_of:
        return []
    if state == "member":
        if dep.id in selected or not (forced or i.id in selected):
            return []
        n = f.below.get(dep.id)
        why = which_is(dep, "cut", b, pid) + (f" ({n.reason})" if n is not None else "")
    elif (
        state in ("dropped", "none", "cycle") and (forced or i.id in selected)
    ) or state == "earlier-cut":
        why = which_is(dep, state, b)
    else:
        return []
    kind = (
        "In-progress"
        if i.status == "in_progress"
        else "Committed"
        if i.status == "committed"
        else "Selected"
        if i.id in selected
        else "Proposed"
    )
    return [
        _conflict(
            b.plan,
            "unfunded-dependency",
            i,
            ("depends_on", k),
            f"{kind} initiative {who(i)} depends on {who(dep)}, {why}.",
            (i.team, dep.team),
            (i.id, dep.id),
            pid,
        )
    ]


def late_dependency(
    b: _Builder, f: _Period, i: Initiative, k: int, dep: Initiative
) -> list[Conflict]:
    """A dependency planned for a later period, finishing after the dependent's period
    ends, or after the dependent must start to meet its deadline."""
    pid = f.period.id
    state = _state(b, f, dep)
    pair_teams = (i.team, dep.team)
    pair = (i.id, dep.id)
    path: tuple[str | int, ...] = ("depends_on", k)
    if state == "later":
        return [
            _conflict(
                b.plan,
                "late-dependency",
                i,
                path,
                f"{who(i)} is planned for {pid} but depends on {who(dep)}, "
                f"{which_is(dep, state, b)}.",
                pair_teams,
                pair,
                pid,
            )
        ]
    if i.id not in b.start_abs or dep.id not in b.finish_abs:
        return []
    p0 = b.abs_week(f.period.start)
    dep_finish = b.finish_abs[dep.id] - p0
    if state == "ok" and dep.period != pid and dep_finish > f.period.weeks + _EPS:
        day = b.finish_day[dep.id]
        return [
            _conflict(
                b.plan,
                "late-dependency",
                i,
                path,
                f"{who(dep)} finishes on {day.isoformat()}, after {who(i)}'s period {pid} "
                f"ends on {f.period.end.isoformat()}.",
                pair_teams,
                pair,
                pid,
            )
        ]
    cod = i.cost_of_delay
    if cod is None or cod.deadline is None:
        return []
    start = b.start_abs[i.id] - p0
    duration = b.finish_abs[i.id] - b.start_abs[i.id]
    need = deadline_week(f.period.start, cod.deadline) - duration
    if dep_finish <= need + _EPS:
        return []
    return (
        [
            _conflict(
                b.plan,
                "late-dependency",
                i,
                path,
                f"{who(dep)} finishes on "
                f"{b.finish_day[dep.id].isoformat()}, after "
                f"{who(i)} needs it by {finish_date(f.period.start, need, need).isoformat()} "
                f"(its deadline {cod.deadline} minus {_weeks(duration)} of work).",
                pair_teams,
                pair,
                pid,
            )
        ]
        if start >= -_EPS
        else []
    )


def priority_inversion(
    b: _Builder, f: _Period, i: Initiative, k: int, dep: Initiative
) -> list[Conflict]:
    """High-ranked work of one team waiting on much lower-ranked work of another."""
    if dep.team == i.team or dep.period != f.period.id or dep.status not in ("proposed", *FORCED):
        return []
    rank = _period_ranks(b, f)
    if i.id not in rank or dep.id not in rank:
        return []
    if rank[dep.id] - rank[i.id] < b.plan.settings.planning.priority_inversion_gap:
        return []
    pid = f.period.id
    return [
        _conflict(
            b.plan,
            "priority-inversion",
            i,
            ("depends_on", k),
            f"{who(i)}, ranked {_ordinal(rank[i.id])} in {pid} by {b.scores.method}, "
            f"waits on {who(dep)}, ranked {_ordinal(rank[dep.id])}.",
            (i.team, dep.team),
            (i.id, dep.id),
            pid,
        )
    ]


def _period_ranks(b: _Builder, f: _Period) -> dict[str, int]:
    if f.ranks is None:
        f.ranks = {
            i.id: k + 1
            for k, i in enumerate(x for x in f.members if b.scores.value.get(x.id) is not None)
        }
    return f.ranks


def missed_deadline(b: _Builder, f: _Period) -> list[Conflict]:
    """Scheduled work that finishes after its deadline (naming what held it up)."""
    out: list[Conflict] = []
    by_id = b.plan.initiative_by_id
    p0 = b.abs_week(f.period.start)
    for s in f.result.schedule:
        if s.deadline_week is None or s.finish_week <= s.deadline_week + _EPS:
            continue
        i = by_id[s.id]
        holder = None
        if s.start_week > _EPS:
            for d in i.depends_on:
                fin = b.finish_abs.get(d)
                if fin is not None and abs(fin - p0 - s.start_week) <= 1e-6:
                    holder = by_id[d]
                    break
        late = s.finish_week - s.deadline_week
        text = (
            f"{who(i)} finishes on {s.finish.isoformat() if s.finish else '?'} (week "
            f"{_num(s.finish_week)}), {_weeks(late)} after its deadline {s.deadline}"
        )
        teams: tuple[str, ...] = (i.team,)
        ids: tuple[str, ...] = (i.id,)
        if holder is not None:
            text += f"; it cannot start before {who(holder)} finishes"
            teams, ids = (i.team, holder.team), (i.id, holder.id)
        out.append(
            _conflict(
                b.plan,
                "missed-deadline",
                i,
                ("cost_of_delay", "deadline"),
                text + ".",
                teams,
                ids,
                f.period.id,
            )
        )
    return out


def _next_period_of(b: _Builder, team: str, period: Period) -> str | None:
    """The first period after ``period`` in which ``team`` has capacity (None: none)."""
    t = b.plan.team_by_id.get(team)
    if t is None:
        return None
    later = [p for p in b.plan.periods if p.start > period.start and p.id in t.capacity]
    return min(later, key=lambda p: (p.start, p.id)).id if later else None


def finishes_after_period(b: _Builder, f: _Period) -> list[Conflict]:
    """Selected work that finishes after its period ends (with both dates)."""
    out: list[Conflict] = []
    by_id = b.plan.initiative_by_id
    for s in f.result.schedule:
        if s.spill_over_weeks <= _EPS or s.finish is None:
            continue
        i = by_id[s.id]
        carried = ""
        if s.carried_weeks > _EPS:
            later = _next_period_of(b, i.team, f.period)
            weeks = _weeks(s.carried_weeks, "person-week")
            one = weeks.startswith("1 ")
            carried = (
                f"; {weeks} {'carries' if one else 'carry'} into the team's next period, {later}"
                if later is not None
                else f"; {weeks} {'runs' if one else 'run'} past the team's last planned period"
            )
        out.append(
            _conflict(
                b.plan,
                "finishes-after-period",
                i,
                ("period",),
                f"{who(i)} finishes on {s.finish.isoformat()}, after its period "
                f"{f.period.id} ends on {f.period.end.isoformat()}{carried}.",
                (i.team,),
                (i.id,),
                f.period.id,
            )
        )
    return out


def dependency_cycle(b: _Builder, f: _Period) -> list[Conflict]:
    """Work of the period on a dependency cycle: never scheduled."""
    out: list[Conflict] = []
    seen: set[tuple[str, ...]] = set()
    for i in f.members:
        cyc = b.cycle_of.get(i.id)
        if cyc is None or cyc in seen:
            continue
        seen.add(cyc)
        k = next((n for n, d in enumerate(i.depends_on) if d in cyc), 0)
        out.append(
            _conflict(
                b.plan,
                "dependency-cycle",
                i,
                ("depends_on", k),
                f"{', '.join(cyc)} depend on each other in a cycle; none of them is "
                "scheduled until the cycle is broken.",
                tuple(dict.fromkeys(b.plan.initiative_by_id[x].team for x in cyc)),
                cyc,
                f.period.id,
            )
        )
    return out


# --- whole plan ----------------------------------------------------------------------


def wip_limit_exceeded(b: _Builder, period: str | None) -> list[Conflict]:
    """More work in progress in a team than its WIP limit."""
    plan = b.plan
    doing: dict[str, list[Initiative]] = {}
    for i in plan.initiatives:
        if i.status == "in_progress":
            doing.setdefault(i.team, []).append(i)
    out: list[Conflict] = []
    pos = b.scores.position
    for team in plan.teams:
        items = doing.get(team.id, [])
        if len(items) <= team.wip_limit:
            continue
        if period is not None and not any(i.period in (None, period) for i in items):
            continue
        ids = tuple(sorted((i.id for i in items), key=lambda x: (pos.get(x, 0), x)))
        out.append(
            _conflict(
                plan,
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


def _owner(objective: Objective) -> str:
    """``team web``, or ``company level`` for an objective without a team."""
    return f"team {objective.team}" if objective.team else "company level"


def conflicting_key_results(b: _Builder, period: str | None) -> list[Conflict]:
    """Each key result that pulls a metric against an earlier one of another owner.

    The owner is the objective's team, or the company for an objective without one:
    company-versus-team tension counts like tension between two teams. Reported once per
    key result, naming the first earlier key result (in plan order) of another owner, on
    the same metric, in an overlapping period, with the opposite direction. Linear in
    the number of key results (times the number of periods).
    """
    plan = b.plan
    seen: dict[tuple[str, int, str | None], list[tuple[int, Objective, KeyResult]]] = {}
    by_metric: dict[str, list[tuple[str, int, str | None]]] = {}
    out: list[Conflict] = []
    for order, (ob, kr) in enumerate(plan.key_results()):
        if not (kr.metric and kr.direction in _SIGN):
            continue
        if period is not None and not _overlap(plan, ob.period, period):
            continue
        sign = _SIGN[kr.direction or ""]
        against: tuple[int, Objective, KeyResult] | None = None
        for key in by_metric.get(kr.metric, ()):
            if key[1] == sign or not _overlap(plan, key[2], ob.period):
                continue
            cand = next((e for e in seen[key] if e[1].team != ob.team), None)
            if cand is not None and (against is None or cand[0] < against[0]):
                against = cand
        if against is not None:
            _, oa, a = against
            out.append(
                _conflict(
                    plan,
                    "conflicting-key-results",
                    kr,
                    ("direction",),
                    f"Key result {kr.id} ({_owner(ob)}) pulls {kr.metric} the opposite "
                    f"way ({kr.direction}) to key result {a.id} ({_owner(oa)}, "
                    f"{a.direction}).",
                    tuple(t for t in (ob.team, oa.team) if t),
                    (),
                    ob.period,
                    (kr.id, a.id),
                )
            )
        key = (kr.metric, sign, ob.period)
        firsts = seen.get(key)
        if firsts is None:
            seen[key] = [(order, ob, kr)]
            by_metric.setdefault(kr.metric, []).append(key)
        elif len(firsts) == 1 and firsts[0][1].team != ob.team:
            firsts.append((order, ob, kr))
    return out


def backlog_unfunded(b: _Builder) -> list[Conflict]:
    """Committed work without a period that waits on work nobody funded."""
    plan = b.plan
    out: list[Conflict] = []
    for i in plan.initiatives:
        if i.status not in FORCED or i.period in b.period_index:
            continue
        for k, d in enumerate(i.depends_on):
            dep = plan.initiative_by_id.get(d)
            if dep is None or dep.status in ("done", *FORCED) or d in b.selected:
                continue
            why = (
                "which is dropped"
                if dep.status == "dropped"
                else f"which is not selected in {dep.period}"
                if dep.period in b.period_index
                else "which nobody has committed to"
            )
            kind = "In-progress" if i.status == "in_progress" else "Committed"
            out.append(
                _conflict(
                    plan,
                    "unfunded-dependency",
                    i,
                    ("depends_on", k),
                    f"{kind} initiative {who(i)} depends on {who(dep)}, {why}.",
                    (i.team, dep.team),
                    (i.id, dep.id),
                    None,
                )
            )
    return out
