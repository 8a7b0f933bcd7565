"""``okrkit roadmap``: the whole plan on a timeline, across periods."""

from __future__ import annotations

from typing import Annotated

import typer

from okrkit.cli._common import (
    AsOfOpt,
    NoCacheOpt,
    OutputOpt,
    PathArg,
    choice,
    color_wanted,
    emit,
    guarded,
    id_option,
    load,
    parse_date,
)

FORMATS = ("text", "mermaid", "json", "csv", "markdown")
GROUPS = ("team", "pillar", "objective")


@guarded
def roadmap(
    path: PathArg = None,
    period: Annotated[
        str | None,
        id_option("--period", "Only this period's initiatives."),
    ] = None,
    team: Annotated[
        str | None,
        id_option("--team", "Only this team's initiatives."),
    ] = None,
    as_of: AsOfOpt = None,
    by: Annotated[
        str, typer.Option("--by", metavar="GROUP", help="Group bars by team, pillar or objective.")
    ] = "team",
    format: Annotated[
        str, typer.Option("--format", "-f", help="text, mermaid, json, csv or markdown.")
    ] = "text",
    output: OutputOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Draw the plan's schedule across periods: bars from start to finish, today's line,
    period boundaries, deadlines, spill-over, and the work below each cut line.

    Reads the same schedule as `okrkit plan` (see docs/planning.md).
    """
    choice(format, FORMATS, "--format")
    choice(by, GROUPS, "--by")
    day = parse_date(as_of)
    plan = load(path, no_cache=no_cache)

    from okrkit.planning import build_schedule
    from okrkit.planning.roadmap import build_roadmap
    from okrkit.report.roadmap import render

    schedule = build_schedule(plan, as_of=day)
    view = build_roadmap(plan, schedule, by=by, period=period, team=team)  # type: ignore[arg-type]
    width = 100
    color = False
    if format == "text":
        import shutil

        width = shutil.get_terminal_size((100, 24)).columns
        color = color_wanted(output)
    emit(render(view, format, width=width, color=color), output, plan=path)
