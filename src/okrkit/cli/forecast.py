"""``okrkit forecast``: how sure the ranking is, and how likely the plan is to land."""

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

FORMATS = ("text", "json", "markdown")


@guarded
def forecast(
    path: PathArg = None,
    samples: Annotated[
        int,
        typer.Option("--samples", min=1, help="Monte Carlo samples.", metavar="N"),
    ] = 10_000,
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed: same seed, same output.", metavar="N")
    ] = 0,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Rank by rice, ice, wsjf, cd3 or a formula. Default: settings.scoring.method.",
            show_default=False,
            metavar="METHOD",
        ),
    ] = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            min=1,
            help="N of P(in the top N). Default: how many initiatives `plan` selects, else 10.",
            show_default=False,
            metavar="N",
        ),
    ] = None,
    period: Annotated[
        str | None,
        id_option(
            "--period",
            "The period to forecast. Default: the one `plan` shows (earliest with open work).",
            metavar="PERIOD",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="text, json or markdown.", metavar="FORMAT")
    ] = "text",
    output: OutputOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Sample every estimate range (PERT by default) and report the ranking's rank
    intervals, ties and the value of better estimates, each initiative's chance of
    finishing in its period and by its deadline, and which estimates drive the risk.
    See docs/forecast.md.
    """
    choice(format, FORMATS, "--format")
    day = parse_date(as_of)
    plan = load(path, no_cache=no_cache)

    from okrkit.forecast.core import make_forecast
    from okrkit.report.forecast import render

    result = make_forecast(
        plan, as_of=day, method=by, period=period, samples=samples, seed=seed, top_n=top
    )
    import shutil

    width = 120 if output is not None else shutil.get_terminal_size((120, 24)).columns
    color = format == "text" and color_wanted(output)
    emit(render(result, format, width, color=color), output, plan=path)
