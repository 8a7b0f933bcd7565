"""``okrkit explain``: the whole derivation of one initiative's scores and ranks.

Sensitivity: for each numeric input of the chosen method, the *break-even* value at which
the initiative's score equals the score of its neighbour one place above (or below);
beyond it, the initiative passes that neighbour (at exactly that value the tie rule
decides). Built-in methods are linear (``a * x + b``) or inverse (``k / x``) in each
input, so the value is solved exactly; a formula is solved numerically (bisection), on
the assumption that it is monotonic in the input near its current value. The other
initiatives keep their scores (with ``--normalize`` the WSJF column scales are held
fixed). A value outside the input's scale (a confidence above 100%, an ICE score above
10) means the rank cannot change through that input alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from okrkit.errors import UnknownIdError
from okrkit.expr import initiative_namespace
from okrkit.forecast.distributions import effective, percentile
from okrkit.model.aggregate import Location
from okrkit.model.plan import Range, extras_json
from okrkit.scoring.methods import Formula, Missing
from okrkit.scoring.ranking import (
    AnyMethod,
    Ranking,
    available_methods,
    get_method,
    open_ids,
    rank_namespaces,
    score_key,
)

if TYPE_CHECKING:
    from okrkit.model import Initiative, Plan


@dataclass(frozen=True)
class InputLine:
    name: str
    value: float | str
    location: Location
    low: float | None = None
    likely: float | None = None
    high: float | None = None
    note: str | None = None
    distribution: str | None = None
    """How ``okrkit forecast`` reads the range (``settings.forecast.distribution``)."""
    percentiles: tuple[float, float, float] | None = None
    """P5, P50 and P95 of the range under ``distribution``."""


@dataclass(frozen=True)
class MethodLine:
    method: str
    formula: str
    substituted: str | None
    score: float | None
    value: float | None
    size: float | None
    rank: int | None
    of: int
    missing: list[str]
    reason: str | None = None
    settings: dict[str, Any] | None = None


@dataclass(frozen=True)
class Link:
    id: str
    title: str | None
    parent_id: str | None = None
    parent_title: str | None = None


@dataclass(frozen=True)
class Shift:
    value: float
    change: float | None
    """Relative change from the current value (0.25 = +25%); None when the current is 0."""
    neighbour: str
    tied: bool = False
    """The neighbour has the same score: the tie rule orders them, so any change of the
    score in the right direction moves the rank (``value`` is the current value)."""


@dataclass(frozen=True)
class SensitivityLine:
    name: str
    value: float
    up: Shift | None
    down: Shift | None
    note_up: str | None = None
    note_down: str | None = None


@dataclass(frozen=True)
class Sensitivity:
    method: str
    rank: int
    of: int
    solved: str
    """``exact`` for built-in methods, ``numeric`` for formulas."""
    lines: list[SensitivityLine]


@dataclass(frozen=True)
class Explanation:
    id: str
    title: str
    team: str
    kind: str
    status: str
    period: str | None
    location: Location
    inputs: list[InputLine]
    methods: list[MethodLine]
    key_results: list[Link]
    depends_on: list[Link]
    dependents: list[Link]
    sensitivity: Sensitivity | None
    sensitivity_method: str
    extras: dict[str, Any] = field(default_factory=dict)
    """owner, tags, links, meta (:func:`okrkit.model.plan.extras_json`)."""


_ESTIMATES = (
    ("rice", ("reach", "impact", "confidence", "effort")),
    ("ice", ("impact", "confidence", "ease")),
    ("wsjf", ("business_value", "time_criticality", "risk_reduction", "job_size")),
    ("cost_of_delay", ("per_week", "urgency", "deadline")),
)


def _input_lines(plan: Plan, i: Initiative) -> list[InputLine]:
    out: list[InputLine] = []

    def add(name: str, raw: Any, path: tuple[str, ...], note: str | None = None) -> None:
        if raw is None:
            return
        where = plan.where(i, *path)
        if isinstance(raw, Range):
            dist = plan.settings.forecast.distribution
            low, likely, high = raw.low, raw.likely, raw.high
            qs = tuple(percentile(low, likely, high, dist, q) for q in (0.05, 0.5, 0.95))
            out.append(
                InputLine(
                    name,
                    raw.point,
                    where,
                    low,
                    likely,
                    high,
                    note,
                    distribution=effective(dist, low),
                    percentiles=(qs[0], qs[1], qs[2]),
                )
            )
        elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
            out.append(InputLine(name, float(raw), where, note=note))
        else:
            text = raw.isoformat() if hasattr(raw, "isoformat") else str(raw)
            out.append(InputLine(name, text, where, note=note))

    add("effort_weeks", i.effort_weeks, ("effort_weeks",))
    if i.duration_weeks is not None:
        add("duration_weeks", i.duration_weeks, ("duration_weeks",))
    elif i.effort_weeks is not None:
        add("duration_weeks", i.effort_weeks, ("effort_weeks",), "from effort_weeks")
    add("timebox_weeks", i.timebox_weeks, ("timebox_weeks",))
    for section, names in _ESTIMATES:
        obj = getattr(i, section)
        if obj is None:
            continue
        for n in names:
            add(f"{section}.{n}", getattr(obj, n), (section, n))
    for n in sorted(i.fields):
        add(f"fields.{n}", i.fields[n], ("fields", n))
    return out


def _solve_exact(
    m: AnyMethod,
    name: str,
    ns: Mapping[str, Any],
    settings: Mapping[str, Any],
    target: float,
) -> float | None:
    """The value of ``name`` at which the score equals ``target`` (None: no such value)."""
    kind = m.kinds.get(name, "other")
    x = float(ns[name])

    def score_at(v: float) -> float:
        trial = dict(ns)
        trial[name] = v
        return m.evaluate(trial, settings).score

    if kind == "linear":
        b = score_at(0.0)
        a = score_at(1.0) - b
        if a == 0:
            return None
        return (target - b) / a
    if kind == "inverse":
        k = score_at(x) * x
        if target <= 0 or k <= 0:
            return None
        return k / target
    return None


def _solve_numeric(
    score_at: Callable[[float], float], x: float, current: float, target: float
) -> float | None:
    """Bisection for score_at(v) == target, searching away from ``x`` in the direction
    in which the score moves toward ``target``."""
    h = max(abs(x), 1.0) * 1e-6
    try:
        slope = (score_at(x + h) - current) / h
    except (Missing, ArithmeticError):
        try:
            slope = (current - score_at(x - h)) / h
        except (Missing, ArithmeticError):
            return None
    if slope == 0 or not math.isfinite(slope):
        return None
    direction = 1.0 if (target > current) == (slope > 0) else -1.0
    lo = x
    step = max(abs(x), 1.0) * 0.01
    hi = None
    for _ in range(80):
        cand = x + direction * step
        try:
            s = score_at(cand)
        except (Missing, ArithmeticError):
            break
        if (s - target) * (current - target) <= 0:
            hi = cand
            break
        lo = cand
        step *= 2.0
    if hi is None:
        return None
    f_lo = score_at(lo) - target
    for _ in range(200):
        mid = (lo + hi) / 2.0
        try:
            f_mid = score_at(mid) - target
        except (Missing, ArithmeticError):
            return None
        if f_mid == 0:
            return mid
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
        if abs(hi - lo) <= 1e-12 * max(abs(hi), 1.0):
            break
    return (lo + hi) / 2.0


def _sensitivity(
    m: AnyMethod,
    ranking: Ranking,
    ns: Mapping[str, Any],
    initiative_id: str,
) -> Sensitivity | None:
    """How far each numeric input of ``m`` must move to change the initiative's rank.

    For each input and each neighbour (one place up, one place down) it decides: already
    tied (no change needed), the value at which the two scores meet (solved exactly by
    inverting a built-in method, numerically for a formula), or "cannot change the rank"
    when no finite value does or the value lies outside the input's scale (a confidence
    above 100% is no advice). ``None`` when ``m`` does not score the initiative: it has
    no rank to change.
    """
    position = {s.id: n for n, s in enumerate(ranking.scored)}
    if initiative_id not in position:
        return None
    idx = position[initiative_id]
    me = ranking.scored[idx]
    above = ranking.scored[idx - 1] if idx > 0 else None
    below = ranking.scored[idx + 1] if idx + 1 < len(ranking.scored) else None
    settings = ranking.settings
    numeric = isinstance(m, Formula)
    lines: list[SensitivityLine] = []
    for name in m.numeric_inputs:
        raw = ns.get(name)
        if raw is None or isinstance(raw, bool) or not isinstance(raw, (int, float)):
            continue
        x = float(raw)

        def score_at(v: float, name: str = name) -> float:
            trial = dict(ns)
            trial[name] = v
            return m.evaluate(trial, settings).score

        shifts: list[Shift | None] = []
        notes: list[str | None] = []
        for neighbour, label in ((above, "up"), (below, "down")):
            if neighbour is None:
                shifts.append(None)
                notes.append("already first" if label == "up" else "already last")
                continue
            target = neighbour.score
            if score_key(target) == score_key(me.score):
                shifts.append(Shift(x, 0.0, neighbour.id, tied=True))
                notes.append(None)
                continue
            solved: float | None
            try:
                if numeric:
                    solved = _solve_numeric(score_at, x, me.score, target)
                else:
                    solved = _solve_exact(m, name, ns, settings, target)
            except (Missing, ArithmeticError):
                solved = None
            bound = m.bounds.get(name)
            if solved is None or not math.isfinite(solved):
                shifts.append(None)
                notes.append("cannot change the rank")
            elif bound is not None and not bound.contains(solved):
                shifts.append(None)
                notes.append(
                    f"cannot change the rank (would need {solved:.6g};"
                    f" the scale is {bound.describe()})"
                )
            else:
                change = (solved - x) / abs(x) if x != 0 else None
                shifts.append(Shift(solved, change, neighbour.id))
                notes.append(None)
        lines.append(SensitivityLine(name, x, shifts[0], shifts[1], notes[0], notes[1]))
    return Sensitivity(
        m.name, me.rank, len(ranking.scored), "numeric" if numeric else "exact", lines
    )


def explain_initiative(
    plan: Plan,
    initiative_id: str,
    method: str | None = None,
    *,
    normalize: bool = False,
) -> Explanation:
    """Everything behind one initiative's scores: inputs with their source, every
    method's formula, numbers, score and rank, links, and sensitivity under ``method``
    (``None``: the plan's default)."""
    i = plan.initiative_by_id.get(initiative_id)
    if i is None:
        raise UnknownIdError("initiative", initiative_id, plan.initiative_by_id)
    primary = get_method(plan, method)
    names = available_methods(plan)
    # ranked among the work still to decide, as score ranks by default (one rank for
    # every command); a done or dropped initiative is ranked as if it were still open
    keep = set(open_ids(plan, include=i.id))
    initiatives = [x for x in plan.initiatives if x.id in keep]
    namespaces = [initiative_namespace(x) for x in initiatives]
    ns = next(n for x, n in zip(initiatives, namespaces, strict=True) if x is i)
    methods: list[MethodLine] = []
    sensitivity: Sensitivity | None = None
    for name in names:
        m = primary if name == primary.name else get_method(plan, name)
        ranking = rank_namespaces(plan, m, initiatives, namespaces, normalize=normalize)
        scored = ranking.by_id.get(i.id)
        formula = ranking.formula
        if scored is not None:
            # lists the formula tests (``tags``) are shown in the substitution too
            numbers = {k: ns[k] for k in getattr(m, "required", ()) if isinstance(ns.get(k), tuple)}
            numbers.update(scored.inputs.items())
            methods.append(
                MethodLine(
                    name,
                    formula,
                    m.substituted(numbers, ranking.settings),
                    scored.score,
                    scored.value,
                    scored.size,
                    scored.rank,
                    len(ranking.scored),
                    [],
                    None,
                    ranking.settings,
                )
            )
        else:
            miss = next(u for u in ranking.unscored if u.id == i.id)
            methods.append(
                MethodLine(
                    name,
                    formula,
                    None,
                    None,
                    None,
                    None,
                    None,
                    len(ranking.scored),
                    miss.missing,
                    miss.reason,
                    ranking.settings,
                )
            )
        if name == primary.name:
            sensitivity = _sensitivity(m, ranking, ns, i.id)
    key_results: list[Link] = []
    for kr_id in i.key_results:
        kr = plan.key_result_by_id.get(kr_id)
        obj = plan.objective_of.get(kr_id)
        key_results.append(
            Link(
                kr_id,
                kr.title if kr else None,
                obj.id if obj else None,
                obj.title if obj else None,
            )
        )
    depends = [
        Link(d, plan.initiative_by_id[d].title if d in plan.initiative_by_id else None)
        for d in i.depends_on
    ]
    waiting = [
        Link(d, plan.initiative_by_id[d].title if d in plan.initiative_by_id else None)
        for d in sorted(plan.dependents().get(i.id, []))
    ]
    return Explanation(
        id=i.id,
        title=i.title,
        team=i.team,
        kind=i.kind,
        status=i.status,
        period=i.period,
        location=plan.where(i),
        inputs=_input_lines(plan, i),
        methods=methods,
        key_results=key_results,
        depends_on=depends,
        dependents=waiting,
        sensitivity=sensitivity,
        sensitivity_method=primary.name,
        extras=extras_json(i),
    )
