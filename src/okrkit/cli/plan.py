"""``okrkit plan``: fit work into team capacity and sequence it by cost of delay."""

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
)

FORMATS = ("table", "json", "markdown")
SELECTS = ("optimal", "greedy")


_PeriodOpt = Annotated[
    str | None,
    id_option(
        "--period",
        "The period to plan. Default: the earliest period with open work that "
        "has not ended by --as-of.",
    ),
]
_ByOpt = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Value by rice, ice, wsjf, cd3 or a formula. Default: settings.scoring.method.",
        show_default=False,
    ),
]
_SelectOpt = Annotated[
    str,
    typer.Option(
        "--select",
        metavar="MODE",
        help="optimal (exact, the default) or greedy (the score-order cut line).",
    ),
]
_FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or markdown.")]
_TimeLimitOpt = Annotated[
    float | None,
    typer.Option(
        "--time-limit",
        min=0.1,
        help="Seconds for the exact solver. Default: settings.planning.time_limit_seconds.",
        show_default=False,
    ),
]


@guarded
def plan(
    path: PathArg = None,
    period: _PeriodOpt = None,
    by: _ByOpt = None,
    select: _SelectOpt = "optimal",
    format: _FormatOpt = "table",
    time_limit: _TimeLimitOpt = None,
    tag: TagOpt = None,
    owner: OwnerOpt = None,
    as_of: AsOfOpt = None,
    output: OutputOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Select what fits each team's capacity, order it by cost of delay, show conflicts.

    The selection maximises total value (the numerator of the method) within every
    team's capacity and dependency closure; committed and in-progress work is always in.
    The order minimises total delay cost. See docs/planning.md.
    """
    choice(format, FORMATS, "--format")
    choice(select, SELECTS, "--select")
    day = parse_date(as_of)
    loaded = load(path, no_cache=no_cache)
    flt = element_filter(tag, owner, loaded)

    from okrkit.planning import make_plan
    from okrkit.report.plan import render

    result = make_plan(
        loaded,
        period=period,
        method=by,
        select="greedy" if select == "greedy" else "optimal",
        time_limit=time_limit,
        as_of=day,
    )
    if flt.active:
        from okrkit.planning.result import restrict

        result = restrict(result, {i.id for i in loaded.initiatives if flt.initiative(i)})
    titles = {i.id: i.title for i in loaded.initiatives}
    text = render(
        result,
        format,
        titles=titles,
        width=output_width(output),
        color=format == "table" and color_wanted(output),
    )
    emit(text, output, plan=path)
