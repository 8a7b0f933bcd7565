"""A deterministic synthetic plan for planning tests and figures, built in memory.

``synthetic_plan(1000, 50)`` is one period with 1,000 initiatives in 50 teams: about
1.5 dependencies each (70% within the team, 30% on other teams, always on earlier work,
so the graph is acyclic), 10% committed, 5% in progress, every urgency profile, and each
team's capacity about 70% of its open effort, so there is a real cut line.

Run it as a script for the figures quoted in docs/planning.md::

    python tests/planning/synthetic.py --initiatives 1000 --teams 50
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from okrkit.model import (
    CostOfDelay,
    Initiative,
    Period,
    Plan,
    Rice,
    Settings,
    SourceMap,
    Team,
)

PERIOD = Period(id="2026-Q1", start=dt.date(2026, 1, 5), end=dt.date(2026, 4, 5))


def synthetic_plan(n: int, teams: int, seed: int = 1) -> Plan:
    rng = random.Random(seed)
    team_ids = [f"team-{k:03d}" for k in range(teams)]
    by_team: dict[str, list[str]] = {t: [] for t in team_ids}
    initiatives: list[Initiative] = []
    effort_of: dict[str, float] = dict.fromkeys(team_ids, 0.0)
    for k in range(n):
        team = team_ids[k % teams]
        iid = f"i{k:05d}"
        deps: list[str] = []
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            if rng.random() < 0.7 and by_team[team]:
                deps.append(rng.choice(by_team[team]))
            elif k > 0:
                deps.append(f"i{rng.randrange(k):05d}")
        effort = float(rng.choice((1, 2, 3, 5, 8, 13)))
        duration = max(1.0, float(round(effort * rng.uniform(0.4, 1.0))))
        urgency = rng.choice(
            ("standard",) * 6 + ("fixed_date", "fixed_date", "expedite", "intangible")
        )
        deadline = (
            PERIOD.start + dt.timedelta(days=rng.randrange(14, 91))
            if urgency == "fixed_date"
            else None
        )
        status = rng.choices(("proposed", "committed", "in_progress"), (85, 10, 5))[0]
        initiatives.append(
            Initiative(
                id=iid,
                title=f"Initiative {k}",
                team=team,
                period=PERIOD.id,
                status=status,
                depends_on=sorted(set(deps)),
                effort_weeks=effort,
                duration_weeks=duration,
                rice=Rice(
                    reach=float(rng.randrange(100, 10000)),
                    impact=rng.choice((0.25, 0.5, 1.0, 2.0, 3.0)),
                    confidence=rng.choice((0.5, 0.8, 1.0)),
                    effort=effort / 4.0,
                ),
                cost_of_delay=CostOfDelay(
                    per_week=float(rng.randrange(500, 20000, 500)),
                    urgency=urgency,
                    deadline=deadline,
                ),
            )
        )
        by_team[team].append(iid)
        effort_of[team] += effort
    team_models = [
        Team(id=t, capacity={PERIOD.id: round(effort_of[t] * 0.7)}, wip_limit=rng.choice((1, 2, 3)))
        for t in team_ids
    ]
    return Plan(
        files=["synthetic.yaml"],
        vision=None,
        periods=[PERIOD],
        teams=team_models,
        objectives=[],
        initiatives=initiatives,
        settings=Settings(),
        source=SourceMap(["synthetic.yaml"], [dict]),
        origins={},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=1000)
    parser.add_argument("--teams", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    from okrkit.planning import find_conflicts, make_plan
    from okrkit.planning.select import select_optimal  # noqa: F401 - import cost up front

    plan = synthetic_plan(args.initiatives, args.teams, args.seed)
    t0 = time.perf_counter()
    result = make_plan(plan)
    t1 = time.perf_counter()
    conflicts = find_conflicts(plan)
    t2 = time.perf_counter()
    print(
        f"{args.initiatives} initiatives, {args.teams} teams: make_plan {t1 - t0:.2f} s "
        f"(selection {result.solver}, {result.status}, value {result.total_value:.0f}, "
        f"greedy {result.greedy_value:.0f}); delay cost {result.total_cost_of_delay:.0f}, "
        f"lower bound {result.lower_bound_cost_of_delay:.0f}, CD3 order "
        f"{result.cd3_cost_of_delay:.0f} ({result.sequencing_rule}); "
        f"find_conflicts {t2 - t1:.2f} s ({len(conflicts)} conflicts)"
    )


if __name__ == "__main__":
    main()
