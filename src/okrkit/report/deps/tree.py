"""``okrkit deps`` (the default ``tree`` format): cycles, the critical path, the trees of
what unblocks what, the initiatives that unblock the most and the cross-team matrix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from okrkit.fmt import fmt_num, plural
from okrkit.graph import DepsAnalysis, Edge, NodeInfo
from okrkit.graph.view import (
    DepsView,
    Forest,
    Timing,
    TreeRow,
    dependency_forest,
    focus_forests,
    walk,
)
from okrkit.report.deps.style import timing
from okrkit.report.text import clean, display_width, table, wrap_text

TOP = 5
"""How many initiatives "Unblocks the most" lists."""

MATRIX_COLUMNS = 10
"""Up to this many teams waited on, the cross-team matrix is a grid; beyond, a list."""

LEGEND = (
    "[critical]: on the critical path; [cross-team]: the edge joins two teams; "
    "start and slack: the dependencies-only view (CPM, weeks from now, unlimited lanes); "
    "scheduled: the plan's dates (capacity and WIP limits included)."
)


def _name(id: str, titles: Mapping[str, str]) -> str:
    """``id — Title`` (just the id when it has no title, or the title is the id)."""
    title = clean(titles.get(id, ""))
    return f"{id} — {title}" if title and title != id else id


def _facts(n: NodeInfo, when: Timing | None = None) -> tuple[str, ...]:
    """Team, status, CPM start and slack, scheduled dates, what it unblocks."""
    parts = [n.team, n.status if n.schedule != n.status else "", timing(n)]
    if when is not None and when.start is not None and when.finish is not None:
        parts.append(f"scheduled {when.start.isoformat()} to {when.finish.isoformat()}")
    if n.unblocks_total:
        parts.append(f"unblocks {n.unblocks_total}")
        if n.downstream_score:
            parts.append(f"worth {fmt_num(n.downstream_score)}")
    return tuple(p for p in parts if p)


def _edge_marks(e: Edge | None) -> list[str]:
    if e is None:
        return []
    marks = []
    if e.cross_team:
        marks.append("[cross-team]")
    if e.state == "broken":
        marks.append("[broken: dropped]")
    return marks


def _head(lasts: tuple[bool, ...]) -> str:
    if not lasts:
        return ""
    above = "".join("    " if last else "│   " for last in lasts[:-1])
    return above + ("└── " if lasts[-1] else "├── ")


@dataclass(frozen=True)
class _Node:
    """One tree row in its parts: the guides, the name, the facts and the marks."""

    head: str
    """Guides (``│   ├── ``) before the name."""
    below: str
    """Guides for the lines under the name (down to its first child, when shown)."""
    name: str
    facts: tuple[str, ...]
    marks: tuple[str, ...]
    """``[critical]``, ``[cross-team]``, ``(see above)``, ..."""

    def one_line(self) -> str:
        facts = f"  ({', '.join(self.facts)})" if self.facts else ""
        return self.head + self.name + facts + "".join("  " + m for m in self.marks)

    def lines(self, width: int) -> list[str]:
        """The name on the first line, the facts and marks under it, wrapped between
        facts (a fact is broken only when it is longer than a line)."""
        out = wrap_text(self.name, width, self.head, self.below)
        words = [f + "," for f in self.facts[:-1]] + list(self.facts[-1:]) + list(self.marks)
        room = width - display_width(self.below)
        line = ""
        for w in words:
            if line and display_width(line) + 1 + display_width(w) <= room:
                line += " " + w
                continue
            if line:
                out.append(self.below + line)
            *full, line = wrap_text(w, room) if display_width(w) > room else [w]
            out += [self.below + x for x in full]
        if line:
            out.append(self.below + line)
        return out


def _guides(lasts: tuple[bool, ...], level: int, kids: bool) -> tuple[str, str]:
    """The guides before a row's name and under it."""
    head = _head(lasts)
    below = "".join("    " if last else "│   " for last in lasts)
    below += "│   " if kids else "    "
    if level > len(lasts):  # guides above the deepest ones are not drawn
        tag = f"[level {level}] "
        head, below = tag + head, " " * len(tag) + below
    return head, below


def _node(row: TreeRow, kids: bool, by_id: dict[str, NodeInfo], view: DepsView) -> _Node:
    head, below = _guides(row.lasts, row.level, kids)
    if row.repeat:
        more = ("(see above)",) if row.has_children else ()
        return _Node(head, below, row.id, (), (*_edge_marks(row.edge), *more))
    n = by_id[row.id]
    marks = ["[critical]"] if n.on_critical_path else []
    marks += _edge_marks(row.edge)
    if row.hidden:
        marks.append(f"(+{row.hidden} not shown)")
    return _Node(
        head,
        below,
        _name(row.id, view.titles),
        _facts(n, view.timeline.get(row.id)),
        tuple(marks),
    )


def _tree(
    forest: Forest,
    by_id: dict[str, NodeInfo],
    view: DepsView,
    width: int | None,
) -> list[str]:
    """One line a node when the widest fits ``width`` (or there is no width), else the
    name on one line and the facts under it, for every node alike."""
    rows = walk(forest, view.depth)
    nodes = [
        _node(r, k + 1 < len(rows) and rows[k + 1].level == r.level + 1, by_id, view)
        for k, r in enumerate(rows)
    ]
    flat = [n.one_line() for n in nodes]
    if width is None or all(display_width(x) <= width for x in flat):
        return flat
    return [line for n in nodes for line in n.lines(width)]


def _cycle_lines(a: DepsAnalysis, keep: set[str], width: int | None) -> list[str]:
    by_id = a.node_by_id
    cycles = [c for c in a.cycles if any(i in keep for i in c)]
    if not cycles:
        return []
    lines = wrap_text(f"Cycles ({len(cycles)}): each initiative depends on the next", width)
    for c in cycles:
        ring = [*c, c[0]]
        lines += wrap_text(" -> ".join(f"{i} [{by_id[i].team}]" for i in ring), width, "  ")
    lines.append("")
    return lines


def _chain(ids: Sequence[str], titles: Mapping[str, str], width: int | None) -> list[str]:
    """A chain one step a line, each with its title: ``   a — A`` then ``-> b — B``."""
    out: list[str] = []
    for k, i in enumerate(ids):
        out += wrap_text(_name(i, titles), width, "  -> " if k else "     ", "       ")
    return out


def _critical_lines(view: DepsView, width: int | None) -> list[str]:
    a = view.analysis
    cp = a.critical_path
    if not cp.ids:
        lines = wrap_text("Critical path (dependencies only, CPM): no remaining work", width)
    else:
        lines = wrap_text(
            f"Critical path (dependencies only, CPM): {plural(cp.weeks, 'week')}", width, "", "  "
        )
        lines += _chain(cp.ids, view.titles, width)
    chain = view.scheduled_critical_path
    if chain and view.as_of is not None:
        end = view.timeline[chain[-1]].finish
        lines += wrap_text(
            f"Critical path of the schedule (capacity and WIP limits, as of "
            f"{view.as_of.isoformat()}): ends {end.isoformat() if end else '-'}",
            width,
            "",
            "  ",
        )
        lines += _chain(chain, view.titles, width)
    return [*lines, ""]


def _wrap(words: list[str] | tuple[str, ...], indent: str, width: int | None) -> list[str]:
    """``words`` comma-separated on lines of at most ``width`` (100 when unlimited)."""
    width = 100 if width is None else width
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


def _top_lines(view: DepsView, width: int | None) -> list[str]:
    """The initiatives that unblock the most: by downstream score, then by count."""
    a = view.analysis
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
        name = _name(n.id, view.titles)
        if have_scores:
            rows.append(
                [name, n.team, fmt_num(n.score), str(n.unblocks_total), fmt_num(n.downstream_score)]
            )
        else:
            rows.append([name, n.team, str(n.unblocks_total), str(n.unblocks_direct)])
    align = "llrrr" if have_scores else "llrr"
    grid = table(headers, rows, align=align, indent="  ", width=width, wrap_columns=(0,), main=0)
    return [*wrap_text(head, width, "", "  "), grid, ""]


def _matrix_lines(a: DepsAnalysis, width: int | None) -> list[str]:
    if not a.team_matrix:
        return []
    cols = sorted({b for row in a.team_matrix.values() for b in row})
    if len(cols) <= MATRIX_COLUMNS:
        rows = [
            [t, *[str(a.team_matrix[t].get(b, "")) or "." for b in cols]]
            for t in sorted(a.team_matrix)
        ]
        return [
            *wrap_text(
                "Cross-team dependencies (open; each row's work waits on each column's)", width
            ),
            table(
                ["waits on ->", *cols],
                rows,
                align="l" + "r" * len(cols),
                indent="  ",
                width=width,
                main=0,
            ),
            "",
        ]
    pairs = sorted(
        ((k, t, b) for t, row in a.team_matrix.items() for b, k in row.items()),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    return [
        *wrap_text("Cross-team dependencies (open), most first", width),
        table(
            ["team", "waits on", "dependencies"],
            [[t, b, str(k)] for k, t, b in pairs],
            align="llr",
            indent="  ",
            width=width,
            main=0,
        ),
        "",
    ]


def _focus_lines(view: DepsView, width: int | None) -> list[str]:
    assert view.focus is not None
    by_id = view.analysis.node_by_id
    waits, unblocks = focus_forests(view)
    lines = wrap_text(f"{view.focus} waits for:", width, "", "  ")
    lines += _tree(waits, by_id, view, width) if waits.children else ["  nothing"]
    lines += ["", *wrap_text(f"{view.focus} unblocks:", width, "", "  ")]
    lines += _tree(unblocks, by_id, view, width) if unblocks.children else ["  nothing"]
    return [*lines, ""]


def _forest_lines(view: DepsView, width: int | None) -> list[str]:
    a = view.analysis
    whole = view.team is None and not view.cross_team
    forest = dependency_forest(view)
    lines = _top_lines(view, width) if whole else []
    what = "Dependencies: each initiative, then the work it unblocks"
    lines += wrap_text(what if forest.roots else "Dependencies: none", width, "", "  ")
    lines += _tree(forest, a.node_by_id, view, width)
    lines.append("")
    if forest.alone:
        lines.append(f"No dependencies ({len(forest.alone)}):")
        lines += _wrap(forest.alone, "  ", width)
        lines.append("")
    if whole:
        lines += _matrix_lines(a, width)
    return lines


def render(view: DepsView, *, width: int | None = None) -> str:
    """The text view; ``width``: fit that many columns (``None``: no limit, one line a
    node). Titles come from ``view.titles``."""
    a = view.analysis
    keep = set(view.node_ids)
    lines = _cycle_lines(a, keep, width) + _critical_lines(view, width)
    lines += _focus_lines(view, width) if view.focus is not None else _forest_lines(view, width)
    broken = [(i, d) for i, d in a.broken if i in keep or d in keep]
    if broken:
        lines += wrap_text(f"Broken dependencies ({len(broken)}): on dropped work", width)
        lines += [
            x for i, d in broken for x in wrap_text(f"{i} depends on {d} (dropped)", width, "  ")
        ]
        lines.append("")
    lines += wrap_text(LEGEND, width)
    return "\n".join(lines) + "\n"
