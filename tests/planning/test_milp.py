"""The solver wrapper: HiGHS through its C API (okrkit.planning.milp)."""

from __future__ import annotations

import itertools
import random

import pytest

from okrkit.planning.milp import Row, solve_binary


def brute(objective: list[float], rows: list[Row], fixed: tuple[int, ...] = ()) -> float | None:
    best: float | None = None
    for x in itertools.product((0, 1), repeat=len(objective)):
        if any(x[k] == 0 for k in fixed):
            continue
        ok = all(
            r.lower - 1e-9
            <= sum(c * x[k] for k, c in zip(r.cols, r.coefs, strict=True))
            <= r.upper + 1e-9
            for r in rows
        )
        if ok:
            v = sum(c * xi for c, xi in zip(objective, x, strict=True))
            best = v if best is None else max(best, v)
    return best


def test_a_knapsack_is_solved_to_optimality() -> None:
    # CLRS 16.2: capacity 50; (10, 60), (20, 100), (30, 120): the optimum takes the last two
    got = solve_binary([60.0, 100.0, 120.0], [Row((0, 1, 2), (10.0, 20.0, 30.0), upper=50.0)])
    assert got.optimal and got.x == (0.0, 1.0, 1.0) and got.objective == 220.0


def test_random_problems_agree_with_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(30):
        n = rng.randint(1, 8)
        objective = [round(rng.uniform(-2, 10), 2) for _ in range(n)]
        rows = [
            Row(tuple(range(n)), tuple(round(rng.uniform(0, 5), 1) for _ in range(n)), upper=8.0)
        ]
        for _ in range(rng.randint(0, 3)):  # precedence: x_a <= x_b
            a, b = rng.sample(range(n), 2) if n > 1 else (0, 0)
            if a != b:
                rows.append(Row((a, b), (1.0, -1.0), upper=0.0))
        fixed = tuple(k for k in range(n) if rng.random() < 0.1)
        want = brute(objective, rows, fixed)
        got = solve_binary(objective, rows, fixed_one=fixed)
        if want is None:
            assert got.x is None
        else:
            assert got.optimal and got.objective == pytest.approx(want)
            assert all(got.x is not None and got.x[k] > 0.5 for k in fixed)


def test_a_lower_bound_row_and_an_infeasible_model() -> None:
    rows = [Row((0, 1), (1.0, 1.0), lower=2.0), Row((0, 1), (3.0, 3.0), upper=5.0)]
    assert solve_binary([1.0, 1.0], rows).x is None
    got = solve_binary([1.0, -1.0], [Row((0, 1), (1.0, 1.0), lower=1.5)])
    assert got.x == (1.0, 1.0) and got.objective == 0.0


def test_an_empty_model() -> None:
    got = solve_binary([], [])
    assert got.x == () and got.objective == 0.0
