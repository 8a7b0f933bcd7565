"""``okrkit deps``: who waits for whom, cycles, the critical path, what unblocks what."""

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
    element_filter,
    emit,
    guarded,
    id_option,
    load,
    output_width,
    parse_date,
)

FORMATS = ("tree", "json", "dot", "mermaid")


_FormatOpt = Annotated[
    str, typer.Option("--format", "-f", help="tree, json, dot (Graphviz) or mermaid.")
]
_TeamOpt = Annotated[
    str | None,
    id_option("--team", "Only this team's initiatives and the dependencies touching them."),
]
_FocusOpt = Annotated[
    str | None,
    id_option(
        "--focus", "One initiative: what it waits for (upstream) and what it unblocks (downstream)."
    ),
]
_DepthOpt = Annotated[
    int | None,
    typer.Option(
        "--depth",
        min=0,
        help="How many dependency levels to show (with --focus: in each direction).",
        show_default=False,
    ),
]
_CrossTeamOpt = Annotated[
    bool, typer.Option("--cross-team", help="Only dependencies between two teams.")
]
_ByOpt = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Scoring method for the value of downstream work. Default: settings.scoring.method.",
        show_default=False,
    ),
]


@guarded
def deps(
    path: PathArg = None,
    format: _FormatOpt = "tree",
    team: _TeamOpt = None,
    focus: _FocusOpt = None,
    depth: _DepthOpt = None,
    cross_team: _CrossTeamOpt = False,
    tag: TagOpt = None,
    owner: OwnerOpt = None,
    by: _ByOpt = None,
    as_of: AsOfOpt = None,
    output: OutputOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Map dependencies: cycles, critical path, what blocks what.

    Shows both the pure dependency view (CPM: weeks, slack, unlimited lanes) and the
    plan's schedule (dates from --as-of, capacity and WIP limits included).
    """
    choice(format, FORMATS, "--format")
    day = parse_date(as_of)
    plan = load(path, no_cache=no_cache)
    if team is not None and team not in plan.team_by_id:
        from okrkit.errors import UnknownIdError

        known = plan.team_by_id or {i.team for i in plan.initiatives}
        if team not in known:
            raise UnknownIdError("team", team, known, param="team")
    flt = element_filter(tag, owner, plan)

    from dataclasses import replace

    from okrkit.graph import analyze, select
    from okrkit.graph.view import Timing, with_extras
    from okrkit.planning import build_schedule
    from okrkit.report.deps import render

    analysis = analyze(plan, method=by)
    ids = [i.id for i in plan.initiatives if flt.initiative(i)] if flt.active else None
    view = select(analysis, team=team, focus=focus, depth=depth, cross_team=cross_team, ids=ids)
    schedule = build_schedule(plan, as_of=day, method=by)
    timeline = {e.id: Timing(e.start, e.finish, e.critical) for e in schedule.entries if e.selected}
    titles = {i.id: i.title for i in plan.initiatives}
    view = with_extras(replace(view, as_of=day, timeline=timeline, titles=titles), plan)
    emit(render(view, format, width=output_width(output)), output, plan=path)
