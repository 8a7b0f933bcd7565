"""``okrkit deps --format mermaid``: a flowchart, one subgraph per team."""

from __future__ import annotations

from okrkit.graph import DepsView
from okrkit.report.deps.style import (
    CRITICAL_COLOR,
    CYCLE_COLOR,
    DONE_FILL,
    EDGE_COLOR,
    EDGE_WIDTH,
    MUTED_COLOR,
    EdgeMark,
    NodeMark,
    edge_style,
    node_caption,
    node_mark,
)

CLASS_DEFS: dict[NodeMark, str] = {
    "critical": f"stroke:{CRITICAL_COLOR},stroke-width:3px",
    "cycle": f"stroke:{CYCLE_COLOR},stroke-width:2px",
    "done": f"fill:{DONE_FILL},color:{MUTED_COLOR}",
    "dropped": f"stroke-dasharray:5 5,color:{MUTED_COLOR}",
}


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


def render(view: DepsView) -> str:
    """A flowchart; node ids are ``n0, n1, ...`` (plan ids go in the labels), so ids
    with ``.``, ``:``, ``/`` or ``-``, or reserved words such as ``end``, are safe."""
    a = view.analysis
    by_id = a.node_by_id
    mid = {i: f"n{k}" for k, i in enumerate(view.node_ids)}
    lines = ["flowchart LR"]
    for k, (team, ids) in enumerate(view.by_team()):
        lines.append(f'  subgraph t{k}["{mermaid_text(team)}"]')
        lines += [f'    {mid[i]}["{mermaid_text(node_caption(by_id[i]))}"]' for i in ids]
        lines.append("  end")
    links: dict[EdgeMark, list[int]] = {"critical": [], "cycle": [], "cross": [], "muted": []}
    for k, e in enumerate(view.edges):
        style = edge_style(e, a)
        label = ""
        if style.broken:
            arrow, label = "-.-x", "broken"
        elif style.mark == "critical":
            arrow = "==>"
        elif style.dashed:
            arrow = "-.->"
        else:
            arrow = "-->"
        if style.dashed and not label:
            label = "cross-team"
        link = f"{arrow}|{label}|" if label else arrow
        lines.append(f"  {mid[e.depends_on]} {link} {mid[e.initiative]}")
        if style.mark is not None:
            links[style.mark].append(k)
    classes: dict[NodeMark, list[str]] = {m: [] for m in CLASS_DEFS}
    for i in view.node_ids:
        node = node_mark(by_id[i])
        if node is not None:
            classes[node].append(mid[i])
    lines += [f"  classDef {name} {spec}" for name, spec in CLASS_DEFS.items()]
    for name, ids in classes.items():
        if ids:
            lines.append(f"  class {','.join(ids)} {name}")
    for edge, idx in links.items():
        if idx:
            lines.append(
                f"  linkStyle {','.join(map(str, idx))} "
                f"stroke:{EDGE_COLOR[edge]},stroke-width:{EDGE_WIDTH[edge]}px"
            )
    return "\n".join(lines) + "\n"
