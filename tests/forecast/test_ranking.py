"""Ranking under uncertainty: exact where nothing is uncertain, calibrated where it is."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from okrkit.forecast.ranking import (
    forecast_ranking,
    rankdata,
    spearman,
    swing,
)
from okrkit.model import Initiative, Plan, Settings, SourceMap
from okrkit.scoring import score_plan


def _plan(initiatives: list[dict[str, Any]], settings: dict[str, Any] | None = None) -> Plan:
    items = [Initiative.model_validate({"title": d["id"], "team": "t", **d}) for d in initiatives]
    return Plan(
        files=["mem.yaml"],
        vision=None,
        periods=[],
        teams=[],
        objectives=[],
        initiatives=items,
        settings=Settings.model_validate(settings or {}),
        source=SourceMap(["mem.yaml"], [dict]),
        origins={},
    )


def _rice(ident: str, reach: Any, effort: Any = 1, confidence: Any = 1.0) -> dict[str, Any]:
    return {
        "id": ident,
        "rice": {"reach": reach, "impact": 1, "confidence": confidence, "effort": effort},
    }


def _forecast(plan: Plan, **kw: Any) -> Any:
    args: dict[str, Any] = {
        "method": None,
        "samples": 10_000,
        "seed": 0,
        "top_n": 1,
        "distribution": "pert",
    }
    args.update(kw)
    return forecast_ranking(plan, list(plan.initiatives), **args)


def test_symmetric_rival_wins_half_the_samples() -> None:
    # b's only uncertain input is symmetric around a's fixed score: b ranks first ~50%
    plan = _plan([_rice("a", 100), _rice("b", {"low": 50, "high": 150})])
    f = _forecast(plan)
    band = {b.id: b for b in f.bands}
    assert band["b"].p_top == pytest.approx(0.5, abs=0.02)
    assert band["a"].p_top == pytest.approx(1 - band["b"].p_top)
    # neither ranks above the other in 90% of samples: one tie group
    assert f.tie_groups == (("a", "b"),)
    assert f.samples == 10_000


def test_no_ranges_gives_the_point_ranking_exactly() -> None:
    plan = _plan(
        [
            _rice("a", 300, effort=2),
            _rice("b", 100),
            _rice("c", 150, effort=1.5),  # ties b on score: the tie rule orders them
            _rice("d", 20, confidence=0.5),
            {"id": "e"},  # unscored
        ]
    )
    f = _forecast(plan, samples=200, top_n=2)
    point = score_plan(plan, "rice")
    assert [b.id for b in f.bands] == [s.id for s in point.scored]
    for b, s in zip(f.bands, point.scored, strict=True):
        assert b.point_rank == s.rank
        assert b.p5_rank == b.p95_rank == s.rank
        assert b.median_rank == s.rank
        assert b.p_top in (0.0, 1.0)
        assert b.p_top == (1.0 if s.rank <= 2 else 0.0)
    assert f.tie_groups == ()
    assert f.evpi == 0.0
    assert f.drivers == ()
    assert f.unscored == ("e",)


def test_same_seed_same_result_other_seed_within_sampling_error() -> None:
    plan = _plan(
        [
            _rice("a", {"low": 80, "likely": 100, "high": 160}),
            _rice("b", 110, effort={"low": 0.8, "high": 1.4}),
            _rice("c", {"low": 10, "high": 200}),
        ]
    )
    one = _forecast(plan, seed=1)
    again = _forecast(plan, seed=1)
    other = _forecast(plan, seed=2)
    assert one == again
    for x, y in zip(one.bands, other.bands, strict=True):
        # three standard errors of a proportion at n = 10,000 is at most 0.015
        assert abs(x.p_top - y.p_top) <= 0.015


def test_evpi_is_the_mean_regret_of_the_expected_best_choice() -> None:
    # a is fixed at 100; b is 0 or 300 with equal chance (a wide symmetric range)
    plan = _plan([_rice("a", 100), _rice("b", {"low": 0, "high": 200})])
    f = _forecast(plan, samples=20_000)
    # choose by mean: a (100) vs b (mean 100): tie broken by point order
    assert len(f.expected_top) == 1
    # regret = E[max(a, b) - chosen]; with b ~ PERT(0, 100, 200) symmetric, E[max(0, b-100)]
    samples = 100 + 200 * (np.random.default_rng(0).beta(3, 3, 200_000) - 0.5)
    expected = float(np.maximum(samples - 100, 0).mean())
    assert f.evpi == pytest.approx(expected, rel=0.05)


def test_drivers_rank_the_input_that_moves_the_rank() -> None:
    plan = _plan(
        [
            _rice("a", 100),
            _rice("b", {"low": 50, "high": 150}, confidence={"low": 0.95, "high": 1.0}),
        ]
    )
    f = _forecast(plan, samples=4000)
    top = f.drivers[0]
    assert (top.initiative, top.input) == ("b", "rice.reach")
    assert top.correlation < -0.5  # more reach, better (lower) rank
    assert top.swing < 0


def test_formula_methods_are_sampled_per_initiative() -> None:
    settings = {"scoring": {"method": "f", "formulas": {"f": "rice.reach * 2"}}}
    plan = _plan([_rice("a", 100), _rice("b", {"low": 40, "high": 60})], settings)
    f = _forecast(plan, samples=500, method=None)
    assert f.method == "f"
    band = {b.id: b for b in f.bands}
    assert band["a"].p_top == 1.0
    assert band["b"].p5_rank == band["b"].p95_rank == 2


def test_spearman_and_swing_helpers() -> None:
    x = np.arange(100, dtype=float)
    assert spearman(x, -x) == pytest.approx(-1.0)
    assert spearman(x, np.ones(100)) == 0.0
    assert list(rankdata(np.array([3.0, 1.0, 3.0]))) == [2.5, 1.0, 2.5]
    assert swing(x, x) == pytest.approx(90.0, abs=1.0)
    assert math.isclose(swing(x, np.zeros(100)), 0.0)


def test_spearman_stays_within_minus_one_and_one() -> None:
    # nine values: the unclamped quotient is 1.0000000000000002 (it reached the JSON)
    x = np.arange(9, dtype=float)
    assert spearman(x, x) == 1.0
    assert spearman(x, -x) == -1.0
    for n in range(2, 60):
        y = np.arange(n, dtype=float)
        assert -1.0 <= spearman(y, y) <= 1.0
        assert -1.0 <= spearman(y, -y) <= 1.0
