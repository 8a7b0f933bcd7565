"""Why a rule is false: the first failing clause of a condition, with its values.

A principle's ``require`` is usually a conjunction (``timebox_weeks <= 4 and
effort_weeks <= 6``). When it is false for an initiative, the user needs the clause that
failed and the numbers that made it fail (``timebox_weeks 8 > 4``), not only the rule.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

from okrkit.expr.compiler import compile_expression
from okrkit.expr.errors import ExpressionError
from okrkit.fmt import fmt_num

_NEGATED = {
    ast.Lt: ">=",
    ast.LtE: ">",
    ast.Gt: "<=",
    ast.GtE: "<",
    ast.Eq: "!=",
    ast.NotEq: "==",
    ast.In: "not in",
    ast.NotIn: "in",
}


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return fmt_num(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (list, tuple, frozenset, set)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return str(value)


def _evaluate(source: str, node: ast.AST, namespace: Mapping[str, Any]) -> Any:
    text = ast.get_source_segment(source, node)
    if text is None:
        raise ExpressionError("no source")
    if isinstance(node, (ast.List, ast.Tuple)):  # the list of an `in`: constants only
        return list(ast.literal_eval(text))
    return compile_expression(text).evaluate(namespace)


def _operand(source: str, node: ast.AST, value: Any) -> str:
    """``timebox_weeks 8`` for a name, ``4`` for a constant, ``(a + b) 7`` otherwise."""
    if isinstance(node, (ast.Constant, ast.List, ast.Tuple)):
        return _value(value)
    text = ast.get_source_segment(source, node) or "?"
    return f"{text} {_value(value)}"


def _compare(source: str, node: ast.Compare, namespace: Mapping[str, Any]) -> str | None:
    left = node.left
    a = _evaluate(source, left, namespace)
    for op, right in zip(node.ops, node.comparators, strict=True):
        b = _evaluate(source, right, namespace)
        if not _holds(op, a, b):
            return f"{_operand(source, left, a)} {_NEGATED[type(op)]} {_operand(source, right, b)}"
        left, a = right, b
    return None


def _holds(op: ast.cmpop, a: Any, b: Any) -> bool:
    if isinstance(op, ast.Lt):
        return bool(a < b)
    if isinstance(op, ast.LtE):
        return bool(a <= b)
    if isinstance(op, ast.Gt):
        return bool(a > b)
    if isinstance(op, ast.GtE):
        return bool(a >= b)
    if isinstance(op, ast.Eq):
        return bool(a == b)
    if isinstance(op, ast.NotEq):
        return bool(a != b)
    if isinstance(op, ast.In):
        return a in b
    return a not in b


def failing_clause(text: str, namespace: Mapping[str, Any]) -> str | None:
    """The first clause of ``text`` that is false for ``namespace``, with its values.

    ``timebox_weeks <= 4 and effort_weeks <= 6`` with ``timebox_weeks`` 8 gives
    ``"timebox_weeks 8 > 4"``; a clause that is not a comparison is given as written
    (``not fields.approved``). ``None`` when it cannot be said (the expression is not
    false, or evaluating a part fails).
    """
    source = " ".join(text.split())
    try:
        node: ast.AST = ast.parse(source, mode="eval").body
        while True:
            if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.And):
                failing = next(
                    (v for v in node.values if not _evaluate(source, v, namespace)), None
                )
                if failing is None:
                    return None
                node = failing
                continue
            if isinstance(node, ast.Compare):
                return _compare(source, node, namespace)
            if _evaluate(source, node, namespace):
                return None
            return ast.get_source_segment(source, node)
    except (ExpressionError, SyntaxError, TypeError, ValueError):
        return None
