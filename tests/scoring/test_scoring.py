"""The scoring methods, the tie rule, unscored initiatives, formulas and --compare."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from okrkit.errors import ConfigError, PlanLoadError, UsageError
from okrkit.load import load_plan, load_plan_text
from okrkit.model import Plan
from okrkit.scoring import (
    BUILTIN_METHODS,
    available_methods,
    compare_methods,
    missing_inputs,
    score_plan,
    value_size,
)
from okrkit.scoring.compare import kendall, spearman

MakePlan = Callable[..., Plan]

RICE = {"reach": 1000, "impact": 2, "confidence": "80%", "effort": 2}


def test_rice_score_value_size(make_plan: MakePlan) -> None:
    plan = make_plan([{"id": "a", "rice": RICE}])
    r = score_plan(plan, "rice")
    (s,) = r.scored
    assert (s.rank, s.score, s.value, s.size) == (1, 800.0, 1600.0, 2.0)
    assert s.inputs == {
        "rice.reach": 1000.0,
        "rice.impact": 2.0,
        "rice.confidence": 0.8,
        "rice.effort": 2.0,
    }
    assert value_size(plan, plan.initiatives[0], "rice") == (1600.0, 2.0)


@pytest.mark.parametrize(
    ("how", "score"), [("product", 6 * 5 * 4.0), ("average", 5.0), ("sum", 15.0)]
)
def test_ice_combination_is_a_setting(make_plan: MakePlan, how: str, score: float) -> None:
    plan = make_plan(
        [{"id": "a", "ice": {"impact": 6, "confidence": 5, "ease": 4}}],
        {"scoring": {"ice": how}},
    )
    r = score_plan(plan, "ice")
    assert r.scored[0].score == score
    assert r.settings == {"ice": how}
    assert value_size(plan, plan.initiatives[0], "ice") == (score, None)


def test_ice_product_and_average_can_disagree(make_plan: MakePlan) -> None:
    items = [
        {"id": "balanced", "ice": {"impact": 5, "confidence": 5, "ease": 5}},
        {"id": "lopsided", "ice": {"impact": 10, "confidence": 10, "ease": 1}},
    ]
    product = make_plan(items, {"scoring": {"ice": "product"}})
    average = make_plan(items, {"scoring": {"ice": "average"}})
    assert [s.id for s in score_plan(product, "ice").scored] == ["balanced", "lopsided"]
    assert [s.id for s in score_plan(average, "ice").scored] == ["lopsided", "balanced"]


def test_wsjf_and_cd3(make_plan: MakePlan) -> None:
    plan = make_plan(
        [
            {
                "id": "a",
                "effort_weeks": 8,
                "wsjf": {
                    "business_value": 8,
                    "time_criticality": 5,
                    "risk_reduction": 3,
                    "job_size": 4,
                },
                "cost_of_delay": {"per_week": 2000, "urgency": "fixed_date"},
            }
        ]
    )
    w = score_plan(plan, "wsjf").scored[0]
    assert (w.score, w.value, w.size) == (4.0, 16.0, 4.0)
    c = score_plan(plan, "cd3").scored[0]
    # duration_weeks defaults to effort_weeks
    assert (c.score, c.value, c.size) == (250.0, 2000.0, 8.0)
    assert c.inputs["cost_of_delay.urgency"] == "fixed_date"
    assert value_size(plan, plan.initiatives[0], "cd3") == (2000.0, 8.0)


def test_missing_inputs_are_listed_apart_never_zero(make_plan: MakePlan) -> None:
    plan = make_plan(
        [
            {"id": "full", "rice": RICE},
            {"id": "partial", "rice": {"reach": 10, "impact": 1}},
            {"id": "none"},
        ]
    )
    r = score_plan(plan, "rice")
    assert [s.id for s in r.scored] == ["full"]
    assert [(u.id, u.missing) for u in r.unscored] == [
        ("none", ["rice.reach", "rice.impact", "rice.confidence", "rice.effort"]),
        ("partial", ["rice.confidence", "rice.effort"]),
    ]
    assert missing_inputs(plan, plan.initiatives[1], "rice") == [
        "rice.confidence",
        "rice.effort",
    ]
    assert missing_inputs(plan, plan.initiatives[0], "rice") == []
    assert value_size(plan, plan.initiatives[2], "rice") == (None, None)
    assert missing_inputs(plan, plan.initiatives[2], "cd3") == [
        "cost_of_delay.per_week",
        "duration_weeks",
    ]


def test_tie_rule(make_plan: MakePlan) -> None:
    # same score 100: higher value first, then smaller size, then id
    plan = make_plan(
        [
            {"id": "c", "rice": {"reach": 100, "impact": 1, "confidence": 1, "effort": 1}},
            {"id": "b", "rice": {"reach": 100, "impact": 1, "confidence": 1, "effort": 1}},
            {"id": "big", "rice": {"reach": 200, "impact": 1, "confidence": 1, "effort": 2}},
            {"id": "top", "rice": {"reach": 500, "impact": 1, "confidence": 1, "effort": 1}},
            # 3 * 0.1 / 0.003 is not exactly 100 in floats: still a tie (12 digits)
            {"id": "a", "rice": {"reach": 3, "impact": 0.1, "confidence": 1, "effort": 0.003}},
        ]
    )
    r = score_plan(plan, "rice")
    assert [(s.rank, s.id) for s in r.scored] == [
        (1, "top"),
        (2, "big"),
        (3, "b"),
        (4, "c"),
        (5, "a"),
    ]
    a = r.by_id["a"]
    assert a.score != 100.0  # float noise, yet a tie on score: the smaller value ranks last


def test_default_method_comes_from_settings(make_plan: MakePlan) -> None:
    plan = make_plan([{"id": "a", "rice": RICE}], {"scoring": {"method": "cd3"}})
    assert score_plan(plan).method == "cd3"
    assert score_plan(make_plan([])).method == "rice"


def test_unknown_method_is_a_usage_error(make_plan: MakePlan) -> None:
    with pytest.raises(UsageError, match="unknown scoring method 'nope'"):
        score_plan(make_plan([]), "nope")


def test_available_methods(make_plan: MakePlan) -> None:
    plan = make_plan([], {"scoring": {"formulas": {"zeta": "1", "alpha": "2"}}})
    assert available_methods(plan) == [*BUILTIN_METHODS, "alpha", "zeta"]


def test_ids_restrict_the_ranking(make_plan: MakePlan) -> None:
    plan = make_plan([{"id": "a", "rice": RICE}, {"id": "b", "rice": RICE}, {"id": "c"}])
    r = score_plan(plan, "rice", ids=["b", "c"])
    assert [s.id for s in r.scored] == ["b"]
    assert [u.id for u in r.unscored] == ["c"]
    with pytest.raises(UsageError):
        score_plan(plan, "rice", ids=["zzz"])


def _wsjf(bv: float, tc: float, rr: float, js: float) -> dict[str, Any]:
    return {"business_value": bv, "time_criticality": tc, "risk_reduction": rr, "job_size": js}


def test_wsjf_normalize_divides_each_column_by_its_smallest(make_plan: MakePlan) -> None:
    plan = make_plan(
        [
            {"id": "a", "wsjf": _wsjf(2, 4, 6, 2)},
            {"id": "b", "wsjf": _wsjf(4, 2, 3, 4)},
        ]
    )
    r = score_plan(plan, "wsjf", normalize=True)
    assert r.settings["scales"] == {
        "wsjf.business_value": 2.0,
        "wsjf.time_criticality": 2.0,
        "wsjf.risk_reduction": 3.0,
        "wsjf.job_size": 2.0,
    }
    by = r.by_id
    assert by["a"].score == (1 + 2 + 2) / 1
    assert by["b"].score == (2 + 1 + 1) / 2
    # absolute by default
    assert score_plan(plan, "wsjf").by_id["a"].score == 12 / 2


def test_wsjf_normalize_makes_ranks_depend_on_the_list(make_plan: MakePlan) -> None:
    """The documented critique: adding an item can swap two others."""
    a = {"id": "a", "wsjf": _wsjf(10, 1, 1, 1)}
    b = {"id": "b", "wsjf": _wsjf(1, 5, 5, 1)}
    before = score_plan(make_plan([a, b]), "wsjf", normalize=True)
    c = {"id": "c", "wsjf": _wsjf(5, 0.1, 5, 1)}
    after = score_plan(make_plan([a, b, c]), "wsjf", normalize=True)
    order_before = [s.id for s in before.scored if s.id in "ab"]
    order_after = [s.id for s in after.scored if s.id in "ab"]
    assert order_before != order_after
    # absolute scores do not move
    assert [s.id for s in score_plan(make_plan([a, b]), "wsjf").scored] == [
        s.id for s in score_plan(make_plan([a, b, c]), "wsjf").scored if s.id in "ab"
    ]


# --- formulas ----------------------------------------------------------------------


def test_formula_scores_and_reports_the_missing_field(make_plan: MakePlan) -> None:
    plan = make_plan(
        [
            {"id": "a", "effort_weeks": 2, "rice": RICE, "fields": {"strategic_fit": 3}},
            {"id": "b", "effort_weeks": 2, "rice": RICE},
            {"id": "z", "effort_weeks": 2, "fields": {"strategic_fit": 3}, "rice": {"reach": 1}},
        ],
        {
            "scoring": {
                "formulas": {"strategic": "(fields.strategic_fit * 2 + rice.impact) / effort_weeks"}
            }
        },
    )
    r = score_plan(plan, "strategic")
    assert [(s.id, s.score, s.value, s.size) for s in r.scored] == [("a", 4.0, 4.0, None)]
    assert r.scored[0].inputs == {
        "effort_weeks": 2.0,
        "fields.strategic_fit": 3.0,
        "rice.impact": 2.0,
    }
    assert [(u.id, u.missing) for u in r.unscored] == [
        ("b", ["fields.strategic_fit"]),
        ("z", ["rice.impact"]),
    ]
    assert r.formula == "(fields.strategic_fit * 2 + rice.impact) / effort_weeks"


def test_formula_runtime_error_leaves_it_unscored_with_a_reason(make_plan: MakePlan) -> None:
    plan = make_plan(
        [{"id": "a", "fields": {"x": 0}}, {"id": "b", "fields": {"x": 2}}],
        {"scoring": {"formulas": {"inv": "1 / fields.x", "flag": "fields.x > 1"}}},
    )
    r = score_plan(plan, "inv")
    assert [s.id for s in r.scored] == ["b"]
    assert r.unscored[0].reason == "division by zero"
    assert r.unscored[0].missing == []
    r2 = score_plan(plan, "flag")
    assert r2.scored == []
    assert "not a number" in (r2.unscored[0].reason or "")


def _load(tmp_path: Path, text: str) -> Plan:
    path = tmp_path / "okrkit.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_plan(path, use_cache=False)


def _load_problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(PlanLoadError) as info:
        _load(tmp_path, text)
    return [str(p) for p in info.value.problems]


def test_bad_formula_is_an_invalid_plan_at_the_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # compiled when the plan loads: validate and check fail, not every later score
    monkeypatch.chdir(tmp_path)
    lines = _load_problems(
        tmp_path,
        """\
        settings:
          scoring:
            formulas:
              good: "rice.reach * 2"
              broken: "(rice.reach * 2 +) / effort_weeks"
              plain: rice.reach % 2
        """,
    )
    # the value's quote is at column 15; the offending ")" is offset 17 in the text
    assert lines == [
        "okrkit.yaml:5:33: formula `broken` does not parse: invalid syntax",
        "okrkit.yaml:6:14: formula `plain` does not parse: operator `%` is not supported",
    ]


def test_formula_with_an_unknown_name_gets_did_you_mean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lines = _load_problems(
        tmp_path,
        """\
        settings:
          scoring:
            formulas:
              typo: "rice.reech * 2"
              bare: "strategic_fit * 2"
        """,
    )
    assert lines == [
        "okrkit.yaml:4:14: formula `typo` reads `rice.reech`, which is not a field of an"
        " initiative (did you mean 'rice.reach'?)",
        "okrkit.yaml:5:14: formula `bare` reads `strategic_fit`, which is not a field of an"
        " initiative (custom numbers are read as `fields.<name>`)",
    ]


def test_a_rule_that_does_not_parse_is_an_invalid_plan_at_the_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    text = """\
        vision:
          statement: x
          principles:
            - id: small
              statement: Experiments are small
              rule: {applies_to: "kind == 'experiment'", require: "timebox_wekes <= 4"}
        """
    assert _load_problems(tmp_path, text) == [
        "okrkit.yaml:6:60: principle 'small': rule require reads `timebox_wekes`, which is"
        " not a field of an initiative (did you mean 'timebox_weeks'?)"
    ]
    assert run_cli("validate", tmp_path / "okrkit.yaml").exit_code == 2
    out = run_cli("check", tmp_path / "okrkit.yaml")
    assert out.exit_code == 1
    assert "okrkit.yaml:6:60: OKR002 [error]" in out.stdout and "(invalid-plan)" in out.stdout


def test_block_scalar_formula_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = _load_problems(
        tmp_path,
        """\
        settings:
          scoring:
            formulas:
              long: |
                rice.reach
                  * * 2
        """,
    )
    assert lines[0].startswith("okrkit.yaml:6:13:")


def test_formula_may_not_shadow_a_builtin(make_plan: MakePlan) -> None:
    plan = make_plan([], {"scoring": {"formulas": {"rice": "1"}}})
    with pytest.raises(ConfigError, match="name of a built-in"):
        score_plan(plan, "rice")


def test_unknown_default_method_is_a_config_error(make_plan: MakePlan) -> None:
    plan = make_plan([], {"scoring": {"method": "nope"}})
    with pytest.raises(ConfigError, match="scoring method 'nope'"):
        score_plan(plan)


def test_estimate_ranges_use_their_point_value() -> None:
    plan = load_plan_text(
        textwrap.dedent(
            """\
            teams: [{id: t}]
            initiatives:
              - id: a
                title: A
                team: t
                rice:
                  reach: {low: 100, high: 300}
                  impact: {low: 1, likely: 2, high: 3}
                  confidence: 50%
                  effort: 1
            """
        )
    )
    assert score_plan(plan, "rice").scored[0].score == 200 * 2 * 0.5


# --- compare ------------------------------------------------------------------------


def test_spearman_and_kendall_agree_with_their_definitions() -> None:
    a = [1, 2, 3, 4, 5, 6, 7]
    b = [3, 1, 2, 7, 5, 4, 6]
    # without ties: rho = 1 - 6 sum(d^2) / (n (n^2 - 1)); tau = (concordant - discordant) / pairs
    n = len(a)
    rho = 1 - 6 * sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) / (n * (n * n - 1))
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    signs = [(a[i] - a[j]) * (b[i] - b[j]) for i, j in pairs]
    tau = (sum(s > 0 for s in signs) - sum(s < 0 for s in signs)) / len(pairs)
    assert math.isclose(spearman(a, b) or 0, rho)  # scipy.stats.spearmanr: 0.6428...
    assert math.isclose(kendall(a, b) or 0, tau)  # scipy.stats.kendalltau: 0.4285...
    assert spearman(a, a) == 1.0
    assert kendall(a, list(reversed(a))) == -1.0
    assert spearman([1], [1]) is None


def test_compare_flags_method_dependent_ranks(make_plan: MakePlan) -> None:
    items = []
    for n in range(6):
        items.append(
            {
                "id": f"i{n}",
                "rice": {"reach": 100 * (n + 1), "impact": 1, "confidence": 1, "effort": 1},
                "cost_of_delay": {"per_week": 100 * (6 - n)},
                "effort_weeks": 1,
            }
        )
    items.append({"id": "only-rice", "rice": RICE})
    plan = make_plan(items)
    c = compare_methods(plan, ["rice", "cd3"], threshold=3)
    rows = {r.id: r for r in c.rows}
    assert rows["only-rice"].ranks == {"rice": 1, "cd3": None}
    assert rows["only-rice"].spread is None and not rows["only-rice"].flagged
    assert rows["i5"].ranks == {"rice": 2, "cd3": 6}
    assert rows["i5"].flagged and rows["i0"].flagged
    assert not rows["i2"].flagged
    (pair,) = c.pairs
    assert (pair.a, pair.b, pair.n) == ("rice", "cd3", 6)
    assert pair.spearman == -1.0 and pair.kendall == -1.0
    assert [r.id for r in c.rows][:2] == ["only-rice", "i5"]


def test_compare_needs_two_methods(make_plan: MakePlan) -> None:
    with pytest.raises(UsageError):
        compare_methods(make_plan([]), ["rice", "rice"])


def test_threshold_defaults_to_the_setting(make_plan: MakePlan) -> None:
    plan = make_plan([], {"scoring": {"compare_threshold": 7}})
    assert compare_methods(plan, ["rice", "ice"]).threshold == 7


def test_overflowing_score_is_unscored_not_infinite(make_plan: MakePlan) -> None:
    plan = make_plan(
        [{"id": "a", "rice": {"reach": 1e300, "impact": 1e300, "confidence": 1, "effort": 1}}]
    )
    r = score_plan(plan, "rice")
    assert r.scored == []
    assert "overflows" in (r.unscored[0].reason or "")


def test_formula_substitution_shows_the_numbers(make_plan: MakePlan) -> None:
    from okrkit.scoring.methods import substitute

    text = "fields.fit * 2 if kind == 'debt' else rice.reach / effort_weeks"
    values = {"fields.fit": 3.0, "kind": "debt", "rice.reach": 1000.0, "effort_weeks": 2.5}
    assert substitute(text, values) == "3 * 2 if 'debt' == 'debt' else 1000 / 2.5"
