"""``okrkit check``: the CI gate. Thin: options in, :func:`okrkit.checks.check_path`,
a reporter from :mod:`okrkit.report.findings`, an exit code out."""

from __future__ import annotations

import dataclasses
import os
import sys
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
    parse_date,
    write_stdout,
)
from okrkit.cli.complete import check_lists

# Kept in step with okrkit.report.findings.FORMATS (a test checks it); not imported here
# so that `okrkit --help` does not load the core.
FORMATS = ("text", "json", "sarif", "junit", "github", "markdown")
FAIL_ON = ("error", "warning", "never")


_FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="text, json, sarif, junit, github or markdown. Default: text (inside "
        "GitHub Actions, text plus annotations).",
        show_default=False,
    ),
]
_FailOnOpt = Annotated[
    str,
    typer.Option("--fail-on", help="Exit 1 on findings at or above: error, warning, never."),
]
_SelectOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--select",
        metavar="CHECK",
        autocompletion=check_lists,
        help="Run only these checks (name, code or code prefix; repeat or comma-separate).",
        show_default=False,
    ),
]
_IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--ignore",
        metavar="CHECK",
        autocompletion=check_lists,
        help="Skip these checks (name, code or code prefix; repeat or comma-separate).",
        show_default=False,
    ),
]
_IncludePastOpt = Annotated[
    bool,
    typer.Option(
        "--include-past",
        help="Also report findings about periods that ended before --as-of.",
    ),
]


_BaselineOpt = Annotated[
    str | None,
    typer.Option(
        "--baseline",
        metavar="BASE",
        help="Report only findings this git revision (or plan path) did not have.",
        show_default=False,
    ),
]


@guarded
def check(
    path: PathArg = None,
    format: _FormatOpt = None,
    fail_on: _FailOnOpt = "error",
    output: OutputOpt = None,
    as_of: AsOfOpt = None,
    select: _SelectOpt = None,
    ignore: _IgnoreOpt = None,
    include_past: _IncludePastOpt = False,
    baseline: _BaselineOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Check a plan against its vision and for cross-team conflicts.

    Exit 0 when nothing is at or above --fail-on, 1 when something is, 2 on a usage or
    configuration error. With --baseline, only findings that BASE did not have count.
    See docs/checks.md for every check.
    """
    from okrkit.checks import check_path
    from okrkit.report.findings import MACHINE_READABLE, render
    from okrkit.report.findings.github import render as annotations
    from okrkit.report.findings.text import summary

    if format is not None:
        choice(format, FORMATS, "--format")
    choice(fail_on, FAIL_ON, "--fail-on")
    day = parse_date(as_of)
    report = check_path(
        path,
        day,
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        use_cache=not no_cache,
        include_past=include_past,
    )
    report = dataclasses.replace(report, fail_on=fail_on)  # type: ignore[arg-type]
    if baseline is not None:
        from okrkit.checks.baseline import apply_baseline, check_base

        base_report, work_names = check_base(
            baseline,
            path,
            day,
            select=tuple(select or ()),
            ignore=tuple(ignore or ()),
            use_cache=not no_cache,
            include_past=include_past,
        )
        report = apply_baseline(report, base_report, baseline, work_names)
    auto_github = format is None and os.environ.get("GITHUB_ACTIONS") == "true"
    fmt = format or "text"
    if fmt == "text" and color_wanted(output):
        from okrkit.report.findings.text import render as render_text

        emit(render_text(report, color=True), output, plan=path)
    else:
        emit(render(report, fmt), output, plan=path)
    if auto_github and report.findings:
        write_stdout(annotations(report))
    if (
        fmt in MACHINE_READABLE
        or fmt in ("github", "markdown")
        or (fmt == "text" and output is not None)
    ):
        sys.stderr.write(summary(report) + "\n")
    raise typer.Exit(report.exit_code())
