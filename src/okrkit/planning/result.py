"""What planning returns: frozen dataclasses, rendered by :mod:`okrkit.report.plan`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from okrkit.model.aggregate import Location

ConflictName = Literal[
    "team-over-capacity",
    "wip-limit-exceeded",
    "unfunded-dependency",
    "late-dependency",
    "missed-deadline",
    "priority-inversion",
    "conflicting-key-results",
    "finishes-after-period",
    "dependency-cycle",
]

CONFLICT_NAMES: tuple[ConflictName, ...] = (
    "team-over-capacity",
    "wip-limit-exceeded",
    "unfunded-dependency",
    "late-dependency",
    "missed-deadline",
    "priority-inversion",
    "conflicting-key-results",
    "finishes-after-period",
    "dependency-cycle",
)

Reason = Literal["cycle", "dependency", "no-estimate", "not-scored", "no-value", "capacity"]
REASONS: tuple[Reason, ...] = (
    "cycle",
    "dependency",
    "no-estimate",
    "not-scored",
    "no-value",
    "capacity",
)
"""Why work is below the cut line, in the order they are tested (the first that applies)."""


@dataclass(frozen=True)
class Conflict:
    """A capacity or cross-team conflict, reported at the element that suffers.

    ``subject`` is the plan element (an ``Initiative``, ``Team`` or ``KeyResult``) and
    ``path`` the field inside it; ``location`` is where that was written
    (``plan.where(subject, *path)``), so every reporter and check points at one place.
    """

    name: ConflictName
    subject: Any
    path: tuple[str | int, ...]
    message: str
    teams: tuple[str, ...] = ()
    initiatives: tuple[str, ...] = ()
    period: str | None = None
    key_results: tuple[str, ...] = ()
    location: Location | None = None

    @property
    def subject_id(self) -> str:
        return str(getattr(self.subject, "id", ""))


@dataclass(frozen=True)
class NotSelected:
    """An initiative of the period left below the cut line, and why."""

    id: str
    team: str
    reason: Reason
    detail: str
    """One sentence: what did not fit, or which dependency is missing."""
    blocked_by: str | None = None
    """The dependency that kept it out (reason ``dependency``)."""
    effort_weeks: float | None = None
    cycle: tuple[str, ...] = ()
    """The dependency cycle it is on (reason ``cycle``)."""
    extras: dict[str, Any] = field(default_factory=dict)
    """owner, tags, links, meta (:func:`okrkit.model.plan.extras_json`)."""


@dataclass(frozen=True)
class Scheduled:
    id: str
    team: str
    start_week: float
    finish_week: float
    cost_of_delay: float
    """Delay cost this initiative accrues until it finishes (see docs/planning.md)."""
    deadline_week: float | None = None
    """The deadline as weeks from the period start (end of the deadline day)."""
    status: str = "proposed"
    effort_weeks: float | None = None
    start: dt.date | None = None
    """First day of work."""
    finish: dt.date | None = None
    """Last day of work."""
    deadline: dt.date | None = None
    spill_over_weeks: float = 0.0
    """Calendar weeks of work after the period ends (0 when it finishes in time)."""
    carried_weeks: float = 0.0
    """Person-weeks of effort those weeks carry into the team's next period."""
    extras: dict[str, Any] = field(default_factory=dict)
    """owner, tags, links, meta (:func:`okrkit.model.plan.extras_json`)."""


@dataclass(frozen=True)
class TeamLoad:
    id: str
    capacity_weeks: float | None
    """None: no capacity recorded for the period (the team is not constrained)."""
    planned_weeks: float
    committed_weeks: float
    """Committed and in-progress effort (always in)."""
    carried_weeks: float
    """Effort carried over from earlier periods' work that runs into this one; it is
    taken from the capacity before anything is selected."""
    utilization: float | None
    wip_limit: int


@dataclass(frozen=True)
class PlanResult:
    """A period's plan: what is selected, in what order, and what conflicts."""

    period: str
    method: str
    select: Literal["optimal", "greedy"]
    horizon_weeks: float
    selected: tuple[str, ...]
    """Selected initiatives in ranking order (committed and in-progress work included)."""
    not_selected: tuple[NotSelected, ...]
    schedule: tuple[Scheduled, ...]
    total_value: float
    total_cost_of_delay: float
    lower_bound_cost_of_delay: float
    teams: tuple[TeamLoad, ...]
    optimal_value: float | None
    """Total value of the optimal selection (None when it was not computed)."""
    greedy_value: float
    """Total value of the score-order cut line."""
    solver: str
    """``none`` (everything fitted), ``knapsack-dp``, ``highs`` or ``greedy``."""
    status: str
    """``optimal``, ``feasible`` (time limit; see ``gap``) or ``greedy``."""
    gap: float
    value_bound: float | None
    sequencing_rule: str
    cd3_cost_of_delay: float
    """Total delay cost of plain CD3 (Smith) order, for comparison."""
    not_scored: tuple[str, ...]
    """Initiatives of the period with no value under the method (counted as 0)."""
    conflicts: tuple[Conflict, ...]
    notes: tuple[str, ...] = ()
    start: dt.date | None = None
    """The period's first day."""
    end: dt.date | None = None
    """The period's last day."""
    as_of: dt.date | None = None
    """Nothing new starts before this day."""
    debt_share: tuple[tuple[str, float | None], ...] = ()
    """Per team: share of the selected effort that is ``kind: debt`` (None: nothing
    selected)."""
    pillar_share: tuple[PillarShare, ...] = ()


@dataclass(frozen=True)
class PillarShare:
    """A pillar's share of the effort selected in a period, against its target."""

    pillar: str
    share: float
    target: float | None


def restrict(result: PlanResult, ids: Collection[str]) -> PlanResult:
    """``result`` showing only the initiatives ``ids`` (``--tag``/``--owner``): the plan is
    the same (selection and schedule are of the whole plan); the lists of selected, not
    selected, scheduled and unscored work, and the conflicts, keep only those initiatives.
    Team loads and totals stay those of the whole plan."""
    import dataclasses

    keep = set(ids)
    return dataclasses.replace(
        result,
        selected=tuple(i for i in result.selected if i in keep),
        not_selected=tuple(n for n in result.not_selected if n.id in keep),
        schedule=tuple(s for s in result.schedule if s.id in keep),
        not_scored=tuple(i for i in result.not_scored if i in keep),
        conflicts=tuple(
            c for c in result.conflicts if not c.initiatives or keep & set(c.initiatives)
        ),
    )
