"""``okrkit status``: key-result progress, grades and on-track status."""

from __future__ import annotations

from typing import Annotated

import typer

from okrkit.cli._common import (
    AsOfOpt,
    NoCacheOpt,
    OutputOpt,
    OwnerOpt,
    PathArg,
    TagOpt,
    choice,
    color_wanted,
    element_filter,
    emit,
    guarded,
    id_option,
    load,
    output_width,
    parse_date,
    write_stdout,
)

FORMATS = ("table", "json", "markdown")


@guarded
def status(
    path: PathArg = None,
    period: Annotated[
        str | None,
        id_option("--period", "Only objectives of this period id."),
    ] = None,
    team: Annotated[
        str | None,
        id_option("--team", "Only objectives of this team id."),
    ] = None,
    tag: TagOpt = None,
    owner: OwnerOpt = None,
    as_of: AsOfOpt = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = "table",
    output: OutputOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show each objective's progress, grade, expected progress and status.

    Progress is measured from each key result's baseline to its target, using its latest
    check-in; the status compares the grade with the share of the period elapsed at
    --as-of (default today). See docs/progress.md.
    """
    choice(format, FORMATS, "--format")
    day = parse_date(as_of)
    plan = load(path, no_cache=no_cache)

    from okrkit.progress import compute_status

    report = compute_status(
        plan, as_of=day, period=period, team=team, only=element_filter(tag, owner, plan)
    )
    width = output_width(output) if format == "table" else None
    if format == "table" and color_wanted(output):
        from okrkit.report.terminal import render as render_terminal

        write_stdout(render_terminal(report, width=width))
        return
    from okrkit.report.status import render

    emit(render(report, format, width=width), output, plan=path)
