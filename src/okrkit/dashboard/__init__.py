"""Everything ``okrkit report`` shows, computed by the same core functions the other
commands call (one truth): the ranking of ``score``, the method comparison of
``score --compare``, the plan of ``plan`` for each period, the status of ``status``, the
analysis of ``deps``, the findings of ``check`` and the shares of the two share checks.

:func:`build_dashboard` gathers them; :mod:`okrkit.report.html` renders the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okrkit.checks import CheckReport
    from okrkit.graph.model import DepsAnalysis
    from okrkit.model import Initiative, Plan
    from okrkit.planning import PlanResult
    from okrkit.progress import StatusReport
    from okrkit.scoring.compare import Comparison
    from okrkit.scoring.ranking import Ranking

COMPARE_METHODS = ("rice", "ice", "wsjf", "cd3")
"""The built-in methods the report compares the chosen one with (``score --compare``)."""


@dataclass(frozen=True, slots=True)
class PillarShare:
    """The share of planned effort that goes to one pillar (``share`` is 0 when
    ``total_weeks`` is 0)."""

    id: str
    name: str
    target: float | None
    weeks: float
    total_weeks: float

    @property
    def share(self) -> float:
        return self.weeks / self.total_weeks if self.total_weeks > 0 else 0.0


@dataclass(frozen=True, slots=True)
class DebtShare:
    """Debt effort of one team in one period against the team's capacity there."""

    team: str
    period: str
    debt_weeks: float
    capacity_weeks: float

    @property
    def share(self) -> float:
        return self.debt_weeks / self.capacity_weeks if self.capacity_weeks > 0 else 0.0


@dataclass(frozen=True)
class Dashboard:
    """The facts of one report; see the module docstring for where each comes from.

    ``plans`` holds one :class:`~okrkit.planning.PlanResult` per period with work, in
    date order (only ``period`` when one was asked for); ``schedule`` is the shared
    schedule of :func:`okrkit.planning.build_schedule` when the core provides it.
    """

    plan: Plan
    title: str
    as_of: dt.date
    period: str | None
    method: str
    ranking: Ranking
    comparison: Comparison | None
    plans: tuple[PlanResult, ...]
    status: StatusReport
    deps: DepsAnalysis
    checks: CheckReport
    pillar_shares: tuple[PillarShare, ...]
    debt_shares: tuple[DebtShare, ...]
    debt_minimum: float | None
    schedule: Any = None


def _debt_minimum(plan: Plan) -> float | None:
    from okrkit.checks.config import parse_check_settings
    from okrkit.checks.hygiene import DebtShareOptions

    cfg = parse_check_settings(plan).get("debt-share-below-minimum")
    if cfg is None:
        return DebtShareOptions().minimum
    if not cfg.enabled:
        return None
    options = cfg.options if isinstance(cfg.options, DebtShareOptions) else DebtShareOptions()
    return options.minimum


# INTERIM: replaced by okrkit.planning.shares when the shared schedule lands
def _pillar_shares(plan: Plan, initiatives: Iterable[Initiative]) -> list[PillarShare]:
    """Every pillar's share of the effort of ``initiatives``, in the vision's order.

    An initiative counts for the pillars of the objectives of its key results, split
    equally between them; work aligned to no pillar counts in the total only.
    Initiatives without ``effort_weeks`` are left out.
    """
    objective_of = plan.objective_of
    pillar_ids = plan.pillar_by_id
    effort_by_pillar: dict[str, float] = {}
    total = 0.0
    for i in initiatives:
        effort = i.effort
        if effort is None:
            continue
        total += effort
        pillars: list[str] = []
        for kr_id in i.key_results:
            o = objective_of.get(kr_id)
            if o is None or o.pillar is None or o.pillar not in pillar_ids:
                continue
            if o.pillar not in pillars:
                pillars.append(o.pillar)
        for p_id in pillars:
            effort_by_pillar[p_id] = effort_by_pillar.get(p_id, 0.0) + effort / len(pillars)
    return [
        PillarShare(p.id, p.name, p.target_share, effort_by_pillar.get(p.id, 0.0), total)
        for p in plan.pillars
    ]


def _debt_shares(plan: Plan, initiatives: Iterable[Initiative]) -> list[DebtShare]:
    """For each team and period with capacity and planned work among ``initiatives``,
    the effort of its ``kind: debt`` work against the capacity; in team, then capacity
    order."""
    debt: dict[tuple[str, str], float] = {}
    planned: set[tuple[str, str]] = set()
    for i in initiatives:
        if i.period is None:
            continue
        k = (i.team, i.period)
        planned.add(k)
        if i.kind == "debt":
            debt[k] = debt.get(k, 0.0) + (i.effort or 0.0)
    out: list[DebtShare] = []
    for team in plan.teams:
        for period_id, capacity in team.capacity.items():
            k = (team.id, period_id)
            if k in planned:
                out.append(DebtShare(team.id, period_id, debt.get(k, 0.0), float(capacity)))
    return out


def build_dashboard(
    plan: Plan,
    *,
    as_of: dt.date,
    method: str | None = None,
    period: str | None = None,
    title: str | None = None,
) -> Dashboard:
    """Compute every section of the report for ``plan`` at ``as_of``.

    ``method`` is the ranking shown (default: ``settings.scoring.method``); ``period``
    limits objectives, plan and capacity to one period. Raises
    :class:`~okrkit.errors.UsageError` for an unknown method or period.
    """
    from okrkit.checks import run_checks
    from okrkit.errors import UsageError
    from okrkit.graph import analyze
    from okrkit.planning import make_plan
    from okrkit.progress import compute_status
    from okrkit.scoring import compare_methods, score_plan

    if period is not None and period not in plan.period_by_id:
        known = ", ".join(p.id for p in plan.periods) or "none"
        raise UsageError(f"okrkit: --period: no period {period!r} (the plan defines: {known})")
    ranking = score_plan(plan, method)
    used = ranking.method
    others = [m for m in COMPARE_METHODS if m != used]
    comparison = compare_methods(plan, [used, *others]) if plan.initiatives else None

    periods = sorted(plan.periods, key=lambda p: (p.start, p.end, p.id))
    with_work = {i.period for i in plan.initiatives if i.period is not None}
    wanted = [p for p in periods if (period is None or p.id == period) and p.id in with_work]
    plans = tuple(make_plan(plan, period=p.id, method=used) for p in wanted)

    live = [i for i in plan.initiatives if i.status != "dropped"]
    schedule = None
    try:
        from okrkit.planning import build_schedule  # type: ignore[attr-defined,unused-ignore]
    except ImportError:  # before the shared schedule exists
        build_schedule = None
    if build_schedule is not None and plan.periods:
        schedule = build_schedule(plan, as_of=as_of, method=used)
    return Dashboard(
        plan=plan,
        title=title or DEFAULT_TITLE,
        as_of=as_of,
        period=period,
        method=used,
        ranking=ranking,
        comparison=comparison,
        plans=plans,
        status=compute_status(plan, as_of=as_of, period=period),
        deps=analyze(plan, method=used),
        checks=run_checks(plan, as_of),
        pillar_shares=tuple(_pillar_shares(plan, live)),
        debt_shares=tuple(
            d for d in _debt_shares(plan, live) if period is None or d.period == period
        ),
        debt_minimum=_debt_minimum(plan),
        schedule=schedule,
    )


DEFAULT_TITLE = "Plan review"


__all__ = ["COMPARE_METHODS", "Dashboard", "build_dashboard"]
