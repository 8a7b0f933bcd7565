"""``okrkit validate``: load a plan and report every format or reference problem."""

from __future__ import annotations

from typing import Annotated

import typer

from okrkit.cli._common import NoCacheOpt, PathArg, choice, emit, guarded, output_width


@guarded
def validate(
    path: PathArg = None,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    no_cache: NoCacheOpt = False,
) -> None:
    """Load a plan and report every problem at once, as file:line:col: message.

    Exit 0 when the plan is valid, 2 when it is not.
    """
    from okrkit.errors import PlanLoadError
    from okrkit.load import load_plan
    from okrkit.report.validate import FORMATS, render_problems_json, render_valid

    choice(format, FORMATS, "--format")
    try:
        plan = load_plan(path, use_cache=not no_cache)
    except PlanLoadError as exc:
        if format == "json":
            emit(render_problems_json(exc.problems))
            raise typer.Exit(2) from None
        raise
    from okrkit.checks.config import parse_settings
    from okrkit.errors import ConfigErrors, Problem

    try:  # settings.checks and formulas: what check would refuse, all at once
        parse_settings(plan)
    except ConfigErrors as exc:
        if format == "json":
            emit(render_problems_json([Problem(e.location, e.message) for e in exc.errors]))
            raise typer.Exit(2) from None
        raise
    emit(render_valid(plan, format, output_width(None)))
