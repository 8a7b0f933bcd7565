"""Reporters for ``okrkit deps``: tree, JSON, Graphviz DOT and Mermaid (pure ``render``).

Every reporter draws a :class:`okrkit.graph.DepsView`: the nodes and edges the options
kept, with the numbers of the whole plan's analysis. Edges are drawn from the
prerequisite to the work it unblocks (``a -> b``: ``b`` depends on ``a``). Output is
sorted by id, so the same plan gives byte-identical output. The JSON shape is
documented in ``docs/commands/deps.md`` and is stable.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from okrkit.fmt import fmt_num
from okrkit.graph import DepsAnalysis, DepsView, Edge, NodeInfo
from okrkit.report.text import table

FORMATS: tuple[str, ...] = ("tree", "json", "dot", "mermaid")

JSON_VERSION = 1

CRITICAL_COLOR = "#d62728"
CROSS_COLOR = "#1f77b4"
CYCLE_COLOR = "#ff7f0e"
MUTED_COLOR = "#7f7f7f"


def _weeks(value: float | None) -> str:
    return "-" if value is None else fmt_num(value) + "w"


def _cycle_pairs(cycles: Iterable[list[str]]) -> set[tuple[str, str]]:
    """(prerequisite, dependent) pairs that close a reported cycle."""
    out: set[tuple[str, str]] = set()
    for c in cycles:
        # c[i] depends on c[i+1]: the cycle a -> b -> a reads "a depends on b, b on a"
        for i, a in enumerate(c):
            b = c[(i + 1) % len(c)]
            out.add((b, a))
    return out


def timing(node: NodeInfo) -> str:
    """How a node's schedule reads in text: ``slack 2w``, ``in a cycle``..."""
    if node.schedule == "scheduled":
        return f"start {_weeks(node.earliest_start)}, slack {_weeks(node.slack_weeks)}"
    return {
        "done": "done",
        "dropped": "dropped",
        "in_cycle": "in a cycle: cannot start",
        "after_cycle": "waits on a cycle",
    }[node.schedule]


# --- JSON ----------------------------------------------------------------------------


def _round(value: float | None) -> float | None:
    """Sums of scores lose their last bits to rounding; 9 decimals hide the noise."""
    return None if value is None else round(value, 9)


def node_json(n: NodeInfo) -> dict[str, Any]:
    return {
        "id": n.id,
        "team": n.team,
        "status": n.status,
        "earliest_start": n.earliest_start,
        "latest_start": n.latest_start,
        "slack_weeks": n.slack_weeks,
        "unblocks": n.unblocks_total,
        "unblocks_direct": n.unblocks_direct,
        "duration_weeks": n.duration_weeks,
        "schedule": n.schedule,
        "on_critical_path": n.on_critical_path,
        "score": n.score,
        "downstream_score": _round(n.downstream_score),
    }


def edge_json(e: Edge) -> dict[str, Any]:
    return {
        "initiative": e.initiative,
        "depends_on": e.depends_on,
        "cross_team": e.cross_team,
        "state": e.state,
        "critical": e.critical,
    }


def view_json(view: DepsView) -> dict[str, Any]:
    a = view.analysis
    by_id = a.node_by_id
    return {
        "nodes": [node_json(by_id[i]) for i in view.node_ids],
        "edges": [edge_json(e) for e in view.edges],
        "cycles": [list(c) for c in a.cycles],
        "critical_path": {"ids": list(a.critical_path.ids), "weeks": a.critical_path.weeks},
        "team_matrix": a.team_matrix,
        "broken": [{"initiative": i, "depends_on": d} for i, d in a.broken],
        "score_method": a.method,
        "selection": {
            "team": view.team,
            "focus": view.focus,
            "depth": view.depth,
            "cross_team": view.cross_team,
        },
        "version": JSON_VERSION,
    }


def render_json(view: DepsView) -> str:
    """Indented JSON with one node, edge or cycle per line: readable, diffable, and
    written by the C encoder (``indent`` alone would use the slow pure-Python one)."""
    data = view_json(view)
    one = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    out = ["{"]
    keys = list(data)
    for k, key in enumerate(keys):
        value = data[key]
        comma = "," if k < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            out.append(f"  {one(key)}: [")
            out.append(",\n".join("    " + one(item) for item in value))
            out.append(f"  ]{comma}")
        elif isinstance(value, dict) and value and key == "team_matrix":
            out.append(f"  {one(key)}: {{")
            out.append(",\n".join(f"    {one(t)}: {one(row)}" for t, row in value.items()))
            out.append(f"  }}{comma}")
        else:
            out.append(f"  {one(key)}: {one(value)}{comma}")
    out.append("}")
    return "\n".join(out) + "\n"


# --- tree ----------------------------------------------------------------------------


def _label(n: NodeInfo) -> str:
    parts = [n.team, n.status if n.schedule != n.status else "", timing(n)]
    if n.unblocks_total:
        parts.append(f"unblocks {n.unblocks_total}")
        if n.downstream_score:
            parts.append(f"worth {fmt_num(n.downstream_score)}")
    text = f"{n.id}  (" + ", ".join(p for p in parts if p) + ")"
    if n.on_critical_path:
        text += "  [critical]"
    return text


def _edge_marks(e: Edge | None) -> str:
    if e is None:
        return ""
    marks = ""
    if e.cross_team:
        marks += "  [cross-team]"
    if e.state == "broken":
        marks += "  [broken: dropped]"
    return marks


def _tree(
    roots: list[str],
    children: dict[str, list[tuple[str, Edge]]],
    by_id: dict[str, NodeInfo],
    depth: int | None,
) -> list[str]:
    """Print each node's subtree once; later visits say ``(see above)``. Linear."""
    out: list[str] = []
    shown: set[str] = set()
    for root in roots:
        if root in shown:
            continue
        # an explicit stack: (id, edge from parent, prefix, is last child, level)
        stack: list[tuple[str, Edge | None, str, bool, int]] = [(root, None, "", True, 0)]
        while stack:
            node, edge, prefix, last, level = stack.pop()
            if level == 0:
                head, child_prefix = "", ""
            else:
                head = prefix + ("└── " if last else "├── ")
                child_prefix = prefix + ("    " if last else "│   ")
            kids = children.get(node, [])
            if node in shown:
                more = "  (see above)" if kids else ""
                out.append(head + node + _edge_marks(edge) + more)
                continue
            shown.add(node)
            line = head + _label(by_id[node]) + _edge_marks(edge)
            if kids and depth is not None and level >= depth:
                out.append(line + f"  (+{len(kids)} not shown)")
                continue
            out.append(line)
            for k in range(len(kids) - 1, -1, -1):
                kid, e = kids[k]
                stack.append((kid, e, child_prefix, k == len(kids) - 1, level + 1))
    return out


def _cycle_lines(a: DepsAnalysis, keep: set[str]) -> list[str]:
    by_id = a.node_by_id
    cycles = [c for c in a.cycles if any(i in keep for i in c)]
    if not cycles:
        return []
    lines = [f"Cycles ({len(cycles)}): each initiative depends on the next"]
    for c in cycles:
        ring = [*c, c[0]]
        lines.append("  " + " -> ".join(f"{i} [{by_id[i].team}]" for i in ring))
    lines.append("")
    return lines


def _reachable(roots: list[str], children: dict[str, list[tuple[str, Edge]]]) -> set[str]:
    seen = set(roots)
    stack = list(roots)
    while stack:
        for kid, _ in children.get(stack.pop(), ()):
            if kid not in seen:
                seen.add(kid)
                stack.append(kid)
    return seen


def _wrap(words: list[str], indent: str, width: int = 100) -> list[str]:
    out: list[str] = []
    line = indent
    for w in words:
        if line != indent and len(line) + len(w) + 2 > width:
            out.append(line.rstrip())
            line = indent
        line += w + ", "
    if line != indent:
        out.append(line[:-2])
    return out


TOP = 5


def _top_lines(a: DepsAnalysis) -> list[str]:
    """The initiatives that unblock the most: by downstream score, then by count."""
    ranked = sorted(
        (n for n in a.nodes if n.unblocks_total),
        key=lambda n: (-(n.downstream_score or 0.0), -n.unblocks_total, n.id),
    )[:TOP]
    if not ranked:
        return []
    have_scores = a.method is not None
    head = (
        f"Unblocks the most (total {a.method} score of the work waiting on it)"
        if have_scores
        else "Unblocks the most (initiatives waiting on it, directly or not)"
    )
    headers = (
        ["initiative", "team", "own score", "unblocks", "worth"]
        if have_scores
        else ["initiative", "team", "unblocks", "direct"]
    )
    rows = []
    for n in ranked:
        if have_scores:
            rows.append(
                [n.id, n.team, fmt_num(n.score), str(n.unblocks_total), fmt_num(n.downstream_score)]
            )
        else:
            rows.append([n.id, n.team, str(n.unblocks_total), str(n.unblocks_direct)])
    align = "llrrr" if have_scores else "llrr"
    return [head, table(headers, rows, align=align, indent="  "), ""]


MATRIX_COLUMNS = 10
"""Up to this many teams waited on, the cross-team matrix is a grid; beyond, a list."""


def _matrix_lines(a: DepsAnalysis) -> list[str]:
    if not a.team_matrix:
        return []
    cols = sorted({b for row in a.team_matrix.values() for b in row})
    if len(cols) <= MATRIX_COLUMNS:
        rows = [
            [t, *[str(a.team_matrix[t].get(b, "")) or "." for b in cols]]
            for t in sorted(a.team_matrix)
        ]
        return [
            "Cross-team dependencies (open; each row's work waits on each column's)",
            table(["waits on ->", *cols], rows, align="l" + "r" * len(cols), indent="  "),
            "",
        ]
    pairs = sorted(
        ((k, t, b) for t, row in a.team_matrix.items() for b, k in row.items()),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    return [
        "Cross-team dependencies (open), most first",
        table(
            ["team", "waits on", "dependencies"],
            [[t, b, str(k)] for k, t, b in pairs],
            align="llr",
            indent="  ",
        ),
        "",
    ]


def render_tree(view: DepsView) -> str:
    a = view.analysis
    by_id = a.node_by_id
    keep = set(view.node_ids)
    lines: list[str] = []
    lines += _cycle_lines(a, keep)

    cp = a.critical_path
    if cp.ids:
        lines.append(f"Critical path: {fmt_num(cp.weeks)} weeks")
        lines.append("  " + " -> ".join(cp.ids))
    else:
        lines.append("Critical path: no remaining work")
    lines.append("")

    if view.focus is not None:
        f = view.focus
        up_ids = {i for i, _ in view.upstream} | {f}
        down_ids = {i for i, _ in view.downstream} | {f}
        waits: dict[str, list[tuple[str, Edge]]] = {}
        unblocks: dict[str, list[tuple[str, Edge]]] = {}
        for e in view.edges:
            if e.initiative in up_ids and e.depends_on in up_ids:
                waits.setdefault(e.initiative, []).append((e.depends_on, e))
            if e.initiative in down_ids and e.depends_on in down_ids:
                unblocks.setdefault(e.depends_on, []).append((e.initiative, e))
        for d in (waits, unblocks):
            for lst in d.values():
                lst.sort(key=lambda t: t[0])
        lines.append(f"{f} waits for:")
        lines += _tree([f], waits, by_id, view.depth) if waits else ["  nothing"]
        lines.append("")
        lines.append(f"{f} unblocks:")
        lines += _tree([f], unblocks, by_id, view.depth) if unblocks else ["  nothing"]
        lines.append("")
    else:
        children: dict[str, list[tuple[str, Edge]]] = {}
        has_parent: set[str] = set()
        for e in view.edges:
            children.setdefault(e.depends_on, []).append((e.initiative, e))
            has_parent.add(e.initiative)
        for lst in children.values():
            lst.sort(key=lambda t: t[0])
        roots = [i for i in view.node_ids if i not in has_parent and i in children]
        alone = [i for i in view.node_ids if i not in has_parent and i not in children]
        # what no root reaches lies on or after a cycle: start from the cycles
        reached = _reachable(roots, children)
        rest = sorted(
            (i for i in view.node_ids if i in has_parent and i not in reached),
            key=lambda i: (by_id[i].schedule != "in_cycle", i),
        )
        if view.team is None and not view.cross_team:
            lines += _top_lines(a)
        what = "Dependencies: each initiative, then the work it unblocks"
        lines.append(what if roots or rest else "Dependencies: none")
        lines += _tree(roots + rest, children, by_id, view.depth)
        lines.append("")
        if alone:
            lines.append(f"No dependencies ({len(alone)}):")
            lines += _wrap(alone, "  ")
            lines.append("")
        if view.team is None and not view.cross_team:
            lines += _matrix_lines(a)

    broken = [(i, d) for i, d in a.broken if i in keep or d in keep]
    if broken:
        lines.append(f"Broken dependencies ({len(broken)}): on dropped work")
        lines += [f"  {i} depends on {d} (dropped)" for i, d in broken]
        lines.append("")
    lines.append(
        "[critical]: on the critical path; [cross-team]: the edge joins two teams; "
        "slack: weeks an initiative can slip without delaying the plan."
    )
    return "\n".join(lines) + "\n"


# --- Graphviz DOT -------------------------------------------------------------------


def dot_quote(text: str) -> str:
    """A DOT double-quoted string (escapes backslash, quote and newline)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_attrs(attrs: dict[str, str]) -> str:
    if not attrs:
        return ""
    return " [" + ", ".join(f"{k}={v}" for k, v in attrs.items()) + "]"


def _node_caption(n: NodeInfo) -> str:
    parts = [n.status if n.schedule == "scheduled" else timing(n)]
    if n.schedule == "scheduled":
        parts.append(f"slack {_weeks(n.slack_weeks)}")
    return n.id + "\n" + ", ".join(parts)


def render_dot(view: DepsView) -> str:
    a = view.analysis
    by_id = a.node_by_id
    cycle_pairs = _cycle_pairs(a.cycles)
    lines = [
        "digraph deps {",
        '  graph [rankdir=LR, fontname="Helvetica", label="okrkit deps: a -> b means b '
        'depends on a", labelloc=t];',
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica"];',
    ]
    teams: dict[str, list[str]] = {}
    for i in view.node_ids:
        teams.setdefault(by_id[i].team, []).append(i)
    for t in sorted(teams):
        lines.append(f"  subgraph {dot_quote('cluster_' + t)} {{")
        lines.append(f"    label={dot_quote(t)};")
        lines.append('    style=rounded; color="#bbbbbb";')
        for i in teams[t]:
            n = by_id[i]
            attrs = {"label": dot_quote(_node_caption(n))}
            styles = ["rounded"]
            if n.on_critical_path:
                attrs["color"] = dot_quote(CRITICAL_COLOR)
                attrs["penwidth"] = "2"
            if n.schedule == "done":
                styles.append("filled")
                attrs["fillcolor"] = dot_quote("#eeeeee")
            elif n.schedule == "dropped":
                styles.append("dashed")
                attrs["fontcolor"] = dot_quote(MUTED_COLOR)
            elif n.schedule in ("in_cycle", "after_cycle"):
                attrs["color"] = dot_quote(CYCLE_COLOR)
            attrs["style"] = dot_quote(",".join(styles))
            lines.append(f"    {dot_quote(i)}{_dot_attrs(attrs)};")
        lines.append("  }")
    for e in view.edges:
        attrs = {}
        if e.critical:
            attrs["color"] = dot_quote(CRITICAL_COLOR)
            attrs["penwidth"] = "2"
        elif (e.depends_on, e.initiative) in cycle_pairs:
            attrs["color"] = dot_quote(CYCLE_COLOR)
            attrs["penwidth"] = "2"
        elif e.cross_team:
            attrs["color"] = dot_quote(CROSS_COLOR)
        if e.cross_team:
            attrs["style"] = "dashed"
        if e.state == "broken":
            attrs["style"] = "dotted"
            attrs["label"] = dot_quote("broken")
        elif e.state == "satisfied":
            attrs["color"] = dot_quote(MUTED_COLOR)
        lines.append(
            f"  {dot_quote(e.depends_on)} -> {dot_quote(e.initiative)}{_dot_attrs(attrs)};"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- Mermaid --------------------------------------------------------------------------


def mermaid_text(text: str) -> str:
    """Text for a quoted Mermaid label: entity codes for characters Mermaid parses."""
    out = []
    for ch in text:
        if ch in '"#<>&[]{}()|`':
            out.append(f"#{ord(ch)};")
        elif ch == "\n":
            out.append("<br/>")
        else:
            out.append(ch)
    return "".join(out)


def render_mermaid(view: DepsView) -> str:
    """A flowchart; node ids are ``n0, n1, ...`` (plan ids go in the labels), so ids
    with ``.``, ``:``, ``/`` or ``-``, or reserved words such as ``end``, are safe."""
    a = view.analysis
    by_id = a.node_by_id
    cycle_pairs = _cycle_pairs(a.cycles)
    mid = {i: f"n{k}" for k, i in enumerate(view.node_ids)}
    lines = ["flowchart LR"]
    teams: dict[str, list[str]] = {}
    for i in view.node_ids:
        teams.setdefault(by_id[i].team, []).append(i)
    for k, t in enumerate(sorted(teams)):
        lines.append(f'  subgraph t{k}["{mermaid_text(t)}"]')
        for i in teams[t]:
            lines.append(f'    {mid[i]}["{mermaid_text(_node_caption(by_id[i]))}"]')
        lines.append("  end")
    link_styles: dict[str, list[int]] = {"critical": [], "cycle": [], "cross": []}
    for k, e in enumerate(view.edges):
        src, dst = mid[e.depends_on], mid[e.initiative]
        label = ""
        if e.state == "broken":
            arrow, label = "-.-x", "broken"
        elif e.critical:
            arrow = "==>"
        elif e.cross_team:
            arrow = "-.->"
        else:
            arrow = "-->"
        if e.cross_team and not label:
            label = "cross-team"
        lines.append(f"  {src} {arrow}{'|' + label + '|' if label else ''} {dst}")
        if e.critical:
            link_styles["critical"].append(k)
        elif (e.depends_on, e.initiative) in cycle_pairs:
            link_styles["cycle"].append(k)
        elif e.cross_team:
            link_styles["cross"].append(k)
    classes: dict[str, list[str]] = {"critical": [], "cycle": [], "done": [], "dropped": []}
    for i in view.node_ids:
        n = by_id[i]
        if n.on_critical_path:
            classes["critical"].append(mid[i])
        elif n.schedule in ("in_cycle", "after_cycle"):
            classes["cycle"].append(mid[i])
        elif n.schedule in ("done", "dropped"):
            classes[n.schedule].append(mid[i])
    lines += [
        f"  classDef critical stroke:{CRITICAL_COLOR},stroke-width:3px",
        f"  classDef cycle stroke:{CYCLE_COLOR},stroke-width:2px",
        f"  classDef done fill:#eeeeee,color:{MUTED_COLOR}",
        f"  classDef dropped stroke-dasharray:5 5,color:{MUTED_COLOR}",
    ]
    for name, ids in classes.items():
        if ids:
            lines.append(f"  class {','.join(ids)} {name}")
    colors = {"critical": (CRITICAL_COLOR, 3), "cycle": (CYCLE_COLOR, 2), "cross": (CROSS_COLOR, 1)}
    for name, idx in link_styles.items():
        if idx:
            color, width = colors[name]
            lines.append(
                f"  linkStyle {','.join(map(str, idx))} stroke:{color},stroke-width:{width}px"
            )
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[DepsView], str]] = {
    "tree": render_tree,
    "json": render_json,
    "dot": render_dot,
    "mermaid": render_mermaid,
}


def render(view: DepsView, format: str) -> str:
    return RENDERERS[format](view)
