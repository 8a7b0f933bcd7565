"""make_plan and find_conflicts on whole plans: selection rules, reasons, every conflict."""

# ruff: noqa: E501 - one initiative per line in the plan below keeps each finding on its own line

from __future__ import annotations

import textwrap

import pytest

from okrkit.errors import UsageError
from okrkit.load import load_plan_text
from okrkit.model import Plan
from okrkit.planning import CONFLICT_NAMES, find_conflicts, make_plan

# cd3: value = cost of delay per week, score = value / duration (here = effort)
PLAN = textwrap.dedent(
    """\
    periods:
      - {id: q0, start: 2025-10-06, end: 2026-01-04}
      - {id: q1, start: 2026-01-05, end: 2026-04-05}
      - {id: q2, start: 2026-04-06, end: 2026-07-05}
    teams:
      - {id: web, capacity: {q1: 20}, wip_limit: 1}
      - {id: api, capacity: {q1: 8}, wip_limit: 1}
      - {id: ops}
    settings:
      scoring: {method: cd3}
      planning: {priority_inversion_gap: 2}
    objectives:
      - id: web-obj
        title: Faster checkout
        team: web
        period: q1
        key_results:
          - {id: k-web, title: More steps, metric: checkout_steps, direction: increase}
      - id: api-obj
        title: Simpler checkout
        team: api
        period: q1
        key_results:
          - {id: k-api, title: Fewer steps, metric: checkout_steps, direction: decrease}
    initiatives:
      - {id: w-start1, title: S1, team: web, period: q1, status: in_progress, effort_weeks: 2, cost_of_delay: {per_week: 5}}
      - {id: w-start2, title: S2, team: web, period: q1, status: in_progress, effort_weeks: 2, cost_of_delay: {per_week: 5}}
      - {id: a-core, title: Core, team: api, period: q1, status: committed, effort_weeks: 5, cost_of_delay: {per_week: 1}}
      - {id: a-extra, title: Extra, team: api, period: q1, status: committed, effort_weeks: 5, cost_of_delay: {per_week: 1}}
      - {id: a-feed, title: Feed, team: api, period: q1, effort_weeks: 2, cost_of_delay: {per_week: 2}}
      - {id: w-launch, title: Launch, team: web, period: q1, status: committed, effort_weeks: 3, depends_on: [a-core, a-feed], cost_of_delay: {per_week: 50, urgency: fixed_date, deadline: 2026-01-25}}
      - {id: w-later, title: Later, team: web, period: q1, effort_weeks: 2, depends_on: [a-next], cost_of_delay: {per_week: 3}}
      - {id: a-next, title: Next, team: api, period: q2, effort_weeks: 1, cost_of_delay: {per_week: 1}}
      - {id: w-gone, title: Gone, team: web, period: q1, effort_weeks: 1, depends_on: [old], cost_of_delay: {per_week: 4}}
      - {id: old, title: Old, team: web, period: q1, status: dropped, effort_weeks: 1}
      - {id: w-base, title: Base, team: web, period: q1, effort_weeks: 1, depends_on: [shipped], cost_of_delay: {per_week: 2}}
      - {id: shipped, title: Shipped, team: api, status: done, effort_weeks: 1}
      - {id: w-prev, title: Prev, team: web, period: q1, effort_weeks: 1, depends_on: [prev], cost_of_delay: {per_week: 2}}
      - {id: prev, title: Prev, team: api, period: q0, effort_weeks: 1, cost_of_delay: {per_week: 1}}
      - {id: w-noest, title: No estimate, team: web, period: q1, cost_of_delay: {per_week: 9}}
      - {id: w-nosc, title: Not scored, team: web, period: q1, effort_weeks: 1}
      - {id: o-big, title: Big, team: ops, period: q1, effort_weeks: 50, cost_of_delay: {per_week: 1}}
    """
)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan_text(PLAN)


def test_selection_rules_and_reasons(plan: Plan) -> None:
    r = make_plan(plan, period="q1")
    assert r.period == "q1" and r.method == "cd3"
    # committed and in-progress work is always in, even over capacity (api)
    assert {"w-start1", "w-start2", "a-core", "a-extra", "w-launch"} <= set(r.selected)
    # done / earlier-period dependencies are satisfied; ops has no capacity recorded
    assert {"w-base", "w-prev", "o-big"} <= set(r.selected)
    reasons = {n.id: (n.reason, n.blocked_by) for n in r.not_selected}
    assert reasons == {
        "a-feed": ("capacity", None),
        "w-later": ("dependency", "a-next"),
        "w-gone": ("dependency", "old"),
        "w-noest": ("no-estimate", None),
        "w-nosc": ("not-scored", None),
    }
    assert "later period q2" in next(n.detail for n in r.not_selected if n.id == "w-later")
    assert "dropped" in next(n.detail for n in r.not_selected if n.id == "w-gone")
    assert r.not_scored == ("w-noest", "w-nosc")  # cd3 needs a duration too
    teams = {t.id: t for t in r.teams}
    assert teams["ops"].capacity_weeks is None and teams["ops"].utilization is None
    assert teams["api"].planned_weeks == 10 and teams["api"].utilization == pytest.approx(10 / 8)
    assert teams["web"].committed_weeks == 7
    assert r.total_value == pytest.approx(sum(_value(plan, i) for i in r.selected))
    assert r.optimal_value == r.total_value and r.greedy_value <= r.total_value
    assert r.lower_bound_cost_of_delay <= r.total_cost_of_delay
    assert r.total_cost_of_delay <= r.cd3_cost_of_delay
    assert r.total_cost_of_delay == pytest.approx(sum(s.cost_of_delay for s in r.schedule))


def _value(plan: Plan, iid: str) -> float:
    cod = plan.initiative_by_id[iid].cost_of_delay
    return float(cod.per_week or 0.0) if cod is not None else 0.0  # type: ignore[arg-type]


def test_schedule_respects_dependencies_lanes_and_deadlines(plan: Plan) -> None:
    r = make_plan(plan, period="q1")
    slots = {s.id: s for s in r.schedule}
    # in-progress work first in web's single lane
    assert slots["w-start1"].start_week == 0.0 or slots["w-start2"].start_week == 0.0
    # w-launch waits for a-core in the other team
    assert slots["w-launch"].start_week >= slots["a-core"].finish_week
    # the deadline is the end of 2026-01-25: 21 days after the period start
    assert slots["w-launch"].deadline_week == pytest.approx(3.0)
    late = slots["w-launch"].finish_week - 3.0
    assert slots["w-launch"].cost_of_delay == pytest.approx(50 * late)


def conflict_rows(plan: Plan, period: str | None = None) -> list[tuple[object, ...]]:
    return [
        (c.name, c.subject_id, c.path, c.teams, c.initiatives, c.period)
        for c in find_conflicts(plan, period=period)
    ]


def test_every_conflict_names_both_sides(plan: Plan) -> None:
    rows = conflict_rows(plan)
    assert rows == [
        ("team-over-capacity", "api", ("capacity", "q1"), ("api",), ("a-core", "a-extra"), "q1"),
        (
            "unfunded-dependency",
            "w-launch",
            ("depends_on", 1),
            ("web", "api"),
            ("w-launch", "a-feed"),
            "q1",
        ),
        (
            "late-dependency",
            "w-later",
            ("depends_on", 0),
            ("web", "api"),
            ("w-later", "a-next"),
            "q1",
        ),
        (
            "late-dependency",
            "w-launch",
            ("depends_on", 0),
            ("web", "api"),
            ("w-launch", "a-core"),
            "q1",
        ),
        (
            "missed-deadline",
            "w-launch",
            ("cost_of_delay", "deadline"),
            ("web", "api"),
            ("w-launch", "a-core"),
            "q1",
        ),
        (
            "priority-inversion",
            "w-launch",
            ("depends_on", 0),
            ("web", "api"),
            ("w-launch", "a-core"),
            "q1",
        ),
        ("conflicting-key-results", "k-api", ("direction",), ("api", "web"), (), "q1"),
        ("finishes-after-period", "o-big", ("period",), ("ops",), ("o-big",), "q1"),
        ("wip-limit-exceeded", "web", ("wip_limit",), ("web",), ("w-start1", "w-start2"), None),
    ]
    # every kind but a cycle (tests/planning/test_cycles.py)
    assert {r[0] for r in rows} == set(CONFLICT_NAMES) - {"dependency-cycle"}


def test_conflicts_point_at_the_field_in_the_file(plan: Plan) -> None:
    lines = PLAN.splitlines()
    for c in find_conflicts(plan):
        loc = plan.where(c.subject, *c.path)
        assert c.location == loc
        text = lines[loc.line - 1]
        assert loc.file == "okrkit.yaml"
        assert c.subject_id in text or str(c.path[-1]) in text, (c.name, text)
        for t in c.teams:
            assert t in c.message
        for i in c.initiatives:
            assert i in c.message


def test_messages_are_one_sentence_naming_teams_and_initiatives(plan: Plan) -> None:
    messages = {(c.name, c.subject_id): c.message for c in find_conflicts(plan)}
    assert messages[("unfunded-dependency", "w-launch")] == (
        "Committed initiative w-launch (team web) depends on a-feed (team api), which is "
        "below team api's cut line in q1 (capacity)."
    )
    assert messages[("team-over-capacity", "api")] == (
        "Team api has 10 person-weeks of committed and in-progress work in q1, more than its "
        "capacity of 8 (a-core, a-extra)."
    )


def test_period_filter_and_determinism(plan: Plan) -> None:
    q1 = conflict_rows(plan, "q1")
    assert q1 == conflict_rows(plan, "q1")
    assert {r[0] for r in q1} == set(CONFLICT_NAMES) - {"dependency-cycle"}
    assert conflict_rows(plan, "q2") == []
    assert make_plan(plan, period="q1") == make_plan(plan, period="q1")


def test_default_period_is_the_earliest_with_open_work(plan: Plan) -> None:
    assert make_plan(plan).period == "q0"


def test_unknown_period_and_no_periods() -> None:
    with pytest.raises(UsageError, match="unknown period 'q9'"):
        make_plan(load_plan_text(PLAN), period="q9")
    with pytest.raises(UsageError, match="no periods"):
        make_plan(load_plan_text("teams: [{id: t}]\ninitiatives: [{id: a, title: A, team: t}]"))


def test_greedy_mode_plans_the_cut_line_and_still_reports_both_totals() -> None:
    text = textwrap.dedent(
        """\
        periods: [{id: q1, start: 2026-01-05, end: 2026-04-05}]
        teams: [{id: t, capacity: {q1: 50}, wip_limit: 2}]
        settings: {scoring: {method: cd3}}
        initiatives:
          - {id: a, title: A, team: t, period: q1, effort_weeks: 10, cost_of_delay: {per_week: 60}}
          - {id: b, title: B, team: t, period: q1, effort_weeks: 20, cost_of_delay: {per_week: 100}}
          - {id: c, title: C, team: t, period: q1, effort_weeks: 30, cost_of_delay: {per_week: 120}}
        """
    )
    plan = load_plan_text(text)
    greedy = make_plan(plan, select="greedy")
    optimal = make_plan(plan)
    assert set(greedy.selected) == {"a", "b"} and greedy.total_value == 160
    assert set(optimal.selected) == {"b", "c"} and optimal.total_value == 220
    assert greedy.optimal_value == 220 and optimal.greedy_value == 160
    assert [n.reason for n in greedy.not_selected] == ["capacity"]


def test_committed_work_without_a_period_on_unfunded_work() -> None:
    text = textwrap.dedent(
        """\
        periods: [{id: q1, start: 2026-01-05, end: 2026-04-05}]
        teams: [{id: platform}, {id: web}]
        initiatives:
          - {id: api, title: API, team: platform}
          - {id: app, title: App, team: web, status: committed, depends_on: [api]}
        """
    )
    plan = load_plan_text(text)
    [c] = find_conflicts(plan)
    assert (c.name, c.subject_id, c.path, c.teams) == (
        "unfunded-dependency",
        "app",
        ("depends_on", 0),
        ("web", "platform"),
    )
    assert "nobody has committed to" in c.message


def test_conflicting_key_results_once_per_key_result_in_overlapping_periods() -> None:
    text = textwrap.dedent(
        """\
        periods:
          - {id: q1, start: 2026-01-05, end: 2026-04-05}
          - {id: q2, start: 2026-04-06, end: 2026-07-05}
        teams: [{id: a}, {id: b}, {id: c}]
        objectives:
          - {id: oa, title: A, team: a, period: q1, key_results: [{id: ka, title: K, metric: m, direction: increase}]}
          - {id: ob, title: B, team: b, period: q1, key_results: [{id: kb, title: K, metric: m, direction: decrease}]}
          - {id: oc, title: C, team: c, period: q1, key_results: [{id: kc, title: K, metric: m, direction: at_most}]}
          - {id: oa2, title: A, team: a, period: q1, key_results: [{id: ka2, title: K, metric: m, direction: at_most}]}
          - {id: od, title: D, team: c, period: q2, key_results: [{id: kd, title: K, metric: m, direction: at_least}]}
          - {id: oe, title: E, team: b, key_results: [{id: ke, title: K, metric: m, direction: milestone}]}
        """
    )
    rows = [
        (c.subject_id, c.key_results, c.teams, c.period)
        for c in find_conflicts(load_plan_text(text))
        if c.name == "conflicting-key-results"
    ]
    # kb and kc pull against ka; ka2 pulls against ka too, but both are team a's; kd is
    # in q2, which overlaps no decreasing key result; a milestone has no direction
    assert rows == [
        ("kb", ("kb", "ka"), ("b", "a"), "q1"),
        ("kc", ("kc", "ka"), ("c", "a"), "q1"),
    ]


def test_conflicting_key_results_include_company_level_objectives() -> None:
    """An objective without a team is the company's: its key results conflict with a
    team's like another team's would (but two company key results do not)."""
    text = textwrap.dedent(
        """\
        periods: [{id: q1, start: 2026-01-05, end: 2026-04-05}]
        teams: [{id: web}]
        objectives:
          - {id: co, title: Co, period: q1, key_results: [{id: k-co, title: K, metric: m, direction: decrease}]}
          - {id: co2, title: Co, period: q1, key_results: [{id: k-co2, title: K, metric: m, direction: increase}]}
          - {id: ow, title: W, team: web, period: q1, key_results: [{id: k-web, title: K, metric: m, direction: increase}]}
        """
    )
    found = [
        (c.subject_id, c.key_results, c.teams, c.message)
        for c in find_conflicts(load_plan_text(text))
        if c.name == "conflicting-key-results"
    ]
    assert found == [
        (
            "k-web",
            ("k-web", "k-co"),
            ("web",),
            "Key result k-web (team web) pulls m the opposite way (increase) to key result "
            "k-co (company level, decrease).",
        )
    ]


def test_conflicting_key_results_scale_linearly() -> None:
    import time

    lines = ["teams: [{id: a}, {id: b}]", "objectives:"]
    for k in range(4000):
        team, direction = ("a", "increase") if k % 2 else ("b", "decrease")
        lines.append(
            f"  - {{id: o{k}, title: O, team: {team}, key_results: "
            f"[{{id: k{k}, title: K, metric: m, direction: {direction}}}]}}"
        )
    plan = load_plan_text("\n".join(lines) + "\n")
    started = time.perf_counter()
    conflicts = find_conflicts(plan)
    assert time.perf_counter() - started < 2.0
    assert len(conflicts) == 3999  # every key result after the first
