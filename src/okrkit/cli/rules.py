"""``okrkit rules`` (every check) and ``okrkit rule NAME`` (one check's documentation)."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from okrkit.cli._common import choice, color_wanted, emit, guarded, output_width
from okrkit.cli.complete import check_names

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
    emit(rules_table(output_width(None)))


@guarded
def rule(
    name: Annotated[
        str,
        typer.Argument(
            help="A check's name or code, e.g. orphan-initiative.", autocompletion=check_names
        ),
    ],
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
    emit(
        render_markdown(rule_markdown(found), terminal=color_wanted(None), width=output_width(None))
    )


def render_markdown(text: str, *, terminal: bool, width: int | None = None) -> str:
    """``text`` (Markdown) as ``okrkit rule`` prints it: on a terminal, rendered by
    rich (headings, emphasis, code, tables; ANSI colour, wrapped to ``width``, default
    80); otherwise (piped, a file, ``NO_COLOR``) the Markdown source unchanged, so it can
    be pasted into a document. rich is imported only for a terminal."""
    if not terminal:
        return text
    import io

    from rich.console import Console
    from rich.markdown import Markdown

    console = Console(
        file=io.StringIO(),
        width=width or 80,
        force_terminal=True,
        color_system="standard",
        highlight=False,
        emoji=False,
    )
    with console.capture() as captured:
        console.print(Markdown(text, code_theme="ansi_dark"))
    return "\n".join(_rstrip(line) for line in captured.get().splitlines()) + "\n"


_TRAILING = re.compile(r"(?:\s|\x1b\[[0-9;]*m)+$")
_CODE = re.compile(r"\x1b\[[0-9;]*m")


def _rstrip(line: str) -> str:
    """``line`` without the spaces rich pads it with (kept: the colour codes among them)."""
    found = _TRAILING.search(line)
    if found is None:
        return line
    return line[: found.start()] + "".join(_CODE.findall(found.group()))
