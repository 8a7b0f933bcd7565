"""Plain-text helpers shared by every reporter: aligned tables.

Number formatting lives in :mod:`okrkit.fmt` (the core uses it too).

Tables are formatted by hand, not with rich: rich costs about half a millisecond a row,
and ``okrkit score`` on 10,000 initiatives must render as fast as its JSON.
"""

from __future__ import annotations

from collections.abc import Sequence


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: str | None = None,
    indent: str = "",
) -> str:
    """An aligned plain-text table. ``align`` is one letter a column: ``l`` or ``r``."""
    ncols = len(headers)
    aligns = align or "l" * ncols
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            if len(cell) > widths[i]:
                widths[i] = len(cell)

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            if aligns[i] == "r":
                parts.append(cell.rjust(widths[i]))
            else:
                parts.append(cell.ljust(widths[i]))
        return (indent + "  ".join(parts)).rstrip()

    out = [line(headers), indent + "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in rows)
    return "\n".join(out)
