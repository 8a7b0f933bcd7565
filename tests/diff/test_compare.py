"""The comparison core (okrkit.diff) on plans loaded from text: no git, no CLI."""

from __future__ import annotations

import datetime as dt
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.diff import PlanDiff, diff_plans
from okrkit.diff.compare import _rank_moves
from okrkit.diff.snapshot import Ranked, Snapshot
from okrkit.load import load_plan_text

AS_OF = dt.date(2026, 1, 5)

PLAN = """\
version: 1
periods: [{id: q1, start: 2026-01-05, end: 2026-03-29}]
teams: [{id: a, capacity: {q1: 10}}, {id: b, capacity: {q1: 10}}]
objectives:
  - id: o
    title: O
    commitment: COMMITMENT
    key_results:
      - {id: up, title: Up, direction: increase, baseline: 1, target: 10}
      - {id: down, title: Down, direction: at_most, baseline: 9, target: 3}
      - {id: free, title: Free, baseline: 0, target: 1}
initiatives:
  - {id: x, title: X, team: a, period: q1, key_results: [up], effort_weeks: 2,
      rice: {reach: REACH, impact: 1, confidence: 1, effort: 1}}
  - {id: y, title: Y, team: b, period: q1, key_results: [up], effort_weeks: 2,
      rice: {reach: 50, impact: 1, confidence: 1, effort: 1}}
  - {id: z, title: Z, team: b, period: q1, key_results: [up], effort_weeks: 2,
      rice: {reach: 40, impact: 1, confidence: 1, effort: 1}}
"""


def _plan(commitment: str = "committed", reach: int = 10, edit: str = "") -> str:
    text = PLAN.replace("COMMITMENT", commitment).replace("REACH", str(reach))
    for old_new in filter(None, edit.split("|")):
        old, new = old_new.split("=>")
        assert old in text, old
        text = text.replace(old, new)
    return text


def _diff(before: str, after: str) -> PlanDiff:
    return diff_plans(
        load_plan_text(textwrap.dedent(before)),
        load_plan_text(textwrap.dedent(after)),
        as_of=AS_OF,
        base_label="before",
        head_label="after",
    )


def test_same_plan_is_empty() -> None:
    d = _diff(_plan(), _plan())
    assert d.empty and not any(d.tally.values())


def test_targets_judged_by_direction() -> None:
    d = _diff(
        _plan(),
        _plan(edit="target: 10}=>target: 8}|target: 3}=>target: 5}|target: 1}=>target: 2}"),
    )
    got = {(k.id, k.change) for k in d.key_results}
    # lowering an increase target eases it; raising an at_most ceiling eases it too;
    # without a direction a new target is only "changed"
    assert got == {("up", "eased"), ("down", "eased"), ("free", "target-changed")}
    d = _diff(_plan(), _plan(edit="target: 10}=>target: 12}|target: 3}=>target: 2}"))
    assert {(k.id, k.change) for k in d.key_results} == {("up", "tightened"), ("down", "tightened")}


def test_baseline_rewritten() -> None:
    d = _diff(_plan(), _plan(edit="baseline: 1,=>baseline: 4,"))
    assert [(k.id, k.change, k.before, k.after) for k in d.key_results] == [
        ("up", "baseline-rewritten", 1.0, 4.0)
    ]


def test_key_result_removed_only_counts_for_committed_objectives() -> None:
    drop = "      - {id: free, title: Free, baseline: 0, target: 1}\n=>"
    d = _diff(_plan(), _plan(edit=drop))
    assert [(k.id, k.change, k.objective) for k in d.key_results] == [("free", "removed", "o")]
    aspirational = _diff(_plan("aspirational"), _plan("aspirational", edit=drop))
    assert aspirational.key_results == ()
    assert [(e.kind, e.id, e.change) for e in aspirational.elements] == [
        ("key-result", "free", "removed")
    ]


def test_rank_moves_name_their_cause() -> None:
    d = _diff(_plan(reach=10), _plan(reach=100))
    moves = {m.id: m for m in d.rank_moves}
    assert moves["x"].cause == "own" and (moves["x"].before, moves["x"].after) == (3, 1)
    assert [(f.field, f.before, f.after) for f in moves["x"].inputs] == [
        ("rice.reach", 10.0, 100.0)
    ]
    for other in ("y", "z"):
        assert moves[other].cause == "others"
        assert moves[other].others == ("x",) and moves[other].others_count == 1


def test_new_cross_team_edge_and_cycle() -> None:
    d = _diff(
        _plan(),
        _plan(
            edit="team: a, period: q1,=>team: a, period: q1, depends_on: [y],"
            "|team: b, period: q1, key_results: [up], effort_weeks: 2,\n"
            "      rice: {reach: 50=>team: b, period: q1, key_results: [up], effort_weeks: 2,"
            " depends_on: [x],\n      rice: {reach: 50"
        ),
    )
    assert [(e.dependent, e.dependency, e.cross_team) for e in d.dependencies] == [
        ("x", "y", True),
        ("y", "x", True),
    ]
    assert len(d.new_cycles) == 1 and set(d.new_cycles[0]) == {"x", "y"}
    assert {f.name for f in d.new_findings} >= {"dependency-cycle"}


def _snap(ranks: dict[str, int], scores: dict[str, float]) -> Snapshot:
    return Snapshot(
        label="s",
        methods=("m",),
        elements={},
        rankings={"m": {i: Ranked(r, scores[i], {"v": scores[i]}) for i, r in ranks.items()}},
        placements={},
        capacity={},
        planned={},
        pillar_shares={},
        pillar_targets={},
        debt_shares={},
        edges=frozenset(),
        teams={},
        cycles=(),
        findings=(),
        period_order=(),
    )


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_crossing_counts_match_brute_force(data: st.DataObject) -> None:
    ids = [f"i{k}" for k in range(data.draw(st.integers(2, 12)))]
    before_ids = data.draw(st.permutations(ids))
    keep = data.draw(st.lists(st.booleans(), min_size=len(ids), max_size=len(ids)))
    after_pool = [i for i, k in zip(ids, keep, strict=True) if k] + ["new1", "new2"]
    after_ids = data.draw(st.permutations(after_pool))
    changed = set(data.draw(st.lists(st.sampled_from(ids), max_size=4)))
    old_scores = dict.fromkeys(before_ids, 1.0)
    new_scores = {i: (2.0 if i in changed else 1.0) for i in after_ids}
    old = _snap({i: n for n, i in enumerate(before_ids, 1)}, old_scores)
    new = _snap({i: n for n, i in enumerate(after_ids, 1)}, new_scores)
    causes = changed | (set(before_ids) ^ set(after_ids))
    rb, ra = old.rankings["m"], new.rankings["m"]
    for move in _rank_moves(old, new):
        if move.cause == "own":
            assert move.id in changed
            continue
        expected = [
            c
            for c in causes
            if c != move.id
            and ((c in rb and rb[c].rank < move.before) != (c in ra and ra[c].rank < move.after))
        ]
        assert move.others_count == len(expected)
        assert set(move.others) <= set(expected)
        assert len(move.others) == min(5, len(expected))


def test_a_formula_only_one_version_defines_ranks_nothing_there() -> None:
    formula = "version: 1\nsettings:\n  scoring:\n    formulas: {reach_only: rice.reach}\n"
    before = _plan()
    after = _plan().replace("version: 1\n", formula, 1)
    d = diff_plans(
        load_plan_text(before),
        load_plan_text(after),
        as_of=AS_OF,
        base_label="before",
        head_label="after",
        methods=["reach_only"],
    )
    assert d.rank_moves == ()  # nothing was ranked by it before
    assert [(e.kind, e.change) for e in d.elements] == [("settings", "changed")]
