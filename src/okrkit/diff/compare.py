"""Compare two :class:`~okrkit.diff.snapshot.Snapshot` objects: the result of ``okrkit
diff``, a frozen :class:`PlanDiff` that every reporter renders.

Elements are matched by kind and id, never by position. Every list in the result has a
documented order, so the same two plans always give the same report.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from okrkit.checks.baseline import match_findings
from okrkit.diff.snapshot import KINDS, Snapshot, fields

if TYPE_CHECKING:
    from okrkit.checks.result import Finding

EPS = 1e-9
NAMED_OTHERS = 5
"""How many of the initiatives that caused a rank move are named."""


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    """JSON value; None when the field was not set."""
    after: Any


@dataclass(frozen=True)
class ElementChange:
    kind: str
    id: str
    change: Literal["added", "removed", "changed"]
    title: str | None
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class RankMove:
    method: str
    id: str
    before: int
    after: int
    cause: Literal["own", "others"]
    inputs: tuple[FieldChange, ...] = ()
    """cause ``own``: the method's inputs of this initiative that changed."""
    others: tuple[str, ...] = ()
    """cause ``others``: initiatives that passed it or fell behind it (the first few)."""
    others_count: int = 0

    @property
    def delta(self) -> int:
        """Places gained (positive: up)."""
        return self.before - self.after


@dataclass(frozen=True)
class SelectionChange:
    id: str
    period: str
    change: Literal["fell-below", "rose-above"]
    reason: str | None
    """Why it is below the cut line now (fell) or was before (rose)."""
    detail: str
    own: tuple[FieldChange, ...] = ()
    """Its own fields that changed (effort, status, scores...)."""


@dataclass(frozen=True)
class ScheduleChange:
    id: str
    period: str
    finish_before: dt.date
    finish_after: dt.date

    @property
    def days(self) -> int:
        return (self.finish_after - self.finish_before).days


@dataclass(frozen=True)
class DeadlineMiss:
    id: str
    period: str
    finish: dt.date
    deadline: dt.date


@dataclass(frozen=True)
class KeyResultChange:
    id: str
    objective: str
    change: Literal["eased", "tightened", "target-changed", "baseline-rewritten", "removed"]
    direction: str | None = None
    before: Any = None
    after: Any = None


@dataclass(frozen=True)
class EdgeChange:
    dependent: str
    dependency: str
    change: Literal["added", "removed"]
    dependent_team: str
    dependency_team: str

    @property
    def cross_team(self) -> bool:
        return self.dependent_team != self.dependency_team


@dataclass(frozen=True)
class CapacityChange:
    team: str
    period: str
    capacity_before: float | None
    capacity_after: float | None
    planned_before: float | None
    planned_after: float | None


@dataclass(frozen=True)
class ShareChange:
    kind: Literal["pillar", "debt"]
    id: str
    """The pillar, or the team (debt)."""
    period: str
    before: float | None
    after: float | None
    target: float | None = None


@dataclass(frozen=True)
class PlanDiff:
    """What changed between two versions of a plan, in results, not text."""

    base: str
    head: str
    as_of: dt.date
    methods: tuple[str, ...]
    elements: tuple[ElementChange, ...] = ()
    rank_moves: tuple[RankMove, ...] = ()
    selection: tuple[SelectionChange, ...] = ()
    schedule: tuple[ScheduleChange, ...] = ()
    deadline_misses: tuple[DeadlineMiss, ...] = ()
    key_results: tuple[KeyResultChange, ...] = ()
    dependencies: tuple[EdgeChange, ...] = ()
    new_cycles: tuple[tuple[str, ...], ...] = ()
    capacity: tuple[CapacityChange, ...] = ()
    shares: tuple[ShareChange, ...] = ()
    new_findings: tuple[Finding, ...] = ()
    fixed_findings: tuple[Finding, ...] = ()
    unchanged_findings: int = 0
    tally: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """True when the two versions do not differ in anything reported."""
        return not any(self.tally.values())


def _num_equal(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) <= EPS * max(1.0, abs(float(a)), abs(float(b)))
    return bool(a == b)


def _field_changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[FieldChange, ...]:
    out: list[FieldChange] = []
    for name in sorted(set(before) | set(after)):
        a, b = before.get(name), after.get(name)
        if not _num_equal(a, b):
            out.append(FieldChange(name, a, b))
    return tuple(out)


def _elements(old: Snapshot, new: Snapshot) -> tuple[list[ElementChange], dict[Any, Any]]:
    changes: list[ElementChange] = []
    changed_fields: dict[Any, tuple[FieldChange, ...]] = {}
    order = {k: n for n, k in enumerate(KINDS)}
    keys = sorted(set(old.elements) | set(new.elements), key=lambda k: (order[k[0]], k[1]))
    for key in keys:
        a, b = old.elements.get(key), new.elements.get(key)
        if a is None and b is not None:
            changes.append(ElementChange(b.kind, b.id, "added", b.title))
        elif b is None and a is not None:
            changes.append(ElementChange(a.kind, a.id, "removed", a.title))
        elif a is not None and b is not None:
            if a.model == b.model and a.extra == b.extra:
                continue
            fc = _field_changes(fields(a), fields(b))
            if fc:
                changed_fields[key] = fc
                changes.append(ElementChange(b.kind, b.id, "changed", b.title, fc))
    return changes, changed_fields


class _Fenwick:
    """Prefix counts over ranks 1..n (for counting crossings in n log n)."""

    def __init__(self, n: int):
        self.tree = [0] * (n + 1)

    def add(self, i: int) -> None:
        while i < len(self.tree):
            self.tree[i] += 1
            i += i & -i

    def below(self, i: int) -> int:
        """How many added values are < i."""
        i -= 1
        total = 0
        while i > 0:
            total += self.tree[i]
            i -= i & -i
        return total


NAME_SCAN = 4000
"""At most this many changed initiatives are scanned to name a move's causes."""


def _rank_moves(old: Snapshot, new: Snapshot) -> list[RankMove]:
    out: list[RankMove] = []
    for method in new.methods:
        ra, rb = old.rankings.get(method, {}), new.rankings.get(method, {})
        own: dict[str, tuple[FieldChange, ...]] = {}
        changed: set[str] = set(ra) ^ set(rb)
        for ident in set(ra) & set(rb):
            a, b = ra[ident], rb[ident]
            fc = _field_changes(dict(a.inputs), dict(b.inputs))
            if fc or not _num_equal(a.score, b.score):
                own[ident] = fc
                changed.add(ident)
        # the initiatives whose own change can pass others, in after-rank order for naming
        causes = sorted(changed, key=lambda i: (rb[i].rank if i in rb else ra[i].rank, i))
        big = len(ra) + len(rb) + 2
        moved = sorted(
            (i for i in set(ra) & set(rb) if ra[i].rank != rb[i].rank and i not in own),
            key=lambda i: ra[i].rank,
        )
        # how many causes were above it before and not after, or the other way round:
        # above_before + above_after - 2 * above_both, the last by a sweep over ranks
        before_ranks = sorted(ra[c].rank for c in causes if c in ra)
        after_ranks = sorted(rb[c].rank for c in causes if c in rb)
        pairs = sorted(
            (ra[c].rank if c in ra else big, rb[c].rank if c in rb else big) for c in causes
        )
        tree = _Fenwick(big + 1)
        both: dict[str, int] = {}
        k = 0
        for ident in moved:
            rank_before = ra[ident].rank
            while k < len(pairs) and pairs[k][0] < rank_before:
                tree.add(pairs[k][1])
                k += 1
            both[ident] = tree.below(rb[ident].rank)
        for ident in sorted(set(ra) & set(rb), key=lambda i: (rb[i].rank, i)):
            before, after = ra[ident].rank, rb[ident].rank
            if before == after:
                continue
            if ident in own:
                out.append(RankMove(method, ident, before, after, "own", own[ident]))
                continue
            count = (
                bisect.bisect_left(before_ranks, before)
                + bisect.bisect_left(after_ranks, after)
                - 2 * both[ident]
            )
            names: list[str] = []
            for other in causes[:NAME_SCAN]:
                if len(names) >= NAMED_OTHERS or len(names) >= count:
                    break
                above_before = other in ra and ra[other].rank < before
                above_after = other in rb and rb[other].rank < after
                if above_before != above_after:
                    names.append(other)
            out.append(RankMove(method, ident, before, after, "others", (), tuple(names), count))
    return out


def _selection(
    old: Snapshot, new: Snapshot, changed: dict[Any, tuple[FieldChange, ...]]
) -> list[SelectionChange]:
    out: list[SelectionChange] = []
    order = {p: n for n, p in enumerate(new.period_order)}
    for ident in sorted(set(old.placements) & set(new.placements)):
        a, b = old.placements[ident], new.placements[ident]
        own = changed.get(("initiative", ident), ())
        if a.selected and not b.selected:
            out.append(
                SelectionChange(ident, b.period, "fell-below", b.reason, b.detail or "", own)
            )
        elif b.selected and not a.selected:
            out.append(
                SelectionChange(ident, b.period, "rose-above", a.reason, a.detail or "", own)
            )
    out.sort(key=lambda s: (order.get(s.period, len(order)), s.period, s.change, s.id))
    return out


def _schedule(old: Snapshot, new: Snapshot) -> tuple[list[ScheduleChange], list[DeadlineMiss]]:
    moved: list[ScheduleChange] = []
    misses: list[DeadlineMiss] = []
    order = {p: n for n, p in enumerate(new.period_order)}
    for ident in sorted(new.placements):
        b = new.placements[ident]
        a = old.placements.get(ident)
        if (
            b.finish is not None
            and a is not None
            and a.finish is not None
            and abs((b.finish - a.finish).days) >= 7
        ):
            moved.append(ScheduleChange(ident, b.period, a.finish, b.finish))
        if b.finish is not None and b.deadline is not None and b.finish > b.deadline:
            missed_before = (
                a is not None
                and a.finish is not None
                and a.deadline is not None
                and a.finish > a.deadline
            )
            if not missed_before:
                misses.append(DeadlineMiss(ident, b.period, b.finish, b.deadline))
    moved.sort(key=lambda s: (order.get(s.period, len(order)), -abs(s.days), s.id))
    misses.sort(key=lambda m: (order.get(m.period, len(order)), m.deadline, m.id))
    return moved, misses


_EASIER_WHEN_LOWER = {"increase": True, "at_least": True, "decrease": False, "at_most": False}


def _key_results(old: Snapshot, new: Snapshot) -> list[KeyResultChange]:
    out: list[KeyResultChange] = []
    for key, a in old.elements.items():
        if key[0] != "key-result":
            continue
        kr_a = a.model
        objective = dict(a.extra).get("objective", "")
        b = new.elements.get(key)
        if b is None or dict(b.extra).get("objective") != objective:
            obj = old.elements.get(("objective", objective))
            still = new.elements.get(("objective", objective))
            if obj is not None and still is not None and obj.model.commitment == "committed":
                out.append(KeyResultChange(key[1], objective, "removed", kr_a.direction))
            if b is None:
                continue
        kr_b = b.model
        direction = kr_b.direction
        if not _num_equal(kr_a.target, kr_b.target):
            lower = _EASIER_WHEN_LOWER.get(direction or "")
            if (
                lower is None
                or kr_a.target is None
                or kr_b.target is None
                or kr_a.direction != kr_b.direction
            ):
                change: Any = "target-changed"
            elif (kr_b.target < kr_a.target) == lower:
                change = "eased"
            else:
                change = "tightened"
            out.append(
                KeyResultChange(
                    key[1], dict(b.extra)["objective"], change, direction, kr_a.target, kr_b.target
                )
            )
        if not _num_equal(kr_a.baseline, kr_b.baseline):
            out.append(
                KeyResultChange(
                    key[1],
                    dict(b.extra)["objective"],
                    "baseline-rewritten",
                    direction,
                    kr_a.baseline,
                    kr_b.baseline,
                )
            )
    rank = {"removed": 0, "eased": 1, "tightened": 2, "target-changed": 3, "baseline-rewritten": 4}
    out.sort(key=lambda k: (rank[k.change], k.objective, k.id))
    return out


def _dependencies(old: Snapshot, new: Snapshot) -> tuple[list[EdgeChange], list[tuple[str, ...]]]:
    out: list[EdgeChange] = []
    for d, p in sorted(new.edges - old.edges):
        out.append(EdgeChange(d, p, "added", new.teams.get(d, ""), new.teams.get(p, "")))
    for d, p in sorted(old.edges - new.edges):
        out.append(EdgeChange(d, p, "removed", old.teams.get(d, ""), old.teams.get(p, "")))
    before = {frozenset(c) for c in old.cycles}
    cycles = [c for c in new.cycles if frozenset(c) not in before]
    return out, cycles


def _capacity(old: Snapshot, new: Snapshot) -> list[CapacityChange]:
    out: list[CapacityChange] = []
    order = {p: n for n, p in enumerate(new.period_order)}
    keys = set(old.capacity) | set(new.capacity) | set(old.planned) | set(new.planned)
    for team, period in sorted(keys, key=lambda k: (k[0], order.get(k[1], len(order)), k[1])):
        k = (team, period)
        ca, cb = old.capacity.get(k), new.capacity.get(k)
        pa, pb = old.planned.get(k), new.planned.get(k)
        if _num_equal(ca, cb) and _num_equal(pa, pb):
            continue
        out.append(CapacityChange(team, period, ca, cb, pa, pb))
    return out


def _shares(old: Snapshot, new: Snapshot) -> list[ShareChange]:
    out: list[ShareChange] = []
    order = {p: n for n, p in enumerate(new.period_order)}

    def key(k: tuple[str, str]) -> tuple[int, str, str]:
        return (order.get(k[1], len(order)), k[1], k[0])

    for pillar, period in sorted(set(old.pillar_shares) | set(new.pillar_shares), key=key):
        a, b = old.pillar_shares.get((pillar, period)), new.pillar_shares.get((pillar, period))
        if not _num_equal(a, b):
            target = new.pillar_targets.get(pillar, old.pillar_targets.get(pillar))
            out.append(ShareChange("pillar", pillar, period, a, b, target))
    for team, period in sorted(set(old.debt_shares) | set(new.debt_shares), key=key):
        a, b = old.debt_shares.get((team, period)), new.debt_shares.get((team, period))
        if not _num_equal(a, b):
            out.append(ShareChange("debt", team, period, a, b))
    return out


def compare(old: Snapshot, new: Snapshot, *, as_of: dt.date) -> PlanDiff:
    """What changed from ``old`` to ``new``."""
    elements, changed = _elements(old, new)
    moves = _rank_moves(old, new)
    selection = _selection(old, new, changed)
    schedule, misses = _schedule(old, new)
    krs = _key_results(old, new)
    deps, cycles = _dependencies(old, new)
    capacity = _capacity(old, new)
    shares = _shares(old, new)
    matched = match_findings(old.findings, new.findings)
    tally = {
        "added": sum(1 for e in elements if e.change == "added"),
        "removed": sum(1 for e in elements if e.change == "removed"),
        "changed": sum(1 for e in elements if e.change == "changed"),
        "rank_moves": len(moves),
        "fell_below": sum(1 for s in selection if s.change == "fell-below"),
        "rose_above": sum(1 for s in selection if s.change == "rose-above"),
        "schedule_moves": len(schedule),
        "new_deadline_misses": len(misses),
        "key_results": len(krs),
        "dependencies": len(deps),
        "new_cycles": len(cycles),
        "capacity": len(capacity),
        "shares": len(shares),
        "new_findings": len(matched.new),
        "fixed_findings": len(matched.absent),
    }
    return PlanDiff(
        base=old.label,
        head=new.label,
        as_of=as_of,
        methods=new.methods,
        elements=tuple(elements),
        rank_moves=tuple(moves),
        selection=tuple(selection),
        schedule=tuple(schedule),
        deadline_misses=tuple(misses),
        key_results=tuple(krs),
        dependencies=tuple(deps),
        new_cycles=tuple(cycles),
        capacity=tuple(capacity),
        shares=tuple(shares),
        new_findings=matched.new,
        fixed_findings=matched.absent,
        unchanged_findings=len(matched.unchanged),
        tally=tally,
    )
