"""Reporters for ``okrkit validate``: the one-line summary of a valid plan and the JSON
form of both answers (documented in ``docs/commands/validate.md``).

A plan that does not load is shown in text by the CLI's error handler, one
``file:line:col: message`` line per problem, like every other command.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okrkit.errors import Problem
    from okrkit.model import Plan

FORMATS: tuple[str, ...] = ("text", "json")


def plan_counts(plan: Plan) -> dict[str, int]:
    """How many of each element the plan holds, in the order the summary shows them."""
    return {
        "files": len(plan.files),
        "teams": len(plan.teams),
        "periods": len(plan.periods),
        "objectives": len(plan.objectives),
        "key_results": len(plan.key_result_by_id),
        "initiatives": len(plan.initiatives),
    }


def render_valid(plan: Plan, fmt: str, width: int | None = None) -> str:
    """``valid: 7 files, 6 teams, ...``; with ``width``, wrapped onto indented lines."""
    counts = plan_counts(plan)
    if fmt == "json":
        return json.dumps({"valid": True, "problems": [], "counts": counts}, indent=2)
    from okrkit.fmt import plural

    line = "valid: " + ", ".join(plural(n, k.replace("_", " ")[:-1]) for k, n in counts.items())
    if width is None:
        return line
    from okrkit.report.text import wrap

    first, *rest = wrap(line, max(width - 2, 20))  # room for the continuation's indent
    return "\n".join([first, *("  " + piece for piece in rest)])


def render_problems_json(problems: Sequence[Problem]) -> str:
    problem_list = [
        {
            "file": p.location.file,
            "line": p.location.line,
            "column": p.location.column,
            "code": p.code,
            "message": p.message,
        }
        for p in problems
    ]
    # the plan did not load, so there is nothing to count: null, never a partial count
    return json.dumps({"valid": False, "problems": problem_list, "counts": None}, indent=2)
