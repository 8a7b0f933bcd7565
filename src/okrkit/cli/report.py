"""``okrkit report``: the plan as one self-contained HTML page."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from okrkit.cli._common import (
    AsOfOpt,
    NoCacheOpt,
    PathArg,
    emit,
    guarded,
    id_option,
    load,
    parse_date,
)

DEFAULT_OUTPUT = "okrkit-report.html"


@guarded
def report(
    path: PathArg = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The HTML file to write (atomically); - for stdout.",
        ),
    ] = Path(DEFAULT_OUTPUT),
    as_of: AsOfOpt = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Ranking shown: rice, ice, wsjf, cd3 or a formula. "
            "Default: settings.scoring.method.",
            show_default=False,
        ),
    ] = None,
    period: Annotated[
        str | None,
        id_option(
            "--period", "Only this period's objectives, plan and capacity. Default: every period."
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", help="The page's title. Default: Plan review.", show_default=False),
    ] = None,
    forecast: Annotated[
        bool,
        typer.Option(
            "--forecast",
            help="Add the forecast of `okrkit forecast` (needs numpy: the forecast extra).",
        ),
    ] = False,
    samples: Annotated[
        int | None,
        typer.Option(
            "--samples",
            min=1,
            help="With --forecast: Monte Carlo samples. Default: 10000.",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", help="With --forecast: random seed. Default: 0.", show_default=False
        ),
    ] = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Write the plan as one HTML page to share: vision, objectives and key results,
    ranking, roadmap, dependencies, capacity, findings and, with --forecast, the
    forecast.

    The page is self-contained (no network request; works offline, with JavaScript
    off) and the same plan and --as-of give the same bytes. See docs/commands/report.md.
    """
    day = parse_date(as_of)
    if not forecast:
        from okrkit.errors import UsageError

        for name, value in (("--samples", samples), ("--seed", seed)):
            if value is not None:
                raise UsageError(f"{name}: applies only with --forecast")
    plan = load(path, no_cache=no_cache)

    from okrkit.dashboard import build_dashboard
    from okrkit.report.html import render

    dashboard = build_dashboard(
        plan,
        as_of=day,
        method=by,
        period=period,
        title=title,
        forecast=forecast,
        samples=10_000 if samples is None else samples,
        seed=0 if seed is None else seed,
    )
    bytecode = None
    if not no_cache:
        from okrkit.load.cache import cache_dir

        base = cache_dir()
        bytecode = None if base is None else base / "templates"
    html = render(dashboard, bytecode_dir=bytecode)
    if str(output) == "-":
        emit(html)
        return
    emit(html, output, plan=path)
    sys.stderr.write(f"okrkit: wrote {output} ({len(html.encode('utf-8')):,} bytes)\n")
