"""Invariants of scoring and ranking, checked with hypothesis."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.model import Plan
from okrkit.scoring import score_plan, value_size
from okrkit.scoring.explain import explain_initiative

MakePlan = Callable[..., Plan]

positive = st.floats(min_value=0.1, max_value=1e4, allow_nan=False, allow_infinity=False)
fraction = st.floats(min_value=0.05, max_value=1.0)
factor = st.floats(min_value=1.01, max_value=10.0)
ten = st.integers(min_value=1, max_value=10)


@st.composite
def initiative(draw: st.DrawFn, ident: str) -> dict[str, Any]:
    d: dict[str, Any] = {"id": ident}
    if draw(st.booleans()) or ident == "x":
        d["rice"] = {
            "reach": draw(positive),
            "impact": draw(st.sampled_from([0.25, 0.5, 1, 2, 3])),
            "confidence": draw(fraction),
            "effort": draw(positive),
        }
    if draw(st.booleans()):
        d["wsjf"] = {
            "business_value": draw(st.sampled_from([1, 2, 3, 5, 8, 13, 20])),
            "time_criticality": draw(st.sampled_from([1, 2, 3, 5, 8, 13, 20])),
            "risk_reduction": draw(st.sampled_from([1, 2, 3, 5, 8, 13, 20])),
            "job_size": draw(st.sampled_from([1, 2, 3, 5, 8, 13, 20])),
        }
    if draw(st.booleans()):
        d["cost_of_delay"] = {"per_week": draw(positive)}
        d["effort_weeks"] = draw(positive)
    if draw(st.booleans()):
        d["ice"] = {"impact": draw(ten), "confidence": draw(ten), "ease": draw(ten)}
    return d


@st.composite
def plans(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(min_value=1, max_value=12))
    return [draw(initiative(f"i{k:02d}")) for k in range(n)]


def _rice(reach: float, impact: float, confidence: float, effort: float) -> dict[str, Any]:
    return {
        "id": "x",
        "rice": {"reach": reach, "impact": impact, "confidence": confidence, "effort": effort},
    }


@settings(max_examples=40, deadline=None)
@given(positive, st.sampled_from([0.25, 0.5, 1, 2]), fraction, positive, factor)
def test_rice_rises_with_reach_impact_confidence_and_falls_with_effort(
    make_plan: MakePlan, reach: float, impact: float, conf: float, effort: float, k: float
) -> None:
    def score(r: float, i: float, c: float, e: float) -> float:
        return score_plan(make_plan([_rice(r, i, c, e)]), "rice").scored[0].score

    base = score(reach, impact, conf, effort)
    assert score(reach * k, impact, conf, effort) > base
    assert score(reach, impact * k, conf, effort) > base
    if conf * k <= 1:
        assert score(reach, impact, conf * k, effort) > base
    assert score(reach, impact, conf, effort * k) < base


@settings(max_examples=25, deadline=None)
@given(items=plans())
def test_wsjf_and_cd3_are_value_over_size(make_plan: MakePlan, items: list[dict[str, Any]]) -> None:
    plan = make_plan(items)
    for method in ("wsjf", "cd3", "rice"):
        r = score_plan(plan, method)
        for s in r.scored:
            assert s.value is not None and s.size is not None
            assert math.isclose(s.score, s.value / s.size, rel_tol=1e-12)
            i = plan.initiative_by_id[s.id]
            assert value_size(plan, i, method) == (s.value, s.size)


@settings(max_examples=25, deadline=None)
@given(items=plans(), data=st.data())
def test_ranking_does_not_depend_on_file_order(
    make_plan: MakePlan, items: list[dict[str, Any]], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(items))
    for method in ("rice", "wsjf", "cd3", "ice"):
        a = score_plan(make_plan(items), method)
        b = score_plan(make_plan(shuffled), method)
        assert a == b


@settings(max_examples=25, deadline=None)
@given(items=plans(), extra=initiative("zz-new"))
def test_absolute_scores_do_not_change_when_an_initiative_is_added(
    make_plan: MakePlan, items: list[dict[str, Any]], extra: dict[str, Any]
) -> None:
    for method in ("rice", "wsjf", "cd3", "ice"):
        before = {s.id: s.score for s in score_plan(make_plan(items), method).scored}
        after = {s.id: s.score for s in score_plan(make_plan([*items, extra]), method).scored}
        assert {k: v for k, v in after.items() if k != "zz-new"} == before
        # and the relative order of the others is unchanged
        order_before = sorted(before, key=lambda k: before[k])
        ranks_after = {s.id: s.rank for s in score_plan(make_plan([*items, extra]), method).scored}
        kept = [k for k in sorted(ranks_after, key=ranks_after.__getitem__) if k != "zz-new"]
        ranks_before = {s.id: s.rank for s in score_plan(make_plan(items), method).scored}
        assert kept == sorted(ranks_before, key=ranks_before.__getitem__)
        assert len(order_before) == len(kept)


@settings(max_examples=25, deadline=None)
@given(items=plans(), me=initiative("x"))
def test_sensitivity_values_tie_with_the_neighbour(
    make_plan: MakePlan, items: list[dict[str, Any]], me: dict[str, Any]
) -> None:
    """Setting an input to its break-even value makes the score equal the neighbour's."""
    plan = make_plan([*items, me])
    e = explain_initiative(plan, "x", "rice")
    ranking = score_plan(plan, "rice")
    assert e.sensitivity is not None
    by_id = ranking.by_id
    for line in e.sensitivity.lines:
        for shift in (line.up, line.down):
            if shift is None or shift.tied:
                continue
            target = by_id[shift.neighbour].score
            inputs = dict(by_id["x"].inputs)
            inputs[line.name] = shift.value
            r, i, c, eff = (
                float(inputs[n])
                for n in ("rice.reach", "rice.impact", "rice.confidence", "rice.effort")
            )
            assert math.isclose(r * i * c / eff, target, rel_tol=1e-9)
