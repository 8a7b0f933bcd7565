"""The part of an analysis a reader asked for: ``--team``, ``--focus``, ``--depth``,
``--cross-team``.

Selection never changes the numbers: slack, the critical path and "unblocks" are
always those of the whole plan; a view only chooses which nodes and edges to show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from okrkit.errors import UsageError
from okrkit.graph.model import DepsAnalysis, Edge

if TYPE_CHECKING:
    from okrkit.model import Plan

Children = Mapping[str, Sequence[tuple[str, Edge]]]
"""Node id -> its children in a tree, sorted by id, each with the edge that leads there."""


class Timing(NamedTuple):
    """When the plan's schedule (capacity and WIP limits included) runs an initiative."""

    start: dt.date | None
    finish: dt.date | None
    critical: bool
    """On the chain that ends last in the schedule (each link waiting on a dependency or
    on its team's lane)."""


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
    as_of: dt.date | None = None
    timeline: Mapping[str, Timing] = field(default_factory=dict)
    """The scheduled work's dates (``okrkit.planning.build_schedule`` at ``as_of``)."""
    extras: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Per initiative: its owner, tags, links and meta (:func:`with_extras`)."""
    titles: Mapping[str, str] = field(default_factory=dict)
    """Initiative id -> title, for the text views."""

    @property
    def scheduled_critical_path(self) -> tuple[str, ...]:
        """The schedule's critical chain, in start order."""
        chain = [(t.start, i) for i, t in self.timeline.items() if t.critical and t.start]
        return tuple(i for _, i in sorted(chain))

    @property
    def filtered(self) -> bool:
        return self.team is not None or self.focus is not None or self.cross_team

    def by_team(self) -> list[tuple[str, list[str]]]:
        """(team, its node ids in id order) for the nodes shown, by team."""
        by_id = self.analysis.node_by_id
        teams: dict[str, list[str]] = {}
        for i in self.node_ids:
            teams.setdefault(by_id[i].team, []).append(i)
        return sorted(teams.items())


def select(
    analysis: DepsAnalysis,
    *,
    team: str | None = None,
    focus: str | None = None,
    depth: int | None = None,
    cross_team: bool = False,
    ids: Collection[str] | None = None,
) -> DepsView:
    """Keep what the options ask for.

    - ``cross_team``: only edges between two teams, and the initiatives they join.
    - ``team``: that team's initiatives and every edge touching one of them (the other
      end is shown too, so waits on other teams stay visible).
    - ``focus``: the initiative, what it waits for (upstream) and what it unblocks
      (downstream), up to ``depth`` edges away, over the edges the other options kept.
    - ``depth`` without ``focus`` limits only the levels of the tree view.
    - ``ids`` (``--tag``/``--owner``): like ``team``, these initiatives and every edge
      touching one of them.
    """
    if depth is not None and depth < 0:
        raise UsageError(f"must be 0 or more, not {depth}", param="depth")
    by_id = analysis.node_by_id
    if focus is not None and focus not in by_id:
        from okrkit.errors import UnknownIdError

        raise UnknownIdError("initiative", focus, by_id, param="focus")

    edges = list(analysis.edges)
    if cross_team:
        edges = [e for e in edges if e.cross_team]
    if team is not None:
        edges = [
            e for e in edges if by_id[e.initiative].team == team or by_id[e.depends_on].team == team
        ]

    if ids is not None:
        wanted = set(ids)
        edges = [e for e in edges if e.initiative in wanted or e.depends_on in wanted]

    keep: set[str]
    if team is not None or ids is not None:
        keep = {
            n.id
            for n in analysis.nodes
            if (team is None or n.team == team) and (ids is None or n.id in wanted)
        }
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


def with_extras(view: DepsView, plan: Plan) -> DepsView:
    """``view`` with each shown initiative's owner, tags, links and meta, as every JSON
    output shows them (:func:`okrkit.model.plan.extras_json`)."""
    from dataclasses import replace

    from okrkit.model.plan import extras_json

    by_id = plan.initiative_by_id
    return replace(view, extras={i: extras_json(by_id[i]) for i in view.node_ids if i in by_id})


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


# --- trees ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Forest:
    """What the tree view shows: trees from ``roots`` over ``children``.

    For the whole graph, ``roots`` are the initiatives nothing shown depends on that
    unblock something, then those no root reaches (on or after a cycle, cycle members
    first); ``alone`` are the initiatives with no edge shown. For a focus there are two
    forests, each with the focus as its one root: what it waits for and what it unblocks.
    """

    roots: tuple[str, ...]
    children: Children
    alone: tuple[str, ...] = ()


def _sorted_children(pairs: dict[str, list[tuple[str, Edge]]]) -> Children:
    for lst in pairs.values():
        lst.sort(key=lambda t: t[0])
    return pairs


def dependency_forest(view: DepsView) -> Forest:
    """Each initiative, then the work it unblocks, over the edges of ``view``."""
    by_id = view.analysis.node_by_id
    children: dict[str, list[tuple[str, Edge]]] = {}
    has_parent: set[str] = set()
    for e in view.edges:
        children.setdefault(e.depends_on, []).append((e.initiative, e))
        has_parent.add(e.initiative)
    _sorted_children(children)
    roots = [i for i in view.node_ids if i not in has_parent and i in children]
    alone = [i for i in view.node_ids if i not in has_parent and i not in children]
    # what no root reaches lies on or after a cycle: start from the cycles
    reached = _reachable(roots, children)
    rest = sorted(
        (i for i in view.node_ids if i in has_parent and i not in reached),
        key=lambda i: (by_id[i].schedule != "in_cycle", i),
    )
    return Forest(tuple(roots + rest), children, tuple(alone))


def focus_forests(view: DepsView) -> tuple[Forest, Forest]:
    """(what the focus waits for, what it unblocks), over the edges of ``view``."""
    assert view.focus is not None, "focus_forests needs a view with a focus"
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
    return Forest((f,), _sorted_children(waits)), Forest((f,), _sorted_children(unblocks))


def _reachable(roots: list[str], children: Children) -> set[str]:
    seen = set(roots)
    stack = list(roots)
    while stack:
        for kid, _ in children.get(stack.pop(), ()):
            if kid not in seen:
                seen.add(kid)
                stack.append(kid)
    return seen


class TreeRow(NamedTuple):
    """One line of a tree, in print order.

    ``lasts``: for each level below the root down to this row, whether the node on the
    path is its parent's last child (the reporter draws ``├──``/``└──`` from it; empty for
    a root). ``repeat``: the node's subtree was printed above. ``hidden``: children not
    shown because ``depth`` was reached.
    """

    id: str
    edge: Edge | None
    lasts: tuple[bool, ...]
    repeat: bool
    has_children: bool
    hidden: int
    level: int = 0
    """How deep the row is (0 for a root). ``lasts`` keeps only the deepest
    :data:`GUIDE_LEVELS` of the path, so a 5,000-long chain is drawn in linear memory."""


GUIDE_LEVELS = 16
"""Levels of tree guides (``│``, ``├──``) drawn at most; deeper rows keep the last ones."""


def walk(forest: Forest, depth: int | None) -> list[TreeRow]:
    """The rows of ``forest`` depth first, each node's subtree once (later visits are
    ``repeat`` rows), cut at ``depth`` levels. An explicit stack: no recursion limit on
    long chains, and linear in the edges shown."""
    out: list[TreeRow] = []
    shown: set[str] = set()
    children = forest.children
    for root in forest.roots:
        if root in shown:
            continue
        stack: list[tuple[str, Edge | None, tuple[bool, ...], int]] = [(root, None, (), 0)]
        while stack:
            node, edge, lasts, level = stack.pop()
            kids = children.get(node, ())
            if node in shown:
                out.append(TreeRow(node, edge, lasts, True, bool(kids), 0, level))
                continue
            shown.add(node)
            if kids and depth is not None and level >= depth:
                out.append(TreeRow(node, edge, lasts, False, True, len(kids), level))
                continue
            out.append(TreeRow(node, edge, lasts, False, bool(kids), 0, level))
            keep = lasts[1:] if len(lasts) >= GUIDE_LEVELS else lasts
            for k in range(len(kids) - 1, -1, -1):
                kid, e = kids[k]
                stack.append((kid, e, (*keep, k == len(kids) - 1), level + 1))
    return out
