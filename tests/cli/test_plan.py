"""``okrkit plan``: golden output for every format, the JSON contract, options and errors."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from okrkit.report.plan import FORMATS, RENDERERS

# ruff: noqa: E501 - one initiative per line keeps the plan below readable as a table

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-01-05"
"""The first day of the small plan's first period: nothing new starts before it."""

SUFFIX = {"table": "txt", "json": "json", "markdown": "md"}

PLAN = """\
periods:
  - {id: 2026-Q1, start: 2026-01-05, end: 2026-04-05}
  - {id: 2026-Q2, start: 2026-04-06, end: 2026-07-05}
teams:
  - {id: platform, capacity: {2026-Q1: 10, 2026-Q2: 12}, wip_limit: 1}
  - {id: web, capacity: {2026-Q1: 14, 2026-Q2: 14}, wip_limit: 2}
settings:
  scoring: {method: cd3}
  planning: {priority_inversion_gap: 3}
objectives:
  - id: grow
    title: Grow signups
    team: web
    period: 2026-Q1
    key_results:
      - {id: signup-rate, title: More signups, metric: signup_rate, direction: increase}
  - id: protect
    title: Fewer fake accounts
    team: platform
    period: 2026-Q1
    key_results:
      - {id: signup-friction, title: Stricter signup, metric: signup_rate, direction: at_most}
initiatives:
  - {id: sso, title: Single sign-on, team: platform, period: 2026-Q1, status: committed, effort_weeks: 6, cost_of_delay: {per_week: 3000}}
  - {id: api-v2, title: API v2, team: platform, period: 2026-Q1, effort_weeks: 6, cost_of_delay: {per_week: 500}}
  - {id: audit-log, title: Audit log, team: platform, period: 2026-Q1, effort_weeks: 4, cost_of_delay: {per_week: 1000}}
  - {id: checkout, title: New checkout, team: web, period: 2026-Q1, status: committed, effort_weeks: 6, depends_on: [api-v2], cost_of_delay: {per_week: 8000, urgency: fixed_date, deadline: 2026-02-15}}
  - {id: landing, title: Landing page, team: web, period: 2026-Q1, effort_weeks: 4, cost_of_delay: {per_week: 2400}}
  - {id: onboarding, title: Onboarding, team: web, period: 2026-Q1, effort_weeks: 5, cost_of_delay: {per_week: 2500}}
  - {id: referrals, title: Referrals, team: web, period: 2026-Q1, effort_weeks: 3, cost_of_delay: {per_week: 1200}}
  - {id: dark-mode, title: Dark mode, team: web, period: 2026-Q1, effort_weeks: 2, depends_on: [themes], cost_of_delay: {per_week: 100}}
  - {id: themes, title: Themes, team: web, period: 2026-Q2, effort_weeks: 2, cost_of_delay: {per_week: 100}}
"""


@pytest.fixture
def plan_dir(write_plan) -> Path:
    return write_plan(PLAN).parent


def test_every_format_has_a_renderer_and_a_golden_file() -> None:
    assert set(FORMATS) == set(SUFFIX) == set(RENDERERS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_small_plan(run_cli, golden, plan_dir: Path, fmt: str) -> None:
    result = run_cli("plan", "okrkit.yaml", "--as-of", AS_OF, "--format", fmt, cwd=plan_dir)
    assert result.exit_code == 0, result.stderr
    golden(f"plan/small-q1.{SUFFIX[fmt]}", result.stdout)


def test_golden_small_plan_greedy(run_cli, golden, plan_dir: Path) -> None:
    result = run_cli("plan", "okrkit.yaml", "--as-of", AS_OF, "--select", "greedy", cwd=plan_dir)
    assert result.exit_code == 0, result.stderr
    golden("plan/small-q1-greedy.txt", result.stdout)


@pytest.mark.parametrize("period", ["2026-Q1", "2026-Q2"])
def test_golden_acme(run_cli, golden, period: str) -> None:
    result = run_cli("plan", "examples/acme", "--as-of", "2026-01-01", "--period", period, cwd=ROOT)
    assert result.exit_code == 0, result.stderr
    golden(f"plan/acme-{period}.txt", result.stdout)


def test_json_contract(run_cli, plan_dir: Path) -> None:
    result = run_cli("plan", "okrkit.yaml", "--as-of", AS_OF, "-f", "json", cwd=plan_dir)
    data = json.loads(result.stdout)
    assert set(data) >= {
        "period",
        "method",
        "selected",
        "not_selected",
        "schedule",
        "total_value",
        "total_cost_of_delay",
        "lower_bound_cost_of_delay",
        "teams",
    }
    assert (data["period"], data["method"], data["select"]) == ("2026-Q1", "cd3", "optimal")
    assert set(data["not_selected"][0]) >= {"id", "reason"}
    assert set(data["schedule"][0]) >= {"id", "team", "start_week", "finish_week"}
    assert set(data["teams"][0]) >= {"id", "capacity_weeks", "planned_weeks", "utilization"}
    assert data["lower_bound_cost_of_delay"] <= data["total_cost_of_delay"]
    for s in data["schedule"]:
        assert s["finish_week"] >= s["start_week"]
    selected = set(data["selected"])
    assert {"sso", "checkout"} <= selected  # committed work is always in
    assert {s["id"] for s in data["schedule"]} == selected
    assert not selected & {n["id"] for n in data["not_selected"]}
    # the optimal selection beats the score-order cut line here, and both totals are shown
    assert data["optimal_total_value"] > data["greedy_total_value"]
    names = {c["name"] for c in data["conflicts"]}
    assert names >= {"unfunded-dependency", "conflicting-key-results", "late-dependency"}
    for c in data["conflicts"]:
        assert c["location"].startswith("okrkit.yaml:")


def test_markdown_and_table_agree_on_totals(run_cli, plan_dir: Path) -> None:
    table = run_cli("plan", "okrkit.yaml", "--as-of", AS_OF, cwd=plan_dir).stdout
    md = run_cli("plan", "okrkit.yaml", "--as-of", AS_OF, "-f", "markdown", cwd=plan_dir).stdout
    first = table.splitlines()[1]
    assert first in md


def test_output_file(run_cli, plan_dir: Path) -> None:
    result = run_cli(
        "plan", "okrkit.yaml", "--as-of", AS_OF, "-f", "json", "-o", "plan.json", cwd=plan_dir
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads((plan_dir / "plan.json").read_text())["period"] == "2026-Q1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "--format: 'xml' is not one of: table, json, markdown"),
        (["--select", "best"], "--select: 'best' is not one of: optimal, greedy"),
        (["--period", "2030-Q1"], "unknown period '2030-Q1'"),
    ],
)
def test_usage_errors(run_cli, plan_dir: Path, args: list[str], message: str) -> None:
    result = run_cli("plan", "okrkit.yaml", "--as-of", AS_OF, *args, cwd=plan_dir)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_by_method_changes_the_value(run_cli, plan_dir: Path) -> None:
    result = run_cli(
        "plan", "okrkit.yaml", "--as-of", AS_OF, "--by", "rice", "-f", "json", cwd=plan_dir
    )
    data = json.loads(result.stdout)
    assert data["method"] == "rice"
    assert data["total_value"] == 0  # nothing has RICE inputs: not scored, counted as 0
    assert len(data["not_scored"]) == 8


def test_planning_does_not_load_the_solver_when_none_is_needed(plan_dir: Path) -> None:
    """Startup cost: HiGHS is loaded only for components too large for pure Python."""
    import subprocess

    code = (
        "import sys; from okrkit.load import load_plan; from okrkit.planning import "
        "find_conflicts, make_plan; p = load_plan('okrkit.yaml', use_cache=False); "
        "make_plan(p); find_conflicts(p); "
        "print(*(m in sys.modules for m in ('okrkit.planning.milp', 'highsbox', 'numpy')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=plan_dir, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False", "False"]


def test_columns_gives_the_80_column_layout_and_no_colour_when_piped(run_cli, golden) -> None:
    args = ("plan", "examples/acme", "--as-of", "2026-02-15")
    result = run_cli(*args, cwd=ROOT, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    golden("plan/acme-2026-Q1-80col.txt", result.stdout)  # the renderer's, via the CLI


def test_colour_on_a_terminal_and_none_with_no_color(run_tty) -> None:  # type: ignore[no-untyped-def]
    args = ("plan", "examples/acme", "--as-of", "2026-02-15", "--no-cache")
    code, shown = run_tty(*args)
    assert code == 0
    assert "\x1b[36min_progress\x1b[0m" in shown
    assert max(len(line) for line in re.sub(r"\x1b\[[0-9;]*m", "", shown).splitlines()) <= 80
    code, plain = run_tty(*args, env={"NO_COLOR": "1"})
    assert code == 0 and "\x1b[" not in plain
    assert plain == re.sub(r"\x1b\[[0-9;]*m", "", shown)


def test_no_solver_header_is_true_when_unscored_work_is_left_out(run_cli, write_plan) -> None:
    """The header said "everything fitted" beside "Selected 0 of 1" (#37): it says what
    is true, that nothing was left out for capacity."""
    path = write_plan(
        """\
        version: 1
        periods: [{id: q1, start: 2026-01-01, end: 2026-03-31}]
        teams: [{id: web, capacity: {q1: 10}}]
        initiatives:
          - {id: a, title: Alpha, team: web, period: q1, effort_weeks: 2}
        """
    )
    result = run_cli("plan", path, "--as-of", "2026-01-05")
    assert result.exit_code == 0, result.stderr
    assert "Selected 0 of 1 initiative," in result.stdout
    assert "everything fitted" not in result.stdout
    assert "Selection: no solver needed, nothing was left out for lack of capacity" in result.stdout


def test_counts_of_one_are_singular(run_cli, write_plan) -> None:
    """No "1 initiatives" (#26): one plural rule, okrkit.fmt.plural, in every count."""
    path = write_plan(
        """\
        version: 1
        periods: [{id: q1, start: 2026-01-05, end: 2026-01-11}]
        teams: [{id: web, capacity: {q1: 10}}]
        initiatives:
          - id: a
            title: Alpha
            team: web
            period: q1
            status: committed
            effort_weeks: 2
            rice: {reach: 10, impact: 1, confidence: 1, effort: 1}
        """
    )
    result = run_cli("plan", path, "--as-of", "2026-01-05")
    assert result.exit_code == 0, result.stderr
    assert "Selected 1 of 1 initiative, total value" in result.stdout
    assert "Spill-over past the period's end (2026-01-11): 1 initiative\n" in result.stdout
    assert "1 initiatives" not in result.stdout
