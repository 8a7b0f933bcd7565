"""``okrkit deps`` (the default ``tree`` format): cycles, the critical path, the trees of
what unblocks what, the initiatives that unblock the most and the cross-team matrix."""

from __future__ import annotations

from collections.abc import Mapping

from okrkit.fmt import fmt_num
from okrkit.graph import DepsAnalysis, DepsView, Edge, NodeInfo
from okrkit.graph.view import Forest, Timing, TreeRow, dependency_forest, focus_forests, walk
from okrkit.report.deps.style import timing
from okrkit.report.text import table

TOP = 5
"""How many initiatives "Unblocks the most" lists."""

MATRIX_COLUMNS = 10
"""Up to this many teams waited on, the cross-team matrix is a grid; beyond, a list."""

LEGEND = (
    "[critical]: on the critical path; [cross-team]: the edge joins two teams; "
    "start and slack: the dependencies-only view (CPM, weeks from now, unlimited lanes); "
    "scheduled: the plan's dates (capacity and WIP limits included)."
)


def _label(n: NodeInfo, when: Timing | None = None) -> str:
    parts = [n.team, n.status if n.schedule != n.status else "", timing(n)]
    if when is not None and when.start is not None and when.finish is not None:
        parts.append(f"scheduled {when.start.isoformat()} to {when.finish.isoformat()}")
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


def _head(lasts: tuple[bool, ...]) -> str:
    if not lasts:
        return ""
    above = "".join("    " if last else "│   " for last in lasts[:-1])
    return above + ("└── " if lasts[-1] else "├── ")


def _row(row: TreeRow, by_id: dict[str, NodeInfo], when: Mapping[str, Timing]) -> str:
    head = _head(row.lasts)
    if row.level > len(row.lasts):  # guides above the deepest ones are not drawn
        head = f"[level {row.level}] " + head
    if row.repeat:
        more = "  (see above)" if row.has_children else ""
        return head + row.id + _edge_marks(row.edge) + more
    line = head + _label(by_id[row.id], when.get(row.id)) + _edge_marks(row.edge)
    return line + f"  (+{row.hidden} not shown)" if row.hidden else line


def _tree(
    forest: Forest,
    by_id: dict[str, NodeInfo],
    depth: int | None,
    when: Mapping[str, Timing],
) -> list[str]:
    return [_row(r, by_id, when) for r in walk(forest, depth)]


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


def _critical_lines(view: DepsView) -> list[str]:
    a = view.analysis
    cp = a.critical_path
    if not cp.ids:
        lines = ["Critical path (dependencies only, CPM): no remaining work"]
    else:
        lines = [
            f"Critical path (dependencies only, CPM): {fmt_num(cp.weeks)} weeks",
            "  " + " -> ".join(cp.ids),
        ]
    chain = view.scheduled_critical_path
    if chain and view.as_of is not None:
        end = view.timeline[chain[-1]].finish
        lines.append(
            f"Critical path of the schedule (capacity and WIP limits, as of "
            f"{view.as_of.isoformat()}): ends {end.isoformat() if end else '-'}"
        )
        lines.append("  " + " -> ".join(chain))
    return [*lines, ""]


def _wrap(words: list[str] | tuple[str, ...], indent: str, width: int = 100) -> list[str]:
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


def _focus_lines(view: DepsView) -> list[str]:
    assert view.focus is not None
    by_id = view.analysis.node_by_id
    waits, unblocks = focus_forests(view)
    lines = [f"{view.focus} waits for:"]
    lines += _tree(waits, by_id, view.depth, view.timeline) if waits.children else ["  nothing"]
    lines += ["", f"{view.focus} unblocks:"]
    lines += (
        _tree(unblocks, by_id, view.depth, view.timeline) if unblocks.children else ["  nothing"]
    )
    return [*lines, ""]


def _forest_lines(view: DepsView) -> list[str]:
    a = view.analysis
    whole = view.team is None and not view.cross_team
    forest = dependency_forest(view)
    lines = _top_lines(a) if whole else []
    what = "Dependencies: each initiative, then the work it unblocks"
    lines.append(what if forest.roots else "Dependencies: none")
    lines += _tree(forest, a.node_by_id, view.depth, view.timeline)
    lines.append("")
    if forest.alone:
        lines.append(f"No dependencies ({len(forest.alone)}):")
        lines += _wrap(forest.alone, "  ")
        lines.append("")
    if whole:
        lines += _matrix_lines(a)
    return lines


def render(view: DepsView) -> str:
    a = view.analysis
    keep = set(view.node_ids)
    lines = _cycle_lines(a, keep) + _critical_lines(view)
    lines += _focus_lines(view) if view.focus is not None else _forest_lines(view)
    broken = [(i, d) for i, d in a.broken if i in keep or d in keep]
    if broken:
        lines.append(f"Broken dependencies ({len(broken)}): on dropped work")
        lines += [f"  {i} depends on {d} (dropped)" for i, d in broken]
        lines.append("")
    lines.append(LEGEND)
    return "\n".join(lines) + "\n"
