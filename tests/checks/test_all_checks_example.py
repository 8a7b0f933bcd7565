"""examples/all-checks: every check fires, and exactly these findings are produced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from okrkit.checks import check_path
from okrkit.checks.registry import CHECKS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "all-checks"
AS_OF = dt.date(2026, 2, 15)

PLAN_FINDINGS = [
    ("team-over-capacity", "teams.yaml", 5),
    ("debt-share-below-minimum", "teams.yaml", 5),
    ("wip-limit-exceeded", "teams.yaml", 6),
    ("debt-share-below-minimum", "teams.yaml", 8),
    ("debt-share-below-minimum", "teams.yaml", 8),
    ("stale-key-result", "teams.yaml", 17),
    ("unsupported-key-result", "teams.yaml", 23),
    ("unmeasurable-key-result", "teams.yaml", 23),
    ("too-many-key-results", "teams.yaml", 23),
    ("stale-key-result", "teams.yaml", 23),
    ("objective-without-pillar", "teams.yaml", 33),
    ("too-many-objectives", "teams.yaml", 33),
    ("no-leading-indicator", "teams.yaml", 42),
    ("conflicting-key-results", "teams.yaml", 44),
    ("target-against-direction", "teams.yaml", 47),
    ("finishes-after-period", "teams.yaml", 51),
    ("finishes-after-period", "teams.yaml", 54),
    ("finishes-after-period", "teams.yaml", 61),
    ("unfunded-dependency", "teams.yaml", 63),
    ("finishes-after-period", "teams.yaml", 67),
    ("late-dependency", "teams.yaml", 68),
    ("finishes-after-period", "teams.yaml", 70),
    ("finishes-after-period", "teams.yaml", 72),
    ("missed-deadline", "teams.yaml", 75),
    ("finishes-after-period", "teams.yaml", 76),
    ("priority-inversion", "teams.yaml", 77),
    ("dependency-cycle", "teams.yaml", 79),
    ("broken-dependency", "teams.yaml", 84),
    ("orphan-initiative", "teams.yaml", 86),
    ("experiment-without-timebox", "teams.yaml", 88),
    ("principle:short-experiments", "teams.yaml", 88),
    ("experiment-past-timebox", "teams.yaml", 92),
    ("missing-estimates", "teams.yaml", 95),
    ("unused-ignore", "teams.yaml", 97),
    ("pillar-share-drift", "vision.yaml", 16),
    ("pillar-without-objectives", "vision.yaml", 18),
    ("outside-vision-horizon", "vision.yaml", 23),
]

BROKEN_FINDINGS = {
    "duplicate-id.yaml": [("duplicate-id", "duplicate-id.yaml", 4)],
    "invalid-plan.yaml": [
        ("invalid-plan", "invalid-plan.yaml", 3),
        ("invalid-plan", "invalid-plan.yaml", 5),
    ],
    "unknown-reference.yaml": [
        ("unknown-reference", "unknown-reference.yaml", 4),
        ("unknown-reference", "unknown-reference.yaml", 4),
    ],
    "yaml-syntax.yaml": [("yaml-syntax", "yaml-syntax.yaml", 3)],
}


def _triples(path: Path) -> list[tuple[str, str, int]]:
    report = check_path(path, AS_OF, use_cache=False)
    return [(f.name, Path(f.location.file).name, f.location.line) for f in report.findings]


def test_the_plan_produces_exactly_these_findings() -> None:
    assert _triples(EXAMPLE / "plan") == PLAN_FINDINGS


@pytest.mark.parametrize("name", sorted(BROKEN_FINDINGS))
def test_each_broken_plan_produces_exactly_its_findings(name: str) -> None:
    assert _triples(EXAMPLE / "broken" / name) == BROKEN_FINDINGS[name]


def test_every_check_fires_somewhere() -> None:
    fired = {n for n, _, _ in PLAN_FINDINGS}
    fired |= {n for findings in BROKEN_FINDINGS.values() for n, _, _ in findings}
    fired = {"principle" if n.startswith("principle:") else n for n in fired}
    assert fired == {c.name for c in CHECKS}
