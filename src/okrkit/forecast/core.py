"""The forecast of a plan: its scope, its sample count, and its two halves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from okrkit.forecast.delivery import DeliveryForecast, forecast_delivery
from okrkit.forecast.ranking import RankingForecast, forecast_ranking
from okrkit.planning.schedule import OPEN as _OPEN

if TYPE_CHECKING:
    from okrkit.model import Initiative, Plan

OPEN = _OPEN
"""The work still to decide, which the ranking covers (as ``okrkit score`` does)."""

DEFAULT_TOP = 10


@dataclass(frozen=True)
class Forecast:
    as_of: dt.date
    seed: int
    samples_requested: int
    distribution: str
    period: str
    ranking: RankingForecast
    delivery: DeliveryForecast

    @property
    def notes(self) -> tuple[str, ...]:
        return self.ranking.notes + self.delivery.notes


def require_numpy() -> None:
    """numpy is the ``forecast`` extra: say how to get it instead of failing on import."""
    import importlib.util

    from okrkit.errors import UsageError

    if importlib.util.find_spec("numpy") is None:
        raise UsageError(
            "forecasting needs numpy, which is not installed: pip install numpy (or"
            " install okrkit with its extra, okrkit[forecast]: see Install in the README;"
            " okrkit is not on a package index)"
        )


def ranked_scope(plan: Plan, period: str | None) -> list[Initiative]:
    """The initiatives the ranking forecast covers: open work, of ``period`` if given."""
    return [
        i for i in plan.initiatives if i.status in OPEN and (period is None or i.period == period)
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

    The forecast covers ``period``, else the period ``okrkit plan`` shows by default
    (the earliest with open work that has not ended by ``as_of``). ``top_n`` ``None``:
    the number of initiatives the shared schedule selects in it, else 10.
    """
    from okrkit.errors import UsageError
    from okrkit.planning.core import resolve_period

    if samples < 1:
        raise UsageError("the number of samples must be at least 1")
    require_numpy()
    scope_period = resolve_period(plan, period, as_of).id
    distribution = plan.settings.forecast.distribution
    delivery = forecast_delivery(
        plan,
        as_of=as_of,
        method=method,
        period=scope_period,
        samples=samples,
        seed=seed,
        distribution=distribution,
    )
    scope = ranked_scope(plan, scope_period)
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
    return Forecast(as_of, seed, samples, distribution, scope_period, ranking, delivery)
