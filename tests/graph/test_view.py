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
    with pytest.raises(UsageError, match="did you mean: b1"):
        select(a, focus="b11")
    with pytest.raises(UsageError, match="--depth"):
        select(a, depth=-1)
