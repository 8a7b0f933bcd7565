"""``okrkit schema``: print the JSON Schema of the plan format."""

from __future__ import annotations

from okrkit.cli._common import OutputOpt, emit, guarded


@guarded
def schema(
    output: OutputOpt = None,
) -> None:
    """Print the JSON Schema of a plan file, for editors to autocomplete and validate."""
    from okrkit.scaffold import schema_text

    emit(schema_text(), output)
