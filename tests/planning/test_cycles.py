"""Plans with dependency cycles are planned, not crashed on (the cycle is a check finding)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from okrkit.load import load_plan_text
from okrkit.planning import find_conflicts, make_plan

CYCLIC = """\
periods: [{id: q1, start: 2026-01-01, end: 2026-03-31}]
teams:
  - {id: a, capacity: {q1: 40}, wip_limit: 2}
  - {id: b, capacity: {q1: 40}}
initiatives:
  - {id: x, title: X, team: a, period: q1, depends_on: [z, w], effort_weeks: 4,
     rice: {reach: 10, impact: 1, confidence: 1, effort: 1}, cost_of_delay: {per_week: 5}}
  - {id: y, title: Y, team: b, period: q1, depends_on: [x], effort_weeks: 3,
     rice: {reach: 20, impact: 1, confidence: 1, effort: 1}, cost_of_delay: {per_week: 9}}
  - {id: z, title: Z, team: a, period: q1, depends_on: [y], effort_weeks: 2,
     rice: {reach: 5, impact: 1, confidence: 1, effort: 1}, cost_of_delay: {per_week: 1}}
  - {id: w, title: W, team: a, period: q1, effort_weeks: 2,
     rice: {reach: 5, impact: 1, confidence: 1, effort: 1}, cost_of_delay: {per_week: 2}}
  - {id: v, title: V, team: a, period: q1, depends_on: [w, x], effort_weeks: 2,
     rice: {reach: 7, impact: 1, confidence: 1, effort: 1}, cost_of_delay: {per_week: 3}}
"""


def test_a_cycle_across_teams_is_planned() -> None:
    plan = load_plan_text(CYCLIC)
    for method in ("rice", "cd3"):
        result = make_plan(plan, period="q1", method=method)
        scheduled = {s.id for s in result.schedule}
        assert scheduled <= {"v", "w", "x", "y", "z"}
        find_conflicts(plan, method=method)  # no exception


def test_generated_plan_with_cycles_checks_and_plans(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    try:
        from generate import AS_OF, generate
    finally:
        sys.path.pop(0)
    out = tmp_path / "plan"
    generate(200, 1, out, cycles=3)
    result = run_cli("check", out, "--as-of", AS_OF, "--format", "json", "--no-cache")
    assert result.exit_code == 1, result.stderr
    names = {f["name"] for f in json.loads(result.stdout)["findings"]}
    assert "dependency-cycle" in names
    assert run_cli("plan", out, "--as-of", AS_OF, "--format", "json", "--no-cache").exit_code == 0
