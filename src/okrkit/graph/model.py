"""Results of the dependency analysis, sorted and ready to render.

The per-initiative and per-edge records are named tuples (immutable, and cheap to build
by the hundred thousand); the analysis itself is a frozen dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal, NamedTuple

ScheduleState = Literal["scheduled", "done", "dropped", "in_cycle", "after_cycle"]
"""Why an initiative has (or lacks) critical-path timings.

- ``scheduled``: remaining work in the acyclic part of the graph; timings set.
- ``done``: finished; its dependents need not wait for it. No timings.
- ``dropped``: will not happen; edges to it are broken. No timings.
- ``in_cycle``: remaining work on a dependency cycle; it can never start. No timings.
- ``after_cycle``: remaining work that waits, directly or not, on a cycle. No timings.
"""

EdgeState = Literal["open", "satisfied", "broken"]
"""``satisfied``: the prerequisite is done; ``broken``: it was dropped; else ``open``."""


class NodeInfo(NamedTuple):
    """One initiative in the dependency graph.

    Times are in weeks from the start of the remaining work (week 0), computed exactly
    at a resolution of a millionth of a week. ``duration_weeks`` is ``None`` when the
    initiative has neither ``duration_weeks`` nor ``effort_weeks`` (it counts as 0).
    """

    id: str
    team: str
    status: str
    kind: str
    duration_weeks: float | None
    schedule: ScheduleState
    earliest_start: float | None
    latest_start: float | None
    slack_weeks: float | None
    on_critical_path: bool
    unblocks_direct: int
    unblocks_total: int
    score: float | None
    downstream_score: float | None


class Edge(NamedTuple):
    """``initiative`` depends on ``depends_on`` (drawn ``depends_on -> initiative``)."""

    initiative: str
    depends_on: str
    cross_team: bool
    state: EdgeState
    critical: bool = False
    """Both ends are consecutive on the critical path."""


@dataclass(frozen=True)
class CriticalPath:
    """The chain of remaining work that sets the total length, in weeks."""

    ids: tuple[str, ...]
    weeks: float


@dataclass(frozen=True)
class DepsAnalysis:
    """Everything ``okrkit deps`` knows about a plan's dependencies.

    - ``nodes``: every initiative, sorted by id.
    - ``edges``: every ``depends_on`` entry, sorted by (initiative, depends_on).
    - ``cycles``: one shortest cycle per strongly connected component of the declared
      graph, plus every self-loop; each starts at its smallest id; sorted.
    - ``critical_path``: see :class:`CriticalPath`.
    - ``team_matrix``: ``team_matrix[a][b]`` open dependencies of team ``a``'s work on
      team ``b``'s (cross-team only; both ends neither done nor dropped).
    - ``broken``: (initiative, dropped dependency) for initiatives not dropped themselves.
    - ``satisfied``: (initiative, done dependency).
    - ``method``: the scoring method behind ``score`` and ``downstream_score``
      (``None`` when no scores were available).
    """

    nodes: tuple[NodeInfo, ...]
    edges: tuple[Edge, ...]
    cycles: list[list[str]]
    critical_path: CriticalPath
    team_matrix: dict[str, dict[str, int]]
    broken: list[tuple[str, str]]
    satisfied: list[tuple[str, str]]
    method: str | None = None

    @cached_property
    def node_by_id(self) -> dict[str, NodeInfo]:
        return {n.id: n for n in self.nodes}

    @cached_property
    def cycle_edges(self) -> frozenset[tuple[str, str]]:
        """(prerequisite, dependent) pairs that close a reported cycle."""
        out: set[tuple[str, str]] = set()
        for c in self.cycles:
            # c[i] depends on c[i+1]: the cycle a -> b -> a reads "a depends on b, b on a"
            for i, a in enumerate(c):
                out.add((c[(i + 1) % len(c)], a))
        return frozenset(out)

    def to_networkx(self) -> Any:
        """The graph as a ``networkx.DiGraph`` (edges prerequisite -> dependent).

        Node attributes are the :class:`NodeInfo` fields; edge attributes ``cross_team``,
        ``state`` and ``critical``.
        """
        import networkx as nx

        g = nx.DiGraph()
        for n in self.nodes:
            g.add_node(n.id, **n._asdict())
        for e in self.edges:
            g.add_edge(
                e.depends_on,
                e.initiative,
                cross_team=e.cross_team,
                state=e.state,
                critical=e.critical,
            )
        return g
