"""Plain-text helpers shared by every reporter: number formatting and aligned tables.

Tables are formatted by hand, not with rich: rich costs about half a millisecond a row,
and ``okrkit score`` on 10,000 initiatives must render as fast as its JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: float, digits: int = 0) -> Decimal:
    """``value`` rounded half up (not Python's half-to-even) to ``digits`` places."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def fmt_num(value: float | int | None, digits: int = 2) -> str:
    """Format a number for display, rounding half up (not Python's half-to-even).

    Trailing zeros are dropped: ``fmt_num(2.50) == "2.5"``, ``fmt_num(0.125) == "0.13"``.
    ``None`` is shown as ``-``.
    """
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    text = format(round_half_up(value, digits), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def fmt_pct(value: float | None, digits: int = 0) -> str:
    """A fraction as a percentage, half-up: ``fmt_pct(0.125) == "13%"``."""
    if value is None:
        return "-"
    return fmt_num(value * 100.0, digits) + "%"


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
