"""Key-result progress, grades and on-track status (``okrkit status``).

See ``docs/progress.md`` for the formulas, the bands and their sources.
"""

from okrkit.progress.compute import (
    AT_RISK_BAND,
    STALE_AFTER_DAYS,
    STATUSES,
    HistoryPoint,
    KrState,
    KrStatus,
    ObjectiveStatus,
    PillarGroup,
    Staleness,
    StatusReport,
    compute_status,
    expected_progress,
    key_result_progress,
    last_checkin,
    objective_progress,
    raw_progress,
    stale_after_days,
    staleness,
)

__all__ = [
    "AT_RISK_BAND",
    "STALE_AFTER_DAYS",
    "STATUSES",
    "HistoryPoint",
    "KrState",
    "KrStatus",
    "ObjectiveStatus",
    "PillarGroup",
    "Staleness",
    "StatusReport",
    "compute_status",
    "expected_progress",
    "key_result_progress",
    "last_checkin",
    "objective_progress",
    "raw_progress",
    "stale_after_days",
    "staleness",
]
