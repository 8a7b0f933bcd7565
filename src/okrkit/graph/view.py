"""The part of an analysis a reader asked for: ``--team``, ``--focus``, ``--depth``,
``--cross-team``.

Selection never changes the numbers: slack, the critical path and "unblocks" are
always those of the whole plan; a view only chooses which nodes and edges to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from okrkit.errors import UsageError
from okrkit.graph.model import DepsAnalysis, Edge


@dataclass(frozen=True)
class DepsView:
    """Nodes and edges to show, with the analysis they come from.

    ``upstream`` / ``downstream`` (with ``focus``): distance in edges from the focus
    to what it waits for / what it unblocks, within ``depth``.
    """

    analysis: DepsAnalysis
    node_ids: tuple[str, ...]
    edges: tuple[Edge, ...]
    team: str | None = None
    focus: str | None = None
    depth: int | None = None
    cross_team: bool = False
    upstream: tuple[tuple[str, int], ...] = ()
    downstream: tuple[tuple[str, int], ...] = ()

    @property
    def filtered(self) -> bool:
        return self.team is not None or self.focus is not None or self.cross_team


def select(
    analysis: DepsAnalysis,
    *,
    team: str | None = None,
    focus: str | None = None,
    depth: int | None = None,
    cross_team: bool = False,
) -> DepsView:
    """Keep what the options ask for.

    - ``cross_team``: only edges between two teams, and the initiatives they join.
    - ``team``: that team's initiatives and every edge touching one of them (the other
      end is shown too, so waits on other teams stay visible).
    - ``focus``: the initiative, what it waits for (upstream) and what it unblocks
      (downstream), up to ``depth`` edges away, over the edges the other options kept.
    - ``depth`` without ``focus`` limits only the levels of the tree view.
    """
    if depth is not None and depth < 0:
        raise UsageError(f"okrkit: --depth: must be 0 or more, not {depth}")
    by_id = analysis.node_by_id
    if focus is not None and focus not in by_id:
        import difflib

        near = difflib.get_close_matches(focus, list(by_id), n=3)
        hint = f" (did you mean: {', '.join(near)}?)" if near else ""
        raise UsageError(f"okrkit: --focus: no initiative {focus!r}{hint}")

    edges = list(analysis.edges)
    if cross_team:
        edges = [e for e in edges if e.cross_team]
    if team is not None:
        edges = [
            e for e in edges if by_id[e.initiative].team == team or by_id[e.depends_on].team == team
        ]

    keep: set[str]
    if team is not None:
        keep = {n.id for n in analysis.nodes if n.team == team}
        keep.update(e.initiative for e in edges)
        keep.update(e.depends_on for e in edges)
    elif cross_team:
        keep = {e.initiative for e in edges} | {e.depends_on for e in edges}
    else:
        keep = set(by_id)

    up: dict[str, int] = {}
    down: dict[str, int] = {}
    if focus is not None:
        prereqs: dict[str, list[str]] = {}
        dependents: dict[str, list[str]] = {}
        for e in edges:
            prereqs.setdefault(e.initiative, []).append(e.depends_on)
            dependents.setdefault(e.depends_on, []).append(e.initiative)
        up = _bfs(focus, prereqs, depth)
        down = _bfs(focus, dependents, depth)
        keep = {focus} | set(up) | set(down)
        edges = [e for e in edges if e.initiative in keep and e.depends_on in keep]

    return DepsView(
        analysis=analysis,
        node_ids=tuple(sorted(keep)),
        edges=tuple(edges),
        team=team,
        focus=focus,
        depth=depth,
        cross_team=cross_team,
        upstream=tuple(sorted(up.items())),
        downstream=tuple(sorted(down.items())),
    )


def _bfs(start: str, adj: dict[str, list[str]], depth: int | None) -> dict[str, int]:
    """Distances from ``start`` (excluded) along ``adj``, up to ``depth`` edges."""
    dist: dict[str, int] = {}
    frontier = [start]
    level = 0
    seen = {start}
    while frontier and (depth is None or level < depth):
        level += 1
        nxt: list[str] = []
        for u in frontier:
            for v in adj.get(u, ()):
                if v not in seen:
                    seen.add(v)
                    dist[v] = level
                    nxt.append(v)
        frontier = nxt
    return dist
