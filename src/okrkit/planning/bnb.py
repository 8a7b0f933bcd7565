"""Exact branch and bound for small selection components, in pure Python.

Most components of a real plan are small (a few teams linked by a few dependencies).
Solving those here keeps ``okrkit check`` from building a solver model for a
problem a depth-first search settles in microseconds. The search is exact: it returns a
proven optimum, or ``None`` when it exceeds its node budget, and the caller then uses the
MILP solver.

Problem: choose items to maximise the sum of values such that, per constrained team, the
chosen efforts fit its room, and an item is chosen only with all its dependencies.

Branching: take the undecided item of highest value/effort ratio; first include it with
everything it needs, then exclude it with everything that needs it. Bound: the current
value plus, per team, the fractional (Dantzig) knapsack bound over its undecided items,
which is valid because dropping the dependency constraints can only raise the optimum.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

_EPS = 1e-9


class _Budget(Exception):
    pass


def solve(
    values: Sequence[float],
    efforts: Sequence[float],
    teams: Sequence[int],
    room: Sequence[float | None],
    deps: Sequence[Sequence[int]],
    *,
    order: Sequence[int] | None = None,
    first: Sequence[bool] | None = None,
    node_limit: int = 20000,
) -> set[int] | None:
    """The optimal set of item indices, or None if the node budget ran out.

    ``teams[i]`` indexes ``room``; a ``None`` room is unconstrained. ``order`` breaks ties
    (lower first) so the answer is deterministic. Items marked in ``first`` come first
    lexicographically: the answer has as many of them as possible, then the most value.
    """
    n = len(values)
    tie = order if order is not None else list(range(n))
    prime = [1 if first is not None and first[i] else 0 for i in range(n)]

    def ratio(i: int) -> float:
        if efforts[i] <= 0.0:
            return math.inf
        return values[i] / efforts[i]

    ranked = sorted(range(n), key=lambda i: (-ratio(i), tie[i], i))
    branchable = [i for i in ranked if prime[i]] + [
        i for i in ranked if values[i] > 0.0 and not prime[i]
    ]
    nteams = len(room)
    per_team: list[list[int]] = [[] for _ in range(nteams)]
    for i in ranked:
        if values[i] > 0.0:
            per_team[teams[i]].append(i)
    dependents: list[list[int]] = [[] for _ in range(n)]
    for i in range(n):
        for d in deps[i]:
            dependents[d].append(i)
    state = [0] * n  # 0 undecided, 1 in, -1 out
    used = [0.0] * nteams
    best_value = -1.0
    best_count = -1
    best: list[int] = []
    value = 0.0
    count = 0
    open_first = sum(prime)
    nodes = 0

    def bound() -> float:
        total = value
        for t in range(nteams):
            cap = room[t]
            if cap is None:
                total += sum(values[i] for i in per_team[t] if state[i] == 0)
                continue
            left = cap - used[t]
            for i in per_team[t]:
                if state[i] != 0:
                    continue
                e = efforts[i]
                if e <= left + _EPS:
                    total += values[i]
                    left -= e
                else:
                    if left > 0.0:
                        total += values[i] * left / e
                    break
        return total

    def include(i: int) -> list[int] | None:
        """Mark ``i`` and its undecided needs in; None (and no change) if impossible."""
        group: list[int] = []
        seen = set()
        stack = [i]
        while stack:
            x = stack.pop()
            if x in seen or state[x] == 1:
                continue
            if state[x] == -1:
                return None
            seen.add(x)
            group.append(x)
            stack.extend(deps[x])
        load: dict[int, float] = {}
        for x in group:
            load[teams[x]] = load.get(teams[x], 0.0) + efforts[x]
        for t, v in load.items():
            cap = room[t]
            if cap is not None and used[t] + v > cap + _EPS:
                return None
        for x in group:
            state[x] = 1
        for t, v in load.items():
            used[t] += v
        return group

    def exclude(i: int) -> list[int]:
        group: list[int] = []
        stack = [i]
        while stack:
            x = stack.pop()
            if state[x] != 0:
                continue
            state[x] = -1
            group.append(x)
            stack.extend(dependents[x])
        return group

    def better(c: int, v: float) -> bool:
        return c > best_count or (c == best_count and v > best_value + _EPS)

    def search(k: int) -> None:
        nonlocal best_value, best_count, best, value, count, open_first, nodes
        nodes += 1
        if nodes > node_limit:
            raise _Budget
        while k < len(branchable) and state[branchable[k]] != 0:
            k += 1
        if k == len(branchable):
            if better(count, value):
                best_value = value
                best_count = count
                best = [x for x in range(n) if state[x] == 1]
            return
        # count bound: every undecided first-item could still come in
        if not better(count + open_first, bound()):
            return
        i = branchable[k]
        group = include(i)
        if group is not None:
            gain = sum(values[x] for x in group)
            firsts = sum(prime[x] for x in group)
            value += gain
            count += firsts
            open_first -= firsts
            search(k + 1)
            value -= gain
            count -= firsts
            open_first += firsts
            for x in group:
                state[x] = 0
                used[teams[x]] -= efforts[x]
        out = exclude(i)
        lost = sum(prime[x] for x in out)
        open_first -= lost
        search(k + 1)
        open_first += lost
        for x in out:
            state[x] = 0

    # a greedy incumbent first: the search then prunes from its first node
    taken: list[list[int]] = []
    for i in branchable:
        if state[i] == 0:
            group = include(i)
            if group is not None:
                taken.append(group)
                value += sum(values[x] for x in group)
                count += sum(prime[x] for x in group)
    best_value, best_count = value, count
    best = [x for x in range(n) if state[x] == 1]
    for group in taken:
        for x in group:
            state[x] = 0
            used[teams[x]] -= efforts[x]
    value, count = 0.0, 0
    used = [0.0] * nteams
    try:
        search(0)
    except _Budget:
        return None
    return set(best)
