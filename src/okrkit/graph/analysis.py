"""From a plan to a :class:`~okrkit.graph.model.DepsAnalysis`.

Rules (documented in ``docs/commands/deps.md``):

- An edge ``a -> b`` means ``b`` depends on ``a``. Its state is ``satisfied`` when ``a``
  is done, ``broken`` when ``a`` is dropped, else ``open``.
- Remaining work is every initiative neither ``done`` nor ``dropped``. The critical path,
  slack and "unblocks" figures are computed over remaining work and the open edges
  between remaining initiatives. Done and dropped initiatives get no timings and
  unblock nothing. ``in_progress`` work counts its full duration.
- Duration is ``duration_weeks``, else ``effort_weeks`` (point value of a range), else 0.
- Remaining work on a cycle of open edges, and remaining work that waits on such a
  cycle, cannot be scheduled: no timings, and it does not constrain the latest start
  of its prerequisites. Cycles are still counted in "unblocks" (each member unblocks
  the others).
- ``cycles`` are found on the declared graph (every ``depends_on``, whatever the
  status), as the ``dependency-cycle`` check reports them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Protocol

from okrkit.gcpause import gc_paused
from okrkit.graph import core
from okrkit.graph.model import (
    CriticalPath,
    DepsAnalysis,
    Edge,
    EdgeState,
    NodeInfo,
    ScheduleState,
)

if TYPE_CHECKING:
    from okrkit.model import Plan

UNITS_PER_WEEK = 1_000_000
"""Timings are exact integers of a millionth of a week."""

INACTIVE = ("done", "dropped")


class InitiativeLike(Protocol):
    """What the analysis reads from an initiative (``okrkit.model.Initiative`` fits)."""

    @property
    def id(self) -> str: ...
    @property
    def team(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def depends_on(self) -> list[str]: ...
    @property
    def duration(self) -> float | None: ...


class _Graph:
    """The declared graph, integer-indexed by sorted id."""

    def __init__(self, initiatives: Sequence[InitiativeLike]):
        unique: dict[str, InitiativeLike] = {}
        for i in initiatives:
            unique.setdefault(i.id, i)
        items = sorted(unique.values(), key=lambda i: i.id)
        self.items = items
        self.ids = [i.id for i in items]
        index = {id_: k for k, id_ in enumerate(self.ids)}
        self.index = index
        self.input_order = [index[id_] for id_ in unique]
        """Node indexes in the plan's order (files, then position in each file)."""
        n = len(items)
        self.n = n
        pred: list[list[int]] = []
        succ: list[list[int]] = [[] for _ in range(n)]
        for k, it in enumerate(items):
            ps = sorted({index[d] for d in it.depends_on if d in index})
            pred.append(ps)
            for p in ps:
                succ[p].append(k)  # k ascends, so every succ list is sorted
        self.pred = pred
        self.succ = succ


def find_cycles(plan: Plan) -> list[list[str]]:
    """Every dependency cycle of the plan, one shortest per component, plus self-loops.

    Cheap: a linear pass proves the common acyclic case without importing networkx.
    """
    return cycles_of(plan.initiatives)


def cycles_of(initiatives: Sequence[InitiativeLike]) -> list[list[str]]:
    """:func:`find_cycles` on a list of initiatives."""
    with gc_paused():
        return _find(_Graph(initiatives))


def _find(g: _Graph) -> list[list[str]]:
    order = core.kahn(g.succ, g.pred, range(g.n))
    if len(order) == g.n:
        return []
    done = bytearray(g.n)
    for u in order:
        done[u] = 1
    rest = [u for u in range(g.n) if not done[u]]
    out: list[list[str]] = []
    for comp in core.strongly_connected(rest, g.succ):
        for u in comp:
            if u in g.pred[u]:
                out.append([g.ids[u]])
        if len(comp) > 1:
            out.append([g.ids[u] for u in core.shortest_cycle(comp, g.pred)])
    out.sort()
    return out


def analyze(plan: Plan, *, method: str | None = None) -> DepsAnalysis:
    """Analyse the plan's dependencies; see the module docstring for the rules.

    ``method`` picks the scoring method for ``downstream_score`` (default: the plan's).
    When :mod:`okrkit.scoring` is not available, scores are ``None``.
    """
    scores, used = _scores(plan, method)
    return analyze_initiatives(plan.initiatives, scores=scores, method=used)


def _scores(plan: Plan, method: str | None) -> tuple[dict[str, float] | None, str | None]:
    try:
        from okrkit.scoring import score_plan
    except ImportError:
        return None, None
    ranking = score_plan(plan, method)
    scores: dict[str, float] = {}
    for s in ranking.scored:
        value = getattr(s, "score", None)
        if value is not None:
            scores[s.id] = float(value)
    used = getattr(ranking, "method", None) or method or plan.settings.scoring.method
    return scores, str(used)


def analyze_initiatives(
    initiatives: Sequence[InitiativeLike],
    *,
    scores: Mapping[str, float] | None = None,
    method: str | None = None,
) -> DepsAnalysis:
    """The analysis of a list of initiatives; ``scores`` by id (missing ids count 0)."""
    with gc_paused():
        return _analyze(initiatives, scores, method)


def _analyze(
    initiatives: Sequence[InitiativeLike],
    scores: Mapping[str, float] | None,
    method: str | None,
) -> DepsAnalysis:
    """The whole dependency analysis, in one pass over the integer-indexed graph.

    It decides, in this order: each edge's state (satisfied on done work, broken on
    dropped work, else open) and the cross-team matrix of open edges between active
    initiatives; the schedule of the remaining work (Kahn's order over the open edges;
    what Kahn cannot order is in a cycle or waits on one); earliest and latest starts and
    the critical path, in integer units of a week (``UNITS_PER_WEEK``) so that sums are
    exact and ties do not depend on float noise; and what each initiative unblocks,
    counted on the DAG of strongly connected components, so a cycle's members count each
    other once and the closure stays linear on local dependencies. Done and dropped
    initiatives neither wait nor unblock: they are not remaining work.

    One function, not one per stage, because the stages share the index arrays it builds
    once; ``okrkit deps`` on 10,000 initiatives stays well under a second this way
    (``docs/performance.md``).
    """
    g = _Graph(initiatives)
    n = g.n
    ids, items, succ, pred = g.ids, g.items, g.succ, g.pred
    status = [it.status for it in items]
    team = [it.team for it in items]
    active = [s not in INACTIVE for s in status]

    # --- edges -------------------------------------------------------------------
    broken: list[tuple[str, str]] = []
    satisfied: list[tuple[str, str]] = []
    pairs: Counter[tuple[str, str]] = Counter()
    for v in range(n):
        for p in pred[v]:
            if status[p] == "done":
                satisfied.append((ids[v], ids[p]))
            elif status[p] == "dropped":
                if status[v] != "dropped":
                    broken.append((ids[v], ids[p]))
            elif active[v] and team[v] != team[p]:
                pairs[(team[v], team[p])] += 1
    matrix: dict[str, dict[str, int]] = {}
    for (a, b), k in sorted(pairs.items()):
        matrix.setdefault(a, {})[b] = k

    # the graph of remaining work: open edges between active initiatives
    asucc = [[v for v in succ[u] if active[v]] if active[u] else [] for u in range(n)]
    apred = [[p for p in pred[v] if active[p]] if active[v] else [] for v in range(n)]
    act_nodes = [u for u in range(n) if active[u]]

    # --- scheduling --------------------------------------------------------------
    order = core.kahn(asucc, apred, act_nodes)
    schedule: list[ScheduleState] = [
        "scheduled" if active[u] else ("done" if status[u] == "done" else "dropped")
        for u in range(n)
    ]
    comp_of = list(range(n))
    comps: list[list[int]] = [[u] for u in range(n)]
    if len(order) < len(act_nodes):
        ordered = bytearray(n)
        for u in order:
            ordered[u] = 1
        rest = [u for u in act_nodes if not ordered[u]]
        for comp in core.strongly_connected(rest, asucc):
            head = comp[0]
            cyclic = len(comp) > 1 or head in apred[head]
            for u in comp:
                comp_of[u] = head
                schedule[u] = "in_cycle" if cyclic else "after_cycle"
            if len(comp) > 1:
                for u in comp:
                    comps[u] = []
                comps[head] = comp

    durations = [None if it.duration is None else float(it.duration) for it in items]
    units = [round((d or 0.0) * UNITS_PER_WEEK) for d in durations]
    sched = core.longest_paths(order, units, asucc, apred)
    chain = sched.chain
    on_chain = set(chain)
    chain_edges = set(pairwise(chain))

    # --- what each initiative unblocks -------------------------------------------
    # on the DAG of strongly connected components of the remaining work (done and
    # dropped initiatives are isolated there and unblock nothing)
    cidx: list[int]
    members: list[list[int]]
    csucc: list[list[int]]
    if len(order) == len(act_nodes):  # acyclic: every node is its own component
        cidx = list(range(n))
        members = comps
        csucc = asucc
        cpred_count = [len(p) for p in apred]
        corder = core.stable_topological(g.input_order, apred)
    else:
        heads = [c for c in range(n) if comp_of[c] == c]
        head_k = {h: k for k, h in enumerate(heads)}
        cidx = [head_k[comp_of[u]] for u in range(n)]
        members = [comps[h] for h in heads]
        csucc = []
        for k, mem in enumerate(members):
            out = {cidx[v] for u in mem for v in asucc[u]}
            out.discard(k)
            csucc.append(sorted(out))
        cpred: list[list[int]] = [[] for _ in heads]
        for k, lst in enumerate(csucc):
            for c in lst:
                cpred[c].append(k)
        cpred_count = [len(p) for p in cpred]
        corder = core.stable_topological(list(dict.fromkeys(cidx[u] for u in g.input_order)), cpred)
    weights: list[float] | None = None
    if scores is not None:
        weights = [float(scores.get(ids[u], 0.0)) for u in range(n)]
    closure = core.descendant_closure(corder, csucc, cpred_count, members, weights)
    comp_weight: list[float] = []
    if weights is not None:
        comp_weight = [sum(weights[m] for m in mem) if len(mem) > 1 else 0.0 for mem in members]

    # --- nodes -------------------------------------------------------------------
    nodes: list[NodeInfo] = []
    for u in range(n):
        es = ls = slack = None
        total = direct = 0
        down: float | None = None if scores is None else 0.0
        if active[u]:
            direct = len(asucc[u]) - (u in apred[u])  # a self-loop unblocks nothing
            k = cidx[u]
            mem = members[k]
            total = closure.count[k] + len(mem) - 1
            if closure.weight is not None and weights is not None:
                down = closure.weight[k]
                if len(mem) > 1:  # the other members of its cycle wait on it too
                    down += comp_weight[k] - weights[u]
            if schedule[u] == "scheduled":
                es = sched.earliest[u] / UNITS_PER_WEEK
                ls = sched.latest[u] / UNITS_PER_WEEK
                slack = (sched.latest[u] - sched.earliest[u]) / UNITS_PER_WEEK
        nodes.append(
            NodeInfo(
                id=ids[u],
                team=team[u],
                status=status[u],
                kind=items[u].kind,
                duration_weeks=durations[u],
                schedule=schedule[u],
                earliest_start=es,
                latest_start=ls,
                slack_weeks=slack,
                on_critical_path=u in on_chain,
                unblocks_direct=direct,
                unblocks_total=total,
                score=None if scores is None else scores.get(ids[u]),
                downstream_score=down,
            )
        )

    state_of: dict[str, EdgeState] = {"done": "satisfied", "dropped": "broken"}
    edges = [
        Edge(
            ids[v],
            ids[p],
            team[v] != team[p],
            state_of.get(status[p], "open"),
            (p, v) in chain_edges,
        )
        for v in range(n)
        for p in pred[v]
    ]
    return DepsAnalysis(
        nodes=tuple(nodes),
        edges=tuple(edges),
        cycles=_find(g),
        critical_path=CriticalPath(
            ids=tuple(ids[u] for u in chain), weeks=sched.total / UNITS_PER_WEEK
        ),
        team_matrix=matrix,
        broken=broken,
        satisfied=satisfied,
        method=method,
    )
