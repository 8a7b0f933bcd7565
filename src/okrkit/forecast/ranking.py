"""Ranking under uncertainty: how sure is each place in the ranked list?

Each sample draws every ranged input of every initiative (see
:mod:`okrkit.forecast.distributions`), scores all initiatives with the method and ranks
them by the same tie rule as ``okrkit score`` (see :mod:`okrkit.scoring.ranking`). From
the ranks of all samples:

- the median rank and the 5th-95th percentile rank interval of each initiative;
- P(in the top N): the share of samples in which it ranks N or better;
- statistically tied neighbours: two initiatives next to each other in the point ranking
  are tied when neither ranks above the other in at least 90% of the samples; a tie group
  is a maximal run of tied neighbours;
- the expected value of perfect information (EVPI) of the top-N choice: choosing the N
  initiatives with the highest expected score is the best choice without better
  estimates; with perfect information one would pick each sample's true top N. EVPI is the
  mean of (sum of the true top N's scores − sum of the chosen N's scores) over samples, in
  the method's score units: what better estimates could at most be worth;
- drivers: for each ranged input, Spearman's rank correlation with its initiative's rank
  and its swing (the median rank when the input is in its top decile minus the median rank
  when it is in its bottom decile): a tornado of which estimate to refine first.

The built-in methods are computed on whole sample matrices with numpy; a formula is
evaluated per sample for the initiatives whose inputs are uncertain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from okrkit.forecast.inputs import Uncertain, uncertain_inputs
from okrkit.scoring.methods import Missing
from okrkit.scoring.ranking import get_method, plan_namespace, rank_namespaces, score_key

if TYPE_CHECKING:
    import numpy as np

    from okrkit.forecast.distributions import Distribution
    from okrkit.model import Initiative, Plan
    from okrkit.scoring.ranking import AnyMethod, ScoredInitiative

TIED_BELOW = 0.9
"""Neighbours are tied unless one ranks above the other in at least this share."""

MAX_CELLS = 10_000_000
"""Samples x initiatives kept in memory at once (scores as float64, ranks as int32:
about 120 MB); larger forecasts use fewer samples, with a note."""

MAX_FORMULA_EVALS = 2_000_000
"""Formula evaluations (samples x uncertain initiatives) before the sample count drops."""

CHUNK = 1000

MIN_RHO = 0.1
MIN_SWING = 0.05
"""A ranged input is a driver when its correlation or its swing reaches these (smaller
ones are sampling noise): rank places or weeks."""


@dataclass(frozen=True)
class Driver:
    """One ranged input and how much it moves an outcome."""

    initiative: str
    input: str
    correlation: float
    """Spearman's rank correlation of the input with the outcome."""
    swing: float
    """Median outcome with the input in its top decile minus with it in its bottom decile."""


@dataclass(frozen=True)
class RankBand:
    id: str
    title: str
    team: str
    point_rank: int
    point_score: float
    median_rank: float
    p5_rank: int
    p95_rank: int
    p_top: float
    """P(rank <= top N)."""
    tie_group: int | None
    """The number of its tie group (1, 2, ...), None when not tied with a neighbour."""
    uncertain: tuple[str, ...]
    """Its ranged inputs."""
    extras: dict[str, Any] = field(default_factory=dict)
    """owner, tags, links, meta (:func:`okrkit.model.plan.extras_json`)."""


@dataclass(frozen=True)
class RankingForecast:
    method: str
    top_n: int
    samples: int
    bands: tuple[RankBand, ...]
    """In point-rank order."""
    tie_groups: tuple[tuple[str, ...], ...]
    evpi: float
    """Expected value of perfect information for the top-N choice (score units)."""
    expected_top: tuple[str, ...]
    """The top N by expected (mean) score: the best choice without better estimates."""
    drivers: tuple[Driver, ...]
    """Every ranged input by |swing|, then |correlation|, largest first."""
    unscored: tuple[str, ...]
    notes: tuple[str, ...] = ()


def sample_count(requested: int, cells_per_sample: int, formula_work: int) -> int:
    """How many samples fit the memory and work bounds (at least 100)."""
    n = requested
    if cells_per_sample > 0:
        n = min(n, max(100, MAX_CELLS // cells_per_sample))
    if formula_work > 0:
        n = min(n, max(100, MAX_FORMULA_EVALS // formula_work))
    return n


def forecast_ranking(
    plan: Plan,
    initiatives: list[Initiative],
    *,
    method: str | None,
    samples: int,
    seed: int,
    top_n: int,
    distribution: Distribution,
) -> RankingForecast:
    """Sample the ranking of ``initiatives`` (see the module docstring)."""
    import numpy as np

    m = get_method(plan, method)
    namespaces = [plan_namespace(plan, i) for i in initiatives]
    point = rank_namespaces(plan, m, initiatives, namespaces)
    scored = point.scored
    n = len(scored)
    by_id = {i.id: i for i in initiatives}
    required = set(m.required)
    per: list[list[Uncertain]] = [
        uncertain_inputs(by_id[s.id], distribution, required) for s in scored
    ]
    formula = m.name not in ("rice", "ice", "wsjf", "cd3")
    n_uncertain = sum(1 for u in per if u)
    used = sample_count(samples, n, n_uncertain if formula else 0)
    notes: list[str] = []
    if used < samples:
        notes.append(
            f"{samples:,} samples over {n:,} initiatives would exceed the memory or time"
            f" bound; used {used:,} samples"
        )
    top = max(0, min(top_n, n))

    scores = np.empty((used, n))
    ranks = np.empty((used, n), dtype=np.int32)
    streams = [[u.stream(seed) for u in row] for row in per]
    id_order = np.argsort(np.argsort(np.array([s.id for s in scored], dtype=object)))
    ns_scored = [plan_namespace(plan, by_id[s.id]) for s in scored]
    for start in range(0, used, CHUNK):
        c = min(CHUNK, used - start)
        draws = [[s.next(c) for s in row] for row in streams]
        sc, value, size = _score_chunk(plan, m, scored, ns_scored, per, draws, c)
        scores[start : start + c] = sc
        ranks[start : start + c] = _rank_rows(sc, value, size, scored, per, id_order)

    bands, groups = _bands(scored, per, ranks, top)
    expected_top, evpi = _evpi(scores, top)
    drivers = _drivers(per, ranks, seed, used)
    return RankingForecast(
        method=m.name,
        top_n=top,
        samples=used,
        bands=bands,
        tie_groups=groups,
        evpi=evpi,
        expected_top=tuple(scored[k].id for k in expected_top),
        drivers=drivers,
        unscored=tuple(u.id for u in point.unscored),
        notes=tuple(notes),
    )


def _column(
    name: str,
    ns_list: list[dict[str, Any]],
    per: list[list[Uncertain]],
    draws: list[list[np.ndarray]],
    c: int,
) -> np.ndarray:
    """The samples of input ``name`` for every initiative: a (c, n) matrix."""
    import numpy as np

    col = np.array([float(ns.get(name, math.nan)) for ns in ns_list])
    out = np.broadcast_to(col, (c, len(ns_list))).copy()
    for k, row in enumerate(per):
        for u, d in zip(row, draws[k], strict=True):
            if u.name == name or name in u.aliases:
                out[:, k] = d
    return out


def _score_chunk(
    plan: Plan,
    m: AnyMethod,
    scored: list[ScoredInitiative],
    ns_list: list[dict[str, Any]],
    per: list[list[Uncertain]],
    draws: list[list[np.ndarray]],
    c: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Score, value and size of each sample and initiative, by the method's own formula."""
    import numpy as np

    def col(name: str) -> np.ndarray:
        return _column(name, ns_list, per, draws, c)

    if m.name == "rice":
        value = col("rice.reach") * col("rice.impact") * col("rice.confidence")
        size = col("rice.effort")
        return value / size, value, size
    if m.name == "ice":
        i, conf, e = col("ice.impact"), col("ice.confidence"), col("ice.ease")
        how = plan.settings.scoring.ice
        if how == "average":
            score = (i + conf + e) / 3.0
        elif how == "sum":
            score = i + conf + e
        else:
            score = i * conf * e
        return score, score, None
    if m.name == "wsjf":
        value = (
            col("wsjf.business_value") + col("wsjf.time_criticality") + col("wsjf.risk_reduction")
        )
        size = col("wsjf.job_size")
        return value / size, value, size
    if m.name == "cd3":
        value = col("cost_of_delay.per_week")
        size = col("duration_weeks")
        return value / size, value, size
    # a formula: fixed initiatives keep their point score; the others are evaluated per sample
    score = np.broadcast_to(np.array([s.score for s in scored]), (c, len(scored))).copy()
    for k, row in enumerate(per):
        if not row:
            continue
        ns = dict(ns_list[k])
        for j in range(c):
            for u, d in zip(row, draws[k], strict=True):
                ns[u.name] = float(d[j])
                for alias in u.aliases:
                    ns[alias] = float(d[j])
            try:
                score[j, k] = m.evaluate(ns, {}).score
            except Missing:
                score[j, k] = -math.inf
    return score, score, None


def _sig12(x: np.ndarray) -> np.ndarray:
    """Scores rounded to 12 significant digits, as the tie rule compares them."""
    import numpy as np

    with np.errstate(all="ignore"):
        ax = np.abs(x)
        ok = (ax > 1e-280) & np.isfinite(x)
        e = np.floor(np.log10(np.where(ok, ax, 1.0)))
        scale = 10.0 ** (11 - e)
        return np.where(ok, np.round(x * scale) / scale, x)


def _rank_rows(
    score: np.ndarray,
    value: np.ndarray,
    size: np.ndarray | None,
    scored: list[ScoredInitiative],
    per: list[list[Uncertain]],
    id_order: np.ndarray,
) -> np.ndarray:
    """The rank (1 = best) of every initiative in every sample row, by the tie rule."""
    import numpy as np

    skey = _sig12(score)
    vkey = _sig12(value)
    zkey = _sig12(size) if size is not None else np.zeros_like(score)
    for k, row in enumerate(per):
        if row:
            continue  # fixed initiatives: the exact keys of ``okrkit score``
        s = scored[k]
        skey[:, k] = score_key(s.score)
        vkey[:, k] = score_key(s.value) if s.value is not None else score_key(s.score)
        zkey[:, k] = score_key(s.size) if s.size else 0.0
    ids = np.broadcast_to(id_order, score.shape)
    order = np.lexsort((ids, zkey, -vkey, -skey), axis=1)
    ranks = np.empty_like(order, dtype=np.int32)
    positions = np.broadcast_to(np.arange(1, score.shape[1] + 1, dtype=np.int32), score.shape)
    np.put_along_axis(ranks, order, positions, axis=1)
    return ranks


def _bands(
    scored: list[ScoredInitiative],
    per: list[list[Uncertain]],
    ranks: np.ndarray,
    top: int,
) -> tuple[tuple[RankBand, ...], tuple[tuple[str, ...], ...]]:
    import numpy as np

    n = len(scored)
    if n == 0:
        return (), ()
    median = np.median(ranks, axis=0)
    p5, p95 = np.percentile(ranks, [5, 95], axis=0, method="inverted_cdf")
    p_top = (ranks <= top).mean(axis=0)
    tied = [
        TIED_BELOW > float((ranks[:, k] < ranks[:, k + 1]).mean()) > 1 - TIED_BELOW
        for k in range(n - 1)
    ]
    group_of: dict[int, int] = {}
    groups: list[tuple[str, ...]] = []
    k = 0
    while k < n - 1:
        if not tied[k]:
            k += 1
            continue
        j = k
        while j < n - 1 and tied[j]:
            j += 1
        groups.append(tuple(s.id for s in scored[k : j + 1]))
        for x in range(k, j + 1):
            group_of[x] = len(groups)
        k = j + 1
    bands = tuple(
        RankBand(
            id=s.id,
            title=s.title,
            team=s.team,
            point_rank=s.rank,
            point_score=s.score,
            median_rank=float(median[k]),
            p5_rank=int(p5[k]),
            p95_rank=int(p95[k]),
            p_top=float(p_top[k]),
            tie_group=group_of.get(k),
            uncertain=tuple(u.name for u in per[k]),
            extras=s.extras,
        )
        for k, s in enumerate(scored)
    )
    return bands, tuple(groups)


def _evpi(scores: np.ndarray, top: int) -> tuple[list[int], float]:
    """The top N by mean score (point order breaks ties) and the EVPI of that choice."""
    import numpy as np

    n = scores.shape[1]
    if top <= 0 or n == 0:
        return [], 0.0
    finite = np.where(np.isfinite(scores), scores, 0.0)
    mean = finite.mean(axis=0)
    chosen = sorted(range(n), key=lambda k: (-mean[k], k))[:top]
    if top >= n:
        return chosen, 0.0
    best = -np.partition(-finite, top - 1, axis=1)[:, :top].sum(axis=1)
    got = finite[:, chosen].sum(axis=1)
    return chosen, max(0.0, float((best - got).mean()))


def rankdata(x: np.ndarray) -> np.ndarray:
    """Average ranks (ties share the mean of their positions), as Spearman needs."""
    import numpy as np

    order = np.argsort(x, kind="stable")
    xs = x[order]
    first = np.r_[True, xs[1:] != xs[:-1]]
    group = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    ends = np.r_[starts[1:], len(xs)]
    avg = (starts + ends - 1) / 2.0 + 1.0
    out = np.empty(len(x))
    out[order] = avg[group]
    return out


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation (0 when either side is constant), clamped to [-1, 1]:
    floating-point rounding can carry a perfect correlation to 1.0000000000000002."""

    rx, ry = rankdata(x), rankdata(y)
    sx, sy = rx.std(), ry.std()
    if sx == 0 or sy == 0:
        return 0.0
    rho = float(((rx - rx.mean()) * (ry - ry.mean())).mean() / (sx * sy))
    return min(1.0, max(-1.0, rho))


def swing(x: np.ndarray, y: np.ndarray) -> float:
    """Median of ``y`` with ``x`` in its top decile minus with ``x`` in its bottom decile."""
    import numpy as np

    lo, hi = np.quantile(x, [0.1, 0.9])
    top, bottom = y[x >= hi], y[x <= lo]
    if len(top) == 0 or len(bottom) == 0:
        return 0.0
    return float(np.median(top) - np.median(bottom))


def _drivers(
    per: list[list[Uncertain]], ranks: np.ndarray, seed: int, used: int
) -> tuple[Driver, ...]:
    out: list[Driver] = []
    for k, row in enumerate(per):
        y = ranks[:, k].astype(float)
        for u in row:
            x = u.stream(seed).next(used)  # the same stream, drawn again
            out.append(Driver(u.initiative, u.name, spearman(x, y), swing(x, y)))
    out.sort(key=lambda d: (-abs(d.swing), -abs(d.correlation), d.initiative, d.input))
    return tuple(d for d in out if abs(d.swing) >= MIN_SWING or abs(d.correlation) >= MIN_RHO)
