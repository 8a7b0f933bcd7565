"""Sequencing: the order in which each team works, to minimise the total delay cost.

Pure data in, pure data out: :class:`Job` describes one piece of selected work,
:func:`sequence` returns a :class:`Schedule`. The plan-specific glue lives in
:mod:`okrkit.planning.core`; the model and its sources are in ``docs/planning.md``.

Delay cost of a job that finishes at week ``C`` (``w`` = cost of delay per week):

- ``standard`` and ``expedite``: ``w * C`` (accrues from week 0);
- ``fixed_date`` with a due week ``D``: ``w * max(0, C - D)``; without a due week, as standard;
- ``intangible``: 0 within the horizon.

Order. Each team has ``lanes`` (its WIP limit). Within a team, jobs are ranked by

1. class: work already in progress first, then expedite work and everything it waits on,
   then the rest;
2. the rho factor (Pinedo, *Scheduling*, Algorithm 3.1.4; Horn 1972 for trees): a chain of
   dependent work is worth the best ratio of cost of delay to duration over its prefixes,
   not the value of its last link. Horn's merging algorithm computes this for out-forests
   (each job waits on at most one job of its team) and, by the time-reversal duality of
   ``sum w C``, for in-forests; both are optimal for one lane without cross-team waits.
   For general graphs it runs on a spanning forest (a heuristic).

Jobs are then placed by event-driven list scheduling (a free lane starts the best-ranked
job whose dependencies have all finished, in any team). Several candidate rankings are
simulated (rho factor per team; the same with fixed-date work weighted 0; rho factor over
all teams at once, which sees an enabler's dependents in other teams; plain CD3 order) and
the cheapest schedule is kept, so the result is never worse than CD3 order.

The lower bound is, per team, the larger of (a) the sum of each job's cost at its earliest
possible finish (critical path through its dependencies, unlimited lanes) and (b) the
Eastman-Even-Isaacs bound for parallel lanes without precedence on the linear-cost jobs plus
(a) for the fixed-date jobs.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Profile = Literal["standard", "fixed_date", "expedite", "intangible"]

CLASS_STARTED = 0
CLASS_EXPEDITE = 1
CLASS_NORMAL = 2

_INF = math.inf


@dataclass(frozen=True)
class Job:
    """One piece of selected work to place in a team's lanes.

    ``preds`` are the ids of other jobs it waits on (jobs not in the schedule are
    ignored: they are done already or reported elsewhere). ``tie`` breaks exact ties
    (lower first; the ranking position under the scoring method).
    """

    id: str
    team: str
    duration: float
    weight: float = 0.0
    profile: Profile = "standard"
    due: float | None = None
    preds: tuple[str, ...] = ()
    started: bool = False
    tie: int = 0
    release: float = 0.0
    """Earliest start (the period's start, ``--as-of``, or when earlier work it waits on
    finishes)."""
    fixed: tuple[float, float] | None = None
    """(start, finish) of work already under way: kept as it is."""


@dataclass(frozen=True)
class Slot:
    id: str
    team: str
    start: float
    finish: float
    cost: float


@dataclass(frozen=True)
class LaneSchedule:
    """Jobs with start and finish weeks, ordered by team, start, finish, id."""

    slots: tuple[Slot, ...]
    cost: float
    lower_bound: float
    rule: str
    """Which candidate ranking won: ``rho``, ``rho-deadline`` (fixed-date work ranked by
    weight 0), ``rho-global`` / ``rho-global-deadline`` (ranked across teams), ``edd``
    (fixed-date work by latest start first) or ``cd3``; with ``+interchange`` when the
    improvement step lowered its cost."""
    cd3_cost: float
    """The cost of plain CD3 (Smith) order, for comparison."""


def job_cost(job: Job, finish: float) -> float:
    """The delay cost of ``job`` when it finishes at week ``finish``."""
    if job.weight <= 0.0 or job.profile == "intangible":
        return 0.0
    if job.profile == "fixed_date" and job.due is not None:
        late = finish - job.due
        return job.weight * late if late > 0.0 else 0.0
    return job.weight * finish if finish > 0.0 else 0.0


def _ratio(w: float, p: float) -> float:
    if p > 0.0:
        return w / p
    return _INF if w > 0.0 else 0.0


# --- Horn's algorithm: rho-factor merging on an out-forest ------------------------


def horn_order(
    ids: Sequence[str],
    weight: Mapping[str, float],
    duration: Mapping[str, float],
    parent: Mapping[str, str],
    tie: Mapping[str, int],
) -> list[str]:
    """An optimal single-lane order for ``sum w C`` under out-forest precedence.

    ``parent[j]`` is the one job ``j`` waits on (absent for roots). Repeatedly take the
    group with the largest ratio of summed weight to summed duration and append it to
    the group of its parent (Horn 1972; Brucker, *Scheduling Algorithms*, 4.3.1). For
    chains this is Pinedo's Algorithm 3.1.4 (rho factor).
    """
    n = len(ids)
    index = {j: k for k, j in enumerate(ids)}
    root = n  # virtual root: never picked
    w = [weight[j] for j in ids] + [0.0]
    p = [duration[j] for j in ids] + [0.0]
    par = [index[parent[j]] if j in parent and parent[j] in index else root for j in ids]
    par.append(root)
    uf = list(range(n + 1))

    def find(x: int) -> int:
        while uf[x] != x:
            uf[x] = uf[uf[x]]
            x = uf[x]
        return x

    nxt = [-1] * (n + 1)
    tail = list(range(n + 1))
    version = [0] * (n + 1)
    ties = [tie.get(j, 0) for j in ids]
    heap = [(-_ratio(w[k], p[k]), ties[k], k, 0) for k in range(n)]
    heapq.heapify(heap)
    head_of_root_chain: list[int] = []  # groups appended to the root, in order
    while heap:
        _, _, k, ver = heapq.heappop(heap)
        if uf[k] != k or ver != version[k]:
            continue
        f = find(par[k])
        if f == k:  # a dependency cycle closes on itself: treat the group as a root
            f = root
        if f == root:
            head_of_root_chain.append(k)
            uf[k] = root
            continue
        # append group k to group f
        nxt[tail[f]] = k
        tail[f] = tail[k]
        w[f] += w[k]
        p[f] += p[k]
        uf[k] = f
        version[f] += 1
        heapq.heappush(heap, (-_ratio(w[f], p[f]), ties[f], f, version[f]))
    out: list[str] = []
    for h in head_of_root_chain:
        k = h
        while k != -1:
            out.append(ids[k])
            k = nxt[k]
    return out


def forest_order(
    ids: Sequence[str],
    weight: Mapping[str, float],
    duration: Mapping[str, float],
    preds: Mapping[str, Sequence[str]],
    tie: Mapping[str, int],
) -> list[str]:
    """A single-lane order by rho factor for any precedence graph among ``ids``.

    Exact for out-forests (at most one predecessor each) and in-forests (at most one
    successor each, solved on the reversed graph with weight and duration swapped: the
    cost of a sequence equals the cost of its reverse under that swap). Otherwise a
    heuristic on a spanning out-forest (each job keeps its best-ranked predecessor).
    """
    members = set(ids)
    inner = {j: [q for q in preds.get(j, ()) if q in members and q != j] for j in ids}
    succs: dict[str, list[str]] = {j: [] for j in ids}
    for j in ids:
        for q in inner[j]:
            succs[q].append(j)
    if all(len(v) <= 1 for v in inner.values()):
        parent = {j: v[0] for j, v in inner.items() if v}
        return horn_order(ids, weight, duration, parent, tie)
    if all(len(v) <= 1 for v in succs.values()):
        parent = {j: v[0] for j, v in succs.items() if v}
        rev_tie = {j: -t for j, t in tie.items()}
        order = horn_order(ids, duration, weight, parent, rev_tie)
        order.reverse()
        return order
    # General graph: keep for each job the predecessor that finishes latest in a plain
    # topological pass (its critical predecessor), then run the tree algorithm.
    # On a dependency cycle (reported by the dependency-cycle check) the order breaks
    # the cycle where the topological pass ends: only earlier jobs can be parents, so
    # the spanning forest stays a forest.
    head: dict[str, float] = {}
    topo = _topological(ids, inner, tie)
    place = {j: k for k, j in enumerate(topo)}
    for j in topo:
        head[j] = max((head.get(q, 0.0) for q in inner[j]), default=0.0) + duration[j]
    spanning: dict[str, str] = {}
    for j, v in inner.items():
        earlier = [q for q in v if place[q] < place[j]]
        if earlier:
            spanning[j] = max(earlier, key=lambda q: (head[q], -tie.get(q, 0), q))
    return horn_order(ids, weight, duration, spanning, tie)


def _topological(
    ids: Sequence[str], preds: Mapping[str, Sequence[str]], tie: Mapping[str, int]
) -> list[str]:
    """Kahn's algorithm; jobs on a cycle are appended at the end in tie order."""
    indeg = {j: len(preds[j]) for j in ids}
    succ: dict[str, list[str]] = {j: [] for j in ids}
    for j in ids:
        for q in preds[j]:
            succ[q].append(j)
    heap = [(tie.get(j, 0), j) for j in ids if indeg[j] == 0]
    heapq.heapify(heap)
    out: list[str] = []
    while heap:
        _, j = heapq.heappop(heap)
        out.append(j)
        for s in succ[j]:
            indeg[s] -= 1
            if indeg[s] == 0:
                heapq.heappush(heap, (tie.get(s, 0), s))
    if len(out) < len(ids):
        seen = set(out)
        out.extend(sorted((j for j in ids if j not in seen), key=lambda j: (tie.get(j, 0), j)))
    return out


# --- list scheduling -------------------------------------------------------------


class _Graph:
    """Jobs as integer indices, built once and shared by every simulated ranking."""

    def __init__(self, jobs: Sequence[Job], lanes: Mapping[str, int]):
        self.ids = [j.id for j in jobs]
        index = {jid: k for k, jid in enumerate(self.ids)}
        team_ids = sorted({j.team for j in jobs})
        team_index = {t: k for k, t in enumerate(team_ids)}
        self.team = [team_index[j.team] for j in jobs]
        self.lanes = [max(1, lanes.get(t, 1)) for t in team_ids]
        self.team_index = team_index
        self.duration = [j.duration for j in jobs]
        self.release = [j.release for j in jobs]
        self.fixed = [j.fixed for j in jobs]
        self.succ: list[list[int]] = [[] for _ in jobs]
        self.npred = [0] * len(jobs)
        for k, j in enumerate(jobs):
            for q in dict.fromkeys(j.preds):
                p = index.get(q)
                if p is not None and p != k:
                    self.succ[p].append(k)
                    self.npred[k] += 1


def list_schedule(
    jobs: Sequence[Job],
    lanes: Mapping[str, int],
    priority: Mapping[str, tuple[float, ...]],
    graph: _Graph | None = None,
    busy: Mapping[str, Sequence[float]] | None = None,
) -> dict[str, tuple[float, float]]:
    """Event-driven list scheduling: a free lane starts the best ready job of its team.

    ``priority[j]`` is compared within a team only (lower first). A job is ready when
    every job it waits on has finished and its ``release`` time has come. Jobs with a
    ``fixed`` (start, finish) keep it and hold a lane meanwhile. ``busy[team]`` lists the
    times at which lanes still held by earlier work (another period's) become free. Waits
    that close a cycle are ignored (the planner never passes a cycle; a direct caller may),
    so every job is placed.
    """
    g = graph if graph is not None else _Graph(jobs, lanes)
    n = len(g.ids)
    prio = [priority[jid] for jid in g.ids]
    team = g.team
    duration = g.duration
    succ = g.succ
    waiting = list(g.npred)
    release = list(g.release)
    free = list(g.lanes)
    ready: list[list[tuple[tuple[float, ...], int]]] = [[] for _ in free]
    later: list[tuple[float, int]] = []  # (release, job): dependencies done, not yet released
    start = [-1.0] * n
    finish = [0.0] * n
    events: list[tuple[float, int, int]] = []  # (time, 0 job finishes / 1 lane frees, index)
    heappush, heappop = heapq.heappush, heapq.heappop
    if busy:
        for team_id, times in busy.items():
            ti = g.team_index.get(team_id)
            if ti is None:
                continue
            for f in times:
                free[ti] -= 1
                heappush(events, (f, 1, ti))
    placed = 0
    for k in range(n):
        fx = g.fixed[k]
        if fx is not None:
            start[k], finish[k] = fx
            free[team[k]] -= 1
            placed += 1
            heappush(events, (fx[1], 0, k))
    for k in range(n):
        if waiting[k] == 0 and g.fixed[k] is None:
            later.append((release[k], k))
    heapq.heapify(later)
    dirty = set(range(len(free)))
    now = min((e[0] for e in events), default=0.0)
    now = min(now, later[0][0]) if later else now
    while placed < n:
        while later and later[0][0] <= now:
            _, k = heappop(later)
            heappush(ready[team[k]], (prio[k], k))
            dirty.add(team[k])
        for t in sorted(dirty):
            heap = ready[t]
            while free[t] > 0 and heap:
                _, k = heappop(heap)
                start[k] = now
                finish[k] = now + duration[k]
                placed += 1
                free[t] -= 1
                heappush(events, (finish[k], 0, k))
        dirty.clear()
        if placed >= n:
            break
        nxt = min(events[0][0] if events else _INF, later[0][0] if later else _INF)
        if nxt == _INF:
            # a cycle: release its best-ranked job, ignoring the waits that close it
            rest = [k for k in range(n) if start[k] < 0.0 and waiting[k] > 0]
            if not rest:
                break
            best = min(rest, key=lambda k: (prio[k], g.ids[k]))
            waiting[best] = 0
            heappush(later, (max(release[best], now), best))
            continue
        now = nxt
        while events and events[0][0] <= now:
            _, kind, k = heappop(events)
            if kind == 1:
                free[k] += 1
                dirty.add(k)
                continue
            free[team[k]] += 1
            dirty.add(team[k])
            for s2 in succ[k]:
                if waiting[s2] <= 0:
                    continue
                waiting[s2] -= 1
                if release[s2] < finish[k]:
                    release[s2] = finish[k]
                if waiting[s2] == 0 and g.fixed[s2] is None:
                    heappush(later, (max(release[s2], now), s2))
    return {g.ids[k]: (start[k], finish[k]) for k in range(n)}


# --- classes, candidate rankings, bound -----------------------------------------


def job_classes(jobs: Sequence[Job]) -> dict[str, int]:
    """Class of each job; a job inherits the class of anything that waits on it."""
    by_id = {j.id: j for j in jobs}
    cls = {
        j.id: CLASS_STARTED
        if j.started
        else CLASS_EXPEDITE
        if j.profile == "expedite"
        else CLASS_NORMAL
        for j in jobs
    }
    stack = [j.id for j in jobs if cls[j.id] < CLASS_NORMAL]
    while stack:
        jid = stack.pop()
        c = cls[jid]
        for q in by_id[jid].preds:
            if q in cls and cls[q] > c:
                cls[q] = c
                stack.append(q)
    return cls


def _rank_weight(job: Job, fixed_date_weight: bool) -> float:
    if job.profile == "intangible":
        return 0.0
    if job.profile == "fixed_date" and job.due is not None and not fixed_date_weight:
        return 0.0
    return max(job.weight, 0.0)


def _rho_priority(
    jobs: Sequence[Job], classes: Mapping[str, int], fixed_date_weight: bool
) -> dict[str, tuple[float, ...]]:
    by_team: dict[str, list[Job]] = {}
    for j in jobs:
        by_team.setdefault(j.team, []).append(j)
    prio: dict[str, tuple[float, ...]] = {}
    for team_jobs in by_team.values():
        ids = [j.id for j in team_jobs]
        weight = {j.id: _rank_weight(j, fixed_date_weight) for j in team_jobs}
        duration = {j.id: j.duration for j in team_jobs}
        preds = {j.id: j.preds for j in team_jobs}
        tie = {j.id: j.tie for j in team_jobs}
        # rank each class separately: classes are closed under predecessors
        for c in sorted({classes[i] for i in ids}):
            sub = [i for i in ids if classes[i] == c]
            for pos, jid in enumerate(forest_order(sub, weight, duration, preds, tie)):
                prio[jid] = (float(c), float(pos))
    return prio


def _rho_global_priority(
    jobs: Sequence[Job], classes: Mapping[str, int], fixed_date_weight: bool
) -> dict[str, tuple[float, ...]]:
    """The rho factor over every team at once, so an enabler in one team is ranked by the
    chain it starts in another (the per-team ranking cannot see across teams)."""
    ids = [j.id for j in jobs]
    weight = {j.id: _rank_weight(j, fixed_date_weight) for j in jobs}
    duration = {j.id: j.duration for j in jobs}
    preds = {j.id: j.preds for j in jobs}
    tie = {j.id: j.tie for j in jobs}
    prio: dict[str, tuple[float, ...]] = {}
    for c in sorted({classes[i] for i in ids}):
        sub = [i for i in ids if classes[i] == c]
        for pos, jid in enumerate(forest_order(sub, weight, duration, preds, tie)):
            prio[jid] = (float(c), float(pos))
    return prio


def _cd3_priority(jobs: Sequence[Job], classes: Mapping[str, int]) -> dict[str, tuple[float, ...]]:
    return {
        j.id: (float(classes[j.id]), -_ratio(_rank_weight(j, True), j.duration), float(j.tie))
        for j in jobs
    }


def lower_bound(jobs: Sequence[Job], lanes: Mapping[str, int]) -> float:
    """A lower bound on the delay cost of any feasible schedule of ``jobs``.

    Work under way (``fixed``) costs what it costs. For the rest, per team: max of (a) each
    job's cost at its earliest finish along its dependencies and release time and (b) the
    Eastman-Even-Isaacs bound ``(1/m) sum w C(Smith, 1 lane) + (m-1)/(2m) sum w p`` over the
    linear-cost jobs, plus (a) for the fixed-date ones. Summed over teams. Lanes held by
    earlier work are ignored (a relaxation, so the bound stays valid).
    """
    ids = [j.id for j in jobs]
    by_id = {j.id: j for j in jobs}
    preds = {j.id: [q for q in j.preds if q in by_id and q != j.id] for j in jobs}
    tie = {j.id: j.tie for j in jobs}
    head: dict[str, float] = {}
    for jid in _topological(ids, preds, tie):
        j = by_id[jid]
        if j.fixed is not None:
            head[jid] = j.fixed[1]
            continue
        ready = max((head.get(q, 0.0) for q in preds[jid]), default=0.0)
        head[jid] = max(ready, j.release) + j.duration
    total = 0.0
    by_team: dict[str, list[Job]] = {}
    for j in jobs:
        if j.fixed is not None:
            total += job_cost(j, j.fixed[1])
        else:
            by_team.setdefault(j.team, []).append(j)
    for team, team_jobs in by_team.items():
        path_bound = sum(job_cost(j, head[j.id]) for j in team_jobs)
        linear = [
            j
            for j in team_jobs
            if j.weight > 0.0
            and j.profile != "intangible"
            and not (j.profile == "fixed_date" and j.due is not None)
        ]
        fixed = sum(
            job_cost(j, head[j.id])
            for j in team_jobs
            if j.profile == "fixed_date" and j.due is not None
        )
        m = max(1, lanes.get(team, 1))
        linear.sort(key=lambda j: (-_ratio(j.weight, j.duration), j.tie, j.id))
        clock = 0.0
        smith = 0.0
        wp = 0.0
        for j in linear:
            clock += j.duration
            smith += j.weight * clock
            wp += j.weight * j.duration
        eei = smith / m + (m - 1) / (2 * m) * wp + fixed
        total += max(path_bound, eei)
    return total


def evaluate(jobs: Iterable[Job], placed: Mapping[str, tuple[float, float]]) -> float:
    return sum(job_cost(j, placed[j.id][1]) for j in jobs)


def _edd_priority(jobs: Sequence[Job], classes: Mapping[str, int]) -> dict[str, tuple[float, ...]]:
    """Fixed-date work first, by latest start (due week minus duration); then CD3 order."""
    out: dict[str, tuple[float, ...]] = {}
    for j in jobs:
        ratio = -_ratio(_rank_weight(j, True), j.duration)
        if j.profile == "fixed_date" and j.due is not None and j.weight > 0.0:
            out[j.id] = (float(classes[j.id]), 0.0, j.due - j.duration, ratio, float(j.tie))
        else:
            out[j.id] = (float(classes[j.id]), 1.0, 0.0, ratio, float(j.tie))
    return out


INTERCHANGE_LIMIT = 400
"""Largest number of jobs for which the pairwise interchange step runs."""


def _interchange(
    jobs: Sequence[Job],
    lanes: Mapping[str, int],
    graph: _Graph,
    busy: Mapping[str, Sequence[float]] | None,
    placed: dict[str, tuple[float, float]],
    cost: float,
    deadline: float | None,
    classes: Mapping[str, int],
) -> tuple[float, dict[str, tuple[float, float]]] | None:
    """Pairwise interchange on each team's order, while it lowers the total delay cost.

    Starts from the order in which ``placed`` starts the jobs and swaps two jobs of one
    team and class (any pair for small teams, neighbours otherwise), keeping a swap when the list
    schedule it gives is cheaper. Stops at a local optimum, after a bounded number of
    passes, or at ``deadline`` (a ``time.perf_counter()`` value). Returns the better
    schedule, or None when no swap helped.
    """
    import time

    movable = [j for j in jobs if j.fixed is None]
    if len(movable) < 2 or len(jobs) > INTERCHANGE_LIMIT:
        return None
    order = sorted(movable, key=lambda j: (classes[j.id], placed[j.id][0], j.tie, j.id))
    by_team: dict[str, list[str]] = {}
    for j in order:
        by_team.setdefault(j.team, []).append(j.id)
    fixed_prio: dict[str, tuple[float, ...]] = {j.id: (-1.0,) for j in jobs if j.fixed is not None}

    def run(team_orders: Mapping[str, list[str]]) -> tuple[float, dict[str, tuple[float, float]]]:
        prio = dict(fixed_prio)
        for ids in team_orders.values():
            for pos, jid in enumerate(ids):
                prio[jid] = (float(classes[jid]), float(pos))
        got = list_schedule(jobs, lanes, prio, graph, busy)
        return evaluate(jobs, got), got

    best_cost, best = run(by_team)
    if best_cost > cost + 1e-9 * max(1.0, abs(cost)):
        best_cost, best = cost, placed
    improved = False
    for _ in range(4):
        changed = False
        for team in sorted(by_team):
            ids = by_team[team]
            n = len(ids)
            pairs = (
                [(a, b) for a in range(n) for b in range(a + 1, n)]
                if n <= 24
                else [(a, a + 1) for a in range(n - 1)]
            )
            for a, b in pairs:
                if classes[ids[a]] != classes[ids[b]]:
                    continue
                if deadline is not None and time.perf_counter() > deadline:
                    return (best_cost, best) if improved else None
                ids[a], ids[b] = ids[b], ids[a]
                c, got = run(by_team)
                if c < best_cost - 1e-9 * max(1.0, abs(best_cost)):
                    best_cost, best, improved, changed = c, got, True, True
                else:
                    ids[a], ids[b] = ids[b], ids[a]
        if not changed:
            break
    return (best_cost, best) if improved else None


def sequence(
    jobs: Sequence[Job],
    lanes: Mapping[str, int],
    *,
    busy: Mapping[str, Sequence[float]] | None = None,
    deadline: float | None = None,
) -> LaneSchedule:
    """Order and place ``jobs`` in their teams' lanes to minimise the total delay cost.

    ``busy`` lists, per team, when lanes still held by earlier work become free;
    ``deadline`` (a ``time.perf_counter()`` value) bounds the improvement step.
    """
    if not jobs:
        return LaneSchedule((), 0.0, 0.0, "rho", 0.0)
    classes = job_classes(jobs)
    has_fixed = any(j.profile == "fixed_date" and j.due is not None for j in jobs)
    candidates: list[tuple[str, Callable[[], dict[str, tuple[float, ...]]]]] = [
        ("rho", lambda: _rho_priority(jobs, classes, True)),
    ]
    if has_fixed:
        candidates.append(("rho-deadline", lambda: _rho_priority(jobs, classes, False)))
    team_of = {j.id: j.team for j in jobs}
    if any(team_of.get(q, j.team) != j.team for j in jobs for q in j.preds):
        candidates.append(("rho-global", lambda: _rho_global_priority(jobs, classes, True)))
        if has_fixed:
            candidates.append(
                ("rho-global-deadline", lambda: _rho_global_priority(jobs, classes, False))
            )
    if has_fixed:
        candidates.append(("edd", lambda: _edd_priority(jobs, classes)))
    candidates.append(("cd3", lambda: _cd3_priority(jobs, classes)))
    best: tuple[float, int, str, dict[str, tuple[float, float]]] | None = None
    cd3_cost = 0.0
    graph = _Graph(jobs, lanes)
    for k, (name, make) in enumerate(candidates):
        placed = list_schedule(jobs, lanes, make(), graph, busy)
        cost = evaluate(jobs, placed)
        if name == "cd3":
            cd3_cost = cost
        # keep the earlier candidate unless the later one is cheaper beyond rounding noise
        if best is None or cost < best[0] - 1e-9 * max(1.0, abs(best[0])):
            best = (cost, k, name, placed)
    assert best is not None
    cost, _, rule, placed = best
    better = _interchange(jobs, lanes, graph, busy, placed, cost, deadline, classes)
    if better is not None:
        cost, placed = better
        rule += "+interchange"
    by_id = {j.id: j for j in jobs}
    slots = sorted(
        (
            Slot(jid, by_id[jid].team, s, f, job_cost(by_id[jid], f))
            for jid, (s, f) in placed.items()
        ),
        key=lambda s: (s.team, s.start, s.finish, by_id[s.id].tie, s.id),
    )
    bound = min(lower_bound(jobs, lanes), cost)
    return LaneSchedule(tuple(slots), cost, bound, rule, cd3_cost)
