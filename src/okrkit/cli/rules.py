"""``okrkit rules`` (every check) and ``okrkit rule NAME`` (one check's documentation)."""

from __future__ import annotations

from typing import Annotated

import typer

from okrkit.cli._common import choice, emit, guarded

FORMATS = ("text", "json")


@guarded
def rules(
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """List every check: code, name, default severity and summary."""
    import json

    from okrkit.checks.registry import CHECKS
    from okrkit.report.rules import rules_table

    choice(format, FORMATS, "--format")
    if format == "json":
        emit(
            json.dumps(
                [
                    {
                        "code": c.code,
                        "name": c.name,
                        "severity": c.severity,
                        "group": c.group,
                        "summary": c.summary,
                        "options": sorted(c.Options.model_fields),
                    }
                    for c in CHECKS
                ],
                indent=2,
            )
        )
        return
    emit(rules_table())


@guarded
def rule(
    name: Annotated[str, typer.Argument(help="A check's name or code, e.g. orphan-initiative.")],
) -> None:
    """Print the documentation of one check: what it checks, why, an example, what to do."""
    from okrkit.checks.registry import CHECKS, get_check
    from okrkit.errors import UsageError
    from okrkit.report.rules import rule_markdown

    key = "principle" if name.startswith("principle:") else name
    found = get_check(key)
    if found is None:
        from okrkit.suggest import closest

        close = closest(name, [c.name for c in CHECKS])
        hint = f"; did you mean {close!r}?" if close else " (see okrkit rules)"
        raise UsageError(f"rule: no check is named {name!r}{hint}")
    emit(rule_markdown(found))
