"""Reports shared by the reporter tests: every check firing, a clean plan, a broken plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from okrkit.checks import CheckReport, check_path, run_checks
from okrkit.load import load_plan_text

ROOT = Path(__file__).resolve().parents[3]
AS_OF = dt.date(2026, 2, 15)

CLEAN = """\
vision:
  statement: Ship daily.
  pillars: [{id: speed, name: Speed}]
teams: [{id: web}]
objectives:
  - id: o1
    title: Fast
    pillar: speed
    key_results: [{id: k1, title: Launch, direction: milestone}]
initiatives:
  - {id: a, title: A, team: web, key_results: [k1],
     rice: {reach: 10, impact: 1, confidence: 0.5, effort: 1}}
"""


def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.fixture
def full_report(monkeypatch: pytest.MonkeyPatch) -> CheckReport:
    _at_root(monkeypatch)
    return check_path(Path("examples/all-checks/plan"), AS_OF, use_cache=False)


@pytest.fixture
def broken_report(monkeypatch: pytest.MonkeyPatch) -> CheckReport:
    _at_root(monkeypatch)
    return check_path(Path("examples/all-checks/broken/invalid-plan.yaml"), AS_OF, use_cache=False)


@pytest.fixture
def clean_report() -> CheckReport:
    return run_checks(load_plan_text(CLEAN), AS_OF, sources={"okrkit.yaml": CLEAN})


@pytest.fixture(params=["full", "broken", "clean"])
def any_report(request: pytest.FixtureRequest) -> CheckReport:
    report: CheckReport = request.getfixturevalue(f"{request.param}_report")
    return report
