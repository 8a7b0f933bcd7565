"""How DOT and Mermaid mark nodes and edges: one rule, drawn by each in its own syntax.

A node is marked, in this order of precedence: on the critical path, in or after a
cycle, done, dropped. An edge's colour is, in this order: on the critical path, closing
a cycle, satisfied (its prerequisite is done: muted), cross-team. Independently of the
colour, a cross-team edge is dashed and an edge on dropped work is drawn broken.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from okrkit.fmt import fmt_num
from okrkit.graph import DepsAnalysis, Edge, NodeInfo

CRITICAL_COLOR = "#d62728"
CROSS_COLOR = "#1f77b4"
CYCLE_COLOR = "#ff7f0e"
MUTED_COLOR = "#7f7f7f"
DONE_FILL = "#eeeeee"

NodeMark = Literal["critical", "cycle", "done", "dropped"]
EdgeMark = Literal["critical", "cycle", "muted", "cross"]

EDGE_COLOR: dict[EdgeMark, str] = {
    "critical": CRITICAL_COLOR,
    "cycle": CYCLE_COLOR,
    "muted": MUTED_COLOR,
    "cross": CROSS_COLOR,
}
EDGE_WIDTH: dict[EdgeMark, int] = {"critical": 3, "cycle": 2, "muted": 1, "cross": 1}
"""Line width in Mermaid pixels; DOT draws the critical and cycle edges at penwidth 2."""


def node_mark(n: NodeInfo) -> NodeMark | None:
    if n.on_critical_path:
        return "critical"
    if n.schedule in ("in_cycle", "after_cycle"):
        return "cycle"
    if n.schedule == "done" or n.schedule == "dropped":
        return n.schedule
    return None


@dataclass(frozen=True)
class EdgeStyle:
    mark: EdgeMark | None
    dashed: bool
    """Cross-team."""
    broken: bool
    """On dropped work."""


def edge_style(e: Edge, analysis: DepsAnalysis) -> EdgeStyle:
    mark: EdgeMark | None = None
    if e.critical:
        mark = "critical"
    elif (e.depends_on, e.initiative) in analysis.cycle_edges:
        mark = "cycle"
    elif e.state == "satisfied":
        mark = "muted"
    elif e.cross_team:
        mark = "cross"
    return EdgeStyle(mark, e.cross_team, e.state == "broken")


def weeks(value: float | None) -> str:
    return "-" if value is None else fmt_num(value) + "w"


def timing(node: NodeInfo) -> str:
    """How a node's schedule reads in text: ``slack 2w``, ``in a cycle``..."""
    if node.schedule == "scheduled":
        return f"start {weeks(node.earliest_start)}, slack {weeks(node.slack_weeks)}"
    return {
        "done": "done",
        "dropped": "dropped",
        "in_cycle": "in a cycle: cannot start",
        "after_cycle": "waits on a cycle",
    }[node.schedule]


def node_caption(n: NodeInfo) -> str:
    """The two-line label of a node in a drawing: its id, then its status and slack."""
    parts = [n.status if n.schedule == "scheduled" else timing(n)]
    if n.schedule == "scheduled":
        parts.append(f"slack {weeks(n.slack_weeks)}")
    return n.id + "\n" + ", ".join(parts)
