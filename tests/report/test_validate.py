"""``okrkit validate``'s reporters."""

from __future__ import annotations

import json

from okrkit.errors import Problem
from okrkit.load import load_plan_text
from okrkit.model.aggregate import Location
from okrkit.report.validate import render_problems_json, render_valid

PLAN = "version: 1\nteams: [{id: web}]\ninitiatives: [{id: a, title: A, team: web}]\n"


def test_valid_text_and_json_agree() -> None:
    plan = load_plan_text(PLAN)
    text = render_valid(plan, "text")
    assert text == ("valid: 1 file, 1 team, 0 periods, 0 objectives, 0 key results, 1 initiative")
    data = json.loads(render_valid(plan, "json"))
    assert data["valid"] is True and data["problems"] == []
    assert data["counts"] == {
        "files": 1,
        "teams": 1,
        "periods": 0,
        "objectives": 0,
        "key_results": 0,
        "initiatives": 1,
    }


def test_problems_json() -> None:
    p = Problem(Location("p.yaml", 2, 3), "unknown team 'x'", "unknown-reference")
    assert json.loads(render_problems_json([p])) == {
        "valid": False,
        "problems": [
            {
                "file": "p.yaml",
                "line": 2,
                "column": 3,
                "code": "unknown-reference",
                "message": "unknown team 'x'",
            }
        ],
        "counts": None,
    }


def test_both_answers_have_the_same_keys() -> None:
    """A script reads `counts` whatever the answer: null when the plan did not load (#31)."""
    valid = json.loads(render_valid(load_plan_text(PLAN), "json"))
    p = Problem(Location("p.yaml", 2, 3), "unknown team 'x'", "unknown-reference")
    invalid = json.loads(render_problems_json([p]))
    assert list(valid) == list(invalid) == ["valid", "problems", "counts"]
