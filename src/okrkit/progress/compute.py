"""Key-result progress, grades, expected progress and status (see docs/progress.md).

Pure functions of the plan and an ``as_of`` date: nothing here reads the clock.

- progress: how far the current value has moved from the baseline to the target,
  uncapped (``increase`` 1.3 means 130%); ``None`` when the key result cannot be measured.
- grade: progress clamped to [0, 1] (Google's 0.0-1.0 grade).
- expected: the share of the period elapsed at the start of ``as_of`` (linear).
- status: the grade against the expected progress, in bands.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from okrkit.gcpause import gc_paused
from okrkit.model.aggregate import Plan
from okrkit.model.filters import ElementFilter
from okrkit.model.plan import Checkin, Commitment, KeyResult, Objective, Period, extras_json

KrState = Literal[
    "achieved",
    "on_track",
    "at_risk",
    "off_track",
    "missed",
    "upcoming",
    "unscheduled",
    "unmeasurable",
]
"""Status of a key result or objective. ``upcoming``: its period has not started;
``unscheduled``: no period, so no expectation; ``unmeasurable``: the key result lacks
what its progress needs (see ``reason``)."""

STATUSES: tuple[KrState, ...] = get_args(KrState)
"""Every status, in the order reports list them (derived from :data:`KrState`)."""

# Weakest first. ``unscheduled`` and ``upcoming`` never meet on_track/at_risk/off_track/
# missed within one objective (all its key results share its period), so their place
# among them does not matter.
_WEAKNESS: dict[str, int] = {
    "missed": 0,
    "off_track": 1,
    "at_risk": 2,
    "unscheduled": 3,
    "upcoming": 4,
    "on_track": 5,
    "achieved": 6,
}

EPS = 1e-9
"""Comparisons allow for float noise: 0.7 computed as 0.69999999999 still meets 0.7."""

AT_RISK_BAND = 0.15
STALE_AFTER_DAYS = 21
MILESTONE_TARGET = 1.0
SUCCESS_AT_END: dict[str, float] = {"committed": 1.0, "aspirational": 0.7}
"""The grade that counts as success once the period is over (Google's OKR playbook)."""


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """One check-in as history: its date, value and progress (``None`` if unmeasurable)."""

    date: dt.date
    value: float
    progress: float | None


@dataclass(frozen=True, slots=True)
class Staleness:
    """How long a key result has gone without a check-in, when that is too long."""

    since: dt.date
    """The latest check-in on or before ``as_of``, else the period's start."""
    checked_in: bool
    """``since`` is a check-in (False: the key result has none, counted from the start)."""
    days: int
    """Days from ``since`` to ``as_of``, or to the day after the period's end if earlier."""
    after_days: int
    """The threshold: stale once ``days`` reaches it."""
    period_over: bool
    """The clock stopped at the end of the period."""


@dataclass(frozen=True, slots=True)
class KrStatus:
    """Where one key result stands at ``as_of``."""

    id: str
    title: str
    direction: str | None
    unit: str | None
    baseline: float | None
    target: float | None
    weight: float
    current: float | None
    current_source: Literal["checkin", "current", "baseline"] | None
    progress: float | None
    grade: float | None
    expected: float | None
    status: KrState
    confidence: float | None
    last_checkin: dt.date | None
    staleness: Staleness | None
    """How long without a check-in, when stale (:func:`staleness`); ``None`` otherwise."""
    reason: str | None
    """Why the key result is ``unmeasurable``; ``None`` otherwise."""
    history: tuple[HistoryPoint, ...]
    """Check-ins up to ``as_of``, oldest first."""
    indicator: str | None = None
    """``leading``, ``lagging`` or ``None`` (not said)."""
    extras: dict[str, Any] = field(default_factory=dict)
    """owner, tags, links, meta (:func:`okrkit.model.plan.extras_json`)."""

    @property
    def stale(self) -> bool:
        return self.staleness is not None


@dataclass(frozen=True, slots=True)
class ObjectiveStatus:
    """Where one objective stands: the weighted average of its key results' grades."""

    id: str
    title: str
    pillar: str | None
    team: str | None
    period: str | None
    commitment: Commitment
    progress: float | None
    grade: float | None
    expected: float | None
    status: KrState
    key_results: tuple[KrStatus, ...]
    extras: dict[str, Any] = field(default_factory=dict)
    """owner, tags, links, meta (:func:`okrkit.model.plan.extras_json`)."""


@dataclass(frozen=True, slots=True)
class PillarGroup:
    """Objectives of one pillar (``id`` ``None``: objectives without a pillar)."""

    id: str | None
    name: str | None
    objectives: tuple[ObjectiveStatus, ...]


@dataclass(frozen=True, slots=True)
class StatusReport:
    """The status of every selected objective at ``as_of``."""

    as_of: dt.date
    period: str | None
    team: str | None
    at_risk_band: float
    stale_after_days: int
    objectives: tuple[ObjectiveStatus, ...]
    pillars: tuple[PillarGroup, ...]
    """The same objectives grouped by pillar: the vision's order, then no pillar."""
    summary_periods: tuple[str, ...] = ()
    """The periods the summary covers: ``period`` if given, else those under way at
    ``as_of``; empty when none is (then the summary covers every objective)."""

    @property
    def summary_key_results(self) -> tuple[KrStatus, ...]:
        """The key results the one-line summary counts (see :attr:`summary_periods`)."""
        scope = set(self.summary_periods)
        return tuple(
            k for o in self.objectives if not scope or o.period in scope for k in o.key_results
        )


# --- check-ins -------------------------------------------------------------------


def _ordered_checkins(kr: KeyResult, as_of: dt.date | None) -> list[Checkin]:
    """Check-ins by date, oldest first; ties keep file order (``sorted`` is stable)."""
    items = kr.checkins if as_of is None else [c for c in kr.checkins if c.date <= as_of]
    return sorted(items, key=lambda c: c.date)


def last_checkin(kr: KeyResult, *, as_of: dt.date | None = None) -> Checkin | None:
    """The latest check-in by date (on or before ``as_of`` if given); ties: last written."""
    best: Checkin | None = None
    for c in kr.checkins:
        if as_of is not None and c.date > as_of:
            continue
        if best is None or c.date >= best.date:
            best = c
    return best


# --- progress --------------------------------------------------------------------


def expected_progress(period: Period | None, as_of: dt.date) -> float | None:
    """Linear expected progress: the share of the period's days before ``as_of``.

    The period runs from the start of its first day to the end of its last, and
    ``as_of`` counts as the start of that day: 0 on the first day, 1 the day after the
    last; 0 before the period, 1 after it. ``None`` without a period.
    """
    if period is None:
        return None
    days = (period.end - period.start).days + 1
    elapsed = (as_of - period.start).days
    return min(1.0, max(0.0, elapsed / days))


def raw_progress(
    direction: str | None, baseline: float | None, target: float | None, value: float | None
) -> tuple[float | None, str | None]:
    """Progress of ``value`` (uncapped) and, when it is ``None``, the reason why."""
    if direction is None:
        return None, "no direction"
    if direction == "milestone":
        goal = MILESTONE_TARGET if target is None else target
        if value is None:
            return 0.0, None
        return (1.0 if value >= goal - EPS else 0.0), None
    if target is None:
        return None, "no target"
    if direction in ("at_least", "at_most"):
        if value is None:
            return None, "no check-in, current value or baseline"
        met = value >= target - EPS if direction == "at_least" else value <= target + EPS
        return (1.0 if met else 0.0), None
    if baseline is None:
        return None, "no baseline"
    assert value is not None  # increase/decrease fall back to the baseline
    if target == baseline:  # nothing to move: met or not, like at_least / at_most
        met = value >= target - EPS if direction == "increase" else value <= target + EPS
        return (1.0 if met else 0.0), None
    # halves first: exact for every float, and finite even for baseline -1e308, target 1e308
    if target / 2 == baseline / 2:
        # a few subnormals apart (baseline 0, target 5e-324): halving lost the span, the
        # plain difference keeps it (and is exact there)
        progress = (value - baseline) / (target - baseline)
    elif direction == "increase":
        progress = (value / 2 - baseline / 2) / (target / 2 - baseline / 2)
    else:
        progress = (baseline / 2 - value / 2) / (baseline / 2 - target / 2)
    if not math.isfinite(progress):
        return None, "progress overflows (numbers too large)"
    return progress, None


def clamp01(value: float) -> float:
    return min(1.0, max(0.0, value))


def _status(
    grade: float | None,
    expected: float | None,
    *,
    period: Period | None,
    commitment: str,
    as_of: dt.date,
    band: float,
) -> KrState:
    if grade is None:
        return "unmeasurable"
    if grade >= 1.0 - EPS:
        return "achieved"
    if period is None or expected is None:
        return "unscheduled"
    if as_of < period.start:
        return "upcoming"
    if as_of > period.end:
        return "missed" if grade < SUCCESS_AT_END[commitment] - EPS else "on_track"
    if grade >= expected - EPS:
        return "on_track"
    if grade >= expected - band - EPS:
        return "at_risk"
    return "off_track"


def key_result_progress(
    kr: KeyResult,
    *,
    period: Period | None,
    commitment: str,
    as_of: dt.date,
    band: float = AT_RISK_BAND,
    stale_after_days: int = STALE_AFTER_DAYS,
) -> KrStatus:
    """Progress, grade, expected progress and status of one key result at ``as_of``.

    Only check-ins dated on or before ``as_of`` count. The current value is the latest
    of them; with no check-ins at all, ``current``; else the baseline.
    """
    checkins = _ordered_checkins(kr, as_of)
    latest = last_checkin(kr, as_of=as_of)
    value: float | None
    source: Literal["checkin", "current", "baseline"] | None
    if latest is not None:
        value, source = latest.value, "checkin"
    elif not kr.checkins and kr.current is not None:
        value, source = kr.current, "current"
    elif kr.baseline is not None:
        value, source = kr.baseline, "baseline"
    else:
        value, source = None, None

    progress, reason = raw_progress(kr.direction, kr.baseline, kr.target, value)
    grade = None if progress is None else clamp01(progress)
    expected = expected_progress(period, as_of)
    status = _status(grade, expected, period=period, commitment=commitment, as_of=as_of, band=band)
    history = tuple(
        HistoryPoint(
            c.date, c.value, raw_progress(kr.direction, kr.baseline, kr.target, c.value)[0]
        )
        for c in checkins
    )
    return KrStatus(
        id=kr.id,
        title=kr.title,
        direction=kr.direction,
        unit=kr.unit,
        baseline=kr.baseline,
        target=kr.target,
        weight=kr.weight,
        current=value,
        current_source=source,
        progress=progress,
        grade=grade,
        expected=expected,
        status=status,
        confidence=latest.confidence if latest is not None else None,
        last_checkin=latest.date if latest is not None else None,
        staleness=staleness(
            kr, period=period, as_of=as_of, after_days=stale_after_days, status=status
        ),
        reason=reason,
        history=history,
        indicator=kr.indicator,
        extras=extras_json(kr),
    )


def stale_after_days(plan: Plan) -> int:
    """The one stale threshold of a plan, read by ``status`` and ``stale-key-result``:
    the check's ``days`` option when ``settings.checks`` sets it, else
    ``settings.status.stale_after_days`` (21 by default). A bad ``days`` is the check
    settings' own error (``check`` and ``validate`` report it); here it is ignored."""
    raw = (plan.settings.checks or {}).get("stale-key-result")
    if isinstance(raw, dict) and raw.get("days") is not None:
        from pydantic import TypeAdapter, ValidationError

        try:  # read as the check's options read it (pydantic's int, at least 1)
            days = TypeAdapter(int).validate_python(raw["days"])
        except ValidationError:
            days = 0
        if days >= 1:
            return days
    return plan.settings.status.stale_after_days


def staleness(
    kr: KeyResult,
    *,
    period: Period | None,
    as_of: dt.date,
    after_days: int = STALE_AFTER_DAYS,
    status: KrState,
) -> Staleness | None:
    """The one definition of a stale key result, used by ``status`` and ``check``.

    Stale means no check-in for ``after_days`` days or more (21 days after a check-in is
    stale). Only check-ins dated on or before ``as_of`` count. The clock starts at the
    latest of them, else at the period's start, and stops at the period's end, so a
    finished period does not grow staler forever. Never stale: an achieved key result;
    a key result whose period has not started; one with neither a check-in nor a period.
    ``None`` when not stale.
    """
    if status == "achieved":
        return None
    if period is not None and as_of < period.start:
        return None
    latest = last_checkin(kr, as_of=as_of)
    if latest is not None:
        since = latest.date
    elif period is not None:
        since = period.start
    else:
        return None
    over = period is not None and as_of > period.end
    until = period.end + dt.timedelta(days=1) if period is not None and over else as_of
    days = (until - since).days
    if days < after_days:
        return None
    return Staleness(since, latest is not None, days, after_days, over)


# --- objectives and the report ---------------------------------------------------


def objective_progress(
    objective: Objective,
    krs: tuple[KrStatus, ...],
    expected: float | None,
) -> ObjectiveStatus:
    """Weighted average of the measurable key results' grades; the weakest status.

    An objective's progress is its grade: the average of grades, so one key result far
    beyond its target cannot hide another at zero. Unmeasurable key results are left out
    of the average (they are reported on their own line).
    """
    total = 0.0
    weighted = 0.0
    for k in krs:
        if k.grade is not None:
            total += k.weight
            weighted += k.weight * k.grade
    grade = weighted / total if total else None
    ranked = [k.status for k in krs if k.status in _WEAKNESS]
    status: KrState = min(ranked, key=lambda s: _WEAKNESS[s]) if ranked else "unmeasurable"
    return ObjectiveStatus(
        id=objective.id,
        title=objective.title,
        pillar=objective.pillar,
        team=objective.team,
        period=objective.period,
        commitment=objective.commitment,
        progress=grade,
        grade=grade,
        expected=expected,
        status=status,
        key_results=krs,
        extras=extras_json(objective),
    )


def compute_status(
    plan: Plan,
    *,
    as_of: dt.date,
    period: str | None = None,
    team: str | None = None,
    only: ElementFilter | None = None,
) -> StatusReport:
    """The status of every objective (of ``period`` and ``team``, when given) at ``as_of``.

    ``only`` (``--tag``/``--owner``) keeps the objectives it matches (see
    :mod:`okrkit.model.filters`), each with all its key results, so its grade stays the one
    every other view shows.

    Raises :class:`~okrkit.errors.UsageError` for an unknown period or team id.
    """
    with gc_paused():  # many small results, none cyclic
        return _compute_status(plan, as_of=as_of, period=period, team=team, only=only)


def _compute_status(
    plan: Plan,
    *,
    as_of: dt.date,
    period: str | None,
    team: str | None,
    only: ElementFilter | None = None,
) -> StatusReport:
    """Decides which objectives are shown (period, team, then ``only``, which keeps an
    objective whole so its grade is the one every view shows) and groups them by pillar
    in the vision's order, objectives without a known pillar last."""
    from okrkit.errors import UnknownIdError

    if period is not None and period not in plan.period_by_id:
        raise UnknownIdError("period", period, plan.period_by_id, param="period")
    if team is not None and team not in plan.team_by_id:
        raise UnknownIdError("team", team, plan.team_by_id, param="team")
    settings = plan.settings.status
    band = settings.at_risk_band
    stale_days = stale_after_days(plan)

    objectives: list[ObjectiveStatus] = []
    for obj in plan.objectives:
        if period is not None and obj.period != period:
            continue
        if team is not None and obj.team != team:
            continue
        if only is not None and only.active and not only.objective(obj):
            continue
        per = plan.period_by_id.get(obj.period) if obj.period is not None else None
        krs = tuple(
            key_result_progress(
                kr,
                period=per,
                commitment=obj.commitment,
                as_of=as_of,
                band=band,
                stale_after_days=stale_days,
            )
            for kr in obj.key_results
        )
        objectives.append(objective_progress(obj, krs, expected_progress(per, as_of)))

    by_pillar: dict[str | None, list[ObjectiveStatus]] = {}
    for o in objectives:
        key = o.pillar if o.pillar in plan.pillar_by_id else None
        by_pillar.setdefault(key, []).append(o)
    groups = [
        PillarGroup(p.id, p.name, tuple(by_pillar[p.id])) for p in plan.pillars if p.id in by_pillar
    ]
    if None in by_pillar:
        groups.append(PillarGroup(None, None, tuple(by_pillar[None])))
    if period is not None:
        current: tuple[str, ...] = (period,)
    else:
        current = tuple(p.id for p in plan.periods if p.start <= as_of <= p.end)
    return StatusReport(
        summary_periods=current,
        as_of=as_of,
        period=period,
        team=team,
        at_risk_band=band,
        stale_after_days=stale_days,
        objectives=tuple(o for g in groups for o in g.objectives),
        pillars=tuple(groups),
    )
