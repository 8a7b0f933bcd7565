"""``okrkit diff``: what a change does to the plan. Thin: BASE resolved by the loader
(:mod:`okrkit.load.git`), both plans analysed and compared by :mod:`okrkit.diff`, a
reporter from :mod:`okrkit.report.diff`, an exit code out."""

from __future__ import annotations

from typing import Annotated

import typer

from okrkit.cli._common import (
    AsOfOpt,
    NoCacheOpt,
    OutputOpt,
    PathArg,
    choice,
    emit,
    guarded,
    load,
    parse_date,
)

# Kept in step with okrkit.report.diff.FORMATS (a test checks it).
FORMATS = ("text", "markdown", "json")


@guarded
def diff(
    base: Annotated[
        str,
        typer.Argument(
            metavar="BASE",
            help="A git revision (the plan at PLAN as it was then), or another plan file "
            "or folder.",
            show_default=False,
        ),
    ],
    path: PathArg = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="METHOD[,METHOD...]",
            help="Compare ranks by these methods (comma-separated; the first also plans). "
            "Default: settings.scoring.method.",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="text, markdown or json.")
    ] = "text",
    exit_code: Annotated[
        bool,
        typer.Option("--exit-code", help="Exit 1 when the plans differ (as git diff does)."),
    ] = False,
    as_of: AsOfOpt = None,
    output: OutputOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Compare the plan with BASE: what moved and why, not which lines changed.

    Both plans are analysed in full (rankings, selection, schedule, checks) and the
    results compared, elements matched by id. Exit 0, or 1 with --exit-code when they
    differ; 2 on an error. See docs/commands/diff.md.
    """
    choice(format, FORMATS, "--format")
    day = parse_date(as_of)
    methods = [m.strip() for m in (by or "").split(",") if m.strip()] or None

    from okrkit.diff import diff_plans
    from okrkit.load.files import display_path, find_plan_files
    from okrkit.load.git import load_base, resolve_base
    from okrkit.report.diff import render

    source = resolve_base(base, path)
    head = load(path, no_cache=no_cache)
    before = load_base(source)
    if path is not None:
        head_label = str(path)
    else:
        files = find_plan_files(None)
        head_label = display_path(files[0]) if len(files) == 1 else "plan"
    result = diff_plans(
        before,
        head,
        as_of=day,
        base_label=source.label,
        head_label=head_label,
        methods=methods,
        base_sources=source.sources(),
    )
    emit(render(result, format), output, plan=path)
    raise typer.Exit(1 if exit_code and not result.empty else 0)
