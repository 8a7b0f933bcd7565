"""``okrkit explain``: how one initiative's scores and ranks are derived."""

from __future__ import annotations

from typing import Annotated

import typer

from okrkit.cli._common import (
    NoCacheOpt,
    OutputOpt,
    PathArg,
    choice,
    emit,
    guarded,
    load,
    output_width,
)
from okrkit.cli.complete import initiative_ids

FORMATS = ("text", "json")


@guarded
def explain(
    id: Annotated[
        str,
        typer.Argument(
            help="The initiative id.", show_default=False, autocompletion=initiative_ids
        ),
    ],
    path: PathArg = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="The method whose sensitivity is shown. Default: settings.scoring.method.",
            show_default=False,
        ),
    ] = None,
    normalize: Annotated[
        bool, typer.Option("--normalize", help="WSJF: rank with normalized columns.")
    ] = False,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    output: OutputOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show every input of one initiative with the file and line it came from, each
    method's formula with the numbers filled in, its score and rank, the key results it
    serves, its dependencies, and how far each input must move to change its rank.
    """
    choice(format, FORMATS, "--format")
    plan = load(path, no_cache=no_cache)

    from okrkit.report.explain import render
    from okrkit.scoring.explain import explain_initiative

    explanation = explain_initiative(plan, id, by, normalize=normalize)
    emit(render(explanation, format, width=output_width(output)), output, plan=path)
