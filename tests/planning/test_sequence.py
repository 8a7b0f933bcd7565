"""Sequencing: proved against brute force over every feasible order on small plans.

Theory (Pinedo, *Scheduling*, Thm 3.1.1 and Algorithm 3.1.4; Horn 1972) says the order
is optimal for one lane when the dependencies form chains, out-trees or in-trees; for
general graphs it must still never be worse than plain CD3 order, and the lower bound
must never exceed the true optimum.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.planning.sequence import (
    Job,
    forest_order,
    horn_order,
    job_cost,
    list_schedule,
    lower_bound,
    sequence,
)

DURATIONS = (0.5, 1.0, 2.0, 3.0, 5.0, 8.0)
WEIGHTS = (0.0, 0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0)


# --- brute force -------------------------------------------------------------------


def feasible_orders(jobs: Sequence[Job]) -> Iterator[list[str]]:
    """Every order of ``jobs`` in which each job comes after everything it waits on."""
    preds = {j.id: set(j.preds) for j in jobs}
    ids = [j.id for j in jobs]
    order: list[str] = []
    done: set[str] = set()

    def extend() -> Iterator[list[str]]:
        if len(order) == len(ids):
            yield list(order)
            return
        for j in ids:
            if j not in done and preds[j] <= done:
                order.append(j)
                done.add(j)
                yield from extend()
                order.pop()
                done.discard(j)

    yield from extend()


def one_lane_cost(jobs: Sequence[Job], order: Sequence[str]) -> float:
    by_id = {j.id: j for j in jobs}
    clock = 0.0
    total = 0.0
    for jid in order:
        clock += by_id[jid].duration
        total += job_cost(by_id[jid], clock)
    return total


def brute_force(jobs: Sequence[Job]) -> float:
    return min(one_lane_cost(jobs, o) for o in feasible_orders(jobs))


def plain_cd3_cost(jobs: Sequence[Job]) -> float:
    """One lane, highest cost of delay / duration first among the jobs that are ready."""
    by_id = {j.id: j for j in jobs}
    done: set[str] = set()
    order: list[str] = []

    def ratio(j: Job) -> float:
        return j.weight / j.duration if j.duration > 0 else math.inf

    while len(order) < len(jobs):
        ready = [j for j in jobs if j.id not in done and set(j.preds) <= done]
        best = min(ready, key=lambda j: (-ratio(j), j.tie, j.id))
        order.append(best.id)
        done.add(best.id)
    return one_lane_cost([by_id[i] for i in order], order)


# --- random plans ------------------------------------------------------------------


def make_jobs(
    rng: random.Random, n: int, shape: str, *, profiles: bool = False, team: str = "t"
) -> list[Job]:
    """Random jobs whose dependencies are chains, an out-tree, an in-tree, a DAG or none."""
    parents: dict[int, list[int]] = {k: [] for k in range(n)}
    if shape == "chains":
        for k in range(1, n):
            if rng.random() < 0.7:
                parents[k] = [k - 1]
    elif shape in ("out-tree", "in-tree"):
        for k in range(1, n):
            if rng.random() < 0.8:
                parents[k] = [rng.randrange(k)]
    elif shape == "dag":
        for k in range(1, n):
            parents[k] = sorted(set(rng.sample(range(k), min(k, rng.randint(0, 2)))))
    if shape == "in-tree":  # reverse every edge: each job then has at most one successor
        reversed_: dict[int, list[int]] = {k: [] for k in range(n)}
        for k, ps in parents.items():
            for p in ps:
                reversed_[p].append(k)
        parents = reversed_
    jobs = []
    for k in range(n):
        profile = "standard"
        due = None
        if profiles:
            profile = rng.choice(("standard", "standard", "fixed_date", "intangible"))
            if profile == "fixed_date":
                due = rng.choice((2.0, 5.0, 10.0, 20.0))
        jobs.append(
            Job(
                f"j{k}",
                team,
                rng.choice(DURATIONS),
                rng.choice(WEIGHTS),
                profile,  # type: ignore[arg-type]
                due,
                tuple(f"j{p}" for p in parents[k]),
                tie=k,
            )
        )
    return jobs


SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


@settings(max_examples=60, deadline=None)
@given(
    seed=SEEDS,
    n=st.integers(min_value=1, max_value=8),
    shape=st.sampled_from(("none", "chains", "out-tree", "in-tree")),
)
def test_one_lane_is_optimal_for_chains_and_trees(seed: int, n: int, shape: str) -> None:
    jobs = make_jobs(random.Random(seed), n, shape)
    best = brute_force(jobs)
    result = sequence(jobs, {"t": 1})
    assert result.cost == pytest.approx(best, rel=1e-9, abs=1e-9)
    assert lower_bound(jobs, {"t": 1}) <= best + 1e-6
    assert result.cost <= plain_cd3_cost(jobs) + 1e-9


@pytest.mark.parametrize("shape", ["none", "chains", "out-tree", "in-tree"])
def test_one_lane_optimal_at_eight_initiatives(shape: str) -> None:
    rng = random.Random(f"eight-{shape}")
    for _ in range(4):
        jobs = make_jobs(rng, 8, shape)
        assert sequence(jobs, {"t": 1}).cost == pytest.approx(brute_force(jobs), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(seed=SEEDS, n=st.integers(min_value=1, max_value=8), profiles=st.booleans())
def test_general_graphs_never_worse_than_cd3_and_bound_holds(
    seed: int, n: int, profiles: bool
) -> None:
    jobs = make_jobs(random.Random(seed), n, "dag", profiles=profiles)
    best = brute_force(jobs)
    result = sequence(jobs, {"t": 1})
    assert best - 1e-6 <= result.cost <= plain_cd3_cost(jobs) + 1e-6
    assert result.lower_bound <= best + 1e-6
    assert result.cost == pytest.approx(
        one_lane_cost(jobs, [s.id for s in sorted(result.slots, key=lambda s: s.start)])
    )


@settings(max_examples=40, deadline=None)
@given(
    seed=SEEDS,
    n=st.integers(min_value=1, max_value=12),
    lanes=st.integers(min_value=1, max_value=3),
    teams=st.integers(min_value=1, max_value=3),
)
def test_several_lanes_and_teams_respect_every_rule(
    seed: int, n: int, lanes: int, teams: int
) -> None:
    rng = random.Random(seed)
    jobs = [
        Job(
            j.id,
            f"t{rng.randrange(teams)}",
            j.duration,
            j.weight,
            j.profile,
            j.due,
            j.preds,
            tie=j.tie,
        )
        for j in make_jobs(rng, n, "dag", profiles=True)
    ]
    lane_of = {f"t{k}": lanes for k in range(teams)}
    result = sequence(jobs, lane_of)
    slots = {s.id: s for s in result.slots}
    assert set(slots) == {j.id for j in jobs}
    for j in jobs:
        s = slots[j.id]
        assert s.finish == pytest.approx(s.start + j.duration)
        for p in j.preds:  # never before what it waits on, in any team
            assert s.start >= slots[p].finish - 1e-9
    for t in lane_of:  # never more than the WIP limit at once
        events = sorted(
            [(s.start, 1) for s in result.slots if s.team == t and s.finish > s.start]
            + [(s.finish, -1) for s in result.slots if s.team == t and s.finish > s.start]
        )
        running = 0
        for _, step in events:
            running += step
            assert running <= lanes
    assert result.lower_bound <= result.cost + 1e-6
    assert result.cost <= result.cd3_cost + 1e-6
    assert result.cost == pytest.approx(sum(job_cost(j, slots[j.id].finish) for j in jobs))


def test_lower_bound_below_brute_force_with_two_lanes() -> None:
    """Two lanes: brute force over every order as a priority list (list scheduling)."""
    import itertools

    rng = random.Random(7)
    for _ in range(25):
        jobs = make_jobs(rng, rng.randint(2, 6), rng.choice(("none", "chains", "dag")))
        best = math.inf
        for perm in itertools.permutations(range(len(jobs))):
            prio = {jobs[k].id: (float(pos),) for pos, k in enumerate(perm)}
            placed = list_schedule(jobs, {"t": 2}, prio)
            best = min(best, sum(job_cost(j, placed[j.id][1]) for j in jobs))
        assert lower_bound(jobs, {"t": 2}) <= best + 1e-6
        assert sequence(jobs, {"t": 2}).cost >= best - 1e-6


# --- the rho factor on textbook examples ---------------------------------------------


def test_an_enabler_is_worth_its_chain_not_what_it_unblocks() -> None:
    """An enabler (no value) unblocking a big item must not jump ahead of a better chain.

    Chain A: enabler e (5 weeks, 0) then payoff p (1 week, 12): best prefix ratio 2.
    Item b: 2 weeks, 5 per week: ratio 2.5. Optimal: b, e, p (12*8 + 5*2 = 106), not
    e, p, b (12*6 + 5*8 = 112), which ranking e by the value it unblocks would give.
    """
    jobs = [
        Job("e", "t", 5.0, 0.0, tie=0),
        Job("p", "t", 1.0, 12.0, preds=("e",), tie=1),
        Job("b", "t", 2.0, 5.0, tie=2),
    ]
    result = sequence(jobs, {"t": 1})
    assert [s.id for s in sorted(result.slots, key=lambda s: s.start)] == ["b", "e", "p"]
    assert result.cost == 106.0


def test_rho_factor_worked_example_on_two_chains() -> None:
    """Algorithm 3.1.4 by hand on chains 1-2-3-4 and 5-6-7 (cost of delay, weeks).

    Chain 1 prefix ratios: 6/3 = 2, 24/9 = 2.67, 36/15 = 2.4, 44/20 = 2.2: rho 2.67 (1, 2).
    Chain 2: 8/4 = 2, 25/12 = 2.08, 43/22 = 1.95: rho 2.08 (5, 6). Take 1, 2; then 5, 6
    (2.08 beats 3's 12/6 = 2); then 3 (2 beats 7's 1.8); then 7 (1.8 beats 4's 1.6); then 4.
    """
    w = {"1": 6, "2": 18, "3": 12, "4": 8, "5": 8, "6": 17, "7": 18}
    p = {"1": 3, "2": 6, "3": 6, "4": 5, "5": 4, "6": 8, "7": 10}
    parent = {"2": "1", "3": "2", "4": "3", "6": "5", "7": "6"}
    order = horn_order(
        list(w),
        {k: float(v) for k, v in w.items()},
        {k: float(v) for k, v in p.items()},
        parent,
        {k: int(k) for k in w},
    )
    assert order == ["1", "2", "5", "6", "3", "7", "4"]
    jobs = [
        Job(k, "t", float(p[k]), float(w[k]), preds=(parent[k],) if k in parent else ()) for k in w
    ]
    assert one_lane_cost(jobs, order) == brute_force(jobs)


def test_forest_order_handles_in_trees_by_reversal() -> None:
    # two enablers feeding one payoff: the payoff's whole in-tree comes before a weaker item
    ids = ["a", "b", "c", "x"]
    weight = {"a": 0.0, "b": 0.0, "c": 30.0, "x": 2.0}
    duration = {"a": 1.0, "b": 1.0, "c": 1.0, "x": 1.0}
    preds = {"c": ["a", "b"]}
    order = forest_order(ids, weight, duration, preds, {k: n for n, k in enumerate(ids)})
    assert order.index("c") < order.index("x")
    assert order.index("a") < order.index("c") and order.index("b") < order.index("c")


# --- the delay-cost model --------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "due", "finish", "cost"),
    [
        ("standard", None, 4.0, 400.0),
        ("expedite", None, 4.0, 400.0),
        ("intangible", None, 4.0, 0.0),
        ("fixed_date", 6.0, 4.0, 0.0),
        ("fixed_date", 6.0, 6.0, 0.0),
        ("fixed_date", 6.0, 8.5, 250.0),
        ("fixed_date", None, 4.0, 400.0),  # no deadline: as standard
    ],
)
def test_job_cost(profile: str, due: float | None, finish: float, cost: float) -> None:
    job = Job("a", "t", 1.0, 100.0, profile, due)  # type: ignore[arg-type]
    assert job_cost(job, finish) == cost


def test_expedite_and_in_progress_work_go_first_with_their_prerequisites() -> None:
    jobs = [
        Job("big", "t", 1.0, 100.0, tie=0),
        Job("enabler", "t", 2.0, 0.0, tie=1),
        Job("urgent", "t", 2.0, 1.0, "expedite", preds=("enabler",), tie=2),
        Job("started", "t", 3.0, 1.0, started=True, tie=3),
    ]
    result = sequence(jobs, {"t": 1})
    order = [s.id for s in sorted(result.slots, key=lambda s: s.start)]
    assert order == ["started", "enabler", "urgent", "big"]


def test_a_cycle_does_not_hang_and_every_job_is_placed() -> None:
    jobs = [
        Job("a", "t", 1.0, 1.0, preds=("b",)),
        Job("b", "t", 1.0, 1.0, preds=("a",)),
        Job("c", "t", 1.0, 1.0),
    ]
    result = sequence(jobs, {"t": 1})
    assert {s.id for s in result.slots} == {"a", "b", "c"}


def test_cross_team_wait_and_wip_limit() -> None:
    jobs = [
        Job("api", "platform", 4.0, 0.0),
        Job("app", "web", 2.0, 10.0, preds=("api",)),
        Job("side", "web", 3.0, 1.0),
    ]
    result = sequence(jobs, {"platform": 1, "web": 1})
    slots = {s.id: s for s in result.slots}
    assert slots["app"].start == 4.0  # waits for the other team
    assert slots["side"].start == 0.0  # the web lane does not idle meanwhile
    assert result.cost == pytest.approx(10.0 * 6.0 + 3.0)


def test_an_enabler_for_another_team_is_ranked_by_the_chain_it_starts() -> None:
    """Platform's api (500 a week) unblocks web's checkout (8000 a week, due in week 6).

    Ranked within platform alone, sso (3000) would go first and checkout would finish in
    week 18; ranked across teams, api goes first: checkout finishes in week 12.
    """
    jobs = [
        Job("sso", "platform", 6.0, 3000.0, tie=0),
        Job("api", "platform", 6.0, 500.0, tie=1),
        Job("checkout", "web", 6.0, 8000.0, "fixed_date", 6.0, ("api",), tie=2),
    ]
    result = sequence(jobs, {"platform": 1, "web": 1})
    slots = {s.id: s for s in result.slots}
    assert slots["api"].start == 0.0 and slots["checkout"].finish == 12.0
    assert result.rule.startswith("rho-global")
    assert result.cost == 6 * 500 + 12 * 3000 + 6 * 8000 < result.cd3_cost
