"""``okrkit score --compare``: the same initiatives ranked by several methods.

An initiative is flagged when its ranks under the methods differ by more than a threshold
(``settings.scoring.compare_threshold``; by default a quarter of the initiatives compared,
at least 3, so the flag means "moves across a typical cut line"): its place depends on
the method, so
the method is a decision to make, not a detail. Each pair of methods gets Spearman's rho
and Kendall's tau, computed over the initiatives both methods score (re-ranked among
them; rankings have no ties, so tau-a = tau-b).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from okrkit.errors import UsageError
from okrkit.expr import initiative_namespace
from okrkit.scoring.ranking import Ranking, get_method, rank_namespaces, select

if TYPE_CHECKING:
    from okrkit.model import Plan


@dataclass(frozen=True)
class CompareRow:
    id: str
    title: str
    team: str
    ranks: dict[str, int | None]
    spread: int | None
    """Largest rank minus smallest, over the methods that score it (None if fewer than 2)."""
    flagged: bool


@dataclass(frozen=True)
class PairCorrelation:
    a: str
    b: str
    n: int
    spearman: float | None
    kendall: float | None


@dataclass(frozen=True)
class Comparison:
    methods: list[str]
    rankings: list[Ranking]
    rows: list[CompareRow]
    pairs: list[PairCorrelation]
    threshold: int


def spearman(a: Sequence[int], b: Sequence[int]) -> float | None:
    """Spearman's rho of two rankings without ties (ranks are re-ranked 1..n first)."""
    n = len(a)
    if n < 2:
        return None
    ra, rb = _rerank(a), _rerank(b)
    d2 = sum((x - y) ** 2 for x, y in zip(ra, rb, strict=True))
    return 1.0 - 6.0 * d2 / (n * (n * n - 1))


def kendall(a: Sequence[int], b: Sequence[int]) -> float | None:
    """Kendall's tau of two rankings without ties (O(n log n), by counting inversions)."""
    n = len(a)
    if n < 2:
        return None
    order = sorted(range(n), key=lambda i: a[i])
    seq = [b[i] for i in order]
    inversions = _count_inversions(seq)
    pairs = n * (n - 1) // 2
    return 1.0 - 2.0 * inversions / pairs


def _rerank(values: Sequence[int]) -> list[int]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0] * len(values)
    for r, i in enumerate(order, start=1):
        out[i] = r
    return out


def _count_inversions(seq: list[int]) -> int:
    """Merge sort; returns the number of pairs i < j with seq[i] > seq[j]."""
    count = 0
    width = 1
    items = list(seq)
    n = len(items)
    while width < n:
        merged: list[int] = []
        for lo in range(0, n, 2 * width):
            left = items[lo : lo + width]
            right = items[lo + width : lo + 2 * width]
            i = j = 0
            while i < len(left) and j < len(right):
                if left[i] <= right[j]:
                    merged.append(left[i])
                    i += 1
                else:
                    merged.append(right[j])
                    count += len(left) - i
                    j += 1
            merged.extend(left[i:])
            merged.extend(right[j:])
        items = merged
        width *= 2
    return count


def default_threshold(count: int) -> int:
    """The default rank difference that flags an initiative: a quarter of the list, >= 3."""
    return max(3, count // 4)


def compare_methods(
    plan: Plan,
    methods: Sequence[str],
    *,
    normalize: bool = False,
    ids: Iterable[str] | None = None,
    threshold: int | None = None,
) -> Comparison:
    """Rank by each of ``methods`` and put the ranks side by side."""
    names = list(dict.fromkeys(methods))
    if len(names) < 2:
        raise UsageError("needs at least two different methods", param="methods")
    resolved = [get_method(plan, m) for m in names]
    initiatives = select(plan, ids)
    namespaces = [initiative_namespace(i) for i in initiatives]
    rankings = [
        rank_namespaces(plan, m, initiatives, namespaces, normalize=normalize) for m in resolved
    ]
    limit = threshold if threshold is not None else plan.settings.scoring.compare_threshold
    if limit is None:
        limit = default_threshold(len(initiatives))
    rank_maps = [{s.id: s.rank for s in r.scored} for r in rankings]
    rows: list[CompareRow] = []
    for i in initiatives:
        ranks = {name: rm.get(i.id) for name, rm in zip(names, rank_maps, strict=True)}
        present = [r for r in ranks.values() if r is not None]
        spread = max(present) - min(present) if len(present) >= 2 else None
        rows.append(
            CompareRow(i.id, i.title, i.team, ranks, spread, spread is not None and spread > limit)
        )
    first = names[0]
    big = len(initiatives) + 1
    rows.sort(key=lambda r: (r.ranks[first] or big, r.id))
    pairs: list[PairCorrelation] = []
    for x in range(len(names)):
        for y in range(x + 1, len(names)):
            ma, mb = rank_maps[x], rank_maps[y]
            common = sorted(ma.keys() & mb.keys())
            a = [ma[k] for k in common]
            b = [mb[k] for k in common]
            pairs.append(
                PairCorrelation(names[x], names[y], len(common), spearman(a, b), kendall(a, b))
            )
    return Comparison(names, rankings, rows, pairs, limit)
