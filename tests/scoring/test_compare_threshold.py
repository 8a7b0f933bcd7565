"""The default threshold of ``score --compare`` scales with the list."""

from __future__ import annotations

from okrkit.scoring.compare import default_threshold


def test_default_threshold_is_a_quarter_of_the_list_and_at_least_three() -> None:
    assert default_threshold(0) == 3
    assert default_threshold(12) == 3
    assert default_threshold(16) == 4
    assert default_threshold(50) == 12
    assert default_threshold(1000) == 250


def test_setting_and_option_override_the_default(run_cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    plan = write_plan(
        """\
        teams: [{id: t}]
        initiatives:
          - {id: a, title: A, team: t, rice: {reach: 10, impact: 1, confidence: 1, effort: 1},
             cost_of_delay: {per_week: 1}, duration_weeks: 1}
          - {id: b, title: B, team: t, rice: {reach: 1, impact: 1, confidence: 1, effort: 1},
             cost_of_delay: {per_week: 10}, duration_weeks: 1}
        """
    )
    default = run_cli("score", plan, "--compare", "rice,cd3", "--format", "json")
    assert default.exit_code == 0
    import json

    data = json.loads(default.stdout)
    assert data["threshold"] == 3
    assert not any(row["method_dependent"] for row in data["initiatives"])
    strict = json.loads(
        run_cli(
            "score", plan, "--compare", "rice,cd3", "--format", "json", "--threshold", "0"
        ).stdout
    )
    assert strict["threshold"] == 0
    assert all(row["method_dependent"] for row in strict["initiatives"])
