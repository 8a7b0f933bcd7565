"""The safe expression language shared by scoring formulas and policy rules.

>>> e = compile_expression("rice.reach * 2 if kind == 'feature' else 0")
>>> e.evaluate({"rice.reach": 10, "kind": "feature"})
20.0

See ``docs/expressions.md`` for the language and :mod:`okrkit.expr.compiler` for how
it is kept safe.
"""

from okrkit.expr.compiler import FUNCTIONS, MAX_LENGTH, Expression, compile_expression, lookup
from okrkit.expr.errors import ExpressionError, ExpressionSyntaxError, MissingField
from okrkit.expr.location import expression_location
from okrkit.expr.namespace import INITIATIVE_NAMES, initiative_namespace, is_initiative_name

__all__ = [
    "FUNCTIONS",
    "INITIATIVE_NAMES",
    "MAX_LENGTH",
    "Expression",
    "ExpressionError",
    "ExpressionSyntaxError",
    "MissingField",
    "compile_expression",
    "expression_location",
    "initiative_namespace",
    "is_initiative_name",
    "lookup",
]
