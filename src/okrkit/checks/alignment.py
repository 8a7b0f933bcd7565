"""OKR2xx: alignment of objectives, key results and initiatives with the vision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from okrkit.checks.base import Check, CheckContext, CheckOptions, Issue, NoOptions
from okrkit.fmt import fmt_num, fmt_pct, plural


class ObjectiveWithoutPillar(Check[NoOptions]):
    """
    ## What it checks
    An objective with no `pillar`, in a plan whose vision defines pillars.

    ## Why it matters
    The pillars are how the vision becomes work; an objective outside them is either
    a missing link or drift away from the strategy.

    ## Example
    ```yaml
    objectives:
      - {id: o-search, title: Search people love, team: web, period: 2026-Q1}
    ```

    ## Use instead
    ```yaml
    objectives:
      - {id: o-search, title: Search people love, team: web, period: 2026-Q1,
         pillar: delight}
    ```
    """

    code = "OKR201"
    name = "objective-without-pillar"
    summary = "An objective serves no pillar of the vision."
    severity = "warning"

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        plan = ctx.plan
        if not plan.pillars:
            return
        for o in plan.objectives:
            if o.pillar is None:
                yield Issue(
                    plan.where(o),
                    f"objective {o.id!r} serves no pillar of the vision",
                    o.id,
                    period=o.period,
                )


class OrphanInitiative(Check[NoOptions]):
    """
    ## What it checks
    An initiative that is not dropped and lists no `key_results`.

    ## Why it matters
    Work that serves no key result cannot be traced to an objective or to the vision,
    and its value cannot be judged against the plan's goals.

    ## Example
    ```yaml
    initiatives:
      - {id: redesign, title: Redesign settings page, team: web}
    ```

    ## Use instead
    ```yaml
    initiatives:
      - {id: redesign, title: Redesign settings page, team: web,
         key_results: [kr-self-serve]}
    ```
    """

    code = "OKR202"
    name = "orphan-initiative"
    summary = "An initiative serves no key result."
    severity = "warning"

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        plan = ctx.plan
        for i in ctx.live_initiatives:
            if not i.key_results:
                yield Issue(plan.where(i), f"initiative {i.id!r} serves no key result", i.id)


class UnsupportedKeyResult(Check[NoOptions]):
    """
    ## What it checks
    A key result that no initiative (other than dropped ones) lists in its
    `key_results`.

    ## Why it matters
    A goal with no work behind it will only be met by luck; either plan the work or
    admit the key result is not a priority this period.

    ## Example
    ```yaml
    objectives:
      - id: o-speed
        title: Fast everywhere
        key_results:
          - {id: kr-p95, title: p95 under 200 ms, direction: decrease,
             baseline: 450, target: 200}
    initiatives: []   # nothing serves kr-p95
    ```

    ## Use instead
    ```yaml
    initiatives:
      - {id: cache, title: Edge cache, team: platform, key_results: [kr-p95]}
    ```
    """

    code = "OKR203"
    name = "unsupported-key-result"
    summary = "No initiative serves a key result."
    severity = "warning"

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        plan = ctx.plan
        served = ctx.served_key_results
        for o in plan.objectives:
            for index, kr in enumerate(o.key_results):
                if kr.id not in served:
                    yield Issue(
                        plan.where(o, "key_results", index),
                        f"no initiative serves key result {kr.id!r}",
                        kr.id,
                        period=o.period,
                    )


_NEEDS: dict[str, tuple[str, ...]] = {
    "increase": ("baseline", "target"),
    "decrease": ("baseline", "target"),
    "at_least": ("target",),
    "at_most": ("target",),
    "milestone": (),
}


class UnmeasurableKeyResult(Check[NoOptions]):
    """
    ## What it checks
    A key result whose progress cannot be computed: it has no `direction`; or it
    moves a number (`increase`, `decrease`) without both a `baseline` and a
    `target`; or it holds a line (`at_least`, `at_most`) without a `target`.
    A `milestone` needs neither.

    ## Why it matters
    A key result is a measurement. Without a starting point, a goal and a direction,
    nobody can say at the end of the period whether it was met.

    ## Example
    ```yaml
    key_results:
      - {id: kr-nps, title: Improve NPS, metric: nps}
    ```

    ## Use instead
    ```yaml
    key_results:
      - {id: kr-nps, title: NPS from 31 to 45, metric: nps,
         direction: increase, baseline: 31, target: 45}
    ```
    """

    code = "OKR204"
    name = "unmeasurable-key-result"
    summary = "A key result lacks a baseline, target or direction."

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        plan = ctx.plan
        for o in plan.objectives:
            for index, kr in enumerate(o.key_results):
                if kr.direction is None:
                    missing = ["direction"]
                    missing += [f for f in ("baseline", "target") if getattr(kr, f) is None]
                else:
                    missing = [f for f in _NEEDS[kr.direction] if getattr(kr, f) is None]
                if missing:
                    yield Issue(
                        plan.where(o, "key_results", index),
                        f"key result {kr.id!r} cannot be measured: no {', '.join(missing)}",
                        kr.id,
                        period=o.period,
                    )


class TargetAgainstDirection(Check[NoOptions]):
    """
    ## What it checks
    A key result whose target lies on the wrong side of its baseline for its
    direction: an `increase` with `target` below `baseline`, or a `decrease` with
    `target` above it.

    ## Why it matters
    Direction and numbers contradict each other, so one of them is a typo. okrkit
    computes progress as written (towards the target), which is then the opposite of
    what the direction says: a team that improves the metric shows negative progress,
    or the reverse (see `docs/progress.md`).

    ## Example
    ```yaml
    key_results:
      - {id: kr-p95, title: p95 from 450 ms to 200 ms, direction: increase,
         baseline: 450, target: 200}
    ```

    ## Use instead
    ```yaml
      - {id: kr-p95, title: p95 from 450 ms to 200 ms, direction: decrease,
         baseline: 450, target: 200}
    ```
    """

    code = "OKR210"
    name = "target-against-direction"
    summary = "A key result's target lies against its direction from the baseline."

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        plan = ctx.plan
        for o in plan.objectives:
            for kr in o.key_results:
                if kr.baseline is None or kr.target is None:
                    continue
                if kr.direction == "increase" and kr.target < kr.baseline:
                    side = "below"
                elif kr.direction == "decrease" and kr.target > kr.baseline:
                    side = "above"
                else:
                    continue
                yield Issue(
                    plan.where(kr, "target"),
                    f"key result {kr.id!r} is to {kr.direction} but its target "
                    f"{fmt_num(kr.target)} is {side} its baseline {fmt_num(kr.baseline)}",
                    kr.id,
                    period=o.period,
                )


class NoLeadingIndicator(Check[NoOptions]):
    """
    ## What it checks
    An objective whose key results are all marked `indicator: lagging`: none is a
    leading indicator. Key results without an `indicator` are not counted either way.

    ## Why it matters
    A lagging indicator (revenue, churn, incidents) reports an outcome after the fact;
    a leading indicator (activation, review time, deploys) moves early and responds to
    the work. A leader steers by leading indicators and reports on lagging ones: with
    only lagging key results, the team learns whether it is on track when it is too
    late to change course.

    ## Example
    ```yaml
    key_results:
      - {id: kr-churn, title: Churn from 4% to 3%, indicator: lagging, ...}
      - {id: kr-nrr, title: Net revenue retention to 110%, indicator: lagging, ...}
    ```

    ## Use instead
    ```yaml
    key_results:
      - {id: kr-churn, title: Churn from 4% to 3%, indicator: lagging, ...}
      - {id: kr-health, title: Accounts with a health check from 20% to 80%,
         indicator: leading, ...}
    ```
    """

    code = "OKR211"
    name = "no-leading-indicator"
    summary = "An objective's key results are all lagging indicators."
    severity = "warning"

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        plan = ctx.plan
        for o in plan.objectives:
            krs = o.key_results
            if krs and all(kr.indicator == "lagging" for kr in krs):
                yield Issue(
                    plan.where(o, "key_results", key=True),
                    f"objective {o.id!r} has only lagging key results "
                    f"({', '.join(kr.id for kr in krs)}); add a leading indicator to steer by",
                    o.id,
                    period=o.period,
                )


class PillarWithoutObjectives(Check[NoOptions]):
    """
    ## What it checks
    A pillar of the vision that no objective names in its `pillar`.

    ## Why it matters
    A pillar nobody works on is a part of the vision that is not happening. Either
    plan for it or take it out of the vision.

    ## Example
    ```yaml
    vision:
      statement: The fastest way to ship software.
      pillars:
        - {id: speed, name: Speed}
        - {id: trust, name: Trust}   # no objective has pillar: trust
    ```

    ## Use instead
    ```yaml
    objectives:
      - {id: o-audit, title: Auditable by default, pillar: trust}
    ```
    """

    code = "OKR205"
    name = "pillar-without-objectives"
    summary = "A pillar of the vision has no objectives."
    severity = "warning"

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        plan = ctx.plan
        counts = ctx.objectives_by_pillar
        for p in plan.pillars:
            if counts.get(p.id, 0) == 0:
                yield Issue(plan.where(p), f"no objective serves pillar {p.id!r}", p.id)


class PillarShareDriftOptions(CheckOptions):
    tolerance: float = Field(
        default=0.1,
        ge=0.0,
        le=1.0,
        description="Largest accepted difference between actual and target share.",
    )


class PillarShareDrift(Check[PillarShareDriftOptions]):
    """
    ## What it checks
    For each pillar with a `target_share`, the share of funded effort that goes to
    it, compared with the target. Funded effort is the point value of `effort_weeks`
    of the work the plan funds: done work, and open work the schedule selects (what
    `okrkit plan` shows above the cut line, in every period; every open initiative when
    the plan defines no periods); an initiative counts for
    the pillars of the objectives of its key results, split equally between them. The
    share is of all funded effort (work aligned to no pillar counts in the total). Reported when
    the difference exceeds `tolerance` (an absolute share: 0.1 is ten points).

    ## Why it matters
    A vision that says "40% on reliability" and a plan that gives it 10% disagree;
    the plan wins by default unless someone notices.

    ## Example
    ```yaml
    vision:
      pillars:
        - {id: reliability, name: Reliability, target_share: 0.4}
    # ... but reliability initiatives add up to 10% of effort_weeks
    ```

    ## Use instead
    Re-balance the initiatives, or change the `target_share` on purpose, in review.
    """

    code = "OKR206"
    name = "pillar-share-drift"
    summary = "Planned effort per pillar strays from the vision's target share."
    severity = "warning"

    def run(self, ctx: CheckContext, options: PillarShareDriftOptions) -> Iterator[Issue]:
        plan = ctx.plan
        targets = [p for p in plan.pillars if p.target_share is not None]
        if not targets:
            return
        from okrkit.planning.shares import effort_by_pillar as by_pillar

        effort_by_pillar, total = by_pillar(plan, ctx.funded)
        if total <= 0:
            return
        for p in targets:
            target = p.target_share or 0.0
            share = effort_by_pillar.get(p.id, 0.0) / total
            if abs(share - target) > options.tolerance + 1e-9:
                yield Issue(
                    plan.where(p, "target_share"),
                    f"pillar {p.id!r} gets {fmt_pct(share)} of funded effort, "
                    f"target {fmt_pct(target)} (tolerance {fmt_pct(options.tolerance)})",
                    p.id,
                )


class MaxOptions(CheckOptions):
    max: int = Field(default=5, ge=1, description="The most allowed.")


class MaxObjectivesOptions(MaxOptions):
    max: int = Field(
        default=5, ge=1, description="Most objectives one team may have in one period."
    )


class MaxKeyResultsOptions(MaxOptions):
    max: int = Field(
        default=5, ge=1, description="Most key results one team may have in one period."
    )
    per: Literal["team-period", "objective"] = Field(
        default="team-period",
        description="Count key results per team and period, or per objective.",
    )


def _group_label(team: str | None, period: str | None) -> str:
    who = f"team {team!r}" if team is not None else "the plan (no team)"
    when = f" in {period!r}" if period is not None else ""
    return who + when


class TooManyObjectives(Check[MaxObjectivesOptions]):
    """
    ## What it checks
    More than `max` objectives for one team in one period (objectives without a team
    or period are grouped together). Reported at the first objective over the limit.

    ## Why it matters
    OKRs are a tool for focus. Five objectives is already a lot; past that, nothing
    is a priority.

    ## Example
    Six objectives with `team: web` and `period: 2026-Q1`.

    ## Use instead
    Keep the three to five that matter most; move the rest to the backlog or a later
    period.
    """

    code = "OKR207"
    name = "too-many-objectives"
    summary = "A team has too many objectives in one period."
    severity = "warning"

    def run(self, ctx: CheckContext, options: MaxObjectivesOptions) -> Iterator[Issue]:
        plan = ctx.plan
        counts: dict[tuple[str | None, str | None], int] = {}
        totals: dict[tuple[str | None, str | None], int] = {}
        for o in plan.objectives:
            k = (o.team, o.period)
            totals[k] = totals.get(k, 0) + 1
        for o in plan.objectives:
            k = (o.team, o.period)
            n = counts.get(k, 0) + 1
            counts[k] = n
            if n == options.max + 1:
                yield Issue(
                    plan.where(o),
                    f"{_group_label(*k)} has {plural(totals[k], 'objective')}, "
                    f"more than {options.max}",
                    o.id,
                    period=o.period,
                )


class TooManyKeyResults(Check[MaxKeyResultsOptions]):
    """
    ## What it checks
    More than `max` key results for one team in one period, across that team's
    objectives (objectives without a team or period are grouped together). With
    `per: objective`, more than `max` key results in one objective. Reported at the
    first key result over the limit.

    ## Why it matters
    A team can move a handful of numbers in a quarter. Three to five key results say
    what success means; a long list says nobody chose.

    ## Example
    Team `web` in `2026-Q1` with two objectives of four key results each (eight).

    ## Use instead
    Keep the few that best measure the team's objectives; the rest are metrics to
    watch, not goals.
    """

    code = "OKR208"
    name = "too-many-key-results"
    summary = "A team has too many key results in one period."
    severity = "warning"

    def run(self, ctx: CheckContext, options: MaxKeyResultsOptions) -> Iterator[Issue]:
        plan = ctx.plan
        if options.per == "objective":
            for o in plan.objectives:
                n = len(o.key_results)
                if n > options.max:
                    yield Issue(
                        plan.where(o, "key_results", options.max),
                        f"objective {o.id!r} has {plural(n, 'key result')}, "
                        f"more than {options.max}",
                        o.id,
                        period=o.period,
                    )
            return
        totals: dict[tuple[str | None, str | None], int] = {}
        for o in plan.objectives:
            k = (o.team, o.period)
            totals[k] = totals.get(k, 0) + len(o.key_results)
        counts: dict[tuple[str | None, str | None], int] = {}
        for o in plan.objectives:
            k = (o.team, o.period)
            before = counts.get(k, 0)
            counts[k] = before + len(o.key_results)
            if before <= options.max < counts[k]:
                kr = o.key_results[options.max - before]
                yield Issue(
                    plan.where(kr),
                    f"{_group_label(*k)} has {plural(totals[k], 'key result')}, "
                    f"more than {options.max}",
                    kr.id,
                    period=o.period,
                )


class OutsideVisionHorizon(Check[NoOptions]):
    """
    ## What it checks
    A period that ends after the vision's `horizon` date.

    ## Why it matters
    Planning beyond the horizon means planning against a vision that has expired:
    renew the vision first, then plan.

    ## Example
    ```yaml
    vision: {statement: ..., horizon: 2026-12-31}
    periods:
      - {id: 2027-Q1, start: 2027-01-01, end: 2027-03-31}
    ```

    ## Use instead
    Extend the vision's `horizon` (after reviewing the vision), or plan within it.
    """

    code = "OKR209"
    name = "outside-vision-horizon"
    summary = "A period ends after the vision's horizon."
    severity = "warning"

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        plan = ctx.plan
        horizon = plan.vision.horizon if plan.vision else None
        if horizon is None:
            return
        for p in plan.periods:
            if p.end > horizon:
                yield Issue(
                    plan.where(p, "end"),
                    f"period {p.id!r} ends {p.end.isoformat()}, "
                    f"after the vision's horizon {horizon.isoformat()}",
                    p.id,
                )
