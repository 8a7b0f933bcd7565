"""Reporters for ``okrkit deps``: one module per output format, each a pure
``render(view) -> str`` over one :class:`okrkit.graph.DepsView`.

Every reporter draws the nodes and edges the options kept, with the numbers of the
whole plan's analysis. Edges are drawn from the prerequisite to the work it unblocks
(``a -> b``: ``b`` depends on ``a``). Output is sorted by id, so the same plan gives
byte-identical output. DOT and Mermaid share one styling rule (:mod:`.style`); the tree
walk itself is :func:`okrkit.graph.view.walk`. :data:`RENDERERS` is the registry the
CLI's ``--format`` choices come from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from okrkit.report.deps import dot, json, mermaid, tree

if TYPE_CHECKING:
    from okrkit.graph import DepsView

RENDERERS: dict[str, Callable[[DepsView], str]] = {
    "tree": tree.render,
    "json": json.render,
    "dot": dot.render,
    "mermaid": mermaid.render,
}
"""Output format name -> renderer."""

FORMATS: tuple[str, ...] = tuple(RENDERERS)


def render(view: DepsView, format: str, *, width: int | None = None) -> str:
    """Render ``view`` as ``format``; ``width`` (columns, ``None``: no limit) applies to
    the tree."""
    if format == "tree":
        return tree.render(view, width=width)
    return RENDERERS[format](view)


__all__ = ["FORMATS", "RENDERERS", "render"]
