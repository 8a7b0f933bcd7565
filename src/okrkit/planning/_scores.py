"""Values and ranks under a scoring method, from :mod:`okrkit.scoring`.

Planning needs two things from scoring: each initiative's *value* (the numerator of the
method: reach x impact x confidence for RICE, cost of delay for WSJF and CD3) and the
ranking (position in score order). This module is the one place that asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from okrkit.model import Plan


@dataclass(frozen=True)
class Scores:
    method: str
    value: dict[str, float | None]
    """Value of each initiative under the method (None: not scored)."""
    position: dict[str, int]
    """0-based position in the ranking; unscored initiatives follow, by id."""


def resolve_method(plan: Plan, method: str | None) -> str:
    return method if method else plan.settings.scoring.method


def scores(plan: Plan, method: str) -> Scores:
    """One call to :func:`okrkit.scoring.score_plan`: its items carry value and size too."""
    from okrkit.scoring import score_plan

    ranking = score_plan(plan, method)
    value: dict[str, float | None] = dict.fromkeys(plan.initiative_by_id)
    position: dict[str, int] = {}
    for item in ranking.scored:
        if item.id not in position:
            position[item.id] = len(position)
            value[item.id] = None if item.value is None else float(item.value)
    for iid in sorted(i.id for i in plan.initiatives if i.id not in position):
        position[iid] = len(position)
    return Scores(ranking.method, value, position)
