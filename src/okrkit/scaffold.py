"""The JSON Schema of the plan format and the starter plan that ``okrkit init`` writes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from okrkit.dates import LAST, last_of_month

SCHEMA_ID = "https://okrkit.dev/schema/plan-v1.json"
SCHEMA_FILE = "okrkit.schema.json"
PLAN_FILE = "okrkit.yaml"


def plan_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one plan file, generated from the model."""
    from okrkit.model.plan import FORMAT_VERSION, PlanFile

    schema = PlanFile.model_json_schema(mode="validation")
    out: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"okrkit plan (format version {FORMAT_VERSION})",
        "description": (
            "One file of an okrkit plan. A plan is one file or a folder of them; every "
            "file may hold any of these sections. See docs/format.md."
        ),
    }
    out.update({k: v for k, v in schema.items() if k not in ("title", "description")})
    return out


def schema_text() -> str:
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"


def _quarter(day: dt.date) -> tuple[str, dt.date, dt.date]:
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    return f"{day.year}-Q{q + 1}", start, last_of_month(day.year, 3 * q + 3)


PLANNING_SEASON_WEEKS = 8
"""With fewer weeks than this left in the quarter, ``init`` plans the next quarter (the
starter work would not fit the rest of this one: nothing new starts before today)."""


def _planned_quarter(day: dt.date) -> tuple[str, dt.date, dt.date]:
    period, start, end = _quarter(day)
    if (end - day).days + 1 < PLANNING_SEASON_WEEKS * 7 and end < LAST:
        return _quarter(end + dt.timedelta(days=1))
    return period, start, end


def starter_plan(today: dt.date) -> str:
    """A small commented plan for the quarter that holds ``today`` (the next one in its
    last weeks, see ``PLANNING_SEASON_WEEKS``); it passes every check."""
    period, start, end = _planned_quarter(today)
    horizon = dt.date(min(today.year + 1, LAST.year), 12, 31)
    return f"""\
# yaml-language-server: $schema={SCHEMA_FILE}
#
# An okrkit plan. Edit it, then run:
#   okrkit validate      # is the file well formed?
#   okrkit score         # rank the initiatives
#   okrkit plan          # what fits this quarter, in what order
#   okrkit check         # the CI gate
# The format is documented in docs/format.md of okrkit.
version: 1

vision:
  statement: Our customers get what they need the day they ask.
  horizon: {horizon.isoformat()}
  principles:
    - id: short-experiments
      statement: Experiments are small and time-boxed.
      rule:
        applies_to: "kind == 'experiment'"
        require: "timebox_weeks <= 6 and effort_weeks <= 4"
  pillars:
    - {{id: reliability, name: Reliability, target_share: 0.3}}
    - {{id: growth, name: Growth, target_share: 0.7}}

periods:
  - {{id: {period}, start: {start.isoformat()}, end: {end.isoformat()}}}

teams:
  - id: core
    name: Core team
    lead: Sam Lee                  # who leads the team
    capacity: {{{period}: 40}}     # person-weeks available in the period
    wip_limit: 2                   # initiatives in progress at once

objectives:
  - id: faster-delivery
    title: Customers get what they ordered the same day
    description: Why it matters now, in a sentence or two.
    pillar: growth
    team: core
    period: {period}
    commitment: committed          # committed | aspirational
    owner: Sam Lee                 # who answers for it
    tags: [delivery]               # labels: okrkit score --tag delivery
    links:                         # tracker issues, documents, dashboards
      - https://example.com/tracker/DEL-1
    meta: {{}}                       # your own data, kept and passed to JSON outputs
    key_results:
      - id: delivery-hours
        title: Median delivery time under 24 hours
        metric: delivery_hours_p50
        unit: hours
        direction: decrease        # increase | decrease | at_least | at_most | milestone
        baseline: 72
        target: 24
        indicator: leading         # leading: moves early, steers the work | lagging: the outcome
        checkins:
          - {{date: {today.isoformat()}, value: 72, confidence: 0.6, note: starting point}}
  - id: stable-service
    title: A service customers can rely on
    pillar: reliability
    team: core
    period: {period}
    key_results:
      - id: error-rate
        title: Error rate at most 0.5%
        metric: error_rate_percent
        unit: percent
        direction: at_most
        baseline: 1.5
        target: 0.5
        checkins:
          - {{date: {today.isoformat()}, value: 1.5, confidence: 0.7, note: starting point}}

initiatives:
  - id: same-day-dispatch
    title: Same-day dispatch
    team: core
    kind: feature                  # feature | enabler | debt | experiment
    status: proposed               # proposed | committed | in_progress | done | dropped
    period: {period}
    key_results: [delivery-hours]
    depends_on: [order-events]
    effort_weeks: 12               # person-weeks of work
    duration_weeks: 6              # calendar weeks once started
    owner: Sam Lee
    tags: [delivery]
    links: [{{title: Design, url: "https://example.com/docs/dispatch"}}]
    rice: {{reach: 2000, impact: 2, confidence: 0.8, effort: 3}}
    cost_of_delay: {{per_week: 5000, urgency: standard}}
  - id: order-events
    title: Order event stream
    team: core
    kind: enabler
    status: proposed
    period: {period}
    key_results: [delivery-hours]
    effort_weeks: 6
    rice: {{reach: 2000, impact: 1, confidence: 0.8, effort: 1.5}}
    cost_of_delay: {{per_week: 2000, urgency: standard}}
  - id: retry-budget
    title: Retry budgets for flaky dependencies
    team: core
    kind: debt
    status: proposed
    period: {period}
    key_results: [error-rate]
    effort_weeks: 8
    rice: {{reach: 5000, impact: 1, confidence: 0.8, effort: 2}}
    cost_of_delay: {{per_week: 3000, urgency: standard}}
  - id: checkout-copy-test
    title: Checkout copy experiment
    team: core
    kind: experiment
    status: proposed
    period: {period}
    key_results: [delivery-hours]
    effort_weeks: 2
    timebox_weeks: 3
    rice: {{reach: 1000, impact: 0.5, confidence: 0.5, effort: 0.5}}
    cost_of_delay: {{per_week: 1000, urgency: standard}}
"""
