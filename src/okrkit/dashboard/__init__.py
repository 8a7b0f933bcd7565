"""Everything ``okrkit report`` shows, computed by the same core functions the other
commands call (one truth): the ranking of ``score``, the method comparison of
``score --compare``, the plan of ``plan`` for each period, the status of ``status``, the
analysis of ``deps``, the findings of ``check`` and the shares of the two share checks.

:func:`build_dashboard` gathers them; :mod:`okrkit.report.html` renders the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okrkit.checks import CheckReport
    from okrkit.graph.model import DepsAnalysis
    from okrkit.model import Plan
    from okrkit.planning import PlanResult
    from okrkit.planning.shares import DebtShare, PillarShare
    from okrkit.progress import StatusReport
    from okrkit.scoring.compare import Comparison
    from okrkit.scoring.ranking import Ranking

COMPARE_METHODS = ("rice", "ice", "wsjf", "cd3")
"""The built-in methods the report compares the chosen one with (``score --compare``)."""


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
    from okrkit.planning.shares import debt_shares, pillar_shares
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
        pillar_shares=tuple(pillar_shares(plan, live)),
        debt_shares=tuple(
            d for d in debt_shares(plan, live) if period is None or d.period == period
        ),
        debt_minimum=_debt_minimum(plan),
        schedule=schedule,
    )


DEFAULT_TITLE = "Plan review"


__all__ = ["COMPARE_METHODS", "Dashboard", "build_dashboard"]
