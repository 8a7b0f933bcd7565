"""Scoring: rank initiatives by RICE, ICE, WSJF, CD3 or a formula from the plan.

Definitions, the tie rule and the JSON shape are documented in ``docs/scoring.md``.
"""

from okrkit.scoring.compare import CompareRow, Comparison, PairCorrelation, compare_methods
from okrkit.scoring.methods import BUILTIN_METHODS
from okrkit.scoring.ranking import (
    Ranking,
    ScoredInitiative,
    Unscored,
    available_methods,
    filter_ids,
    missing_inputs,
    score_plan,
    tie_key,
    value_size,
)

__all__ = [
    "BUILTIN_METHODS",
    "CompareRow",
    "Comparison",
    "PairCorrelation",
    "Ranking",
    "ScoredInitiative",
    "Unscored",
    "available_methods",
    "compare_methods",
    "filter_ids",
    "missing_inputs",
    "score_plan",
    "tie_key",
    "value_size",
]
