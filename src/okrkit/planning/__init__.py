"""Capacity planning: what fits each period, in what order, when, and where teams collide.

- :func:`build_schedule` plans every period in date order (spill-over, dependencies
  across periods, ``as_of``) and returns the one :class:`Schedule` every command reads.

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
    REASONS,
    Conflict,
    ConflictName,
    NotSelected,
    PillarShare,
    PlanResult,
    Scheduled,
    TeamLoad,
)
from okrkit.planning.schedule import Entry, Schedule, build_schedule

__all__ = [
    "CONFLICT_NAMES",
    "REASONS",
    "Conflict",
    "ConflictName",
    "Entry",
    "NotSelected",
    "PillarShare",
    "PlanResult",
    "Schedule",
    "Scheduled",
    "TeamLoad",
    "build_schedule",
    "find_conflicts",
    "make_plan",
]
