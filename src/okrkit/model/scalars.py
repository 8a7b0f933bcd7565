"""Numbers that remember how they were written.

A plain YAML scalar such as ``1.0``, ``1e20``, ``0x1F`` or ``.nan`` reads as a number. Where
the plan format wants text (an id, a reference, a title), the text is exactly what was
written, whether the plan was read from YAML or from the parsed-plan cache. Python's
``str()`` of the number cannot give that back (``str(1e20)`` is ``1e+20``; ``0x1F`` is
``31``), so the reader keeps the written text on the number itself whenever ``str()``
would differ, and :func:`written_text` recovers it.

The classes are plain ``int``/``float`` for arithmetic and comparison; numeric fields turn
them into exact ``int``/``float`` values when a plan is validated.
"""

from __future__ import annotations

import math
from typing import Any


class WrittenInt(int):
    """An integer written in another form than its decimal digits (``0x1F``, ``+5``, ``007``)."""

    text: str

    def __reduce__(self) -> tuple[Any, ...]:
        return (_int, (int(self), self.text))


class WrittenFloat(float):
    """A float whose ``str()`` is not what was written (``1e20``, ``1.50``, ``.nan``)."""

    __slots__ = ("text",)
    text: str

    def __reduce__(self) -> tuple[Any, ...]:
        return (_float, (float(self), self.text))


def _int(value: int, text: str) -> WrittenInt:
    out = WrittenInt(value)
    out.text = text
    return out


def _float(value: float, text: str) -> WrittenFloat:
    out = WrittenFloat(value)
    out.text = text
    return out


def written_int(value: int, text: str) -> int:
    """``value``, carrying ``text`` when ``str(value)`` would not give it back."""
    return value if str(value) == text else _int(value, text)


def written_float(value: float, text: str) -> float:
    """``value``, carrying ``text`` when ``str(value)`` would not give it back."""
    return value if str(value) == text else _float(value, text)


def written_text(value: Any) -> Any:
    """For a text field: a number read from YAML becomes the text that was written.

    Anything else is returned unchanged (pydantic then validates it as usual).
    """
    if isinstance(value, (WrittenInt, WrittenFloat)):
        return value.text
    return value


def plain(value: Any) -> Any:
    """``value`` with every written number replaced by a plain ``int``/``float``.

    For free-form values (``settings.checks``): they are stored in the cache as JSON,
    where only the number survives, so a plan reads the same cached or not.
    """
    if isinstance(value, WrittenInt):
        return int(value)
    if isinstance(value, WrittenFloat):
        return float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def free_form(value: Any) -> Any:
    """``value`` as :func:`plain` gives it, except that a number JSON cannot hold (``.inf``,
    ``.nan``, ``1e400``) is the text that was written: free-form data (``meta``) is passed
    through to the JSON outputs, which must stay valid JSON, cached or not."""
    if isinstance(value, float) and not math.isfinite(value):
        return value.text if isinstance(value, WrittenFloat) else str(value)
    if isinstance(value, dict):
        return {k: free_form(v) for k, v in value.items()}
    if isinstance(value, list):
        return [free_form(v) for v in value]
    return plain(value)
