"""The capacity and conflict checks report what okrkit.planning finds, once per run."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import pytest

from okrkit.checks import run_checks
from okrkit.checks.base import CheckContext
from okrkit.load import load_plan_text

AS_OF = dt.date(2026, 2, 1)

PLAN = textwrap.dedent(
    """\
    periods: [{id: q1, start: 2026-01-05, end: 2026-03-29}]
    teams:
      - {id: web, capacity: {q1: 10}, wip_limit: 1}
      - {id: api, capacity: {q1: 10}}
    objectives:
      - id: o1
        title: O
        team: web
        key_results:
          - {id: k1, title: K, metric: signups, direction: increase, baseline: 1, target: 2}
      - id: o2
        title: O
        team: api
        key_results:
          - {id: k2, title: K, metric: signups, direction: decrease, baseline: 2, target: 1}
    initiatives:
      - {id: a, title: A, team: web, period: q1, status: committed, effort_weeks: 8}
      - {id: b, title: B, team: web, period: q1, status: committed, effort_weeks: 8}
      - {id: c, title: C, team: web, status: in_progress}
      - {id: d, title: D, team: web, status: in_progress}
      - {id: e, title: E, team: api, status: committed, depends_on: [f]}
      - {id: f, title: F, team: web, status: proposed}
    """
)


def _run(text: str, **kw: Any) -> list[tuple[int, int, str, str | None, str]]:
    plan = load_plan_text(text)
    report = run_checks(plan, AS_OF, sources={"okrkit.yaml": text}, **kw)
    return [
        (f.location.line, f.location.column, f.name, f.subject, f.severity) for f in report.findings
    ]


def test_conflicts_become_findings_at_the_element() -> None:
    assert _run(PLAN, select=["OKR3"]) == [
        (3, 30, "team-over-capacity", "web", "error"),
        (3, 46, "wip-limit-exceeded", "web", "warning"),
        (15, 56, "conflicting-key-results", "k2", "warning"),
        # one lane from --as-of (2026-02-01): b starts after a, ends after 2026-03-29
        (18, 42, "finishes-after-period", "b", "warning"),
        (21, 66, "unfunded-dependency", "e", "error"),
    ]


def test_a_plan_without_conflicts_passes() -> None:
    text = (
        PLAN.replace("q1: 10}, wip_limit: 1", "q1: 20}, wip_limit: 2")
        .replace("direction: decrease", "direction: increase")
        .replace("status: proposed", "status: committed")
    )
    assert _run(text, select=["OKR3"]) == []


def test_find_conflicts_runs_once_for_all_the_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    import okrkit.planning

    calls: list[object] = []
    real = okrkit.planning.find_conflicts

    def counting(plan: Any, **kw: Any) -> Any:
        calls.append(plan)
        return real(plan, **kw)

    monkeypatch.setattr(okrkit.planning, "find_conflicts", counting)
    _run(PLAN)
    assert len(calls) == 1


def test_no_planning_when_no_capacity_check_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import okrkit.planning

    def boom(plan: Any, **kw: Any) -> Any:
        raise AssertionError("find_conflicts should not run")

    monkeypatch.setattr(okrkit.planning, "find_conflicts", boom)
    _run(PLAN, ignore=["OKR3"])


def test_every_conflict_name_maps_to_its_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each OKR3xx check reports its conflicts where the conflict says (its location)."""
    from okrkit.planning import Conflict

    plan = load_plan_text(PLAN)
    a = plan.initiative_by_id["a"]
    names = [
        "team-over-capacity",
        "wip-limit-exceeded",
        "unfunded-dependency",
        "late-dependency",
        "missed-deadline",
        "priority-inversion",
        "conflicting-key-results",
        "finishes-after-period",
    ]
    where = plan.where(a, "effort_weeks")
    fakes = [
        Conflict(n, a, ("effort_weeks",), f"{n} happened", location=where)  # type: ignore[arg-type]
        for n in names
    ]
    monkeypatch.setattr(CheckContext, "conflicts", property(lambda self: fakes))
    report = run_checks(plan, AS_OF, select=["OKR3"])
    got = sorted(
        (f.name, f.code, f.location.line, f.location.column, f.subject, f.message)
        for f in report.findings
    )
    assert got == sorted(
        (n, f"OKR30{i + 1}", 17, 79, "a", f"{n} happened.") for i, n in enumerate(names)
    )
