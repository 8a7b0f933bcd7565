"""A layered (Sugiyama-style) layout of a dependency graph, for the report's SVG.

Layer assignment is the longest-path layering: each node sits one layer after its latest
prerequisite, found in topological order by Kahn's algorithm
(:func:`okrkit.graph.core.kahn`, the same code ``okrkit deps`` orders work with). A graph
with cycles is first condensed into its strongly connected components
(:func:`okrkit.graph.core.strongly_connected`, networkx's implementation), so a cycle
sits in one layer instead of breaking the layering. These are the graph primitives okrkit
already keeps and tests; networkx itself (already a dependency) would give the same
layers through ``condensation`` and ``topological_generations``, but importing it costs
more than drawing the whole report of a small plan, so it is loaded only for a cycle.
Graphviz would need a program on every machine that renders a report, and the
pure-Python Sugiyama packages are not maintained. Within a layer, nodes are ordered by
a few sweeps of the barycentre heuristic (each node moves towards the mean position of
its neighbours in the previous layer) to cut crossings; ties keep the previous order,
so the layout is deterministic.
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
    from okrkit.graph.core import kahn, strongly_connected

    index = {node: k for k, node in enumerate(nodes)}
    size = len(nodes)
    pairs = sorted({(index[u], index[v]) for u, v in edges if u in index and v in index})
    succ: list[list[int]] = [[] for _ in range(size)]
    pred: list[list[int]] = [[] for _ in range(size)]
    for u, v in pairs:
        succ[u].append(v)
        pred[v].append(u)
    comp = list(range(size))
    if len(kahn(succ, pred, range(size))) < size:  # a cycle: condense it first
        for members in strongly_connected(list(range(size)), succ):
            for u in members:
                comp[u] = members[0]
    csucc: list[list[int]] = [[] for _ in range(size)]
    cpred: list[list[int]] = [[] for _ in range(size)]
    for u, v in pairs:
        a, b = comp[u], comp[v]
        if a != b:
            csucc[a].append(b)
            cpred[b].append(a)
    heads = [u for u in range(size) if comp[u] == u]
    depth = [0] * size
    for c in kahn(csucc, cpred, heads):
        for d in csucc[c]:
            depth[d] = max(depth[d], depth[c] + 1)
    layer = {node: depth[comp[k]] for k, node in enumerate(nodes)}
    between = {(nodes[u], nodes[v]) for u, v in pairs if comp[u] != comp[v]}
    count = max(layer.values(), default=-1) + 1
    grp = group or {}
    layers: list[list[str]] = [[] for _ in range(count)]
    for n in sorted(nodes, key=lambda n: (grp.get(n, ""), n)):
        layers[layer[n]].append(n)

    preds: dict[str, list[str]] = {n: [] for n in nodes}
    succs: dict[str, list[str]] = {n: [] for n in nodes}
    for head, tail in sorted(between):
        if layer[head] != layer[tail]:
            preds[tail].append(head)
            succs[head].append(tail)

    pos = {n: float(i) for ls in layers for i, n in enumerate(ls)}

    def sweep(order: range, neighbours: dict[str, list[str]]) -> None:
        for k in order:
            current = layers[k]
            place = {n: i for i, n in enumerate(current)}

            def key(n: str, place: dict[str, int] = place) -> tuple[float, int]:
                near = neighbours[n]
                here = place[n]
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
