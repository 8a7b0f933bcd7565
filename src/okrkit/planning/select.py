"""Selection: which initiatives of a period fit the teams' capacity.

Pure data in, pure data out. :func:`select_optimal` maximises the total value of the
selected items subject to every team's capacity and dependency closure; forced items
(committed or in progress) are always in. It is solved exactly as a 0/1 integer program
with HiGHS (:func:`okrkit.planning.milp.solve_binary`), one connected component at a time,
and only where needed:

1. items that cannot fit (their effort exceeds what is left of their team's capacity
   after forced work), or that wait on such items, are out;
2. the rest splits into components (items linked by a dependency or by sharing a team
   whose capacity is recorded); a component whose items all fit is taken whole, with no
   solver (and without loading the solver);
3. a single-team component without dependencies is a 0/1 knapsack, solved exactly in
   pure Python by dynamic programming over Pareto-optimal (effort, value) pairs while the
   number of pairs stays small;
4. other components of up to 400 items go to an exact branch and bound in pure Python
   (:mod:`okrkit.planning.bnb`) with a node budget;
5. anything else goes to the MILP solver with a time limit. If the limit is reached, the
   best solution found is used and the optimality gap is reported; if none was found, the
   greedy selection by value/effort is used, with the gap to the fractional-knapsack bound.

Prerequisites of forced work come first (lexicographically): the solver first funds as
many of them as fit, then maximises value. :func:`select_greedy` is the score-order cut
line, for comparison: walk the ranking from the top and take each item, with the
prerequisites it still needs, if they all fit; otherwise leave it below the line.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from okrkit.fmt import plural

Status = Literal["optimal", "feasible", "greedy"]

_EPS = 1e-9


@dataclass(frozen=True)
class Item:
    """One candidate: ``deps`` are ids of other items it needs selected too."""

    id: str
    team: str
    effort: float
    value: float
    forced: bool = False
    deps: tuple[str, ...] = ()
    order: int = 0
    """Position in the ranking (greedy order and ties; lower first)."""
    selectable: bool = True
    """False: kept out before any choice (no estimate, or waits on unavailable work)."""


@dataclass(frozen=True)
class Selection:
    selected: frozenset[str]
    value: float
    status: Status
    """``optimal``: proven optimal; ``feasible``: the time limit stopped the solver;
    ``greedy``: the solver found nothing in time and the greedy answer is used."""
    gap: float = 0.0
    """Relative optimality gap (0 when optimal)."""
    bound: float | None = None
    """Upper bound on the total value (equals ``value`` when optimal)."""
    solver: str = "none"
    """``none`` (everything fitted), ``knapsack-dp``, ``branch-and-bound``, ``highs`` or
    ``greedy`` (the most general one used for any component)."""
    components: int = 0
    solved_components: int = 0
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default=())


class _Problem:
    """Shared preprocessing of the selection problem."""

    def __init__(self, items: Sequence[Item], capacity: Mapping[str, float | None]):
        self.items = {i.id: i for i in items}
        self.capacity = capacity
        self.forced = {i.id for i in items if i.forced}
        # residual capacity per constrained team after forced work
        self.residual: dict[str, float] = {}
        for t, cap in capacity.items():
            if cap is not None:
                self.residual[t] = cap
        for iid in self.forced:
            it = self.items[iid]
            if it.team in self.residual:
                self.residual[it.team] -= it.effort
        self.deps = {
            i.id: tuple(dict.fromkeys(d for d in i.deps if d in self.items and d != i.id))
            for i in items
        }
        # free items that could be selected at all (fit alone, and so do their needs)
        free = [i.id for i in items if not i.forced]
        possible = {
            iid for iid in free if self.items[iid].selectable and self._fits_alone(self.items[iid])
        }
        # whatever waits (transitively) on an impossible item is impossible: one pass
        # over the reversed dependencies, linear in the graph (not one sweep per link)
        users: dict[str, list[str]] = {}
        for iid in possible:
            for d in self.deps[iid]:
                users.setdefault(d, []).append(iid)
        stack = [
            iid
            for iid in sorted(possible)
            if any(d not in possible and d not in self.forced for d in self.deps[iid])
        ]
        while stack:
            iid = stack.pop()
            if iid not in possible:
                continue
            possible.discard(iid)
            stack.extend(u for u in users.get(iid, ()) if u in possible)
        self.possible = possible
        # prerequisites of forced work among possible items (transitively)
        prereq: set[str] = set()
        stack = [d for f in sorted(self.forced) for d in self.deps[f] if d in possible]
        while stack:
            d = stack.pop()
            if d in prereq:
                continue
            prereq.add(d)
            stack.extend(x for x in self.deps[d] if x in possible)
        self.prereq = prereq

    def _fits_alone(self, it: Item) -> bool:
        room = self.residual.get(it.team)
        return room is None or it.effort <= room + _EPS

    def value_of(self, chosen: Iterable[str]) -> float:
        return sum(self.items[i].value for i in chosen)

    def needs(self, iid: str, chosen: set[str]) -> list[str] | None:
        """``iid`` and the items it still needs (closure), or None if one is impossible."""
        out: list[str] = []
        seen: set[str] = set()
        stack = [iid]
        while stack:
            x = stack.pop()
            if x in seen or x in chosen or x in self.forced:
                continue
            if x not in self.possible:
                return None
            seen.add(x)
            out.append(x)
            stack.extend(self.deps[x])
        return out

    def needs_within(
        self,
        iid: str,
        chosen: set[str],
        used: Mapping[str, float],
        pool: set[str] | None = None,
    ) -> list[str] | None:
        """:meth:`needs`, but None as soon as the group stops fitting what is left of a
        team's capacity (or leaves ``pool``): the walk ends there, so trying each link of
        a long chain costs what fits, not the whole chain."""
        out: list[str] = []
        seen: set[str] = set()
        load: dict[str, float] = {}
        stack = [iid]
        while stack:
            x = stack.pop()
            if x in seen or x in chosen or x in self.forced:
                continue
            if x not in self.possible or (pool is not None and x not in pool):
                return None
            it = self.items[x]
            room = self.residual.get(it.team)
            if room is not None:
                got = load.get(it.team, 0.0) + it.effort
                if used.get(it.team, 0.0) + got > room + _EPS:
                    return None
                load[it.team] = got
            seen.add(x)
            out.append(x)
            stack.extend(self.deps[x])
        return out

    def fits(self, group: Iterable[str], used: Mapping[str, float]) -> bool:
        load: dict[str, float] = {}
        for x in group:
            it = self.items[x]
            if it.team in self.residual:
                load[it.team] = load.get(it.team, 0.0) + it.effort
        return all(used.get(t, 0.0) + v <= self.residual[t] + _EPS for t, v in load.items())

    def prune(self, chosen: set[str]) -> set[str]:
        """Drop chosen free items that add no value and that nothing chosen needs."""
        needed: dict[str, int] = {}
        for x in chosen | self.forced:
            for d in self.deps[x]:
                needed[d] = needed.get(d, 0) + 1
        stack = [
            x
            for x in chosen
            if self.items[x].value <= 0.0 and x not in self.prereq and not needed.get(x)
        ]
        while stack:
            x = stack.pop()
            if x not in chosen:
                continue
            chosen.discard(x)
            for d in self.deps[x]:
                needed[d] -= 1
                if (
                    d in chosen
                    and not needed[d]
                    and self.items[d].value <= 0.0
                    and d not in self.prereq
                ):
                    stack.append(d)
        return chosen


def select_greedy(items: Sequence[Item], capacity: Mapping[str, float | None]) -> Selection:
    """The score-order cut line (prerequisites of forced work first)."""
    pb = _Problem(items, capacity)
    chosen = _greedy(pb, sorted(pb.possible))
    chosen = pb.prune(chosen)
    return Selection(
        frozenset(chosen | pb.forced),
        pb.value_of(chosen | pb.forced),
        "greedy",
        solver="greedy",
    )


def _greedy(pb: _Problem, pool: Iterable[str], *, by_ratio: bool = False) -> set[str]:
    """First fit in ranking order (or, as a solver fallback, in value/effort order)."""
    pool_set = set(pool)
    used: dict[str, float] = {}
    chosen: set[str] = set()

    def order_key(x: str) -> tuple[int, float, int, str]:
        it = pb.items[x]
        ratio = 0.0
        if by_ratio:
            ratio = -(it.value / it.effort) if it.effort > 0 else -math.inf
        return (0 if x in pb.prereq else 1, ratio, it.order, x)

    for iid in sorted(pool_set, key=order_key):
        if iid in chosen:
            continue
        group = pb.needs_within(iid, chosen, used, pool_set)
        if group is None:
            continue
        for x in group:
            chosen.add(x)
            it = pb.items[x]
            if it.team in pb.residual:
                used[it.team] = used.get(it.team, 0.0) + it.effort
    return chosen


def _components(pb: _Problem) -> list[list[str]]:
    parent = {x: x for x in pb.possible}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            parent[rb] = ra

    team_rep: dict[str, str] = {}
    for x in sorted(pb.possible):
        it = pb.items[x]
        if it.team in pb.residual:
            rep = team_rep.setdefault(it.team, x)
            union(rep, x)
        for d in pb.deps[x]:
            if d in pb.possible:
                union(x, d)
    groups: dict[str, list[str]] = {}
    for x in sorted(pb.possible):
        groups.setdefault(find(x), []).append(x)
    return [groups[k] for k in sorted(groups)]


def _all_fit(pb: _Problem, comp: Sequence[str]) -> bool:
    return pb.fits(comp, {})


def _single_knapsack(pb: _Problem, comp: Sequence[str]) -> bool:
    """One team, no dependency inside, and its prerequisites of forced work all fit."""
    members = set(comp)
    if len({pb.items[x].team for x in comp}) != 1:
        return False
    if any(d in members for x in comp for d in pb.deps[x]):
        return False
    return pb.fits([x for x in comp if x in pb.prereq], {})


def _knapsack_dp(pb: _Problem, comp: Sequence[str], limit: int = 20000) -> set[str] | None:
    """Exact 0/1 knapsack over Pareto-optimal (effort, value) states; None if too many."""
    team = pb.items[comp[0]].team
    room = pb.residual[team] + _EPS
    prereq = [x for x in comp if x in pb.prereq]
    rest = [x for x in comp if x not in pb.prereq and pb.items[x].value > 0.0]
    # prerequisites of forced work come first (the caller checked that they all fit)
    base = prereq
    used = sum(pb.items[x].effort for x in base)
    # states: (effort, value, index into trail); trail links back to the chosen items
    trail: list[tuple[int, str]] = []
    states: list[tuple[float, float, int]] = [(used, 0.0, -1)]
    for x in sorted(rest, key=lambda x: (pb.items[x].order, x)):
        it = pb.items[x]
        grown: list[tuple[float, float, int]] = []
        for e, v, link in states:
            ne = e + it.effort
            if ne <= room:
                trail.append((link, x))
                grown.append((ne, v + it.value, len(trail) - 1))
        merged = sorted(states + grown, key=lambda s: (s[0], -s[1]))
        states = []
        best = -1.0
        for s in merged:
            if s[1] > best + 1e-12:
                states.append(s)
                best = s[1]
        if len(states) > limit:
            return None
    _, _, link = max(states, key=lambda s: (s[1], -s[0]))
    chosen = set(base)
    while link != -1:
        link, x = trail[link]
        chosen.add(x)
    return chosen


def _branch_and_bound(pb: _Problem, comp: Sequence[str], node_limit: int) -> set[str] | None:
    """Exact pure-Python search (see :mod:`okrkit.planning.bnb`); None if over budget."""
    from okrkit.planning.bnb import solve

    pre = [x for x in comp if x in pb.prereq]
    take_all = bool(pre) and pb.fits(pre, {})
    fixed = set(pre) if take_all else set()
    free = [x for x in comp if x not in fixed]
    index = {x: k for k, x in enumerate(free)}
    team_index: dict[str, int] = {}
    room: list[float | None] = []
    used: dict[str, float] = {}
    for x in fixed:
        t = pb.items[x].team
        used[t] = used.get(t, 0.0) + pb.items[x].effort
    teams: list[int] = []
    for x in free:
        t = pb.items[x].team
        if t not in team_index:
            team_index[t] = len(room)
            r = pb.residual.get(t)
            room.append(None if r is None else r - used.get(t, 0.0))
        teams.append(team_index[t])
    got = solve(
        [pb.items[x].value for x in free],
        [pb.items[x].effort for x in free],
        teams,
        room,
        [[index[d] for d in pb.deps[x] if d in index] for x in free],
        order=[pb.items[x].order for x in free],
        first=[x in pb.prereq for x in free],
        node_limit=node_limit,
    )
    if got is None:
        return None
    return fixed | {free[k] for k in got}


def _milp(
    pb: _Problem, comp: Sequence[str], time_limit: float
) -> tuple[set[str] | None, str, float | None]:
    """Solve one component with HiGHS: (chosen or None, status, upper bound or None)."""
    from okrkit.planning.milp import Row, solve_binary

    index = {x: k for k, x in enumerate(comp)}
    n = len(comp)
    rows: list[Row] = []
    teams: dict[str, list[str]] = {}
    for x in comp:
        teams.setdefault(pb.items[x].team, []).append(x)
    for t in sorted(teams):
        if t not in pb.residual:
            continue
        members = teams[t]
        rows.append(
            Row(
                tuple(index[x] for x in members),
                tuple(pb.items[x].effort for x in members),
                upper=max(pb.residual[t], 0.0) + _EPS,
            )
        )
    for x in comp:
        for d in pb.deps[x]:
            if d in index:  # x may be selected only with d
                rows.append(Row((index[x], index[d]), (1.0, -1.0), upper=0.0))
    pre = [index[x] for x in comp if x in pb.prereq]
    deadline = time.perf_counter() + time_limit

    def left() -> float:
        return max(0.05, deadline - time.perf_counter())

    fixed: list[int] = []
    status = "optimal"
    if pre and pb.fits([comp[k] for k in pre], {}):
        fixed = pre  # prerequisites of forced work all fit: take them
    elif pre:
        # lexicographic: first fund as many prerequisites as fit, then maximise value
        c1 = [0.0] * n
        for k in pre:
            c1[k] = 1.0
        first = solve_binary(c1, rows, time_limit=left())
        if first.objective is not None:
            rows.append(Row(tuple(pre), (1.0,) * len(pre), lower=round(first.objective) - 0.5))
        if not first.optimal:
            status = "feasible"
    res = solve_binary([pb.items[x].value for x in comp], rows, fixed_one=fixed, time_limit=left())
    if res.x is None:
        return None, "greedy", None
    chosen = {comp[k] for k in range(n) if res.x[k] > 0.5}
    if not res.optimal:
        status = "feasible"
    bound: float | None = None
    if status == "optimal":
        bound = pb.value_of(chosen)
    elif res.bound is not None:
        bound = res.bound
    return chosen, status, bound


def select_optimal(
    items: Sequence[Item],
    capacity: Mapping[str, float | None],
    *,
    time_limit: float = 10.0,
    knapsack_limit: int = 20000,
    bnb_size_limit: int = 400,
    bnb_node_limit: int = 20000,
) -> Selection:
    """The selection of maximum total value (see the module docstring)."""
    started = time.perf_counter()
    pb = _Problem(items, capacity)
    comps = _components(pb)
    chosen: set[str] = set()
    solvers: set[str] = set()
    status: Status = "optimal"
    bound_total = 0.0
    solved = 0
    fallback: list[int] = []
    # small components first, so a time limit hits only the largest ones
    for comp in sorted(comps, key=lambda c: (len(c), c[0])):
        if _all_fit(pb, comp):
            chosen.update(comp)
            bound_total += pb.value_of(comp)
            continue
        solved += 1
        got: set[str] | None = None
        comp_bound: float | None = None
        if _single_knapsack(pb, comp):
            got = _knapsack_dp(pb, comp, knapsack_limit)
            if got is not None:
                solvers.add("knapsack-dp")
                comp_bound = pb.value_of(got)
        if got is None and len(comp) <= bnb_size_limit:
            got = _branch_and_bound(pb, comp, bnb_node_limit)
            if got is not None:
                solvers.add("branch-and-bound")
                comp_bound = pb.value_of(got)
        if got is None:
            left = time_limit - (time.perf_counter() - started)
            st = "greedy"
            if left > 0.05:
                got, st, comp_bound = _milp(pb, comp, left)
                solvers.add("highs")
            if got is None:
                got = _greedy(pb, comp, by_ratio=True)
                solvers.add("greedy")
                fallback.append(len(comp))
                status = "greedy"
            elif st != "optimal" and status == "optimal":
                status = "feasible"
        chosen |= got
        bound_total += comp_bound if comp_bound is not None else _relaxed_bound(pb, comp)
    notes: list[str] = []
    if fallback:
        notes.append(
            f"time limit reached: the greedy selection is used for "
            f"{plural(len(fallback), 'group')} of {plural(sum(fallback), 'initiative')}"
        )
    chosen = _improve(pb, chosen, started + time_limit)
    chosen = pb.prune(chosen)
    value = pb.value_of(chosen | pb.forced)
    forced_value = pb.value_of(pb.forced)
    bound: float | None
    if status == "optimal":
        bound = value
        gap = 0.0
    else:
        bound = max(bound_total + forced_value, value)
        gap = (bound - value) / bound if bound > 0.0 else 0.0
    solver = next(
        (s for s in ("highs", "branch-and-bound", "knapsack-dp", "greedy") if s in solvers),
        "none",
    )
    return Selection(
        frozenset(chosen | pb.forced),
        value,
        status,
        gap=gap,
        bound=bound,
        solver=solver,
        components=len(comps),
        solved_components=solved,
        seconds=time.perf_counter() - started,
        notes=tuple(notes),
    )


def _relaxed_bound(pb: _Problem, comp: Sequence[str]) -> float:
    """An upper bound on a component's value: per team, the fractional knapsack.

    Valid because it drops the dependency constraints and integrality (Dantzig, 1957).
    """
    by_team: dict[str, list[Item]] = {}
    for x in comp:
        by_team.setdefault(pb.items[x].team, []).append(pb.items[x])
    total = 0.0
    for team, its in by_team.items():
        room = pb.residual.get(team)
        if room is None:
            total += sum(max(i.value, 0.0) for i in its)
            continue
        left = max(room, 0.0)
        for it in sorted(its, key=lambda i: -(i.value / i.effort) if i.effort > 0 else -math.inf):
            if it.value <= 0.0:
                continue
            if it.effort <= left:
                total += it.value
                left -= it.effort
            else:
                total += it.value * left / it.effort
                break
    return total


def _improve(pb: _Problem, chosen: set[str], deadline: float | None = None) -> set[str]:
    """Add any item (with its needs) that still fits: a no-op after an optimal solve.
    Stops at ``deadline`` (a ``time.perf_counter()`` value): the time limit holds here too."""
    used: dict[str, float] = {}
    for x in chosen:
        it = pb.items[x]
        if it.team in pb.residual:
            used[it.team] = used.get(it.team, 0.0) + it.effort
    for k, iid in enumerate(sorted(pb.possible - chosen, key=lambda x: (pb.items[x].order, x))):
        if deadline is not None and k % 64 == 0 and time.perf_counter() > deadline:
            break
        if iid in chosen or pb.items[iid].value <= 0.0:
            continue
        group = pb.needs_within(iid, chosen, used)
        if group is None:
            continue
        for x in group:
            chosen.add(x)
            it = pb.items[x]
            if it.team in pb.residual:
                used[it.team] = used.get(it.team, 0.0) + it.effort
    return chosen
