"""``okrkit deps --format dot``: a Graphviz digraph, one cluster per team."""

from __future__ import annotations

from okrkit.graph import DepsView, NodeInfo
from okrkit.report.deps.style import (
    CRITICAL_COLOR,
    CYCLE_COLOR,
    DONE_FILL,
    EDGE_COLOR,
    MUTED_COLOR,
    edge_style,
    node_caption,
    node_mark,
)


def dot_quote(text: str) -> str:
    """A DOT double-quoted string (escapes backslash, quote and newline)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _attrs(attrs: dict[str, str]) -> str:
    if not attrs:
        return ""
    return " [" + ", ".join(f"{k}={v}" for k, v in attrs.items()) + "]"


def _node(n: NodeInfo) -> str:
    attrs = {"label": dot_quote(node_caption(n))}
    styles = ["rounded"]
    mark = node_mark(n)
    if mark == "critical":
        attrs["color"] = dot_quote(CRITICAL_COLOR)
        attrs["penwidth"] = "2"
    elif mark == "cycle":
        attrs["color"] = dot_quote(CYCLE_COLOR)
    elif mark == "done":
        styles.append("filled")
        attrs["fillcolor"] = dot_quote(DONE_FILL)
    elif mark == "dropped":
        styles.append("dashed")
        attrs["fontcolor"] = dot_quote(MUTED_COLOR)
    attrs["style"] = dot_quote(",".join(styles))
    return f"{dot_quote(n.id)}{_attrs(attrs)};"


def render(view: DepsView) -> str:
    a = view.analysis
    by_id = a.node_by_id
    lines = [
        "digraph deps {",
        '  graph [rankdir=LR, fontname="Helvetica", label="okrkit deps: a -> b means b '
        'depends on a", labelloc=t];',
        '  node [shape=box, style=rounded, fontname="Helvetica"];',
        '  edge [fontname="Helvetica"];',
    ]
    for team, ids in view.by_team():
        lines.append(f"  subgraph {dot_quote('cluster_' + team)} {{")
        lines.append(f"    label={dot_quote(team)};")
        lines.append('    style=rounded; color="#bbbbbb";')
        lines += [f"    {_node(by_id[i])}" for i in ids]
        lines.append("  }")
    for e in view.edges:
        style = edge_style(e, a)
        attrs = {}
        if style.mark is not None:
            attrs["color"] = dot_quote(EDGE_COLOR[style.mark])
            if style.mark in ("critical", "cycle"):
                attrs["penwidth"] = "2"
        if style.broken:
            attrs["style"] = "dotted"
            attrs["label"] = dot_quote("broken")
        elif style.dashed:
            attrs["style"] = "dashed"
        lines.append(f"  {dot_quote(e.depends_on)} -> {dot_quote(e.initiative)}{_attrs(attrs)};")
    lines.append("}")
    return "\n".join(lines) + "\n"
