"""Shares of effort: per pillar (against the vision's targets) and debt per team.

One definition, used by ``okrkit plan`` (per period; pillar shares of the funded work,
done and selected), the report, ``diff`` and the checks ``pillar-share-drift`` and
``debt-share-below-minimum``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from okrkit.model import Initiative, Plan
from okrkit.planning.result import PillarShare


def pillars_of(plan: Plan, i: Initiative) -> list[str]:
    """The pillars an initiative serves: those of the objectives of its key results."""
    objective_of = plan.objective_of
    known = plan.pillar_by_id
    out: list[str] = []
    for kr_id in i.key_results:
        o = objective_of.get(kr_id)
        if o is None or o.pillar is None or o.pillar not in known or o.pillar in out:
            continue
        out.append(o.pillar)
    return out


def funded_work(
    plan: Plan, selected: Collection[str], period: str | None = None
) -> list[Initiative]:
    """The work a plan funds, in plan order: done work, and the open work the schedule
    selects (``selected``); with ``period``, that period's only.

    The one definition behind every pillar share: ``plan``'s per-period line,
    ``pillar-share-drift``, the report's vision section and ``diff``.
    """
    return [
        i
        for i in plan.initiatives
        if (period is None or i.period == period) and (i.status == "done" or i.id in selected)
    ]


def effort_by_pillar(
    plan: Plan,
    initiatives: Iterable[Initiative],
    effort: Callable[[Initiative], float | None] = lambda i: i.effort,
) -> tuple[dict[str, float], float]:
    """Effort per pillar (split equally between an initiative's pillars) and the total
    (work aligned to no pillar counts in the total). Work without an estimate is left out."""
    by_pillar: dict[str, float] = {}
    total = 0.0
    for i in initiatives:
        e = effort(i)
        if e is None:
            continue
        total += e
        pillars = pillars_of(plan, i)
        for p in pillars:
            by_pillar[p] = by_pillar.get(p, 0.0) + e / len(pillars)
    return by_pillar, total


def pillar_shares(
    plan: Plan,
    initiatives: Iterable[Initiative],
    effort: Callable[[Initiative], float | None] = lambda i: i.effort,
) -> tuple[PillarShare, ...]:
    """Each pillar's share of the effort of ``initiatives`` (empty when there is none)."""
    by_pillar, total = effort_by_pillar(plan, initiatives, effort)
    if total <= 0.0:
        return ()
    return tuple(
        PillarShare(p.id, by_pillar.get(p.id, 0.0) / total, p.target_share) for p in plan.pillars
    )


def debt_share(
    initiatives: Iterable[Initiative],
    effort: Callable[[Initiative], float | None] = lambda i: i.effort,
) -> float | None:
    """The share of the effort of ``initiatives`` that is ``kind: debt`` (None: no effort)."""
    total = debt = 0.0
    for i in initiatives:
        e = effort(i) or 0.0
        total += e
        if i.kind == "debt":
            debt += e
    return debt / total if total > 0.0 else None
