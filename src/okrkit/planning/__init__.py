"""Capacity planning: what fits a period, in what order, and where teams collide.

- :func:`make_plan` selects the initiatives of a period that maximise total value within
  every team's capacity (exactly, as an integer program), sequences them to minimise the
  total delay cost, and lists the period's conflicts.
- :func:`find_conflicts` lists the conflicts of one period or of all periods, for
  ``okrkit check``.

The models, algorithms and their sources are documented in ``docs/planning.md``.
"""

from okrkit.planning.core import find_conflicts, make_plan
from okrkit.planning.result import (
    CONFLICT_NAMES,
    Conflict,
    ConflictName,
    NotSelected,
    PlanResult,
    Scheduled,
    TeamLoad,
)

__all__ = [
    "CONFLICT_NAMES",
    "Conflict",
    "ConflictName",
    "NotSelected",
    "PlanResult",
    "Scheduled",
    "TeamLoad",
    "find_conflicts",
    "make_plan",
]
