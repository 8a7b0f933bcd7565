"""The layered layout of the dependency graph and the summaries of large plans."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.report.html.layout import layered


def test_a_chain_goes_left_to_right() -> None:
    lay = layered(["c", "b", "a"], [("a", "b"), ("b", "c")])
    assert [lay.layer[x] for x in "abc"] == [0, 1, 2]
    assert lay.layers == (("a",), ("b",), ("c",))


def test_a_cycle_shares_one_layer_after_its_prerequisite() -> None:
    lay = layered(["p", "x", "y", "z"], [("p", "x"), ("x", "y"), ("y", "x"), ("y", "z")])
    assert lay.layer["x"] == lay.layer["y"] == 1
    assert lay.layer["p"] == 0 and lay.layer["z"] == 2


def test_barycentre_uncrosses_two_chains() -> None:
    # a1 -> b2 and a2 -> b1: sweeps put b2 beside a1
    lay = layered(["a1", "a2", "b1", "b2"], [("a1", "b2"), ("a2", "b1")])
    assert lay.row["b2"] == lay.row["a1"] and lay.row["b1"] == lay.row["a2"]


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=40))
def test_every_acyclic_edge_points_right_and_rows_are_a_permutation(seed: int, size: int) -> None:
    rng = random.Random(seed)
    nodes = [f"n{k}" for k in range(size)]
    edges = [(nodes[i], nodes[j]) for j in range(size) for i in range(j) if rng.random() < 0.15]
    lay = layered(list(reversed(nodes)), edges)
    for u, v in edges:
        assert lay.layer[u] < lay.layer[v]
    for layer in lay.layers:
        assert sorted(lay.row[x] for x in layer) == list(range(len(layer)))
    assert layered(list(reversed(nodes)), edges) == lay  # deterministic


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=30))
def test_layers_equal_networkx_generations_of_the_condensation(seed: int, size: int) -> None:
    import networkx as nx

    rng = random.Random(seed)
    nodes = [f"n{k}" for k in range(size)]
    edges = [(a, b) for a in nodes for b in nodes if a != b and rng.random() < 0.08]
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    cond = nx.condensation(g)
    expected = {}
    for k, generation in enumerate(nx.topological_generations(cond)):
        for c in generation:
            for member in cond.nodes[c]["members"]:
                expected[member] = k
    assert layered(nodes, edges).layer == expected


def test_large_plans_are_summarised(tmp_path) -> None:
    from okrkit.dashboard import build_dashboard
    from okrkit.load import load_plan
    from okrkit.report.html import render

    lines = [
        "version: 1",
        "periods: [{id: Q1, start: 2026-01-01, end: 2026-03-31}]",
        "teams:",
        *[f"  - {{id: t{k}, capacity: {{Q1: 400}}, wip_limit: 50}}" for k in range(8)],
        "initiatives:",
    ]
    for k in range(320):
        dep = f", depends_on: [i{k - 1}]" if k % 2 else ""
        lines.append(
            f"  - {{id: i{k}, title: Work {k}, team: t{k % 8}, period: Q1, "
            f"effort_weeks: 1, cost_of_delay: {{per_week: {k + 1}}}, "
            f"rice: {{reach: {k + 1}, impact: 1, confidence: 1, effort: 1}}{dep}}}"
        )
    path = tmp_path / "okrkit.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    html = render(build_dashboard(load_plan(path, use_cache=False), as_of=dt.date(2026, 2, 1)))
    assert "the graph shows teams" in html
    assert 'class="nid">i10<' not in html  # no node per initiative
    assert 'class="nid">t3<' in html
    assert "summarised as one span per team and period" in html
