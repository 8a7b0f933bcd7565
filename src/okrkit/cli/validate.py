"""``okrkit validate``: load a plan and report every format or reference problem."""

from __future__ import annotations

from typing import Annotated

import typer

from okrkit.cli._common import NoCacheOpt, PathArg, choice, emit, guarded

FORMATS = ("text", "json")


@guarded
def validate(
    path: PathArg = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    no_cache: NoCacheOpt = False,
) -> None:
    """Load a plan and report every problem at once, as file:line:col: message.

    Exit 0 when the plan is valid, 2 when it is not.
    """
    import json

    from okrkit.errors import PlanLoadError
    from okrkit.load import load_plan

    choice(format, FORMATS, "--format")
    try:
        plan = load_plan(path, use_cache=not no_cache)
    except PlanLoadError as exc:
        if format == "json":
            emit(
                json.dumps(
                    {
                        "valid": False,
                        "problems": [
                            {
                                "file": p.location.file,
                                "line": p.location.line,
                                "column": p.location.column,
                                "code": p.code,
                                "message": p.message,
                            }
                            for p in exc.problems
                        ],
                    },
                    indent=2,
                )
            )
            raise typer.Exit(2) from None
        raise
    counts = {
        "files": len(plan.files),
        "teams": len(plan.teams),
        "periods": len(plan.periods),
        "objectives": len(plan.objectives),
        "key_results": len(plan.key_result_by_id),
        "initiatives": len(plan.initiatives),
    }
    if format == "json":
        emit(json.dumps({"valid": True, "problems": [], "counts": counts}, indent=2))
    else:
        summary = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items())
        emit(f"valid: {summary}")
