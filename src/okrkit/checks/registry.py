"""The one explicit list of checks, and lookups by name, code or code prefix."""

from __future__ import annotations

from typing import Any

from okrkit.checks.alignment import (
    NoLeadingIndicator,
    ObjectiveWithoutPillar,
    OrphanInitiative,
    OutsideVisionHorizon,
    PillarShareDrift,
    PillarWithoutObjectives,
    TargetAgainstDirection,
    TooManyKeyResults,
    TooManyObjectives,
    UnmeasurableKeyResult,
    UnsupportedKeyResult,
)
from okrkit.checks.base import Check
from okrkit.checks.capacity import (
    ConflictingKeyResults,
    FinishesAfterPeriod,
    LateDependency,
    MissedDeadline,
    PriorityInversion,
    TeamOverCapacity,
    UnfundedDependency,
    WipLimitExceeded,
)
from okrkit.checks.graph import BrokenDependency, DependencyCycle
from okrkit.checks.hygiene import (
    DebtShareBelowMinimum,
    ExperimentPastTimebox,
    ExperimentWithoutTimebox,
    MissingEstimates,
    StaleKeyResult,
)
from okrkit.checks.loading import (
    DuplicateId,
    InvalidPlan,
    UnknownReference,
    UnusedIgnore,
    YamlSyntax,
)
from okrkit.checks.policy import PrincipleViolation

CHECKS: tuple[type[Check[Any]], ...] = (
    YamlSyntax,
    InvalidPlan,
    UnknownReference,
    DuplicateId,
    UnusedIgnore,
    DependencyCycle,
    BrokenDependency,
    ObjectiveWithoutPillar,
    OrphanInitiative,
    UnsupportedKeyResult,
    UnmeasurableKeyResult,
    PillarWithoutObjectives,
    PillarShareDrift,
    TooManyObjectives,
    TooManyKeyResults,
    OutsideVisionHorizon,
    TargetAgainstDirection,
    NoLeadingIndicator,
    TeamOverCapacity,
    WipLimitExceeded,
    UnfundedDependency,
    LateDependency,
    MissedDeadline,
    PriorityInversion,
    ConflictingKeyResults,
    FinishesAfterPeriod,
    ExperimentWithoutTimebox,
    ExperimentPastTimebox,
    DebtShareBelowMinimum,
    StaleKeyResult,
    MissingEstimates,
    PrincipleViolation,
)

BY_NAME: dict[str, type[Check[Any]]] = {c.name: c for c in CHECKS}
BY_CODE: dict[str, type[Check[Any]]] = {c.code: c for c in CHECKS}

GROUPS: dict[str, str] = {
    "loading": "OKR0xx: loading and configuration",
    "graph": "OKR1xx: the dependency graph",
    "alignment": "OKR2xx: alignment with the vision",
    "capacity": "OKR3xx: capacity and cross-team conflicts",
    "hygiene": "OKR4xx: hygiene",
    "policy": "OKR900: the vision's principles",
}


def get_check(key: str) -> type[Check[Any]] | None:
    """The check with this name or code (codes are case-insensitive)."""
    return BY_NAME.get(key) or BY_CODE.get(key.upper())


def match(selector: str) -> list[type[Check[Any]]]:
    """Checks a ``--select``/``--ignore`` value names: a name, a code, or a code prefix
    such as ``OKR3`` (every capacity check). ``principle:<id>`` matches the principle
    check. An empty list means the selector names nothing."""
    key = selector.strip()
    if key.startswith("principle:"):
        return [PrincipleViolation]
    found = get_check(key)
    if found is not None:
        return [found]
    upper = key.upper()
    if upper.startswith("OKR") and len(upper) > 3:
        return [c for c in CHECKS if c.code.startswith(upper)]
    return []
