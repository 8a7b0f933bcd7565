"""Per-check cases: for each check, plans that pass and plans that fail, with the
complete list of findings each produces (``cases/<check>.yaml``).

A case lists findings as ``"line:col name: message"``; ``severities`` (optional) lists
their severities in the same order.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from okrkit.checks import run_checks
from okrkit.checks.registry import CHECKS
from okrkit.load import load_plan_text

CASES = Path(__file__).parent / "cases"
DEFAULT_AS_OF = dt.date(2026, 2, 1)


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _cases() -> list[Any]:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        spec = _load(path)
        for case in spec["cases"]:
            out.append(pytest.param(spec, case, id=f"{spec['check']}: {case['name']}"))
    return out


def run_case(check: str, text: str, as_of: dt.date) -> list[tuple[str, str]]:
    plan = load_plan_text(text, name="okrkit.yaml")
    report = run_checks(plan, as_of, select=[check], sources={"okrkit.yaml": text})
    return [
        (f"{f.location.line}:{f.location.column} {f.name}: {f.message}", f.severity)
        for f in report.findings
    ]


@pytest.mark.parametrize(("spec", "case"), _cases())
def test_case(spec: dict[str, Any], case: dict[str, Any]) -> None:
    as_of = spec.get("as_of") or DEFAULT_AS_OF
    got = run_case(spec["check"], case["plan"], as_of)
    assert [g[0] for g in got] == case["findings"]
    if "severities" in case:
        assert [g[1] for g in got] == case["severities"]


# Checks whose cases live elsewhere: the loader's (tests/checks/test_loading.py) and
# those fed by okrkit.planning (tests/checks/test_capacity.py), unused-ignore
# (tests/checks/test_ignore.py).
ELSEWHERE = {c.name for c in CHECKS if c.from_loader or c.group == "capacity"} | {
    "unused-ignore",
}


def test_every_check_has_a_passing_and_a_failing_case() -> None:
    covered: dict[str, tuple[bool, bool]] = {}
    for path in CASES.glob("*.yaml"):
        spec = _load(path)
        assert path.stem == spec["check"]
        passing = any(not c["findings"] for c in spec["cases"])
        failing = any(c["findings"] for c in spec["cases"])
        covered[spec["check"]] = (passing, failing)
    for check in CHECKS:
        if check.name in ELSEWHERE:
            continue
        assert covered.get(check.name) == (True, True), check.name
