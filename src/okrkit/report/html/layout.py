"""A layered (Sugiyama-style) layout of a dependency graph, for the report's SVG.

Layers come from networkx: the graph is condensed into its strongly connected components
(so a cycle sits in one layer instead of breaking the layering) and
``topological_generations`` puts each component one layer after its latest prerequisite.
networkx is already a dependency of okrkit, well kept and pure Python; graphviz would
need a binary on every machine, and the pure-Python Sugiyama packages are unmaintained.
Within a layer, nodes are ordered by a few sweeps of the barycentre heuristic (each node
moves towards the mean position of its neighbours in the previous layer) to cut
crossings; ties keep the previous order, so the layout is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SWEEPS = 4


@dataclass(frozen=True, slots=True)
class Layout:
    """``layer[n]`` and ``row[n]`` for every node; ``layers`` lists each layer's nodes in
    order from the top."""

    layer: dict[str, int]
    row: dict[str, int]
    layers: tuple[tuple[str, ...], ...]

    @property
    def height(self) -> int:
        return max((len(ls) for ls in self.layers), default=0)


def layered(
    nodes: Sequence[str], edges: Sequence[tuple[str, str]], group: dict[str, str] | None = None
) -> Layout:
    """Lay out ``nodes`` with ``edges`` (prerequisite, dependent) in layers, left to right.

    ``group`` (node to team) sets the initial order within a layer, so a team's work
    starts out together.
    """
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from((u, v) for u, v in edges if u in g and v in g)
    cond = nx.condensation(g)
    members = cond.graph["mapping"]  # node -> component
    comp_layer: dict[int, int] = {}
    for k, generation in enumerate(nx.topological_generations(cond)):
        for c in generation:
            comp_layer[c] = k
    layer = {n: comp_layer[members[n]] for n in nodes}
    count = max(layer.values(), default=-1) + 1
    grp = group or {}
    layers: list[list[str]] = [[] for _ in range(count)]
    for n in sorted(nodes, key=lambda n: (grp.get(n, ""), n)):
        layers[layer[n]].append(n)

    preds: dict[str, list[str]] = {n: [] for n in nodes}
    succs: dict[str, list[str]] = {n: [] for n in nodes}
    for u, v in g.edges():
        if layer[u] != layer[v]:
            preds[v].append(u)
            succs[u].append(v)

    pos = {n: float(i) for ls in layers for i, n in enumerate(ls)}

    def sweep(order: range, neighbours: dict[str, list[str]]) -> None:
        for k in order:
            current = layers[k]
            index = {n: i for i, n in enumerate(current)}

            def key(n: str, index: dict[str, int] = index) -> tuple[float, int]:
                near = neighbours[n]
                here = index[n]
                if not near:
                    return (float(here), here)
                return (sum(pos[m] for m in near) / len(near), here)

            ordered = sorted(current, key=key)
            layers[k] = ordered
            for i, n in enumerate(ordered):
                pos[n] = float(i)

    for _ in range(SWEEPS):
        sweep(range(1, count), preds)
        sweep(range(count - 2, -1, -1), succs)

    row = {n: i for ls in layers for i, n in enumerate(ls)}
    return Layout(layer, row, tuple(tuple(ls) for ls in layers))
