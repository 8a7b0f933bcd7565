"""DOT and Mermaid mark the same nodes and edges the same way (one styling rule)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from okrkit.graph import analyze, select
from okrkit.load import load_plan, load_plan_text
from okrkit.report.deps import dot, mermaid
from okrkit.report.deps.style import EDGE_COLOR, edge_style, node_mark

ROOT = Path(__file__).resolve().parents[3]

# every node mark and every edge mark, including a satisfied edge inside a cycle
PLAN = """\
version: 1
teams: [{id: a}, {id: b}]
initiatives:
  - {id: done-one, title: D, team: a, status: done, duration_weeks: 1, depends_on: [looped]}
  - {id: looped, title: L, team: b, duration_weeks: 1, depends_on: [done-one]}
  - {id: gone, title: G, team: a, status: dropped, duration_weeks: 1}
  - {id: long, title: Long, team: a, duration_weeks: 5, depends_on: [gone]}
  - {id: next, title: N, team: b, duration_weeks: 5, depends_on: [long]}
  - {id: side, title: S, team: b, duration_weeks: 1, depends_on: [long, done-one]}
  - {id: c1, title: C1, team: a, duration_weeks: 1, depends_on: [c2]}
  - {id: c2, title: C2, team: b, duration_weeks: 1, depends_on: [c1]}
"""


def _views():  # type: ignore[no-untyped-def]
    plans = [load_plan_text(PLAN, "p.yaml"), load_plan(ROOT / "examples" / "acme")]
    return [select(analyze(p)) for p in plans]


def _dot_edges(text: str) -> dict[tuple[str, str], str | None]:
    out: dict[tuple[str, str], str | None] = {}
    for m in re.finditer(r'^  "([^"]+)" -> "([^"]+)"(.*);$', text, re.M):
        color = re.search(r'color="(#\w+)"', m.group(3))
        out[(m.group(1), m.group(2))] = color.group(1) if color else None
    return out


def _mermaid_edges(text: str, ids: tuple[str, ...]) -> dict[tuple[str, str], str | None]:
    name = {f"n{k}": i for k, i in enumerate(ids)}
    links = re.findall(r"^  (n\d+) \S+ (n\d+)$", text, re.M)
    out: dict[tuple[str, str], str | None] = {(name[a], name[b]): None for a, b in links}
    order = list(out)
    for idx, color in re.findall(r"^  linkStyle ([\d,]+) stroke:(#\w+)", text, re.M):
        for k in idx.split(","):
            out[order[int(k)]] = color
    return out


@pytest.mark.parametrize("k", [0, 1], ids=["small", "acme"])
def test_dot_and_mermaid_colour_every_edge_alike(k: int) -> None:
    view = _views()[k]
    want = {
        (e.depends_on, e.initiative): (
            None if (m := edge_style(e, view.analysis).mark) is None else EDGE_COLOR[m]
        )
        for e in view.edges
    }
    assert _dot_edges(dot.render(view)) == want
    assert _mermaid_edges(mermaid.render(view), view.node_ids) == want


@pytest.mark.parametrize("k", [0, 1], ids=["small", "acme"])
def test_dot_and_mermaid_mark_every_node_alike(k: int) -> None:
    view = _views()[k]
    by_id = view.analysis.node_by_id
    text = mermaid.render(view)
    classes = {}
    for ids, name in re.findall(r"^  class ([n\d,]+) (\w+)$", text, re.M):
        for n in ids.split(","):
            classes[view.node_ids[int(n[1:])]] = name
    drawn = dot.render(view)
    for i in view.node_ids:
        mark = node_mark(by_id[i])
        assert classes.get(i) == mark, i
        line = next(x for x in drawn.splitlines() if x.startswith(f'    "{i}" ['))
        expect = {
            None: "rounded",
            "critical": "rounded",
            "cycle": "rounded",
            "done": "rounded,filled",
            "dropped": "rounded,dashed",
        }[mark]
        assert f'style="{expect}"' in line, line
        assert ("penwidth=2" in line) == (mark == "critical"), line


def test_the_small_plan_has_every_mark() -> None:
    view = _views()[0]
    marks = {edge_style(e, view.analysis).mark for e in view.edges}
    assert marks == {"critical", "cycle", "muted", "cross", None}
    nodes = {node_mark(n) for n in view.analysis.nodes}
    assert nodes == {"critical", "cycle", "done", "dropped", None}
