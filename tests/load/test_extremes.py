"""Numbers and dates at the edges: one clean line and exit 2, or a right answer.

Each case was a crash or an invalid output once: a number of 1e26 or more in a table,
``effort_weeks`` of 1e303 (``round(inf)`` in ``deps``), a range ``{low: 1e308, high:
1e308}`` whose midpoint was infinite (``Infinity`` in JSON), baseline and target of
±1e308 (``"progress": NaN``), a time-box of 1e300 weeks (a date overflow), a period ending
9999-12-31 and ``init --as-of`` in the last quarter of 9999, an integer too large for a
float in an expression's ``in [...]`` list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

PLAN = """\
vision:
  statement: s
  principles:
    - id: p1
      statement: small bets
      rule: {{applies_to: "kind == 'experiment'", require: "{require}"}}
periods:
  - {{id: q1, start: {start}, end: {end}}}
teams:
  - {{id: t, capacity: {{q1: 10}}}}
objectives:
  - id: o
    title: O
    period: q1
    key_results:
      - id: k
        title: K
        baseline: {baseline}
        target: {target}
        direction: increase
        checkins: [{{date: {checkin}, value: {value}}}]
initiatives:
  - id: a
    title: A
    team: t
    period: q1
    key_results: [k]
    effort_weeks: {effort}
    rice: {{reach: {reach}, impact: 1, confidence: 1, effort: 1}}
    cost_of_delay: {{per_week: {reach}}}
  - id: b
    title: B
    team: t
    period: q1
    depends_on: [a]
    effort_weeks: 1
    kind: experiment
    status: in_progress
    started: {start}
    timebox_weeks: {timebox}
"""

DEFAULTS = {
    "require": "timebox_weeks <= 4",
    "start": "2026-01-01",
    "end": "2026-03-31",
    "checkin": "2026-01-10",
    "baseline": "0",
    "target": "10",
    "value": "5",
    "effort": "2",
    "reach": "10",
    "timebox": "2",
}

AS_OF = "2026-02-01"

# every command, in every format that is not a file for another tool
RUNS = [
    ("validate",),
    ("validate", "--format", "json"),
    ("score",),
    ("score", "--format", "json"),
    ("score", "--format", "csv"),
    ("score", "--format", "markdown"),
    ("explain", "a"),
    ("explain", "a", "--format", "json"),
    ("deps",),
    ("deps", "--format", "json"),
    ("deps", "--format", "mermaid"),
    ("plan",),
    ("plan", "--format", "json"),
    ("plan", "--format", "markdown"),
    ("status",),
    ("status", "--format", "json"),
    ("status", "--format", "markdown"),
    ("check",),
    ("check", "--format", "json"),
    ("check", "--format", "sarif"),
    ("check", "--format", "junit"),
    ("check", "--format", "markdown"),
]


def _strict_json(text: str) -> Any:
    def refuse(token: str) -> None:
        raise AssertionError(f"{token} is not JSON")

    return json.loads(text, parse_constant=refuse)


def _write(tmp_path: Path, **changes: str) -> Path:
    path = tmp_path / "okrkit.yaml"
    path.write_text(PLAN.format(**{**DEFAULTS, **changes}), encoding="utf-8")
    return path


def _every_command(run_cli, path: Path, as_of: str = AS_OF) -> None:  # type: ignore[no-untyped-def]
    for args in RUNS:
        extra = ("--as-of", as_of) if args[0] in ("status", "check", "plan") else ()
        result = run_cli(*args, path, *extra, "--no-cache")
        assert result.exit_code in (0, 1), (args, result.stderr)
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr
        if "json" in args or "sarif" in args:
            _strict_json(result.stdout)


def test_the_base_plan_is_valid(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _every_command(run_cli, _write(tmp_path))


@pytest.mark.parametrize("big", ["1e26", "1e30", "1e300", "99999999999999999999999999999"])
def test_huge_numbers_in_every_table(run_cli, tmp_path: Path, big: str) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, reach=big, value=big, target=big, baseline="0")
    _every_command(run_cli, path)


def test_progress_of_the_widest_range_is_a_number(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, baseline="-1e308", target="1e308", value="1e308")
    _every_command(run_cli, path)
    data = _strict_json(run_cli("status", path, "--format", "json", "--as-of", AS_OF).stdout)
    kr = data["objectives"][0]["key_results"][0]
    assert kr["progress"] == 1.0


def test_progress_that_overflows_is_unmeasurable(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, baseline="0", target="1e-300", value="1e300")
    _every_command(run_cli, path)
    data = _strict_json(run_cli("status", path, "--format", "json", "--as-of", AS_OF).stdout)
    kr = data["objectives"][0]["key_results"][0]
    assert kr["progress"] is None
    assert "overflows" in json.dumps(kr)


@pytest.mark.parametrize(
    ("effort", "columns"),
    [("1e303", [19]), ("{low: 1e308, high: 1e308}", [25, 38]), ("{low: 1, high: 2e9}", [34])],
)
def test_effort_beyond_any_schedule_is_refused_with_its_line(  # type: ignore[no-untyped-def]
    run_cli, tmp_path: Path, effort: str, columns: list[int]
) -> None:
    _write(tmp_path, effort=effort)
    for args in (("validate",), ("deps",), ("explain", "a"), ("plan", "--format", "json")):
        result = run_cli(*args, "okrkit.yaml", "--no-cache", cwd=tmp_path)
        assert result.exit_code == 2
        assert "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        assert all(": must be at most 1000000000, got " in line for line in lines), lines
        assert [line.split(": ")[0] for line in lines] == [f"okrkit.yaml:28:{c}" for c in columns]


def test_a_range_midpoint_is_finite(tmp_path: Path) -> None:
    from okrkit.model.plan import Range

    assert Range(low=1e308, high=1e308).point == 1e308
    assert Range(low=1.0, high=2.0).point == 1.5


def test_a_huge_time_box_never_ends(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, timebox="1e9", require="true")
    _every_command(run_cli, path, as_of="2026-12-01")
    result = run_cli("check", path, "--as-of", "2026-12-01", "--no-cache")
    assert "experiment-past-timebox" not in result.stdout


@pytest.mark.parametrize("as_of", ["9999-10-01", "9999-11-15", "9999-12-31"])
def test_the_last_period_of_the_calendar(run_cli, tmp_path: Path, as_of: str) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path, start="9999-10-01", end="9999-12-31", checkin="9999-10-02")
    _every_command(run_cli, path, as_of=as_of)


@pytest.mark.parametrize("as_of", ["9999-09-30", "9999-11-01", "9999-12-31"])
def test_init_in_the_last_quarter_of_9999(run_cli, tmp_path: Path, as_of: str) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("init", tmp_path, "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    assert run_cli("validate", tmp_path / "okrkit.yaml").exit_code == 0
    check = run_cli("check", tmp_path / "okrkit.yaml", "--as-of", as_of)
    assert check.exit_code in (0, 1) and "internal error" not in check.stderr


@pytest.mark.parametrize("literal", ["9" * 400, "-" + "9" * 400])
def test_an_integer_too_large_for_a_float_in_an_in_list(  # type: ignore[no-untyped-def]
    run_cli, tmp_path: Path, literal: str
) -> None:
    path = _write(tmp_path, require=f"effort_weeks in [1, {literal}]")
    # the rule is compiled when the plan loads: validate refuses it (exit 2), check
    # reports it as an invalid-plan error (exit 1), both at its line
    result = run_cli("validate", path, "--no-cache")
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path.as_posix()}:6:")
    assert "number is too large" in lines[0]
    check = run_cli("check", path, "--as-of", AS_OF, "--no-cache")
    assert check.exit_code == 1, check.stderr
    assert f"{path.as_posix()}:6:" in check.stdout and "number is too large" in check.stdout
    assert "(invalid-plan)" in check.stdout
