"""Number formatting shared by the core (messages) and every reporter.

Numbers are rounded half up (not Python's half-to-even) so ``0.125`` shows as ``0.13``
everywhere: in check messages, in planning conflict texts and in every output format.
The core may import this module; it has no dependencies beyond the standard library.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal


def round_half_up(value: float, digits: int = 0) -> Decimal:
    """``value`` rounded half up (not Python's half-to-even) to ``digits`` places."""
    exact = Decimal(repr(value))
    # enough precision for every digit of the result (1e308 has 309 before the point),
    # so a huge number is shown, not an InvalidOperation
    context = Context(prec=max(28, exact.adjusted() + digits + 2))
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP, context=context)


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


def plural(n: float | int, word: str, many: str | None = None, digits: int = 2) -> str:
    """``n`` and ``word``, in the plural unless ``n`` shows as ``1``: ``plural(1, "file")
    == "1 file"``, ``plural(3, "file") == "3 files"``, ``plural(1.0, "week") == "1 week"``,
    ``plural(0.5, "week") == "0.5 weeks"``. ``many`` is the plural when it is not ``word``
    plus ``s`` (``plural(2, "key result")``; ``plural(2, "analysis", "analyses")``).
    Floats are shown by :func:`fmt_num` with ``digits``."""
    text = fmt_num(n, digits)
    return f"{text} {word}" if text == "1" else f"{text} {many or word + 's'}"
