"""The forecast of a plan: its scope, its sample count, and its two halves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from okrkit.forecast.delivery import DeliveryForecast, forecast_delivery
from okrkit.forecast.ranking import RankingForecast, forecast_ranking

if TYPE_CHECKING:
    from okrkit.model import Initiative, Plan

OPEN = ("proposed", "committed", "in_progress")
"""The work still to decide, which the ranking covers (as ``okrkit score`` does)."""

DEFAULT_TOP = 10


@dataclass(frozen=True)
class Forecast:
    as_of: dt.date
    seed: int
    samples_requested: int
    distribution: str
    period: str | None
    ranking: RankingForecast
    delivery: DeliveryForecast

    @property
    def notes(self) -> tuple[str, ...]:
        return self.ranking.notes + self.delivery.notes


def ranked_scope(plan: Plan, period: str | None) -> list[Initiative]:
    """The initiatives the ranking forecast covers: open work, of ``period`` if given."""
    return [
        i
        for i in plan.initiatives
        if i.status in OPEN and (period is None or i.period == period)
    ]


def make_forecast(
    plan: Plan,
    *,
    as_of: dt.date,
    method: str | None = None,
    period: str | None = None,
    samples: int = 10_000,
    seed: int = 0,
    top_n: int | None = None,
) -> Forecast:
    """Sample the plan's ranges ``samples`` times from ``seed``.

    ``top_n`` ``None``: the number of initiatives the shared schedule selects (in
    ``period``, else in every period), else 10.
    """
    from okrkit.errors import UsageError

    if samples < 1:
        raise UsageError("the number of samples must be at least 1")
    if period is not None and period not in plan.period_by_id:
        from okrkit.load.messages import closest

        hint = closest(period, list(plan.period_by_id))
        extra = f" (did you mean {hint!r}?)" if hint else ""
        raise UsageError(f"unknown period {period!r}{extra}")
    distribution = plan.settings.forecast.distribution
    delivery = forecast_delivery(
        plan,
        as_of=as_of,
        method=method,
        period=period,
        samples=samples,
        seed=seed,
        distribution=distribution,
    )
    scope = ranked_scope(plan, period)
    if top_n is None:
        top_n = delivery.selected_count or DEFAULT_TOP
    ranking = forecast_ranking(
        plan,
        scope,
        method=method,
        samples=samples,
        seed=seed,
        top_n=top_n,
        distribution=distribution,
    )
    return Forecast(as_of, seed, samples, distribution, period, ranking, delivery)
