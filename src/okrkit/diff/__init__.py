"""``okrkit diff``: what a change does to a plan, compared in results, not text.

Both versions of the plan are analysed in full (:func:`~okrkit.diff.snapshot.analyse`:
rankings, selection, schedule, shares, dependencies, checks) and the results compared
(:func:`~okrkit.diff.compare.compare`), matching elements by id, never by position.
The result is a frozen :class:`~okrkit.diff.compare.PlanDiff` that the reporters in
:mod:`okrkit.report.diff` render. Reading a plan at a git revision is the loader's job
(:mod:`okrkit.load.git`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from okrkit.diff.compare import (
    CapacityChange,
    DeadlineMiss,
    EdgeChange,
    ElementChange,
    FieldChange,
    KeyResultChange,
    PlanDiff,
    RankMove,
    ScheduleChange,
    SelectionChange,
    ShareChange,
    compare,
)
from okrkit.diff.snapshot import Snapshot, analyse

if TYPE_CHECKING:
    from okrkit.model import Plan


def diff_plans(
    base: Plan,
    head: Plan,
    *,
    as_of: dt.date,
    base_label: str,
    head_label: str,
    methods: Sequence[str] | None = None,
    base_sources: Mapping[str, str] | None = None,
    head_sources: Mapping[str, str] | None = None,
) -> PlanDiff:
    """Analyse both plans and compare the results. ``methods`` default to the later
    plan's scoring method (the earlier plan is ranked by the same methods)."""
    chosen = tuple(methods) if methods else (head.settings.scoring.method,)
    old = analyse(base, label=base_label, as_of=as_of, methods=chosen, sources=base_sources)
    new = analyse(head, label=head_label, as_of=as_of, methods=chosen, sources=head_sources)
    return compare(old, new, as_of=as_of)


__all__ = [
    "CapacityChange",
    "DeadlineMiss",
    "EdgeChange",
    "ElementChange",
    "FieldChange",
    "KeyResultChange",
    "PlanDiff",
    "RankMove",
    "ScheduleChange",
    "SelectionChange",
    "ShareChange",
    "Snapshot",
    "analyse",
    "compare",
    "diff_plans",
]
