"""OKR4xx: hygiene — time-boxes, debt, stale key results, missing estimates."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from okrkit.checks.base import Check, CheckContext, CheckOptions, Issue, NoOptions
from okrkit.dates import add_days
from okrkit.fmt import fmt_pct, plural

_FINISHED = ("done", "dropped")


class ExperimentWithoutTimebox(Check[NoOptions]):
    """
    ## What it checks
    An initiative of `kind: experiment` that is not finished and has no
    `timebox_weeks`.

    ## Why it matters
    An experiment without an end date is a project that cannot fail; the time-box is
    what forces the decision to stop, pivot or invest.

    ## Example
    ```yaml
    initiatives:
      - {id: ai-search, title: Try semantic search, team: web, kind: experiment}
    ```

    ## Use instead
    ```yaml
      - {id: ai-search, title: Try semantic search, team: web, kind: experiment,
         timebox_weeks: 4}
    ```
    """

    code = "OKR401"
    name = "experiment-without-timebox"
    summary = "An experiment has no time-box."
    severity = "warning"

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        plan = ctx.plan
        for i in plan.initiatives:
            if i.kind == "experiment" and i.status not in _FINISHED and i.timebox_weeks is None:
                yield Issue(plan.where(i), f"experiment {i.id!r} has no timebox_weeks", i.id)


class ExperimentPastTimebox(Check[NoOptions]):
    """
    ## What it checks
    An experiment `in_progress` whose `started` date plus `timebox_weeks` lies before
    the check date (`--as-of`).

    ## Why it matters
    The time-box ran out: the experiment should end with a decision (stop, pivot or
    turn it into planned work), not drift on.

    ## Example
    ```yaml
      - {id: ai-search, title: Try semantic search, team: web, kind: experiment,
         status: in_progress, started: 2026-01-05, timebox_weeks: 4}
    # checked on 2026-03-01
    ```

    ## Use instead
    Record the decision: set `status: done` (or `dropped`) and plan any follow-up as
    its own initiative.
    """

    code = "OKR402"
    name = "experiment-past-timebox"
    summary = "An experiment is still running after its time-box."
    severity = "warning"

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        plan = ctx.plan
        for i in plan.initiatives:
            if (
                i.kind != "experiment"
                or i.status != "in_progress"
                or i.started is None
                or i.timebox_weeks is None
            ):
                continue
            end = add_days(i.started, i.timebox_weeks * 7)
            if ctx.as_of > end:
                yield Issue(
                    plan.where(i, "timebox_weeks"),
                    f"experiment {i.id!r} ran past its time-box: started "
                    f"{i.started.isoformat()}, {plural(i.timebox_weeks, 'week')}, "
                    f"ended {end.isoformat()}",
                    i.id,
                )


class DebtShareOptions(CheckOptions):
    minimum: float = Field(
        default=0.1,
        ge=0.0,
        le=1.0,
        description="Smallest share of a team's capacity in a period planned for debt work.",
    )


class DebtShareBelowMinimum(Check[DebtShareOptions]):
    """
    ## What it checks
    For each team and period in which the team has planned work, the effort of the
    `kind: debt` initiatives the plan funds (done, or selected by the schedule that
    `okrkit plan` shows: debt work below the cut line does not count) as a share of the
    team's `capacity` for the period; reported when below `minimum`.

    ## Why it matters
    Debt that never gets a slice of capacity compounds until it takes all of it. A
    policy share, checked on every change, keeps the slice from being traded away.

    ## Example
    ```yaml
    teams:
      - {id: web, capacity: {2026-Q1: 40}}
    initiatives:   # no debt work for web in 2026-Q1
      - {id: a, title: A, team: web, period: 2026-Q1, effort_weeks: 30}
    ```

    ## Use instead
    ```yaml
      - {id: upgrade, title: Upgrade the framework, team: web, period: 2026-Q1,
         kind: debt, effort_weeks: 6}
    ```
    """

    code = "OKR403"
    name = "debt-share-below-minimum"
    summary = "Too little of a team's capacity goes to debt work."
    severity = "warning"

    def run(self, ctx: CheckContext, options: DebtShareOptions) -> Iterator[Issue]:
        plan = ctx.plan
        if options.minimum <= 0:
            return
        debt: dict[tuple[str, str], float] = {}
        planned: set[tuple[str, str]] = set()
        for i in ctx.live_initiatives:
            if i.period is not None:
                planned.add((i.team, i.period))
        for i in ctx.funded:
            if i.period is not None and i.kind == "debt":
                k = (i.team, i.period)
                debt[k] = debt.get(k, 0.0) + (i.effort or 0.0)
        for team in plan.teams:
            for period_id, capacity in team.capacity.items():
                k = (team.id, period_id)
                if k not in planned or capacity <= 0:
                    continue
                share = debt.get(k, 0.0) / capacity
                if share + 1e-9 < options.minimum:
                    yield Issue(
                        plan.where(team, "capacity", period_id),
                        f"team {team.id!r} funds {fmt_pct(share)} of its {period_id} "
                        f"capacity for debt work, less than {fmt_pct(options.minimum)}",
                        team.id,
                        period=period_id,
                    )


class StaleOptions(CheckOptions):
    days: int | None = Field(
        default=None,
        ge=1,
        description="Days without a check-in before a key result is stale "
        "(default: settings.status.stale_after_days, 21).",
    )


class StaleKeyResult(Check[StaleOptions]):
    """
    ## What it checks
    A key result with no check-in for `days` days or more: the definition `okrkit
    status` uses (see `docs/progress.md`). Only check-ins dated on or before the check
    date count; without one, the days count from the start of the period. Achieved key
    results, key results of a period that has not started, and key results without a
    period or check-in are never stale; a finished period's key results are reported
    only with `--include-past`.

    ## Why it matters
    A key result nobody measures is a goal nobody steers by; a stale value makes
    every status report on it fiction.

    ## Example
    ```yaml
      - id: kr-p95
        title: p95 under 200 ms
        checkins:
          - {date: 2026-01-10, value: 420}
    # checked on 2026-03-01, 50 days later
    ```

    ## Use instead
    Record a check-in (`okrkit checkin kr-p95 380`).
    """

    code = "OKR404"
    name = "stale-key-result"
    summary = "A key result has had no check-in for too long."
    severity = "warning"

    def run(self, ctx: CheckContext, options: StaleOptions) -> Iterator[Issue]:
        from okrkit.progress import key_result_progress, stale_after_days

        plan = ctx.plan
        settings = plan.settings.status
        # the threshold status reads too (options.days, validated, is the same number)
        days = options.days if options.days is not None else stale_after_days(plan)
        for o in plan.objectives:
            period = plan.period_by_id.get(o.period) if o.period is not None else None
            for index, kr in enumerate(o.key_results):
                stale = key_result_progress(
                    kr,
                    period=period,
                    commitment=o.commitment,
                    as_of=ctx.as_of,
                    band=settings.at_risk_band,
                    stale_after_days=days,
                ).staleness
                if stale is None:
                    continue
                n_days = plural(stale.days, "day")
                if stale.checked_in:
                    ago = f"before {o.period!r} ended" if stale.period_over else "ago"
                    what = f"last checked in {stale.since.isoformat()}, {n_days} {ago}"
                elif stale.period_over:
                    what = f"had no check-in in {o.period!r} ({n_days})"
                else:
                    what = f"has no check-in {n_days} into {o.period!r}"
                yield Issue(
                    plan.where(o, "key_results", index),
                    f"key result {kr.id!r} {what} (stale after {days})",
                    kr.id,
                    period=o.period,
                )


class MissingEstimatesOptions(CheckOptions):
    method: str | None = Field(
        default=None,
        description="Scoring method whose inputs must be present "
        "(default: settings.scoring.method).",
    )


class MissingEstimates(Check[MissingEstimatesOptions]):
    """
    ## What it checks
    An initiative that is not finished and lacks an input of the scoring method
    (`settings.scoring.method`, or the `method` option): for RICE, `rice.reach`,
    `rice.impact`, `rice.confidence` and `rice.effort`, and so on.

    ## Why it matters
    An initiative without estimates cannot be ranked; it silently falls to the
    bottom of every list, or is never compared at all.

    ## Example
    ```yaml
      - {id: search, title: Faster search, team: web, rice: {reach: 4000, impact: 2}}
    ```

    ## Use instead
    ```yaml
      - {id: search, title: Faster search, team: web,
         rice: {reach: 4000, impact: 2, confidence: 0.8, effort: 2}}
    ```
    """

    code = "OKR405"
    name = "missing-estimates"
    summary = "An initiative lacks inputs of the scoring method."
    severity = "warning"

    def run(self, ctx: CheckContext, options: MissingEstimatesOptions) -> Iterator[Issue]:
        from okrkit.scoring import missing_inputs

        plan = ctx.plan
        method = options.method or plan.settings.scoring.method
        for i in plan.initiatives:
            if i.status in _FINISHED:
                continue
            missing = list(missing_inputs(plan, i, method))
            if missing:
                yield Issue(
                    plan.where(i),
                    f"initiative {i.id!r} lacks inputs of {method}: {', '.join(missing)}",
                    i.id,
                )
