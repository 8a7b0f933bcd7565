"""Invariants of the analysis on random plans, checked against networkx."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.graph import analyze_initiatives, core

STATUSES = ("proposed", "committed", "in_progress", "done", "dropped")
TEAMS = ("core", "web", "data")
DURATIONS = (None, 0.5, 1.0, 2.0, 3.25, 7.0)


@dataclass
class It:
    id: str
    team: str
    status: str
    depends_on: list[str] = field(default_factory=list)
    duration: float | None = 1.0
    kind: str = "feature"


@st.composite
def plans(draw: st.DrawFn, max_nodes: int = 14) -> list[It]:
    n = draw(st.integers(min_value=0, max_value=max_nodes))
    ids = [f"i{k:02}" for k in range(n)]
    acyclic = draw(st.booleans())
    items = []
    for k, i in enumerate(ids):
        pool = ids[:k] if acyclic else ids  # acyclic: only earlier work
        deps = draw(st.lists(st.sampled_from(pool), max_size=3, unique=True)) if pool else []
        items.append(
            It(
                i,
                draw(st.sampled_from(TEAMS)),
                draw(st.sampled_from(STATUSES)),
                deps,
                draw(st.sampled_from(DURATIONS)),
            )
        )
    return draw(st.permutations(items))  # the plan's order must not matter


def declared(items: list[It]) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(i.id for i in items)
    g.add_edges_from((d, i.id) for i in items for d in i.depends_on)
    return g


def remaining(items: list[It]) -> nx.DiGraph:
    active = {i.id for i in items if i.status not in ("done", "dropped")}
    g = nx.DiGraph()
    g.add_nodes_from(active)
    g.add_edges_from(
        (d, i.id) for i in items if i.id in active for d in i.depends_on if d in active
    )
    return g


EPS = 1e-9


@settings(max_examples=100, deadline=None)
@given(plans())
def test_cycles_match_networkx(items: list[It]) -> None:
    g = declared(items)
    a = analyze_initiatives(items)
    assert bool(a.cycles) == (not nx.is_directed_acyclic_graph(g))
    assert a.cycles == sorted(a.cycles)
    comps = [c for c in nx.strongly_connected_components(g) if len(c) > 1]
    self_loops = sorted(u for u, v in g.edges if u == v)
    assert len(a.cycles) == len(comps) + len(self_loops)
    for cyc in a.cycles:
        assert cyc[0] == min(cyc)
        assert len(set(cyc)) == len(cyc)
        for k, node in enumerate(cyc):  # each depends on the next, the last on the first
            assert g.has_edge(cyc[(k + 1) % len(cyc)], node)
        if len(cyc) > 1:  # shortest: no shorter cycle (length >= 2) in its component
            comp = next(c for c in comps if cyc[0] in c)
            sub = g.subgraph(comp).copy()
            sub.remove_edges_from(list(nx.selfloop_edges(sub)))
            girth = min(len(c) for c in nx.simple_cycles(sub))
            assert len(cyc) == girth


@settings(max_examples=100, deadline=None)
@given(plans())
def test_schedule_invariants(items: list[It]) -> None:
    a = analyze_initiatives(items)
    by_id = {i.id: i for i in items}
    total = a.critical_path.weeks
    for n in a.nodes:
        if n.schedule != "scheduled":
            assert n.earliest_start is None and n.slack_weeks is None
            continue
        assert n.earliest_start is not None and n.latest_start is not None
        assert n.slack_weeks is not None and n.slack_weeks >= 0
        dur = n.duration_weeks or 0.0
        assert n.earliest_start + dur <= total + EPS
        for d in by_id[n.id].depends_on:  # starts after every scheduled prerequisite
            p = a.node_by_id[d]
            if p.schedule == "scheduled":
                assert p.earliest_start is not None
                assert p.earliest_start + (p.duration_weeks or 0.0) <= n.earliest_start + EPS
        if n.on_critical_path:
            assert n.slack_weeks == 0.0
    chain = a.critical_path.ids
    if chain:
        length = sum(a.node_by_id[i].duration_weeks or 0.0 for i in chain)
        assert abs(length - total) < EPS
        for x, y in pairwise(chain):
            assert x in by_id[y].depends_on
    else:
        assert total == 0.0


@settings(max_examples=100, deadline=None)
@given(plans(), st.sampled_from([2, 256]))
def test_unblocks_match_networkx(items: list[It], small_set: int) -> None:
    g = remaining(items)
    scores = {i.id: float(k) * 1.5 for k, i in enumerate(items)}
    old = core.SMALL_SET
    core.SMALL_SET = small_set  # both the set and the bitset paths
    try:
        a = analyze_initiatives(items, scores=scores)
    finally:
        core.SMALL_SET = old
    cyclic = {u for c in nx.strongly_connected_components(g) for u in c if len(c) > 1}
    cyclic |= {u for u, v in g.edges if u == v}
    for n in a.nodes:
        if n.id not in g:
            assert (n.unblocks_direct, n.unblocks_total, n.downstream_score) == (0, 0, 0.0)
            assert n.schedule in ("done", "dropped")
            continue
        down = nx.descendants(g, n.id) - {n.id}
        assert n.unblocks_total == len(down)
        assert n.unblocks_direct == len(set(g.successors(n.id)) - {n.id})
        assert n.downstream_score == pytest.approx(sum(scores[d] for d in down))
        if n.id in cyclic:
            assert n.schedule == "in_cycle"
        elif nx.ancestors(g, n.id) & cyclic:
            assert n.schedule == "after_cycle"
        else:
            assert n.schedule == "scheduled"


@settings(max_examples=40, deadline=None)
@given(plans())
def test_deterministic_whatever_the_plan_order(items: list[It]) -> None:
    a = analyze_initiatives(items)
    b = analyze_initiatives(list(reversed(items)))
    assert a == b
