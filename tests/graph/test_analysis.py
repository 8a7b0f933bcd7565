"""The dependency analysis on small hand-checked plans."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field

import pytest

from okrkit.graph import analyze, analyze_initiatives, core, cycles_of, find_cycles
from okrkit.load import load_plan_text


@dataclass
class It:
    id: str
    team: str = "t"
    status: str = "proposed"
    depends_on: list[str] = field(default_factory=list)
    duration: float | None = 1.0
    kind: str = "feature"


def diamond() -> list[It]:
    # a(2) -> b(3) -> d(1);  a -> c(1) -> d
    return [
        It("a", "core", duration=2),
        It("b", "web", depends_on=["a"], duration=3),
        It("c", "core", depends_on=["a"], duration=1),
        It("d", "web", depends_on=["b", "c"], duration=1),
    ]


def test_critical_path_method_on_a_diamond() -> None:
    a = analyze_initiatives(diamond())
    n = a.node_by_id
    assert [(k, n[k].earliest_start, n[k].latest_start, n[k].slack_weeks) for k in "abcd"] == [
        ("a", 0.0, 0.0, 0.0),
        ("b", 2.0, 2.0, 0.0),
        ("c", 2.0, 4.0, 2.0),
        ("d", 5.0, 5.0, 0.0),
    ]
    assert a.critical_path.ids == ("a", "b", "d")
    assert a.critical_path.weeks == 6.0
    assert [k for k in "abcd" if n[k].on_critical_path] == ["a", "b", "d"]
    assert [(e.depends_on, e.initiative) for e in a.edges if e.critical] == [("a", "b"), ("b", "d")]


def test_unblocks_direct_transitive_and_downstream_score() -> None:
    scores = {"a": 0.0, "b": 10.0, "c": 5.0, "d": 100.0}
    a = analyze_initiatives(diamond(), scores=scores, method="rice")
    n = a.node_by_id
    assert [(k, n[k].unblocks_direct, n[k].unblocks_total) for k in "abcd"] == [
        ("a", 2, 3),
        ("b", 1, 1),
        ("c", 1, 1),
        ("d", 0, 0),
    ]
    # d is counted once for a, though two paths lead there
    assert n["a"].downstream_score == 115.0
    assert n["b"].downstream_score == 100.0
    assert n["d"].downstream_score == 0.0
    assert a.method == "rice"


def test_without_scores_downstream_score_is_none() -> None:
    a = analyze_initiatives(diamond())
    assert all(n.downstream_score is None and n.score is None for n in a.nodes)
    assert a.method is None


def test_cross_team_edges_and_team_matrix() -> None:
    a = analyze_initiatives(diamond())
    assert [(e.initiative, e.depends_on, e.cross_team) for e in a.edges] == [
        ("b", "a", True),
        ("c", "a", False),
        ("d", "b", False),
        ("d", "c", True),
    ]
    # rows wait on columns: web waits on core twice (b on a, d on c)
    assert a.team_matrix == {"web": {"core": 2}}


def test_done_work_is_satisfied_and_dropped_work_is_broken() -> None:
    items = [
        It("done", "x", status="done", duration=5),
        It("gone", "y", status="dropped", duration=5),
        It("w", "x", depends_on=["done", "gone"], duration=2),
        It("z", "y", status="dropped", depends_on=["gone"]),
        It("v", "x", depends_on=["w"], duration=1),
    ]
    a = analyze_initiatives(items)
    n = a.node_by_id
    assert a.satisfied == [("w", "done")]
    assert a.broken == [("w", "gone")]  # z is dropped itself: no finding
    assert {(e.initiative, e.depends_on): e.state for e in a.edges} == {
        ("w", "done"): "satisfied",
        ("w", "gone"): "broken",
        ("z", "gone"): "broken",
        ("v", "w"): "open",
    }
    # done and dropped work has no timings and blocks nothing; w starts now
    assert n["done"].schedule == "done" and n["done"].earliest_start is None
    assert n["gone"].schedule == "dropped" and n["gone"].slack_weeks is None
    assert n["gone"].unblocks_total == 0 and n["done"].unblocks_direct == 0
    assert n["w"].earliest_start == 0.0
    assert a.critical_path.ids == ("w", "v")
    assert a.critical_path.weeks == 3.0
    assert a.team_matrix == {}


def test_missing_duration_counts_zero_and_is_reported_as_none() -> None:
    a = analyze_initiatives([It("a", duration=None), It("b", depends_on=["a"], duration=2.5)])
    n = a.node_by_id
    assert n["a"].duration_weeks is None
    assert n["b"].earliest_start == 0.0
    assert a.critical_path == type(a.critical_path)(("a", "b"), 2.5)


def test_timings_are_exact_decimal_weeks() -> None:
    # 0.1 + 0.2 in floats is 0.30000000000000004; timings are integer micro-weeks
    items = [It("a", duration=0.1), It("b", depends_on=["a"], duration=0.2), It("c", duration=0.3)]
    a = analyze_initiatives(items)
    n = a.node_by_id
    assert a.critical_path.weeks == 0.3
    assert n["c"].slack_weeks == 0.0
    assert n["a"].slack_weeks == 0.0


def test_cycles_shortest_per_component_rotated_and_sorted() -> None:
    items = [
        # one component: the ring p -> q -> r -> s -> p with a chord making r <-> s
        It("p", depends_on=["s"]),
        It("q", depends_on=["p"]),
        It("r", depends_on=["q", "s"]),
        It("s", depends_on=["r"]),
        # a second component, and a self-loop
        It("m", depends_on=["n"]),
        It("n", depends_on=["m"]),
        It("self", depends_on=["self"]),
        It("after", depends_on=["m"]),
        It("free"),
    ]
    a = analyze_initiatives(items)
    assert a.cycles == [["m", "n"], ["r", "s"], ["self"]]
    assert cycles_of(items) == a.cycles
    n = a.node_by_id
    assert {k for k in n if n[k].schedule == "in_cycle"} == {"p", "q", "r", "s", "m", "n", "self"}
    assert n["after"].schedule == "after_cycle"
    assert n["after"].earliest_start is None
    assert n["free"].schedule == "scheduled"
    assert a.critical_path.ids == ("free",)
    # every member of a cycle waits on the others: m unblocks n and after
    assert (n["m"].unblocks_direct, n["m"].unblocks_total) == (2, 2)
    assert n["p"].unblocks_total == 3


def test_a_self_loop_in_a_larger_component_is_listed_on_its_own() -> None:
    items = [It("a", depends_on=["b", "a"]), It("b", depends_on=["a"])]
    assert cycles_of(items) == [["a"], ["a", "b"]]


def test_cycles_through_done_work_are_reported_but_do_not_block() -> None:
    items = [It("a", depends_on=["b"]), It("b", status="done", depends_on=["a"])]
    a = analyze_initiatives(items)
    assert a.cycles == [["a", "b"]]
    assert a.node_by_id["a"].schedule == "scheduled"


def test_large_component_falls_back_to_the_cycle_through_its_smallest_member(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a ring where n1 depends on n0, n2 on n1, ... and n0 on n5; plus n4 on n5 (with
    # n5 on n4, a 2-cycle away from n0)
    names = [f"n{k}" for k in range(6)]
    items = [It(names[k], depends_on=[names[k - 1]]) for k in range(6)]
    items[4].depends_on.append("n5")
    assert cycles_of(items) == [["n4", "n5"]]
    monkeypatch.setattr(core, "GIRTH_WORK_LIMIT", 1)
    # listed in "depends on" order: n0 depends on n5, which depends on n4...
    assert cycles_of(items) == [["n0", "n5", "n4", "n3", "n2", "n1"]]


def test_bitset_and_set_paths_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    # a chain with fan-out: large closed sets near the root
    items = [It(f"c{k:03}", depends_on=[f"c{k - 1:03}"] if k else []) for k in range(60)]
    items += [It(f"x{k:03}", depends_on=[f"c{k:03}"]) for k in range(60)]
    scores = {it.id: float(k % 7) for k, it in enumerate(items)}
    small = analyze_initiatives(items, scores=scores)
    monkeypatch.setattr(core, "SMALL_SET", 2)
    big = analyze_initiatives(items, scores=scores)
    assert [(n.unblocks_total, n.downstream_score) for n in small.nodes] == [
        (n.unblocks_total, n.downstream_score) for n in big.nodes
    ]
    assert small.node_by_id["c000"].unblocks_total == 119


def test_analyze_on_a_loaded_plan_uses_the_plans_scoring() -> None:
    plan = load_plan_text(
        """
version: 1
teams: [{id: core}, {id: web}]
initiatives:
  - id: enabler
    title: Enabler
    team: core
    kind: enabler
    duration_weeks: 2
  - id: feature
    title: Feature
    team: web
    depends_on: [enabler]
    effort_weeks: 3
    rice: {reach: 100, impact: 2, confidence: 1, effort: 1}
"""
    )
    a = analyze(plan)
    n = a.node_by_id
    assert a.method == "rice"
    assert n["feature"].score == 200.0
    assert n["enabler"].downstream_score == 200.0
    assert a.critical_path.weeks == 5.0
    assert find_cycles(plan) == []


def test_importing_the_package_and_an_acyclic_find_cycles_stay_light() -> None:
    code = (
        "import sys\n"
        "from okrkit.graph import cycles_of\n"
        "class I:\n"
        "    def __init__(s, id, deps): s.id, s.depends_on = id, deps\n"
        "assert cycles_of([I('a', []), I('b', ['a'])]) == []\n"
        "heavy = [m for m in ('networkx', 'numpy', 'scipy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
