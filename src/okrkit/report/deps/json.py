"""``okrkit deps --format json``: the shape documented in ``docs/commands/deps.md``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from okrkit.graph import DepsView, Edge, NodeInfo
from okrkit.graph.view import Timing

JSON_VERSION = 1


def _round(value: float | None) -> float | None:
    """Sums of scores lose their last bits to rounding; 9 decimals hide the noise."""
    return None if value is None else round(value, 9)


def node_json(
    n: NodeInfo, timing: Timing | None = None, extras: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A node: ``earliest_start``/``latest_start``/``slack_weeks``/``on_critical_path``
    are the dependency-only view (CPM, weeks); ``start``/``finish`` (dates) and
    ``on_scheduled_critical_path`` come from the plan's schedule; ``owner``, ``tags``,
    ``links`` and ``meta`` are the initiative's (:func:`okrkit.model.plan.extras_json`)."""
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
        "start": timing.start.isoformat() if timing and timing.start else None,
        "finish": timing.finish.isoformat() if timing and timing.finish else None,
        "on_scheduled_critical_path": bool(timing and timing.critical),
        "score": n.score,
        "downstream_score": _round(n.downstream_score),
        **(extras or {}),
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
        "nodes": [
            node_json(by_id[i], view.timeline.get(i), view.extras.get(i)) for i in view.node_ids
        ],
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
        "as_of": view.as_of.isoformat() if view.as_of else None,
        "scheduled_critical_path": list(view.scheduled_critical_path),
        "version": JSON_VERSION,
    }


def render(view: DepsView) -> str:
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
