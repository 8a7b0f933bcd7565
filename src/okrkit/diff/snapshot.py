"""Everything ``okrkit diff`` compares, computed for one version of a plan.

A :class:`Snapshot` holds the plan's elements as flat field maps and the *results* of
analysing it: the rankings of each method, the selection and schedule of every period,
team loads, pillar and debt shares, dependency edges and cycles, and the findings of
``okrkit check``. Two snapshots are compared by :mod:`okrkit.diff.compare`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okrkit.checks.result import Finding
    from okrkit.model import Plan

ElementKey = tuple[str, str]
"""(kind, id): ``initiative``, ``key-result``, ``objective``, ``team``, ``period``,
``pillar``, ``principle``, ``vision`` or ``settings``."""

KINDS = (
    "vision",
    "settings",
    "pillar",
    "principle",
    "period",
    "team",
    "objective",
    "key-result",
    "initiative",
)


@dataclass(frozen=True)
class Element:
    kind: str
    id: str
    title: str | None
    model: Any
    """The pydantic model (compared first: only unequal ones are flattened)."""
    extra: tuple[tuple[str, Any], ...] = ()
    """Fields that are not on the model: a key result's ``objective``."""
    exclude: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Ranked:
    rank: int
    score: float
    inputs: Mapping[str, float | str]


@dataclass(frozen=True)
class Placement:
    """Where an initiative of a period stands after planning."""

    period: str
    selected: bool
    reason: str | None = None
    """Why it is not selected (``capacity``, ``dependency``, ...)."""
    detail: str | None = None
    start: dt.date | None = None
    finish: dt.date | None = None
    deadline: dt.date | None = None


@dataclass(frozen=True)
class Snapshot:
    label: str
    methods: tuple[str, ...]
    """The methods ranked: the plan's own first unless asked otherwise."""
    elements: dict[ElementKey, Element]
    rankings: dict[str, dict[str, Ranked]]
    placements: dict[str, Placement]
    """Initiative id -> its placement, for open initiatives of a period."""
    capacity: dict[tuple[str, str], float]
    """(team, period) -> person-weeks of capacity."""
    planned: dict[tuple[str, str], float]
    """(team, period) -> person-weeks selected."""
    pillar_shares: dict[tuple[str, str], float]
    """(pillar, period) -> share of the effort selected in the period."""
    pillar_targets: dict[str, float]
    debt_shares: dict[tuple[str, str], float]
    """(team, period) -> share of the team's selected effort that is debt."""
    edges: frozenset[tuple[str, str]]
    """(dependent, dependency) pairs between initiatives that both exist."""
    teams: dict[str, str]
    """Initiative id -> team."""
    cycles: tuple[tuple[str, ...], ...]
    findings: tuple[Finding, ...]
    period_order: tuple[str, ...]


def _title(model: Any) -> str | None:
    for attr in ("title", "name", "statement"):
        v = getattr(model, attr, None)
        if isinstance(v, str):
            return v.strip()
    return None


def elements(plan: Plan) -> dict[ElementKey, Element]:
    out: dict[ElementKey, Element] = {}

    def add(kind: str, ident: str, model: Any, **kw: Any) -> None:
        out.setdefault((kind, ident), Element(kind, ident, _title(model), model, **kw))

    if plan.vision is not None:
        add("vision", "vision", plan.vision, exclude=frozenset({"principles", "pillars"}))
    out[("settings", "settings")] = Element("settings", "settings", None, plan.settings)
    for p in plan.pillars:
        add("pillar", p.id, p)
    for pr in plan.principles:
        add("principle", pr.id, pr)
    for period in plan.periods:
        add("period", period.id, period)
    for t in plan.teams:
        add("team", t.id, t)
    for o in plan.objectives:
        add("objective", o.id, o, exclude=frozenset({"key_results"}))
        for kr in o.key_results:
            add("key-result", kr.id, kr, extra=(("objective", o.id),))
    for i in plan.initiatives:
        add("initiative", i.id, i)
    return out


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        if not value:
            return
        for k in value:
            _flatten(value[k], f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(value, list) and value and any(isinstance(v, dict) for v in value):
        for n, v in enumerate(value):
            _flatten(v, f"{prefix}[{n}]", out)
    elif value is None or value == []:
        return
    else:
        out[prefix] = value


def fields(element: Element) -> dict[str, Any]:
    """The element as ``{dotted.field: JSON value}``: unset, empty and null fields are
    left out, so "not written" and "written empty" read the same."""
    data = element.model.model_dump(mode="json", exclude=set(element.exclude) or None)
    for k, v in element.extra:
        data[k] = v
    out: dict[str, Any] = {}
    _flatten(data, "", out)
    return out


def _schedule(
    plan: Plan, method: str, as_of: dt.date
) -> tuple[
    dict[str, Placement],
    dict[tuple[str, str], float],
    dict[tuple[str, str], float],
    dict[tuple[str, str], float],
    dict[str, float],
]:
    """Placements, planned weeks, pillar and debt shares, from the one schedule
    (:func:`okrkit.planning.build_schedule`, memoised on the plan: the checks read the
    same one)."""
    from okrkit.model.plan import OPEN_STATUSES
    from okrkit.planning import build_schedule

    sched = build_schedule(plan, as_of=as_of, method=method)
    placements: dict[str, Placement] = {}
    for e in sched.entries:
        if e.period is None or e.status not in OPEN_STATUSES:
            continue
        placements[e.id] = Placement(
            e.period,
            e.selected,
            reason=e.reason,
            detail=e.detail,
            start=e.start,
            finish=e.finish,
            deadline=e.deadline,
        )
    planned: dict[tuple[str, str], float] = {}
    pillars: dict[tuple[str, str], float] = {}
    debt: dict[tuple[str, str], float] = {}
    targets: dict[str, float] = {}
    for result in sched.periods:
        for load in result.teams:
            planned[(load.id, result.period)] = load.planned_weeks
        for ps in result.pillar_share:
            pillars[(ps.pillar, result.period)] = ps.share
            if ps.target is not None:
                targets[ps.pillar] = ps.target
        for team, share in result.debt_share:
            if share is not None:
                debt[(team, result.period)] = share
    return placements, planned, pillars, debt, targets


def analyse(
    plan: Plan,
    *,
    label: str,
    as_of: dt.date,
    methods: Sequence[str] | None = None,
    sources: Mapping[str, str] | None = None,
) -> Snapshot:
    """Analyse ``plan`` in full for a comparison.

    ``methods`` are the ranking methods to compare (default: the plan's own); the first
    one also drives selection and scheduling. A formula the plan does not define (the
    other version added it) ranks nothing, and the plan's own method plans. ``sources``
    maps file names to their text for ignore comments (plans read from git); otherwise
    files are read from disk.
    """
    from okrkit.checks.engine import run_checks
    from okrkit.graph import find_cycles
    from okrkit.scoring import available_methods
    from okrkit.scoring.ranking import open_ranking

    chosen = tuple(methods) if methods else (plan.settings.scoring.method,)
    known = set(available_methods(plan))
    rankings: dict[str, dict[str, Ranked]] = {}
    for m in chosen:
        if m not in known and m in ("rice", "ice", "wsjf", "cd3"):
            known.add(m)
        if m not in known:
            # a formula this version of the plan does not define: nothing to rank by
            rankings[m] = {}
            continue
        ranking = open_ranking(plan, m)
        rankings[m] = {s.id: Ranked(s.rank, s.score, s.inputs) for s in ranking.scored}
    planner = chosen[0] if chosen[0] in known else plan.settings.scoring.method
    placements, planned, pillar_shares, debt_shares, targets = _schedule(plan, planner, as_of)
    capacity = {(t.id, p): c for t in plan.teams for p, c in t.capacity.items()}
    by_id = plan.initiative_by_id
    edges = frozenset(
        (i.id, d) for i in plan.initiatives for d in i.depends_on if d in by_id and d != i.id
    )
    report = run_checks(plan, as_of, sources=sources)
    return Snapshot(
        label=label,
        methods=chosen,
        elements=elements(plan),
        rankings=rankings,
        placements=placements,
        capacity=capacity,
        planned=planned,
        pillar_shares=pillar_shares,
        pillar_targets=targets,
        debt_shares=debt_shares,
        edges=edges,
        teams={i.id: i.team for i in plan.initiatives},
        cycles=tuple(tuple(c) for c in find_cycles(plan)),
        findings=report.findings,
        period_order=tuple(
            p.id for p in sorted(plan.periods, key=lambda p: (p.start, p.end, p.id))
        ),
    )
