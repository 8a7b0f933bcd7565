"""Dependency analysis: cycles, critical path, cross-team waits, what unblocks what.

The analysis lives here and is pure; drawing lives in the :mod:`okrkit.report.deps` package.
networkx (about 125 ms to import) is imported only when a plan has a cycle, or by
:meth:`DepsAnalysis.to_networkx`.

Public API:

- :func:`analyze` — everything ``okrkit deps`` shows, as a :class:`DepsAnalysis`;
- :func:`find_cycles` — only the cycles (for the ``dependency-cycle`` check);
- :func:`select` — the part of an analysis that ``--team``, ``--focus``, ``--depth``
  and ``--cross-team`` keep, as a :class:`DepsView`.
"""

from okrkit.graph.analysis import analyze, analyze_initiatives, cycles_of, find_cycles
from okrkit.graph.model import (
    CriticalPath,
    DepsAnalysis,
    Edge,
    EdgeState,
    NodeInfo,
    ScheduleState,
)
from okrkit.graph.view import DepsView, select

__all__ = [
    "CriticalPath",
    "DepsAnalysis",
    "DepsView",
    "Edge",
    "EdgeState",
    "NodeInfo",
    "ScheduleState",
    "analyze",
    "analyze_initiatives",
    "cycles_of",
    "find_cycles",
    "select",
]
