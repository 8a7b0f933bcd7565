"""What ``--team``, ``--focus``, ``--depth`` and ``--cross-team`` keep."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from okrkit.errors import UsageError
from okrkit.graph import analyze_initiatives, select


@dataclass
class It:
    id: str
    team: str
    depends_on: list[str] = field(default_factory=list)
    status: str = "proposed"
    duration: float | None = 1.0
    kind: str = "feature"


# a1 <- a2 <- b1 <- b2 <- c1 ; a1 <- c2 ; lonely (team b)
ITEMS = [
    It("a1", "a"),
    It("a2", "a", ["a1"]),
    It("b1", "b", ["a2"]),
    It("b2", "b", ["b1"]),
    It("c1", "c", ["b2"]),
    It("c2", "c", ["a1"]),
    It("lonely", "b"),
]


def edges(view) -> list[tuple[str, str]]:
    return [(e.initiative, e.depends_on) for e in view.edges]


def test_everything_by_default() -> None:
    a = analyze_initiatives(ITEMS)
    v = select(a)
    assert v.node_ids == ("a1", "a2", "b1", "b2", "c1", "c2", "lonely")
    assert len(v.edges) == 5
    assert not v.filtered


def test_team_keeps_its_work_and_the_edges_touching_it() -> None:
    v = select(analyze_initiatives(ITEMS), team="b")
    assert v.node_ids == ("a2", "b1", "b2", "c1", "lonely")
    assert edges(v) == [("b1", "a2"), ("b2", "b1"), ("c1", "b2")]


def test_cross_team_keeps_only_edges_between_teams() -> None:
    v = select(analyze_initiatives(ITEMS), cross_team=True)
    assert edges(v) == [("b1", "a2"), ("c1", "b2"), ("c2", "a1")]
    assert v.node_ids == ("a1", "a2", "b1", "b2", "c1", "c2")


def test_focus_goes_both_ways_within_depth() -> None:
    a = analyze_initiatives(ITEMS)
    v = select(a, focus="b1")
    assert v.upstream == (("a1", 2), ("a2", 1))
    assert v.downstream == (("b2", 1), ("c1", 2))
    assert v.node_ids == ("a1", "a2", "b1", "b2", "c1")
    v1 = select(a, focus="b1", depth=1)
    assert v1.node_ids == ("a2", "b1", "b2")
    assert edges(v1) == [("b1", "a2"), ("b2", "b1")]
    v0 = select(a, focus="b1", depth=0)
    assert v0.node_ids == ("b1",) and v0.edges == ()


def test_focus_combines_with_cross_team() -> None:
    v = select(analyze_initiatives(ITEMS), focus="b1", cross_team=True)
    assert v.node_ids == ("a2", "b1")


def test_selection_never_changes_the_numbers() -> None:
    a = analyze_initiatives(ITEMS)
    v = select(a, team="c", focus="c1", depth=1)
    assert v.analysis is a


def test_bad_options_are_usage_errors() -> None:
    a = analyze_initiatives(ITEMS)
    with pytest.raises(UsageError, match=r"did you mean .b1.\?"):
        select(a, focus="b11")
    with pytest.raises(UsageError, match="must be 0 or more") as info:
        select(a, depth=-1)
    assert info.value.param == "depth"


def _rows(forest, depth=None):  # type: ignore[no-untyped-def]
    from okrkit.graph.view import walk

    return [(r.id, r.lasts, r.repeat, r.hidden) for r in walk(forest, depth)]


def test_the_forest_and_its_walk() -> None:
    from okrkit.graph.view import dependency_forest

    # a diamond (x <- l, x <- r, l <- y, r <- y) visits y once; lonely stands alone
    items = [It("x", "a"), It("l", "a", ["x"]), It("r", "a", ["x"]), It("y", "a", ["l", "r"])]
    view = select(analyze_initiatives([*items, It("lonely", "b")]))
    forest = dependency_forest(view)
    assert forest.roots == ("x",) and forest.alone == ("lonely",)
    assert _rows(forest) == [
        ("x", (), False, 0),
        ("l", (False,), False, 0),
        ("y", (False, True), False, 0),
        ("r", (True,), False, 0),
        ("y", (True, True), True, 0),
    ]
    assert _rows(forest, depth=1) == [
        ("x", (), False, 0),
        ("l", (False,), False, 1),
        ("r", (True,), False, 1),
    ]


def test_focus_forests_look_both_ways() -> None:
    from okrkit.graph.view import focus_forests

    view = select(analyze_initiatives(ITEMS), focus="b1")
    waits, unblocks = focus_forests(view)
    assert _rows(waits) == [
        ("b1", (), False, 0),
        ("a2", (True,), False, 0),
        ("a1", (True, True), False, 0),
    ]
    assert _rows(unblocks) == [
        ("b1", (), False, 0),
        ("b2", (True,), False, 0),
        ("c1", (True, True), False, 0),
    ]


def test_a_cycle_no_root_reaches_is_still_walked() -> None:
    from okrkit.graph.view import dependency_forest

    view = select(
        analyze_initiatives([It("p", "a", ["q"]), It("q", "a", ["p"]), It("z", "a", ["q"])])
    )
    assert dependency_forest(view).roots == ("p", "q", "z")


def test_a_long_chain_is_walked_in_linear_memory() -> None:
    """A 5,000-long chain took 412 MB in ``deps``: every row held its whole path."""
    from okrkit.graph.view import GUIDE_LEVELS, dependency_forest, walk

    n = 5000
    chain = [It("i0", "t")] + [It(f"i{k}", "t", [f"i{k - 1}"]) for k in range(1, n)]
    rows = walk(dependency_forest(select(analyze_initiatives(chain))), None)
    assert [r.id for r in rows] == [f"i{k}" for k in range(n)]
    assert [r.level for r in rows] == list(range(n))
    assert max(len(r.lasts) for r in rows) == GUIDE_LEVELS
    assert all(r.lasts == (True,) * min(r.level, GUIDE_LEVELS) for r in rows)


def test_the_tree_names_the_level_where_guides_stop(run_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from okrkit.graph.view import GUIDE_LEVELS

    lines = [
        "teams: [{id: t}]",
        "initiatives:",
        "  - {id: i0, title: T, team: t, effort_weeks: 1}",
        *(
            f"  - {{id: i{k}, title: T, team: t, effort_weeks: 1, depends_on: [i{k - 1}]}}"
            for k in range(1, 40)
        ),
    ]
    path = tmp_path / "okrkit.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run_cli("deps", path, "--no-cache").stdout.splitlines()
    row = next(line for line in out if "i39 — T  (" in line)
    assert row.startswith("[level 39] " + "    " * (GUIDE_LEVELS - 1) + "└── i39 — T  (")
    shallow = next(line for line in out if "i3 — T  (" in line)
    assert shallow.startswith("        └── i3 — T  (")
