"""Reporters for ``okrkit check``: one module per output format, each a pure
``render(report) -> str`` over one :class:`~okrkit.checks.CheckReport`.

:data:`FORMATS` is the registry the CLI's ``--format`` choices come from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from okrkit.report.findings import github, json, junit, markdown, sarif, text

if TYPE_CHECKING:
    from okrkit.checks import CheckReport

Renderer = Callable[["CheckReport"], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
    "markdown": markdown.render,
}
"""Output format name -> renderer."""

MACHINE_READABLE = frozenset({"json", "sarif", "junit"})
"""Formats whose output a program parses: the summary goes to stderr instead."""


def render(report: CheckReport, fmt: str) -> str:
    return FORMATS[fmt](report)


__all__ = ["FORMATS", "MACHINE_READABLE", "render"]
