"""build_schedule: one schedule over several periods (as-of, spill-over, cross-period
dependencies, cycles) and the properties every schedule keeps."""

# ruff: noqa: E501 - one initiative per line in the plans below

from __future__ import annotations

import datetime as dt
import random
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.load import load_plan_text
from okrkit.model import Plan
from okrkit.planning import Schedule, build_schedule, make_plan
from okrkit.planning.sequence import Job, sequence

TWO_QUARTERS = textwrap.dedent(
    """\
    periods:
      - {id: q1, start: 2026-01-05, end: 2026-04-05}
      - {id: q2, start: 2026-04-06, end: 2026-07-05}
    teams:
      - {id: web, capacity: {q1: 20, q2: 20}, wip_limit: 1}
      - {id: api, capacity: {q1: 6, q2: 20}, wip_limit: 1}
    settings: {scoring: {method: cd3}}
    initiatives:
      - {id: long, title: Long, team: web, period: q1, status: committed, effort_weeks: 10, cost_of_delay: {per_week: 5}}
      - {id: longer, title: Longer, team: web, period: q1, status: committed, effort_weeks: 8, cost_of_delay: {per_week: 4}}
      - {id: next, title: Next, team: web, period: q2, effort_weeks: 10, cost_of_delay: {per_week: 3}}
      - {id: big, title: Big, team: web, period: q2, effort_weeks: 14, cost_of_delay: {per_week: 9}}
      - {id: feed, title: Feed, team: api, period: q1, effort_weeks: 8, cost_of_delay: {per_week: 1}}
      - {id: small, title: Small, team: api, period: q1, effort_weeks: 4, cost_of_delay: {per_week: 2}}
      - {id: uses-feed, title: Uses feed, team: web, period: q2, effort_weeks: 2, depends_on: [feed], cost_of_delay: {per_week: 50}}
      - {id: uses-small, title: Uses small, team: api, period: q2, effort_weeks: 2, depends_on: [small], cost_of_delay: {per_week: 1}}
      - {id: c1, title: C1, team: api, period: q2, effort_weeks: 1, depends_on: [c2], cost_of_delay: {per_week: 1}}
      - {id: c2, title: C2, team: api, period: q2, effort_weeks: 1, depends_on: [c1], cost_of_delay: {per_week: 1}}
      - {id: after-cycle, title: After, team: api, period: q2, depends_on: [c1]}
    """
)


@pytest.fixture(scope="module")
def two() -> Plan:
    return load_plan_text(TWO_QUARTERS)


def test_spill_over_carries_effort_into_the_next_period(two: Plan) -> None:
    s = build_schedule(two, as_of=dt.date(2026, 1, 5))
    q1, q2 = s.periods
    assert (q1.period, q2.period) == ("q1", "q2")
    longer = s.entry("longer")
    assert longer is not None and longer.selected
    # one lane: 10 + 8 weeks in a 13-week quarter: 5 weeks (and 5 person-weeks) spill over
    assert longer.spill_over_weeks == pytest.approx(5.0)
    assert longer.carried_weeks == pytest.approx(5.0)
    assert longer.finish == dt.date(2026, 5, 10)
    web_q2 = next(t for t in q2.teams if t.id == "web")
    assert web_q2.carried_weeks == pytest.approx(5.0)
    # 20 - 5 left: big (14) fits, next (10) does not; nothing new starts before longer ends
    assert "big" in q2.selected and "next" not in q2.selected
    reasons = {n.id: n for n in q2.not_selected}
    assert reasons["next"].reason == "capacity"
    assert "has 1 of 15 left" in reasons["next"].detail
    first_q2 = min(x.start for x in q2.schedule if x.team == "web" and x.start is not None)
    assert first_q2 == dt.date(2026, 5, 11)
    names = [c.name for c in s.conflicts if "longer" in c.initiatives]
    assert "finishes-after-period" in names


def test_work_waiting_on_an_earlier_cut_is_out_with_its_blocker(two: Plan) -> None:
    s = build_schedule(two, as_of=dt.date(2026, 1, 5))
    feed = s.entry("feed")
    assert feed is not None and not feed.selected and feed.reason == "capacity"
    waiting = s.entry("uses-feed")
    assert waiting is not None and not waiting.selected
    assert (waiting.reason, waiting.blocked_by) == ("dependency", "feed")
    assert "below team api's cut line in q1" in (waiting.detail or "")
    unfunded = [c for c in s.conflicts if c.name == "unfunded-dependency"]
    assert [(c.subject_id, c.period) for c in unfunded] == [("uses-feed", "q2")]
    # a selected dependency of an earlier period holds the dependent back until it ends
    small, uses = s.entry("small"), s.entry("uses-small")
    assert small is not None and uses is not None and uses.selected
    assert uses.start is not None and small.finish is not None and uses.start > small.finish


def test_cycles_are_never_scheduled_and_are_conflicts(two: Plan) -> None:
    s = build_schedule(two, as_of=dt.date(2026, 1, 5))
    for iid in ("c1", "c2"):
        e = s.entry(iid)
        assert e is not None and not e.selected and e.reason == "cycle" and e.start is None
    after = s.entry("after-cycle")
    # waits on a cycle: a dependency reason first, though it also lacks an estimate
    assert after is not None and (after.reason, after.blocked_by) == ("dependency", "c1")
    q2 = s.period("q2")
    assert [n.cycle for n in q2.not_selected if n.id == "c1"] == [("c1", "c2")]
    assert [c.initiatives for c in q2.conflicts if c.name == "dependency-cycle"] == [("c1", "c2")]


def test_dependency_comes_before_no_estimate_within_a_period() -> None:
    plan = load_plan_text(
        textwrap.dedent(
            """\
            periods: [{id: q1, start: 2026-01-05, end: 2026-04-05}]
            teams: [{id: t, capacity: {q1: 2}}]
            settings: {scoring: {method: cd3}}
            initiatives:
              - {id: dep, title: D, team: t, period: q1, effort_weeks: 5, cost_of_delay: {per_week: 1}}
              - {id: x, title: X, team: t, period: q1, depends_on: [dep], cost_of_delay: {per_week: 1}}
            """
        )
    )
    r = make_plan(plan)
    assert {n.id: (n.reason, n.blocked_by) for n in r.not_selected} == {
        "dep": ("capacity", None),
        "x": ("dependency", "dep"),
    }


def test_work_in_a_row_on_one_lane_leaves_the_other_lane_free_for_the_next_period() -> None:
    # a (7 w) then b (6 w) then c (1 w) run in a row on one lane and spill past q1's 12 weeks;
    # the second lane is free from week 2, so next quarter's d starts on q2's first day
    plan = load_plan_text(
        textwrap.dedent(
            """\
            periods:
              - {id: q1, start: 2027-01-04, end: 2027-03-28}
              - {id: q2, start: 2027-03-29, end: 2027-06-27}
            teams: [{id: t, wip_limit: 2}]
            initiatives:
              - {id: a, title: A, team: t, period: q1, effort_weeks: 7, rice: &r {reach: 1, impact: 1, confidence: 1, effort: 1}}
              - {id: b, title: B, team: t, period: q1, effort_weeks: 6, depends_on: [a], rice: *r}
              - {id: c, title: C, team: t, period: q1, effort_weeks: 1, depends_on: [b], rice: *r}
              - {id: e, title: E, team: t, period: q1, effort_weeks: 2, rice: *r}
              - {id: d, title: D, team: t, period: q2, effort_weeks: 1, rice: *r}
            """
        )
    )
    s = build_schedule(plan, as_of=dt.date(2027, 1, 4))
    c, d = s.entry("c"), s.entry("d")
    assert c is not None and d is not None
    assert c.finish == dt.date(2027, 4, 11)  # week 14: spills two weeks into q2
    assert d.start == dt.date(2027, 3, 29) and d.finish == dt.date(2027, 4, 4)


def test_nothing_new_starts_before_as_of_and_the_default_period_follows_it(two: Plan) -> None:
    s = build_schedule(two, as_of=dt.date(2026, 2, 2))
    for e in s.entries:
        if e.selected:
            assert e.start is not None and e.start >= dt.date(2026, 2, 2)
    assert make_plan(two, as_of=dt.date(2026, 5, 1)).period == "q2"


def test_in_progress_work_keeps_its_dates() -> None:
    plan = load_plan_text(
        textwrap.dedent(
            """\
            periods: [{id: q1, start: 2026-01-05, end: 2026-04-05}]
            teams: [{id: t, capacity: {q1: 20}, wip_limit: 1}]
            initiatives:
              - {id: doing, title: D, team: t, period: q1, status: in_progress, started: 2026-01-12, effort_weeks: 4}
              - {id: rest, title: R, team: t, period: q1, status: in_progress, started: 2026-01-05, remaining_weeks: 1, effort_weeks: 9}
              - {id: todo, title: T, team: t, period: q1, status: committed, effort_weeks: 2}
            """
        )
    )
    s = build_schedule(plan, as_of=dt.date(2026, 1, 19))
    doing, rest, todo = s.entry("doing"), s.entry("rest"), s.entry("todo")
    assert doing is not None and rest is not None and todo is not None
    assert (doing.start, doing.finish) == (dt.date(2026, 1, 12), dt.date(2026, 2, 8))
    assert (rest.start, rest.finish) == (dt.date(2026, 1, 5), dt.date(2026, 1, 25))
    # two in progress in a one-lane team: new work waits until both are done
    assert todo.start == dt.date(2026, 2, 9)


def test_memoised_per_as_of_and_overridable_without_reloading(two: Plan) -> None:
    day = dt.date(2026, 1, 5)
    s = build_schedule(two, as_of=day)
    assert build_schedule(two, as_of=day) is s
    assert build_schedule(two, as_of=dt.date(2026, 1, 6)) is not s
    longer = s.entry("longer")
    assert longer is not None and longer.finish is not None
    faster = build_schedule(two, as_of=day, durations={"long": 1.0}, selection=s.selected_ids)
    assert faster.selected_ids == s.selected_ids
    got = faster.entry("longer")
    assert got is not None and got.finish is not None and got.finish < longer.finish
    assert build_schedule(two, as_of=day) is s


# --- sequencing quality ----------------------------------------------------------------


def test_fixed_dates_are_met_when_they_can_be() -> None:
    jobs = [
        Job("s", "t", 1.0, 10.0, tie=0),
        Job("a", "t", 2.0, 100.0, "fixed_date", 2.0, tie=1),
        Job("b", "t", 1.0, 1000.0, "fixed_date", 3.0, tie=2),
    ]
    result = sequence(jobs, {"t": 1})
    assert result.cost == pytest.approx(40.0)
    assert [x.id for x in sorted(result.slots, key=lambda x: x.start)] == ["a", "b", "s"]


ENABLER = textwrap.dedent(
    """\
    periods: [{id: q1, start: 2026-01-05, end: 2026-04-05}]
    teams: [{id: t, capacity: {q1: 40}, wip_limit: 1}]
    initiatives:
      - {id: e, title: Enabler, team: t, period: q1, effort_weeks: 1, rice: {reach: 1, impact: 1, confidence: 1, effort: 1}, ice: {impact: 1, confidence: 1, ease: 1}, wsjf: {business_value: 1, time_criticality: 1, risk_reduction: 1, job_size: 1}, cost_of_delay: {per_week: 0}}
      - {id: x, title: X, team: t, period: q1, effort_weeks: 1, depends_on: [e], rice: {reach: 1, impact: 1, confidence: 1, effort: 1}, ice: {impact: 1, confidence: 1, ease: 1}, wsjf: {business_value: 1, time_criticality: 1, risk_reduction: 1, job_size: 1}, cost_of_delay: {per_week: 10}}
      - {id: y, title: Y, team: t, period: q1, effort_weeks: 2, rice: {reach: 9, impact: 1, confidence: 1, effort: 1}, ice: {impact: 9, confidence: 1, ease: 1}, wsjf: {business_value: 9, time_criticality: 1, risk_reduction: 1, job_size: 1}, cost_of_delay: {per_week: 2}}
      - {id: z, title: Z, team: t, period: q1, effort_weeks: 3, rice: {reach: 5, impact: 1, confidence: 1, effort: 1}, ice: {impact: 5, confidence: 1, ease: 1}, wsjf: {business_value: 5, time_criticality: 1, risk_reduction: 1, job_size: 1}, cost_of_delay: {per_week: 1}}
      - {id: w, title: W, team: t, period: q1, effort_weeks: 1, rice: {reach: 7, impact: 1, confidence: 1, effort: 1}, ice: {impact: 7, confidence: 1, ease: 1}, wsjf: {business_value: 7, time_criticality: 1, risk_reduction: 1, job_size: 1}, cost_of_delay: {per_week: 3}}
    """
)


def test_delay_cost_does_not_depend_on_the_method_and_never_beats_cd3_order_down() -> None:
    plan = load_plan_text(ENABLER)
    costs = set()
    for method in ("rice", "ice", "wsjf", "cd3"):
        r = make_plan(plan, method=method)
        assert set(r.selected) == {"e", "x", "y", "z", "w"}
        assert r.total_cost_of_delay <= r.cd3_cost_of_delay + 1e-9
        assert r.lower_bound_cost_of_delay <= r.total_cost_of_delay + 1e-9
        costs.add(round(r.total_cost_of_delay, 9))
    assert len(costs) == 1
    # the enabler goes first: it unblocks the costliest work (10/week)
    r = make_plan(plan, method="rice")
    order = [x.id for x in sorted(r.schedule, key=lambda x: x.start_week)]
    assert order[:2] == ["e", "x"]


# --- properties over random plans --------------------------------------------------------


def random_plan(seed: int) -> str:
    rng = random.Random(seed)
    n_periods = rng.randint(1, 3)
    start = dt.date(2026, 1, 5)
    periods = []
    for k in range(n_periods):
        end = start + dt.timedelta(days=rng.choice((27, 41, 90)))
        periods.append((f"p{k}", start, end))
        start = end + dt.timedelta(days=1)
    teams = [f"t{k}" for k in range(rng.randint(1, 3))]
    lines = ["periods:"]
    lines += [f"  - {{id: {p}, start: {s}, end: {e}}}" for p, s, e in periods]
    lines.append("teams:")
    for t in teams:
        caps = ", ".join(f"{p}: {rng.randint(2, 20)}" for p, _, _ in periods)
        lines.append(f"  - {{id: {t}, capacity: {{{caps}}}, wip_limit: {rng.randint(1, 3)}}}")
    lines.append("settings: {scoring: {method: cd3}}")
    lines.append("initiatives:")
    ids: list[str] = []
    for k in range(rng.randint(1, 12)):
        iid = f"i{k}"
        deps = [d for d in ids if rng.random() < 0.25]
        if ids and rng.random() < 0.05:
            deps.append(ids[0])  # now and then a back edge: a cycle or not
        status = rng.choice(("proposed", "proposed", "committed", "in_progress"))
        period = rng.choice(periods)[0]
        cod = rng.choice(
            (
                "{per_week: 3}",
                "{per_week: 1}",
                "{per_week: 0}",
                "{per_week: 5, urgency: fixed_date, deadline: 2026-03-01}",
            )
        )
        effort = rng.choice((0.5, 1, 2, 3, 5, 8))
        dep_text = f", depends_on: [{', '.join(deps)}]" if deps else ""
        lines.append(
            f"  - {{id: {iid}, title: T, team: {rng.choice(teams)}, period: {period}, status: {status}, "
            f"effort_weeks: {effort}, cost_of_delay: {cod}{dep_text}}}"
        )
        ids.append(iid)
    first = lines.index(next(x for x in lines if x.startswith("  - {id: i0,")))
    if len(ids) > 1 and rng.random() < 0.3:
        # the first waits on the last: a cycle when the last waits on the first
        lines[first] = lines[first][:-1] + f", depends_on: [{ids[-1]}]}}"
    return "\n".join(lines) + "\n"


def _abs_weeks(s: Schedule, plan: Plan) -> dict[str, tuple[float, float, str]]:
    origin = min([s.as_of, *(p.start for p in plan.periods)])
    out = {}
    for r in s.periods:
        assert r.start is not None
        off = (r.start - origin).days / 7.0
        for x in r.schedule:
            out[x.id] = (off + x.start_week, off + x.finish_week, x.team)
    return out


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**6), shift=st.integers(min_value=0, max_value=60))
def test_no_work_starts_before_its_dependencies_or_beyond_the_wip_limit(
    seed: int, shift: int
) -> None:
    plan = load_plan_text(random_plan(seed))
    as_of = dt.date(2026, 1, 5) + dt.timedelta(days=shift)
    s = build_schedule(plan, as_of=as_of)
    placed = _abs_weeks(s, plan)
    origin = min([as_of, *(p.start for p in plan.periods)])
    now = (as_of - origin).days / 7.0
    by_id = plan.initiative_by_id
    cycles = {i for c in s.cycles for i in c}
    for iid, (start, _finish, _team) in placed.items():
        assert iid not in cycles
        assert start >= now - 1e-9
        p = plan.period_by_id[by_id[iid].period or ""]
        assert start >= (p.start - origin).days / 7.0 - 1e-9
        order = {p.id: p.start for p in plan.periods}
        for d in by_id[iid].depends_on:
            if d not in placed:
                # only committed work goes ahead without what it waits on (unfunded-dependency)
                assert by_id[iid].status != "proposed", (iid, d)
                continue
            later = order[by_id[d].period or ""] > order[by_id[iid].period or ""]
            if later:
                # committed work planned before what it needs: a late-dependency conflict
                assert by_id[iid].status != "proposed"
                assert any(
                    c.name == "late-dependency" and c.initiatives == (iid, d) for c in s.conflicts
                )
                continue
            assert start >= placed[d][1] - 1e-9, (iid, d)
    wip = {t.id: t.wip_limit for t in plan.teams}
    events: dict[str, list[tuple[float, int]]] = {}
    for start, finish, team in placed.values():
        if finish - start > 1e-9:
            events.setdefault(team, []).extend([(start, 1), (finish, -1)])
    for team, ev in events.items():
        running = 0
        for _, step in sorted(ev, key=lambda e: (e[0], e[1])):
            running += step
            assert running <= wip[team], team
    for r in s.periods:
        assert r.total_cost_of_delay <= r.cd3_cost_of_delay + 1e-6 * max(1.0, r.cd3_cost_of_delay)
        assert r.lower_bound_cost_of_delay <= r.total_cost_of_delay + 1e-6
        for t in r.teams:
            if t.capacity_weeks is not None:
                proposed = t.planned_weeks - t.committed_weeks - t.carried_weeks
                room = max(t.capacity_weeks - t.committed_weeks - t.carried_weeks, 0.0)
                assert proposed <= room + 1e-6


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10**6))
def test_every_command_reads_the_same_schedule(seed: int) -> None:
    plan = load_plan_text(random_plan(seed))
    as_of = dt.date(2026, 1, 5)
    s = build_schedule(plan, as_of=as_of)
    for r in s.periods:
        assert make_plan(plan, period=r.period, as_of=as_of) == r
    from okrkit.planning import find_conflicts

    assert find_conflicts(plan, as_of=as_of) == list(s.conflicts)


RESERVE = textwrap.dedent(
    """\
    periods: [{id: q1, start: 2026-01-05, end: 2026-04-05}]
    teams: [{id: t, capacity: {q1: 10}, wip_limit: 3}]
    settings: {scoring: {method: cd3}, planning: {reserve_debt_share: RESERVE}}
    initiatives:
      - {id: feature, title: F, team: t, period: q1, effort_weeks: 8, cost_of_delay: {per_week: 80}}
      - {id: other, title: O, team: t, period: q1, effort_weeks: 2, cost_of_delay: {per_week: 10}}
      - {id: debt, title: D, team: t, period: q1, kind: debt, effort_weeks: 2, cost_of_delay: {per_week: 1}}
    """
)


@pytest.mark.parametrize(
    ("reserve", "picked"), [(0, {"feature", "other"}), (0.2, {"feature", "debt"})]
)
def test_reserve_debt_share_keeps_capacity_for_debt(reserve: float, picked: set[str]) -> None:
    plan = load_plan_text(RESERVE.replace("RESERVE", str(reserve)))
    r = make_plan(plan)
    assert set(r.selected) == picked
    debt = dict(r.debt_share)["t"]
    assert debt == pytest.approx(0.2 if "debt" in picked else 0.0)
