"""Invariants of the engine, over the example where every check fires."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.checks import CheckReport, run_checks
from okrkit.checks.registry import CHECKS
from okrkit.checks.result import Finding
from okrkit.load import load_plan

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 2, 15)
PLAN = load_plan(ROOT / "examples" / "all-checks" / "plan", use_cache=False)
NAMES = sorted(c.name for c in CHECKS if not c.from_loader and c.name != "unused-ignore")


def _full() -> CheckReport:
    return run_checks(PLAN, AS_OF)


FULL = _full()


def _base(f: Finding) -> str:
    return "principle" if f.name.startswith("principle:") else f.name


@settings(max_examples=25, deadline=None)
@given(st.sets(st.sampled_from(NAMES), min_size=1))
def test_selecting_checks_keeps_exactly_their_findings(chosen: set[str]) -> None:
    report = run_checks(PLAN, AS_OF, select=sorted(chosen))
    assert report.findings == tuple(f for f in FULL.findings if _base(f) in chosen)


@settings(max_examples=25, deadline=None)
@given(st.sets(st.sampled_from(NAMES)))
def test_ignoring_is_the_complement_of_selecting(dropped: set[str]) -> None:
    report = run_checks(PLAN, AS_OF, ignore=sorted(dropped | {"unused-ignore"}))
    kept = tuple(f for f in FULL.findings if _base(f) not in dropped and f.name != "unused-ignore")
    assert report.findings == kept


def test_findings_are_sorted_and_the_run_is_deterministic() -> None:
    assert list(FULL.findings) == sorted(FULL.findings, key=Finding.sort_key)
    assert _full() == FULL
