"""Which inputs of an initiative are uncertain, and their samples side by side.

An input is uncertain when the plan gives it as a range (``{low, likely, high}`` or
``{low, high}``). ``duration_weeks`` defaults to ``effort_weeks``, so when an initiative
gives no duration its duration samples *are* its effort samples (one draw, both names).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from okrkit.forecast.distributions import Distribution, draw, generator
from okrkit.model.plan import Range

if TYPE_CHECKING:
    import numpy as np

    from okrkit.model import Initiative

RANGED_INPUTS: tuple[tuple[str, str | None, str], ...] = (
    ("effort_weeks", None, "effort_weeks"),
    ("duration_weeks", None, "duration_weeks"),
    ("rice.reach", "rice", "reach"),
    ("rice.impact", "rice", "impact"),
    ("rice.confidence", "rice", "confidence"),
    ("rice.effort", "rice", "effort"),
    ("ice.impact", "ice", "impact"),
    ("ice.confidence", "ice", "confidence"),
    ("ice.ease", "ice", "ease"),
    ("wsjf.business_value", "wsjf", "business_value"),
    ("wsjf.time_criticality", "wsjf", "time_criticality"),
    ("wsjf.risk_reduction", "wsjf", "risk_reduction"),
    ("wsjf.job_size", "wsjf", "job_size"),
    ("cost_of_delay.per_week", "cost_of_delay", "per_week"),
)
"""Namespace name, model section (None: on the initiative) and field of every input
that may be a range."""

_FRACTION = ("rice.confidence",)
_TEN = ("ice.impact", "ice.confidence", "ice.ease")


def bounds(name: str) -> tuple[float, float | None]:
    """The valid values of an input, for clipping lognormal tails."""
    if name in _FRACTION:
        return (0.0, 1.0)
    if name in _TEN:
        return (1.0, 10.0)
    if name in ("effort_weeks", "duration_weeks", "rice.effort", "wsjf.job_size"):
        return (math.ulp(0.0), None)
    return (0.0, None)


@dataclass(frozen=True)
class Uncertain:
    """One ranged input of one initiative."""

    initiative: str
    name: str
    """Its namespace name, e.g. ``rice.reach``."""
    low: float
    likely: float | None
    high: float
    distribution: Distribution
    aliases: tuple[str, ...] = ()
    """Other namespace names that read the same draw (``duration_weeks``)."""

    @property
    def key(self) -> str:
        """``initiative:name``, which also seeds its random stream."""
        return f"{self.initiative}:{self.name}"

    def stream(self, seed: int) -> Sampler:
        return Sampler(self, generator(seed, self.key))


class Sampler:
    """Draws an uncertain input's samples chunk after chunk from its own stream."""

    def __init__(self, source: Uncertain, rng: np.random.Generator):
        self.source = source
        self.rng = rng

    def next(self, n: int) -> np.ndarray:
        s = self.source
        return draw(self.rng, n, s.low, s.likely, s.high, s.distribution, bounds(s.name))


def _raw(initiative: Initiative, section: str | None, field: str) -> Any:
    holder: Any = initiative if section is None else getattr(initiative, section)
    return None if holder is None else getattr(holder, field)


def uncertain_inputs(
    initiative: Initiative, distribution: Distribution, names: Iterable[str] | None = None
) -> list[Uncertain]:
    """The ranged inputs of ``initiative`` (those in ``names`` when given), in a fixed
    order. A range whose ``low`` equals its ``high`` is a number, not uncertain."""
    wanted = None if names is None else set(names)
    out: list[Uncertain] = []
    for name, section, field in RANGED_INPUTS:
        value = _raw(initiative, section, field)
        if not isinstance(value, Range) or value.high <= value.low:
            continue
        aliases: tuple[str, ...] = ()
        if name == "effort_weeks" and initiative.duration_weeks is None:
            aliases = ("duration_weeks",)
        if wanted is not None and name not in wanted and not (set(aliases) & wanted):
            continue
        out.append(
            Uncertain(
                initiative.id,
                name,
                float(value.low),
                None if value.likely is None else float(value.likely),
                float(value.high),
                distribution,
                aliases,
            )
        )
    return out
