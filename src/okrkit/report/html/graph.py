"""The dependency graph as inline SVG, laid out in layers (see :mod:`.layout`).

Initiatives flow left to right, prerequisites first. The critical path is drawn thick
and dark, cross-team edges dashed, nodes on a cycle with a red double outline and the
word "cycle". Above :data:`MAX_NODES` connected initiatives the chart shows teams
instead: one node per team, one edge per pair of teams with the count of open
dependencies between them.
"""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup, escape

from okrkit.fmt import plural
from okrkit.graph.model import DepsAnalysis
from okrkit.report.html.charts import clip, n
from okrkit.report.html.layout import layered

MAX_NODES = 300
ARROW = (
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
    'markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
    '<path d="M0 0 L10 5 L0 10 z" fill="#4b5563"/></marker>'
)
NODE_W, NODE_H = 200.0, 36.0
GAP_X, GAP_Y = 60.0, 12.0


def connected_ids(analysis: DepsAnalysis) -> list[str]:
    """Initiatives with at least one dependency either way, sorted."""
    ids: set[str] = set()
    for e in analysis.edges:
        if e.depends_on in analysis.node_by_id:
            ids.add(e.initiative)
            ids.add(e.depends_on)
    return sorted(ids)


def _edge_path(x1: float, y1: float, x2: float, y2: float) -> str:
    if x2 > x1:
        mid = (x1 + x2) / 2
        return f"M{n(x1)} {n(y1)} C{n(mid)} {n(y1)} {n(mid)} {n(y2)} {n(x2)} {n(y2)}"
    # a back edge (within a cycle's layer, or upstream): loop around above
    lift = 26.0
    return (
        f"M{n(x1)} {n(y1)} C{n(x1 + 40)} {n(y1 - lift)} {n(x2 - 40)} {n(y2 - lift)} {n(x2)} {n(y2)}"
    )


def initiative_graph(
    analysis: DepsAnalysis,
    titles: Mapping[str, str],
    colours: Mapping[str, tuple[str, str]],
) -> Markup:
    """The dependency graph of the connected initiatives as one SVG, in layers.

    It decides each node's place (:func:`~okrkit.report.html.layout.layered`), how a
    back edge is routed (looped above, see :func:`_edge_path`), and the marks the module
    docstring lists: the critical path thick and dark, cross-team edges dashed, satisfied
    and broken edges classed by their state (the stylesheet draws them), cycle members
    outlined and labelled. Initiatives with no
    dependency either way are left out: they would only add empty rows.
    """
    ids = connected_ids(analysis)
    if not ids:
        return Markup("")
    nodes = analysis.node_by_id
    edges = [(e.depends_on, e.initiative) for e in analysis.edges if e.depends_on in nodes]
    lay = layered(ids, edges, {i: nodes[i].team for i in ids})
    in_cycle = {i for c in analysis.cycles for i in c}

    def pos(i: str) -> tuple[float, float]:
        return (10 + lay.layer[i] * (NODE_W + GAP_X), 30 + lay.row[i] * (NODE_H + GAP_Y))

    width = 20 + len(lay.layers) * (NODE_W + GAP_X) - GAP_X
    height = 40 + lay.height * (NODE_H + GAP_Y)
    label = (
        f"Dependency graph of {plural(len(ids), 'initiative')} in "
        f"{plural(len(lay.layers), 'layer')}, "
        f"prerequisites on the left; critical path: "
        f"{' → '.join(analysis.critical_path.ids) or 'none'}"
    )
    out = [
        f'<svg class="chart graph" viewBox="0 0 {n(width)} {n(height)}" width="{n(width)}" '
        f'height="{n(height)}" role="img" aria-label="{escape(label)}">',
        ARROW + '<marker id="arrow-crit" viewBox="0 0 10 10" refX="9" '
        'refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" '
        'orient="auto-start-reverse">'
        '<path d="M0 0 L10 5 L0 10 z" fill="#111827"/></marker></defs>',
    ]
    for k in range(len(lay.layers)):
        x = 10 + k * (NODE_W + GAP_X)
        out.append(f'<text x="{n(x)}" y="16" class="tick">step {k + 1}</text>')
    for e in analysis.edges:
        if e.depends_on not in nodes:
            continue
        x1, y1 = pos(e.depends_on)
        x2, y2 = pos(e.initiative)
        sx, sy = x1 + NODE_W, y1 + NODE_H / 2
        tx, ty = x2, y2 + NODE_H / 2
        if lay.layer[e.depends_on] >= lay.layer[e.initiative]:
            sx, tx = x1 + NODE_W / 2, x2 + NODE_W / 2
            sy, ty = y1, y2
        classes = ["edge"]
        if e.critical:
            classes.append("critical")
        if e.cross_team:
            classes.append("cross")
        if e.state != "open":
            classes.append(e.state)
        marker = "arrow-crit" if e.critical else "arrow"
        what = []
        if e.critical:
            what.append("critical path")
        if e.cross_team:
            what.append("cross-team")
        if e.state != "open":
            what.append(e.state)
        tip = f"{e.initiative} depends on {e.depends_on}"
        if what:
            tip += f" ({', '.join(what)})"
        out.append(
            f'<path d="{_edge_path(sx, sy, tx, ty)}" class="{" ".join(classes)}" '
            f'marker-end="url(#{marker})"><title>{escape(tip)}</title></path>'
        )
    for i in ids:
        x, y = pos(i)
        node = nodes[i]
        fill, stroke = colours.get(node.team, ("#e5e7eb", "#374151"))
        classes = ["node"]
        if node.on_critical_path:
            classes.append("critical")
        if i in in_cycle:
            classes.append("cycle")
        if node.status in ("done", "dropped"):
            classes.append(node.status)
        flags = []
        if node.on_critical_path:
            flags.append("critical")
        if i in in_cycle:
            flags.append("cycle")
        if node.status in ("done", "dropped"):
            flags.append(node.status)
        sub = node.team + (f" · {', '.join(flags)}" if flags else "")
        tip = f"{i}: {titles.get(i, i)} (team {node.team}, {node.status})"
        out.append(
            f'<g class="{" ".join(classes)}"><title>{escape(tip)}</title>'
            f'<rect x="{n(x)}" y="{n(y)}" width="{n(NODE_W)}" height="{n(NODE_H)}" rx="5" '
            f'fill="{fill}" stroke="{stroke}"/>'
            f'<text x="{n(x + 7)}" y="{n(y + 14)}" class="nid">{escape(clip(i, 27))}</text>'
            f'<text x="{n(x + 7)}" y="{n(y + 27)}" class="nsub">{escape(clip(sub, 32))}</text>'
            "</g>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def team_graph(
    analysis: DepsAnalysis, colours: Mapping[str, tuple[str, str]], max_edges: int
) -> Markup:
    """One node per team, one edge per (dependent team, prerequisite team) with the
    count of open cross-team dependencies: the ``max_edges`` heaviest pairs."""
    matrix = analysis.team_matrix
    heaviest = sorted(
        ((count, a, b) for a, row in matrix.items() for b, count in row.items()),
        key=lambda x: (-x[0], x[1], x[2]),
    )[:max_edges]
    edges = sorted((b, a) for _, a, b in heaviest)
    involved = sorted({t for e in edges for t in e})
    if not involved:
        return Markup("")
    lay = layered(involved, edges)
    w, h = 150.0, 34.0
    crit_teams = {analysis.node_by_id[i].team for i in analysis.critical_path.ids}

    def pos(t: str) -> tuple[float, float]:
        return (10 + lay.layer[t] * (w + 90), 30 + lay.row[t] * (h + 16))

    width = 20 + len(lay.layers) * (w + 90) - 90
    height = 40 + lay.height * (h + 16)
    label = (
        f"Cross-team dependencies between {plural(len(involved), 'team')}; an arrow from "
        f"team A to "
        f"team B means B's work waits on A's, labelled with the number of dependencies"
    )
    out = [
        f'<svg class="chart graph" viewBox="0 0 {n(width)} {n(height)}" width="{n(width)}" '
        f'height="{n(height)}" role="img" aria-label="{escape(label)}">',
        ARROW + "</defs>",
    ]
    for prereq, dependent in edges:
        count = matrix[dependent][prereq]
        x1, y1 = pos(prereq)
        x2, y2 = pos(dependent)
        sx, sy, tx, ty = x1 + w, y1 + h / 2, x2, y2 + h / 2
        if lay.layer[prereq] >= lay.layer[dependent]:
            sx, tx, sy, ty = x1 + w / 2, x2 + w / 2, y1, y2
        width_px = min(6.0, 1.0 + count / 4)
        out.append(
            f'<path d="{_edge_path(sx, sy, tx, ty)}" class="edge cross" '
            f'style="stroke-width:{n(width_px)}" marker-end="url(#arrow)"><title>'
            f"{escape(dependent)} waits on {escape(prereq)}: "
            f"{plural(count, 'dependency', 'dependencies')}"
            f"</title></path>"
            f'<text x="{n((sx + tx) / 2)}" y="{n((sy + ty) / 2 - 4)}" class="elabel" '
            f'text-anchor="middle">{count}</text>'
        )
    for t in involved:
        x, y = pos(t)
        fill, stroke = colours.get(t, ("#e5e7eb", "#374151"))
        crit = " critical" if t in crit_teams else ""
        sub = "on the critical path" if crit else ""
        out.append(
            f'<g class="node{crit}"><title>team {escape(t)}</title>'
            f'<rect x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}" rx="5" '
            f'fill="{fill}" stroke="{stroke}"/>'
            f'<text x="{n(x + 7)}" y="{n(y + 14)}" class="nid">{escape(clip(t, 22))}</text>'
            f'<text x="{n(x + 7)}" y="{n(y + 27)}" class="nsub">{sub}</text></g>'
        )
    out.append("</svg>")
    return Markup("".join(out))
