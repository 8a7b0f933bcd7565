"""Estimate ranges as probability distributions, and their samples.

A range ``{low, likely, high}`` is read as a distribution over ``[low, high]``:

- ``pert`` (the default): a beta distribution scaled to ``[low, high]`` with shape
  ``α = 1 + λ(m − a)/(b − a)`` and ``β = 1 + λ(b − m)/(b − a)``, ``λ = 4``, where ``m`` is
  ``likely`` (the mode) or, for ``{low, high}``, the midpoint. Its mean is
  ``(a + λm + b)/(λ + 2)``: it stays inside the range the estimator gave and leans to the
  most likely value, which is why it is the default.
- ``triangular``: the triangle over ``[low, high]`` peaking at ``m``; heavier tails than
  PERT.
- ``lognormal``: ``low`` and ``high`` are the 5th and 95th percentiles
  (``μ = (ln a + ln b)/2``, ``σ = (ln b − ln a)/(2 · 1.6449)``); ``likely`` is not used, and
  samples can fall outside the range (long right tail), clipped to the input's valid
  bounds (a confidence never exceeds 1). A range with ``low <= 0`` falls back to PERT.
- A plain number is fixed: every sample is that number.

Samples come from one numpy ``Generator`` per uncertain input, seeded from ``--seed`` and
the input's own name, so an input's samples do not depend on which other inputs the plan
has, nor on how the samples are split into chunks.
"""

from __future__ import annotations

import math
import zlib
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np

Distribution = Literal["pert", "triangular", "lognormal"]
DISTRIBUTIONS: tuple[Distribution, ...] = ("pert", "triangular", "lognormal")

PERT_LAMBDA = 4.0
Z95 = 1.6448536269514722
"""The standard normal's 95th percentile."""


def mode(low: float, likely: float | None, high: float) -> float:
    """The most likely value: ``likely``, else the midpoint."""
    return likely if likely is not None else (low + high) / 2.0


def pert_shape(low: float, likely: float | None, high: float) -> tuple[float, float]:
    """PERT's beta shape parameters ``(α, β)`` for a range with ``low < high``."""
    m = mode(low, likely, high)
    span = high - low
    return (
        1.0 + PERT_LAMBDA * (m - low) / span,
        1.0 + PERT_LAMBDA * (high - m) / span,
    )


def effective(distribution: Distribution, low: float) -> Distribution:
    """The distribution actually used: lognormal needs ``low > 0`` (else PERT)."""
    if distribution == "lognormal" and low <= 0:
        return "pert"
    return distribution


def generator(seed: int, name: str) -> np.random.Generator:
    """The random stream of one uncertain input (``name``), fixed by ``seed``."""
    import numpy as np

    key = zlib.crc32(name.encode("utf-8"))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(key,))))


def draw(
    rng: np.random.Generator,
    n: int,
    low: float,
    likely: float | None,
    high: float,
    distribution: Distribution,
    bounds: tuple[float, float | None] = (-math.inf, None),
) -> np.ndarray:
    """``n`` samples of the range under ``distribution`` (a degenerate range is fixed)."""
    import numpy as np

    if high <= low:
        return np.full(n, float(low))
    kind = effective(distribution, low)
    if kind == "pert":
        a, b = pert_shape(low, likely, high)
        return low + (high - low) * rng.beta(a, b, n)
    if kind == "triangular":
        return rng.triangular(low, mode(low, likely, high), high, n)
    mu = (math.log(low) + math.log(high)) / 2.0
    sigma = (math.log(high) - math.log(low)) / (2.0 * Z95)
    out = rng.lognormal(mu, sigma, n)
    lo, hi = bounds
    return np.clip(out, lo, hi if hi is not None else np.inf)


def percentile(
    low: float, likely: float | None, high: float, distribution: Distribution, q: float
) -> float:
    """The ``q``-quantile (0-1) of the range's distribution, exactly where it has a closed
    form (triangular, lognormal) and by the regularised incomplete beta otherwise."""
    if high <= low:
        return float(low)
    kind = effective(distribution, low)
    if kind == "lognormal":
        mu = (math.log(low) + math.log(high)) / 2.0
        sigma = (math.log(high) - math.log(low)) / (2.0 * Z95)
        return math.exp(mu + sigma * _normal_ppf(q))
    if kind == "triangular":
        m = mode(low, likely, high)
        f = (m - low) / (high - low)
        if q < f:
            return low + math.sqrt(q * (high - low) * (m - low))
        return high - math.sqrt((1 - q) * (high - low) * (high - m))
    a, b = pert_shape(low, likely, high)
    return low + (high - low) * _beta_ppf(q, a, b)


def pert_cdf(x: float, low: float, likely: float | None, high: float) -> float:
    """P(X <= x) for the PERT distribution of a range."""
    if high <= low:
        return 1.0 if x >= low else 0.0
    if x <= low:
        return 0.0
    if x >= high:
        return 1.0
    a, b = pert_shape(low, likely, high)
    return _betainc(a, b, (x - low) / (high - low))


def _normal_ppf(q: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(q)


def _beta_ppf(q: float, a: float, b: float) -> float:
    """Inverse of the regularised incomplete beta by bisection (60 steps: < 1e-15)."""
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2.0
        if _betainc(a, b, mid) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0


def _betainc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta ``I_x(a, b)`` (continued fraction, Lentz)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    ln_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x > (a + 1.0) / (a + b + 2.0):
        return 1.0 - _betainc(b, a, 1.0 - x)
    front = math.exp(ln_front) / a
    tiny = 1e-300
    f, c, d = 1.0, 1.0, 0.0
    for i in range(400):
        m = i // 2
        if i == 0:
            num = 1.0
        elif i % 2 == 0:
            num = (m * (b - m) * x) / ((a + 2.0 * m - 1.0) * (a + 2.0 * m))
        else:
            num = -((a + m) * (a + b + m) * x) / ((a + 2.0 * m) * (a + 2.0 * m + 1.0))
        d = 1.0 + num * d
        d = tiny if abs(d) < tiny else d
        d = 1.0 / d
        c = 1.0 + num / c
        c = tiny if abs(c) < tiny else c
        cd = c * d
        f *= cd
        if abs(1.0 - cd) < 1e-15:
            break
    return front * (f - 1.0)
