"""Errors of the expression language."""

from __future__ import annotations


class ExpressionError(Exception):
    """An expression failed: a type error, an overflow, a division by zero.

    ``offset`` is the 0-based character offset into the expression text of the part
    that failed, when known.
    """

    def __init__(self, message: str, offset: int | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset


class ExpressionSyntaxError(ExpressionError):
    """The text is not a valid expression; ``offset`` (0-based) says where."""

    offset: int

    def __init__(self, message: str, offset: int = 0):
        super().__init__(message, offset)


class MissingField(ExpressionError):
    """The expression read a name the namespace does not have (``name``, dotted)."""

    def __init__(self, name: str, offset: int | None = None):
        super().__init__(f"no value for `{name}`", offset)
        self.name = name
