"""The failing clause of a rule, with its values."""

from __future__ import annotations

import pytest

from okrkit.expr.why import failing_clause

NS = {"timebox_weeks": 8.0, "effort_weeks": 3.0, "kind": "experiment", "fields.ok": False}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("timebox_weeks <= 4", "timebox_weeks 8 > 4"),
        ("effort_weeks <= 4 and timebox_weeks <= 6", "timebox_weeks 8 > 6"),
        ("effort_weeks <= 4 and (timebox_weeks < 2 and true)", "timebox_weeks 8 >= 2"),
        ("1 <= effort_weeks <= 2", "effort_weeks 3 > 2"),
        ("kind in ['feature', 'debt']", "kind 'experiment' not in ['feature', 'debt']"),
        ("timebox_weeks + effort_weeks < 10", "timebox_weeks + effort_weeks 11 >= 10"),
        ("fields.ok", "fields.ok"),
        ("effort_weeks > 4 or timebox_weeks < 4", "effort_weeks > 4 or timebox_weeks < 4"),
        ("effort_weeks < 4 or timebox_weeks < 4", None),
        ("timebox_weeks > 4", None),
        ("missing_field < 4", None),
    ],
)
def test_failing_clause(text: str, expected: str | None) -> None:
    assert failing_clause(text, NS) == expected
