"""``okrkit score``: rank initiatives by RICE, ICE, WSJF, CD3 or a formula from the plan."""

from __future__ import annotations

from typing import Annotated

import typer

from okrkit.cli._common import (
    Names,
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
    list_option,
    load,
    output_width,
)

FORMATS = ("table", "json", "csv", "markdown")


_ByOpt = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="rice, ice, wsjf, cd3 or a formula name. Default: settings.scoring.method.",
        show_default=False,
    ),
]
_TeamOpt = Annotated[Names | None, list_option("--team", "Only these teams (comma-separated ids).")]
_StatusOpt = Annotated[
    Names | None,
    list_option(
        "--status",
        "Only these statuses (comma-separated). Default: proposed,committed,in_progress "
        "(the work still to decide).",
    ),
]
_PeriodOpt = Annotated[
    Names | None, list_option("--period", "Only these periods (comma-separated ids).")
]
_TopOpt = Annotated[
    int | None,
    typer.Option("--top", min=1, help="Show only the N best ranked.", show_default=False),
]
_FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json, csv or markdown.")]
_CompareOpt = Annotated[
    Names | None,
    list_option("--compare", "Rank by several methods side by side, e.g. rice,wsjf,cd3."),
]
_NormalizeOpt = Annotated[
    bool,
    typer.Option(
        "--normalize",
        help="WSJF: rescale each column so its smallest value is 1 (ranks then depend "
        "on the other initiatives listed).",
    ),
]
_ThresholdOpt = Annotated[
    int | None,
    typer.Option(
        "--threshold",
        min=0,
        help="--compare: flag ranks that differ by more than this. "
        "Default: settings.scoring.compare_threshold, else a quarter of the list (at least 3).",
        show_default=False,
    ),
]


@guarded
def score(
    path: PathArg = None,
    by: _ByOpt = None,
    team: _TeamOpt = None,
    status: _StatusOpt = None,
    period: _PeriodOpt = None,
    tag: TagOpt = None,
    owner: OwnerOpt = None,
    top: _TopOpt = None,
    format: _FormatOpt = "table",
    compare: _CompareOpt = None,
    normalize: _NormalizeOpt = False,
    threshold: _ThresholdOpt = None,
    output: OutputOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Rank initiatives by a scoring method, with the inputs behind each score.

    Initiatives that lack an input of the method are listed apart, never scored as 0.
    Ties: higher score, then higher value, then smaller size, then id. See docs/scoring.md.
    """
    choice(format, FORMATS, "--format")
    if status:
        from okrkit.model.plan import STATUSES

        for s in status:
            choice(s, STATUSES, "--status")
    plan = load(path, no_cache=no_cache)

    from okrkit.errors import UsageError
    from okrkit.scoring import filter_ids
    from okrkit.scoring.ranking import LIVE_STATUSES

    statuses = status or LIVE_STATUSES
    ids = filter_ids(plan, teams=team or (), statuses=statuses, periods=period or ())
    flt = element_filter(tag, owner, plan)
    if flt.active:
        within = None if ids is None else set(ids)
        ids = [
            i.id
            for i in plan.initiatives
            if (within is None or i.id in within) and flt.initiative(i)
        ]

    if compare is not None:
        from okrkit.report.score import render_compare
        from okrkit.scoring import compare_methods

        comparison = compare_methods(
            plan, compare, normalize=normalize, ids=ids, threshold=threshold
        )
        if top is not None:
            import dataclasses

            comparison = dataclasses.replace(comparison, rows=comparison.rows[:top])
        text = render_compare(
            comparison, format, width=output_width(output), color=color_wanted(output)
        )
        emit(text, output, plan=path)
        return

    from okrkit.report.score import render
    from okrkit.scoring import score_plan

    ranking = score_plan(plan, by, normalize=normalize, ids=ids)
    if normalize and ranking.method != "wsjf":
        raise UsageError(f"--normalize applies to wsjf, not to {ranking.method}")
    if top is not None:
        import dataclasses

        ranking = dataclasses.replace(ranking, scored=ranking.scored[:top])
    emit(
        render(ranking, format, width=output_width(output), color=color_wanted(output)),
        output,
        plan=path,
    )
