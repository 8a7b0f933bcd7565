"""A period of 1,000 initiatives in 50 teams: selected exactly, sequenced, all rules kept."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import synthetic_plan

from okrkit.planning import make_plan


def test_thousand_initiatives_fifty_teams() -> None:
    plan = synthetic_plan(1000, 50)
    started = time.perf_counter()
    result = make_plan(plan)
    elapsed = time.perf_counter() - started
    assert elapsed < 30.0  # a few seconds on a 2-core machine; generous for shared CI
    assert result.status == "optimal" and result.gap == 0.0
    assert result.optimal_value is not None
    assert result.total_value >= result.greedy_value
    by_id = plan.initiative_by_id
    selected = set(result.selected)
    # committed and in-progress work is always in
    assert {i.id for i in plan.initiatives if i.status != "proposed"} <= selected
    # dependency closure for everything chosen on top
    for iid in selected:
        if by_id[iid].status == "proposed":
            assert set(by_id[iid].depends_on) <= selected
    # capacity: proposed work fits in what committed work leaves
    for team in result.teams:
        assert team.capacity_weeks is not None
        proposed = team.planned_weeks - team.committed_weeks
        assert proposed <= max(team.capacity_weeks - team.committed_weeks, 0.0) + 1e-6
    # sequencing: dependencies and WIP limits hold, and the bound is below the cost
    slots = {s.id: s for s in result.schedule}
    assert set(slots) == selected
    for s in result.schedule:
        for d in by_id[s.id].depends_on:
            if d in slots:
                assert s.start_week >= slots[d].finish_week - 1e-9
    wip = {t.id: t.wip_limit for t in plan.teams}
    for tid, limit in wip.items():
        edges = sorted(
            [(s.start_week, 1) for s in result.schedule if s.team == tid]
            + [(s.finish_week, -1) for s in result.schedule if s.team == tid]
        )
        running = 0
        for _, step in edges:
            running += step
            assert running <= limit
    assert result.lower_bound_cost_of_delay <= result.total_cost_of_delay
    assert result.total_cost_of_delay <= result.cd3_cost_of_delay
