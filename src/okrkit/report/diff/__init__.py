"""Reporters for ``okrkit diff``: one module per output format, each a pure
``render(diff) -> str`` over one :class:`~okrkit.diff.PlanDiff`.

:mod:`okrkit.report.diff.lines` words every change once; the text and Markdown reporters
lay those words out. :data:`FORMATS` is the registry the CLI's ``--format`` choices
come from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from okrkit.report.diff import json, markdown, text

if TYPE_CHECKING:
    from okrkit.diff import PlanDiff

Renderer = Callable[["PlanDiff"], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "markdown": markdown.render,
    "json": json.render,
}
"""Output format name -> renderer."""


def render(diff: PlanDiff, fmt: str) -> str:
    return FORMATS[fmt](diff)


__all__ = ["FORMATS", "render"]
