"""OKR3xx: capacity and cross-team conflicts.

These checks report the conflicts of the one schedule of the plan
(:func:`okrkit.planning.build_schedule` at ``--as-of``); it is computed once per check run
and shared by all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from okrkit.checks.base import Check, CheckContext, Issue, NoOptions
from okrkit.model.aggregate import Location


class _ConflictCheck(Check[NoOptions]):
    def reports(self, ctx: CheckContext, conflict: Any) -> bool:
        """Whether this check reports ``conflict`` (not when another check already does)."""
        return True

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        plan = ctx.plan
        for conflict in ctx.conflicts_by_name.get(self.name, []):
            if not self.reports(ctx, conflict):
                continue
            location = conflict.location or Location(
                plan.files[0] if plan.files else "<plan>", 1, 1
            )
            yield Issue(
                location, str(conflict.message), conflict.subject_id or None, period=conflict.period
            )


class TeamOverCapacity(_ConflictCheck):
    """
    ## What it checks
    A team whose committed and in-progress work in a period needs more person-weeks
    (`effort_weeks`) than its `capacity` for that period.

    ## Why it matters
    An over-committed plan is a plan that will slip; knowing it at planning time is
    the cheapest moment to decide what gives.

    ## Example
    ```yaml
    teams:
      - {id: web, capacity: {2026-Q1: 20}}
    initiatives:   # 30 person-weeks committed for web in 2026-Q1
      - {id: a, title: A, team: web, period: 2026-Q1, status: committed, effort_weeks: 18}
      - {id: b, title: B, team: web, period: 2026-Q1, status: committed, effort_weeks: 12}
    ```

    ## Use instead
    Move or drop work (`okrkit plan` suggests what fits), or add capacity.
    """

    code = "OKR301"
    name = "team-over-capacity"
    summary = "A team's planned work exceeds its capacity in a period."


class WipLimitExceeded(_ConflictCheck):
    """
    ## What it checks
    A team with more initiatives `in_progress` at once than its `wip_limit`.

    ## Why it matters
    Work in progress past the limit slows everything down (Little's law): each item
    takes longer, and nothing finishes early enough to deliver value.

    ## Example
    ```yaml
    teams:
      - {id: web, wip_limit: 1}
    initiatives:
      - {id: a, title: A, team: web, status: in_progress}
      - {id: b, title: B, team: web, status: in_progress}
    ```

    ## Use instead
    Finish one before starting the next, or raise the limit deliberately.
    """

    code = "OKR302"
    name = "wip-limit-exceeded"
    summary = "A team has more work in progress than its WIP limit."
    severity = "warning"


class UnfundedDependency(_ConflictCheck):
    """
    ## What it checks
    Committed or in-progress work (or work `okrkit plan` selects for a period) that
    depends on an initiative that is planned in no period, or left below its team's cut
    line in the period (see `docs/planning.md`). A dependency on dropped work is
    `broken-dependency`'s finding, not reported a second time here.

    ## Why it matters
    A commitment that rests on work nobody committed to is not a commitment; the
    conflict between the two teams must be settled before the quarter starts.

    ## Example
    ```yaml
    initiatives:
      - {id: api, title: New API, team: platform, status: proposed}
      - {id: app, title: App, team: web, status: committed, depends_on: [api]}
    ```

    ## Use instead
    Commit the dependency in the other team's plan, or un-commit the dependent.
    """

    code = "OKR303"
    name = "unfunded-dependency"
    summary = "Committed work depends on work nobody committed to."

    def reports(self, ctx: CheckContext, conflict: Any) -> bool:
        """Not a dependency on dropped work: that is ``broken-dependency``'s finding."""
        ids = conflict.initiatives
        dep = ctx.plan.initiative_by_id.get(ids[1]) if len(ids) > 1 else None
        return dep is None or dep.status != "dropped"


class LateDependency(_ConflictCheck):
    """
    ## What it checks
    An initiative planned in a period that depends on work planned for a later
    period; or, within a period, a dependency that the plan's sequence finishes after
    the dependent must start to meet its `cost_of_delay.deadline`.

    ## Why it matters
    The dependent cannot finish before what it needs; one of the two plans is wrong.

    ## Example
    ```yaml
    initiatives:
      - {id: api, title: New API, team: platform, period: 2026-Q2}
      - {id: app, title: App, team: web, period: 2026-Q1, depends_on: [api]}
    ```

    ## Use instead
    Move the dependent later or the dependency earlier.
    """

    code = "OKR304"
    name = "late-dependency"
    summary = "Work is planned before the work it depends on."
    severity = "warning"


class MissedDeadline(_ConflictCheck):
    """
    ## What it checks
    An initiative with a `cost_of_delay.deadline` that the plan's sequence of its
    period (the order `okrkit plan` proposes) finishes after the deadline.

    ## Why it matters
    Fixed-date work loses its value (or incurs a penalty) once late; the plan should
    show it on time or say openly that it will not be.

    ## Example
    ```yaml
    initiatives:
      - {id: gdpr, title: Data export, team: web, effort_weeks: 8,
         cost_of_delay: {urgency: fixed_date, deadline: 2026-01-15}}
    ```

    ## Use instead
    Start it earlier, cut scope, or move other work out of the way.
    """

    code = "OKR305"
    name = "missed-deadline"
    summary = "Work with a deadline is planned to finish after it."
    severity = "warning"


class PriorityInversion(_ConflictCheck):
    """
    ## What it checks
    Work that waits on work of another team in the same period ranked much lower by
    the scoring method: the ranks differ by at least
    `settings.planning.priority_inversion_gap` (default 5).

    ## Why it matters
    The other team's own priorities will put the dependency last, and the important
    work will wait for it.

    ## Example
    Initiative ranked 1st in `web` depends on one ranked 40th in `platform`.

    ## Use instead
    Agree between the teams to raise the dependency's priority, or remove the
    dependency.
    """

    code = "OKR306"
    name = "priority-inversion"
    summary = "Important work waits on much less important work."
    severity = "warning"


class ConflictingKeyResults(_ConflictCheck):
    """
    ## What it checks
    Key results of objectives of different owners, in overlapping periods, that move
    the same `metric` in opposite directions (`increase`/`at_least` against
    `decrease`/`at_most`). The owner is the objective's `team`; an objective without
    one is the company's, so a company-level key result conflicts with a team's.

    ## Why it matters
    Two teams, or the company and a team, rewarded for moving one number in opposite
    ways will cancel each other's work.

    ## Example
    ```yaml
    key_results:
      - {id: kr-a, title: More signups, metric: signup_steps, direction: increase}
      - {id: kr-b, title: Shorter signup, metric: signup_steps, direction: decrease}
    ```

    ## Use instead
    Settle the trade-off in one objective, or measure different things.
    """

    code = "OKR307"
    name = "conflicting-key-results"
    summary = "Key results pull the same metric in opposite directions."
    severity = "warning"


class FinishesAfterPeriod(_ConflictCheck):
    """
    ## What it checks
    Selected work that the plan's schedule (the one `okrkit plan` and `okrkit roadmap`
    show) finishes after its period ends: its lane is busy, it waits on other work, or
    it is simply longer than what is left of the period. The message gives both dates
    and the effort carried into the team's next period.

    ## Why it matters
    Work that spills over takes capacity from the next period before anything new is
    chosen there; a plan that hides it over-promises twice.

    ## Example
    ```yaml
    periods:
      - {id: 2026-Q1, start: 2026-01-01, end: 2026-03-31}
    initiatives:   # 16 weeks of work in a 13-week quarter
      - {id: big, title: Big, team: web, period: 2026-Q1, effort_weeks: 16}
    ```

    ## Use instead
    Split the work, start it earlier, or plan it in the period where it will finish.
    """

    code = "OKR308"
    name = "finishes-after-period"
    summary = "Selected work finishes after its period ends."
    severity = "warning"
