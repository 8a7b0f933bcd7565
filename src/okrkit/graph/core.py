"""Graph algorithms on integer-indexed adjacency lists, all linear or near-linear.

Nodes are ``0..n-1``; ``succ[u]`` lists the nodes that depend on ``u`` (edges run from a
prerequisite to the work it unblocks) and ``pred[v]`` the prerequisites of ``v``. Both are
sorted, so every traversal here is deterministic. Node indexes follow the sorted initiative
ids, so "smallest index" means "smallest id".

Nothing here enumerates simple cycles or walks the graph once per node:

- :func:`kahn` orders a DAG (and leaves the nodes in or after cycles unordered);
- :func:`strongly_connected` finds the components among those leftovers (networkx,
  imported only when the plan has a cycle);
- :func:`shortest_cycle` finds one shortest cycle per component (breadth-first search,
  with a work bound);
- :func:`longest_paths` is the critical-path method, one pass each way in topological
  order, in integer time units so that slack on the critical path is exactly zero;
- :func:`descendant_closure` counts and weighs every node's transitive dependents with
  bitsets (Python ints) in reverse topological order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress

Adjacency = Sequence[Sequence[int]]

# Exact shortest cycle (breadth-first search from every member) only while
# members x edges of a component stays under this; beyond it, one search from the
# component's smallest member finds the shortest cycle through that member.
GIRTH_WORK_LIMIT = 2_000_000


def kahn(succ: Adjacency, pred: Adjacency, nodes: Sequence[int]) -> list[int]:
    """Topological order of ``nodes`` by Kahn's algorithm.

    ``succ``/``pred`` must only hold edges between ``nodes``. Nodes in a cycle, and every
    node that (transitively) depends on one, are left out of the result.
    """
    indeg = [len(p) for p in pred]
    order = [u for u in nodes if not indeg[u]]
    append = order.append
    i = 0
    while i < len(order):  # the list is its own queue
        for v in succ[order[i]]:
            indeg[v] -= 1
            if not indeg[v]:
                append(v)
        i += 1
    return order


def strongly_connected(nodes: Sequence[int], succ: Adjacency) -> list[list[int]]:
    """The strongly connected components among ``nodes`` (edges between them only).

    Each component is sorted; the list is sorted by smallest member.
    """
    import networkx as nx

    member = set(nodes)
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from((u, v) for u in nodes for v in succ[u] if v in member)
    comps = [sorted(c) for c in nx.strongly_connected_components(g)]
    comps.sort(key=lambda c: c[0])
    return comps


def shortest_cycle(comp: Sequence[int], succ: Adjacency) -> list[int]:
    """One shortest cycle (length >= 2) inside a strongly connected component.

    Each node of the result has an edge of ``succ`` to the next (pass the prerequisite
    lists to read it as "depends on the next"). Returned as node indexes, rotated to
    start at its smallest member. Self-loops are ignored here (callers list them on
    their own). Exact when the component is small enough (see
    :data:`GIRTH_WORK_LIMIT`); otherwise the shortest cycle through the component's
    smallest member. Returns ``[]`` for a single node.
    """
    if len(comp) < 2:
        return []
    member = set(comp)
    edges = sum(1 for u in comp for v in succ[u] if v in member)
    starts: Sequence[int] = comp if len(comp) * edges <= GIRTH_WORK_LIMIT else comp[:1]
    best: list[int] = []
    for s in starts:
        found = _shortest_cycle_through(s, member, succ, len(best) - 1 if best else None)
        if found and (not best or len(found) < len(best)):
            best = found
            if len(best) == 2:
                break
    if not best:  # unreachable for a real component; keep the contract anyway
        return []
    k = best.index(min(best))
    return best[k:] + best[:k]


def _shortest_cycle_through(
    s: int, member: set[int], succ: Adjacency, limit: int | None
) -> list[int]:
    """Breadth-first search from ``s`` for the shortest way back to ``s``.

    ``limit``: stop once paths reach this many edges (a shorter cycle is known).
    """
    parent = {s: s}
    frontier = [s]
    depth = 0
    while frontier:
        depth += 1
        if limit is not None and depth > limit:
            return []
        nxt: list[int] = []
        for u in frontier:
            for v in succ[u]:
                if v == s and u != s:
                    path = [u]
                    while path[-1] != s:
                        path.append(parent[path[-1]])
                    path.reverse()
                    return path
                if v in member and v not in parent:
                    parent[v] = u
                    nxt.append(v)
        frontier = nxt
    return []


@dataclass(frozen=True)
class Schedule:
    """Critical-path numbers in integer time units (see :func:`longest_paths`).

    ``earliest[u]`` / ``latest[u]`` are start times, ``-1`` for nodes not scheduled.
    """

    earliest: list[int]
    latest: list[int]
    total: int
    chain: list[int]


def longest_paths(
    order: Sequence[int], duration: Sequence[int], succ: Adjacency, pred: Adjacency
) -> Schedule:
    """The critical-path method over the nodes of ``order`` (a topological order).

    Edges to or from nodes outside ``order`` are ignored. Durations are integers, so
    ``latest - earliest`` is exactly 0 on the critical path. The chain ends at the
    smallest node that finishes last and walks back through the smallest predecessor
    that finishes exactly when its successor starts.
    """
    n = len(duration)
    finish = [-1] * n  # -1: not scheduled (every real finish time is >= 0)
    earliest = [-1] * n
    for v in order:
        es = 0
        for p in pred[v]:
            f = finish[p]
            if f > es:
                es = f
        earliest[v] = es
        finish[v] = es + duration[v]
    total = max(finish, default=0) if order else 0
    latest = [-1] * n
    for v in reversed(order):
        lf = total
        for s in succ[v]:
            ls = latest[s]
            if ls >= 0 and ls < lf:
                lf = ls
        latest[v] = lf - duration[v]
    chain: list[int] = []
    if order:
        v = min(u for u in order if finish[u] == total)
        chain.append(v)
        while True:
            es = earliest[v]
            nxt = [p for p in pred[v] if finish[p] == es and earliest[p] >= 0]
            if not nxt:
                break
            v = min(nxt)
            chain.append(v)
        chain.reverse()
    return Schedule(earliest, latest, total, chain)


@dataclass(frozen=True)
class Closure:
    """Per component: how many nodes depend on it transitively, and their weight."""

    count: list[int]
    weight: list[float] | None


def stable_topological(nodes: Sequence[int], pred: Adjacency) -> list[int]:
    """A topological order (prerequisites first) that keeps ``nodes``' order where it can.

    A depth-first search over prerequisites, started from each node in the given order:
    when that order is already topological (plans are usually written team by team,
    prerequisites first), it comes back unchanged. ``pred`` must be acyclic over
    ``nodes``.
    """
    n = len(pred)
    seen = bytearray(n)
    out: list[int] = []
    for r in nodes:
        if seen[r]:
            continue
        seen[r] = 1
        stack: list[tuple[int, int]] = [(r, 0)]
        while stack:
            u, i = stack[-1]
            ps = pred[u]
            while i < len(ps) and seen[ps[i]]:
                i += 1
            if i < len(ps):
                v = ps[i]
                stack[-1] = (u, i + 1)
                seen[v] = 1
                stack.append((v, 0))
            else:
                stack.pop()
                out.append(u)
    return out


def descendant_closure(
    order: Sequence[int],
    csucc: Adjacency,
    cpred_count: Sequence[int],
    members: Sequence[Sequence[int]],
    weights: Sequence[float] | None,
) -> Closure:
    """Transitive dependents of every component of a DAG of components.

    ``order`` is a topological order of the components (prerequisites first);
    ``csucc[c]`` are the components that depend on ``c`` directly, ``cpred_count[c]``
    how many ``c`` depends on; ``members[c]`` the nodes (``0..n-1``) of ``c``;
    ``weights`` a weight per node (``None``: counts only). The result counts, for each
    component, the distinct nodes in the components downstream of it (its own members
    excluded) and sums their weights.

    Method: every node gets a position along ``order``; components are processed in
    reverse order, each one's closed set (itself plus everything downstream) being the
    union of its dependents' closed sets. A closed set is a Python ``set`` of positions
    while it is small (most are: dependencies are local) and a bitset (a Python int)
    beyond :data:`SMALL_SET` members; it is freed once every component upstream of it
    has used it. The cost is the sizes of the small sets plus n / 64 machine words for
    each edge out of a component with a large closed set: linear on local dependencies,
    at worst O(n x edges / 64) word operations, which Python's C integer code runs at
    memory speed. Weights are summed by :class:`_Weigher`.
    """
    nc = len(csucc)
    pos = [0] * nc
    node_weight: list[float] = []
    n = 0
    for c in order:
        pos[c] = n
        n += len(members[c])
        if weights is not None:
            node_weight.extend(weights[m] for m in members[c])
    weigher = _Weigher(node_weight) if weights is not None else None

    remaining = list(cpred_count)
    closed: list[set[int] | int | None] = [None] * nc
    count = [0] * nc
    # exact weights (integers over weigher.den) of what is downstream / of the members;
    exact: list[int | None] = [0] * nc
    own: list[int] = [0] * nc
    for c in reversed(order):
        small: set[int] = set()
        bits = 0
        best = -1  # the dependent with the largest known closed bitset
        best_set = 0
        for d in csucc[c]:
            s = closed[d]
            if isinstance(s, int):
                bits |= s
                if exact[d] is not None and (best < 0 or count[d] > count[best]):
                    best, best_set = d, s
            elif s:
                small |= s
            remaining[d] -= 1
            if not remaining[d]:
                closed[d] = None  # every upstream component has it now: free it
        p = pos[c]
        size = len(members[c])
        if weigher is not None:
            own[c] = weigher.prefix[p + size] - weigher.prefix[p]
        if bits:
            if small:
                bits |= _bitset(small, n)
            count[c] = k = bits.bit_count()
            if weigher is not None:
                # what is downstream of c = best's closed set plus the rest, which
                # along chains of work is small: weigh only the rest
                got: int | None = None
                if best >= 0:
                    rest = bits & ~best_set
                    extra = weigher.exact_bits(rest, rest.bit_count()) if rest else 0
                    base = exact[best]
                    if extra is not None and base is not None:
                        got = base + own[best] + extra
                if got is None:
                    got = weigher.exact_bits(bits, k)
                if got is None:
                    got = weigher.exact_scattered(bits)
                exact[c] = got
            if remaining[c]:
                closed[c] = bits | (((1 << size) - 1) << p)
        else:
            count[c] = len(small)
            if weigher is not None and small:
                exact[c] = weigher.exact_small(small)
            if remaining[c]:
                small.update(range(p, p + size))
                closed[c] = _bitset(small, n) if len(small) > SMALL_SET else small
    weight: list[float] | None = None
    if weigher is not None:
        weight = [0.0 if v is None else v / weigher.den for v in exact]
    return Closure(count, weight)


SMALL_SET = 256
"""Closed sets up to this size are Python sets; larger ones are bitsets."""


def _bitset(nodes: Iterable[int], n: int) -> int:
    """An int with the bits of ``nodes`` set (through a byte buffer: O(n / 8))."""
    buf = bytearray((n + 7) // 8)
    for u in nodes:
        buf[u >> 3] |= 1 << (u & 7)
    return int.from_bytes(buf, "little")


_FLAGS = bytes.maketrans(b"01", b"\x00\x01")
"""``bin`` digits to flag bytes, for :func:`itertools.compress`."""


class _Weigher:
    """Sums weights over sets of positions, exactly where it can.

    Weights are turned into integers over a common power-of-two denominator (every
    float is one), so sums of a Python ``set`` and of runs of consecutive bits are
    exact, whatever the order, and rounded once when divided back. A bitset is summed
    run by run with prefix sums when it has few runs (dependent work that is written
    together sits together), else position by position in C (:meth:`exact_scattered`,
    for sets scattered over the whole plan).
    """

    def __init__(self, weights: list[float]):
        self.weights = weights
        ratios = [w.as_integer_ratio() for w in weights]
        den = max((d for _, d in ratios), default=1)
        self.den = den
        self.ints = [num * (den // d) for num, d in ratios]
        prefix = [0] * (len(weights) + 1)
        acc = 0
        for i, v in enumerate(self.ints):
            acc += v
            prefix[i + 1] = acc
        self.prefix = prefix

    def exact_small(self, positions: Iterable[int]) -> int:
        """The exact sum (over :attr:`den`) of a few positions."""
        return sum(map(self.ints.__getitem__, positions))

    def exact_bits(self, x: int, ones: int) -> int | None:
        """The exact sum (over :attr:`den`) over a bitset with few runs of ones, run by
        run; ``None`` when the bits are too scattered for that to be cheap."""
        if not x:
            return 0
        low = (x & -x).bit_length() - 1  # skip the zeros below the lowest one
        x >>= low
        edges = x ^ (x << 1)  # a bit at each run's start and just past its end
        runs = edges.bit_count() // 2
        if runs * 32 >= x.bit_length() and ones > SMALL_SET:
            return None
        text = bin(edges)  # "0b1...", most significant bit first
        top = low + len(text) - 3  # the position of text[2]
        prefix = self.prefix
        total = 0
        i = text.find("1", 2)
        while i >= 0:
            j = text.find("1", i + 1)  # i: end (exclusive) of a run, j: its start
            total += prefix[top - (i - 2)] - prefix[top - (j - 2)]
            i = text.find("1", j + 1)
        return total

    def exact_scattered(self, x: int) -> int:
        """The exact sum (over :attr:`den`) over any bitset: one flag byte per position
        (``bin`` and ``bytes.translate``), then ``itertools.compress`` picks the weights,
        so the loop over positions runs in C."""
        flags = bin(x)[:1:-1].encode("ascii").translate(_FLAGS)
        return sum(compress(self.ints, flags))
