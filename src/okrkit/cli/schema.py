"""``okrkit schema``: print the JSON Schema of the plan format."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from okrkit.cli._common import emit, guarded


@guarded
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead.")
    ] = None,
) -> None:
    """Print the JSON Schema of a plan file, for editors to autocomplete and validate."""
    from okrkit.scaffold import schema_text

    emit(schema_text(), output)
