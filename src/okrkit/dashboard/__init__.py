"""Everything ``okrkit report`` shows, computed by the same core functions the other
commands call (one truth): the ranking of ``score``, the method comparison of
``score --compare``, the plan of ``plan`` for each period, the status of ``status``, the
analysis of ``deps``, the findings of ``check`` and the shares of the two share checks.

:func:`build_dashboard` gathers them; :mod:`okrkit.report.html` renders the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okrkit.checks import CheckReport
    from okrkit.forecast.core import Forecast
    from okrkit.graph.model import DepsAnalysis
    from okrkit.model import Plan
    from okrkit.planning import PlanResult, Schedule
    from okrkit.progress import StatusReport
    from okrkit.scoring.compare import Comparison
    from okrkit.scoring.ranking import Ranking

COMPARE_METHODS = ("rice", "ice", "wsjf", "cd3")
"""The built-in methods the report compares the chosen one with (``score --compare``)."""


@dataclass(frozen=True, slots=True)
class PillarFunding:
    """A pillar's share of the funded effort, done and selected work
    (``okrkit.planning.shares.funded_work``), with its person-weeks and the total they
    are a share of."""

    id: str
    name: str
    target: float | None
    weeks: float
    total_weeks: float

    @property
    def share(self) -> float:
        return self.weeks / self.total_weeks if self.total_weeks > 0 else 0.0


@dataclass(frozen=True)
class Dashboard:
    """The facts of one report; see the module docstring for where each comes from.

    ``schedule`` is the shared schedule of :func:`okrkit.planning.build_schedule`;
    ``plans`` holds its :class:`~okrkit.planning.PlanResult` of each period with work,
    in date order (only ``period`` when one was asked for): what ``plan --period``
    prints. ``pillar_funding`` is each pillar's share of the work those plans select.
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
    schedule: Schedule
    pillar_funding: tuple[PillarFunding, ...]
    debt_minimum: float | None
    debt_low: frozenset[tuple[str, str]]
    forecast: Forecast | None = None
    """``okrkit forecast`` of the shown period (``report --forecast``), else None."""
    """(team, period) pairs ``debt-share-below-minimum`` reports."""


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
    forecast: bool = False,
    samples: int = 10_000,
    seed: int = 0,
) -> Dashboard:
    """Compute every section of the report for ``plan`` at ``as_of``.

    ``method`` is the ranking shown (default: ``settings.scoring.method``); ``period``
    limits objectives, plan and capacity to one period. ``forecast`` adds the forecast
    of ``okrkit forecast`` (``samples``, ``seed``) for ``period``, else for the period
    ``okrkit plan`` shows by default. Raises
    :class:`~okrkit.errors.UsageError` for an unknown method or period.
    """
    from okrkit.checks import run_checks
    from okrkit.errors import UnknownIdError
    from okrkit.forecast.core import make_forecast
    from okrkit.graph import analyze
    from okrkit.planning import build_schedule
    from okrkit.planning.shares import effort_by_pillar, funded_work
    from okrkit.progress import compute_status
    from okrkit.scoring import compare_methods
    from okrkit.scoring.ranking import open_ids, open_ranking

    if period is not None and period not in plan.period_by_id:
        raise UnknownIdError("period", period, plan.period_by_id, param="period")
    ranking = open_ranking(plan, method)
    used = ranking.method
    others = [m for m in COMPARE_METHODS if m != used]
    live = open_ids(plan)
    comparison = compare_methods(plan, [used, *others], ids=live) if live else None

    schedule = build_schedule(plan, as_of=as_of, method=used)
    plans = tuple(
        p
        for p in schedule.periods
        if (period is None or p.period == period) and (p.selected or p.not_selected)
    )
    selected = {i for p in plans for i in p.selected}
    by_pillar, total = effort_by_pillar(plan, funded_work(plan, selected, period))
    checks = run_checks(plan, as_of)
    debt_locations = {
        (f.location.file, f.location.line, f.location.column)
        for f in checks.findings
        if f.name == "debt-share-below-minimum"
    }
    debt_low = set()
    for team in plan.teams:
        for period_id in team.capacity:
            loc = plan.where(team, "capacity", period_id)
            if (loc.file, loc.line, loc.column) in debt_locations:
                debt_low.add((team.id, period_id))
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
        checks=checks,
        schedule=schedule,
        pillar_funding=tuple(
            PillarFunding(p.id, p.name, p.target_share, by_pillar.get(p.id, 0.0), total)
            for p in plan.pillars
        ),
        debt_minimum=_debt_minimum(plan),
        debt_low=frozenset(debt_low),
        forecast=(
            make_forecast(plan, as_of=as_of, method=used, period=period, samples=samples, seed=seed)
            if forecast
            else None
        ),
    )


DEFAULT_TITLE = "Plan review"


__all__ = ["COMPARE_METHODS", "Dashboard", "PillarFunding", "build_dashboard"]
