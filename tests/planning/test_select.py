"""Selection: the exact solvers against brute force over every subset, and the greedy line."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.planning import bnb
from okrkit.planning.select import Item, Selection, select_greedy, select_optimal

EFFORTS = (0.5, 1.0, 2.0, 3.0, 5.0, 8.0)
VALUES = (0.0, 1.0, 3.0, 10.0, 20.0, 35.0)


def feasible(items: Sequence[Item], cap: Mapping[str, float | None], chosen: set[str]) -> bool:
    """Capacity (after forced work) and dependency closure, as the problem defines them."""
    by_id = {i.id: i for i in items}
    forced = {i.id for i in items if i.forced}
    if not forced <= chosen:
        return False
    for x in chosen - forced:
        if not by_id[x].selectable:
            return False
        if any(d in by_id and d not in chosen for d in by_id[x].deps):
            return False
    for t, c in cap.items():
        if c is None:
            continue
        forced_load = sum(by_id[x].effort for x in forced if by_id[x].team == t)
        free_load = sum(by_id[x].effort for x in chosen - forced if by_id[x].team == t)
        if free_load > max(c - forced_load, 0.0) + 1e-9:
            return False
    return True


def possible(items: Sequence[Item], cap: Mapping[str, float | None]) -> set[str]:
    """Free items that could be selected at all: they fit alone, and so does what they need."""
    by_id = {i.id: i for i in items}
    room = dict(cap)
    for i in items:
        if i.forced and room.get(i.team) is not None:
            room[i.team] = room[i.team] - i.effort  # type: ignore[operator]
    out = {
        i.id
        for i in items
        if not i.forced and i.selectable and (room.get(i.team) is None or i.effort <= room[i.team])  # type: ignore[operator]
    }
    changed = True
    while changed:
        changed = False
        for x in sorted(out):
            if any(d in by_id and d not in out and not by_id[d].forced for d in by_id[x].deps):
                out.discard(x)
                changed = True
    return out


def prerequisites(items: Sequence[Item], cap: Mapping[str, float | None]) -> set[str]:
    """What forced work needs, transitively, among the items that could be selected."""
    by_id = {i.id: i for i in items}
    can = possible(items, cap)
    out: set[str] = set()
    stack = [d for i in items if i.forced for d in i.deps]
    while stack:
        d = stack.pop()
        if d in out or d not in can:
            continue
        out.add(d)
        stack.extend(by_id[d].deps)
    return out


def brute(items: Sequence[Item], cap: Mapping[str, float | None]) -> tuple[int, float]:
    """The best (prerequisites of forced work funded, value) over every subset."""
    free = [i.id for i in items if not i.forced]
    forced = {i.id for i in items if i.forced}
    pre = prerequisites(items, cap)
    value = {i.id: i.value for i in items}
    best = (-1, -1.0)
    for mask in range(1 << len(free)):
        chosen = {free[k] for k in range(len(free)) if mask >> k & 1} | forced
        if feasible(items, cap, chosen):
            key = (len(chosen & pre), sum(value[x] for x in chosen))
            if key[0] > best[0] or (key[0] == best[0] and key[1] > best[1] + 1e-9):
                best = key
    return best


def key(
    items: Sequence[Item], cap: Mapping[str, float | None], sel: Selection
) -> tuple[int, float]:
    return (len(sel.selected & prerequisites(items, cap)), sel.value)


def random_problem(rng: random.Random, n: int) -> tuple[list[Item], dict[str, float | None]]:
    teams = ["a", "b", "c"][: rng.randint(1, 3)]
    items = []
    for k in range(n):
        deps = ()
        if k and rng.random() < 0.5:
            deps = tuple(sorted({f"i{rng.randrange(k)}" for _ in range(rng.randint(1, 2))}))
        items.append(
            Item(
                f"i{k}",
                rng.choice(teams),
                rng.choice(EFFORTS),
                rng.choice(VALUES),
                forced=rng.random() < 0.15,
                deps=deps,
                order=k,
                selectable=rng.random() < 0.95,
            )
        )
    cap: dict[str, float | None] = {t: rng.choice((None, 3.0, 6.0, 10.0, 15.0)) for t in teams}
    return items, cap


@settings(max_examples=120, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 11))
def test_optimal_matches_brute_force_and_greedy_never_beats_it(seed: int, n: int) -> None:
    items, cap = random_problem(random.Random(seed), n)
    best = brute(items, cap)
    opt = select_optimal(items, cap)
    assert opt.status == "optimal"
    assert feasible(items, cap, set(opt.selected))
    assert key(items, cap, opt)[0] == best[0]
    assert opt.value == pytest.approx(best[1])
    greedy = select_greedy(items, cap)
    assert feasible(items, cap, set(greedy.selected))
    assert key(items, cap, greedy) <= (best[0], best[1] + 1e-9)


@pytest.mark.parametrize("path", ["knapsack-dp", "branch-and-bound", "highs"])
def test_every_exact_path_agrees_with_brute_force(path: str) -> None:
    """Force each solver in turn: the DP and the search in pure Python, and HiGHS."""
    rng = random.Random(f"paths-{path}")
    for _ in range(25):
        items, cap = random_problem(rng, rng.randint(2, 10))
        if path == "knapsack-dp":  # one team, no dependencies
            items = [Item(i.id, "a", i.effort, i.value, order=i.order) for i in items]
            cap = {"a": 8.0}
        kw = {"bnb_size_limit": 0, "knapsack_limit": 0} if path == "highs" else {}
        if path == "branch-and-bound":
            kw = {"knapsack_limit": 0}
        opt = select_optimal(items, cap, **kw)
        assert (key(items, cap, opt)[0], pytest.approx(opt.value)) == brute(items, cap)
        assert opt.solver in ("none", path)


def test_greedy_by_ratio_is_not_optimal_clrs_counter_example() -> None:
    """CLRS 16.2: capacity 50; items (10, 60), (20, 100), (30, 120): greedy by ratio takes
    the first two (160), the optimum the last two (220)."""
    items = [
        Item("a", "t", 10.0, 60.0, order=0),
        Item("b", "t", 20.0, 100.0, order=1),
        Item("c", "t", 30.0, 120.0, order=2),
    ]
    assert select_greedy(items, {"t": 50.0}).value == 160.0
    opt = select_optimal(items, {"t": 50.0})
    assert (opt.value, set(opt.selected)) == (220.0, {"b", "c"})


def test_everything_fits_needs_no_solver() -> None:
    items = [Item(f"i{k}", "t", 1.0, 1.0, deps=(f"i{k - 1}",) if k else ()) for k in range(5)]
    opt = select_optimal(items, {"t": 10.0})
    assert opt.solver == "none" and opt.selected == {f"i{k}" for k in range(5)}


def test_forced_work_is_in_even_over_capacity_and_leaves_no_room() -> None:
    items = [
        Item("c1", "t", 8.0, 1.0, forced=True),
        Item("c2", "t", 8.0, 1.0, forced=True),
        Item("p", "t", 1.0, 100.0),
    ]
    opt = select_optimal(items, {"t": 10.0})
    assert opt.selected == {"c1", "c2"}


def test_prerequisites_of_committed_work_come_before_value() -> None:
    items = [
        Item("app", "web", 5.0, 1.0, forced=True, deps=("api",)),
        Item("api", "platform", 6.0, 0.0),
        Item("shiny", "platform", 6.0, 1000.0),
    ]
    opt = select_optimal(items, {"web": 10.0, "platform": 8.0})
    assert opt.selected == {"app", "api"}
    assert select_greedy(items, {"web": 10.0, "platform": 8.0}).selected == {"app", "api"}


def test_zero_value_work_is_selected_only_as_an_enabler() -> None:
    items = [
        Item("enabler", "t", 2.0, 0.0),
        Item("idle", "t", 1.0, 0.0),
        Item("payoff", "t", 2.0, 10.0, deps=("enabler",)),
    ]
    assert select_optimal(items, {"t": 10.0}).selected == {"enabler", "payoff"}


def test_time_limit_reports_the_best_found_with_a_valid_gap() -> None:
    """Out of time: a feasible selection, and a bound at least the true optimum."""
    rng = random.Random(3)
    items = [
        Item(
            f"i{k}",
            f"t{k % 7}",
            rng.uniform(1, 9),
            rng.uniform(1, 100),
            deps=(f"i{k - 7}",) if k >= 7 and rng.random() < 0.3 else (),
            order=k,
        )
        for k in range(600)
    ]
    cap: dict[str, float | None] = {f"t{k}": 150.0 for k in range(7)}
    rushed = select_optimal(items, cap, time_limit=0.001, bnb_size_limit=0)
    assert rushed.status == "greedy" and rushed.notes
    assert feasible(items, cap, set(rushed.selected))
    exact = select_optimal(items, cap, time_limit=60.0)
    assert exact.status == "optimal" and exact.gap == 0.0
    assert rushed.bound is not None and rushed.bound >= exact.value - 1e-6
    assert rushed.value <= exact.value + 1e-6
    assert rushed.gap == pytest.approx((rushed.bound - rushed.value) / rushed.bound)
    assert 0.0 < rushed.gap < 0.25


def test_branch_and_bound_gives_up_past_its_budget() -> None:
    rng = random.Random(1)
    n = 60
    values = [rng.uniform(1, 100) for _ in range(n)]
    efforts = [rng.uniform(1, 10) for _ in range(n)]
    got = bnb.solve(values, efforts, [0] * n, [100.0], [[] for _ in range(n)], node_limit=5)
    assert got is None


def test_a_long_chain_is_cut_where_capacity_ends() -> None:
    """Greedy and optimal selection on a 3,000-link chain in one team: the prefix that fits.
    Each attempt's walk stops where the capacity ends, so this stays linear in the chain."""
    n = 3000
    items = [
        Item(f"c{k:04d}", "t", 1.0, 1.0, deps=(f"c{k - 1:04d}",) if k else (), order=n - k)
        for k in range(n)
    ]
    want = frozenset(f"c{k:04d}" for k in range(40))
    assert select_greedy(items, {"t": 40.0}).selected == want
    got = select_optimal(items, {"t": 40.0}, time_limit=5.0)
    assert got.selected == want and got.value == 40.0
