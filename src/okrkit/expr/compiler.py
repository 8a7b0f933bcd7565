"""A small, safe expression language for formulas and policy rules.

The text is parsed with Python's :mod:`ast` and every node is checked against a strict
whitelist, then turned into a tree of closures. Nothing is ever passed to ``eval``: there
is no attribute access (a dotted name is one lookup in the namespace), no subscripts, no
imports, no calls except ``min``, ``max``, ``abs``, ``log`` and ``sqrt``. Arithmetic is
done in floats, so ``10 ** 10 ** 10`` is an overflow error, not a hang; the text length,
node count and nesting depth are capped, so evaluation time is bounded.

The language (see ``docs/expressions.md``):

- numbers, ``"strings"`` / ``'strings'`` (in comparisons only), ``true`` / ``false``;
- ``+ - * / **``, unary ``-`` and ``+``, parentheses;
- ``< <= > >= == !=`` (chains allowed: ``1 <= x < 5``), ``in`` / ``not in`` a list
  literal of constants (``kind in ["feature", "debt"]``);
- ``and``, ``or``, ``not`` (on booleans, short-circuit);
- ``A if CONDITION else B``;
- dotted names (``rice.reach``, ``fields.strategic_fit``);
- ``min(a, b, ...)``, ``max(a, b, ...)``, ``abs(x)``, ``log(x)`` (natural) or
  ``log(x, base)``, ``sqrt(x)``.
"""

from __future__ import annotations

import ast
import functools
import math
from collections.abc import Callable, Mapping
from typing import Any

from okrkit.expr.errors import ExpressionError, ExpressionSyntaxError, MissingField

MAX_LENGTH = 2000
"""Longest expression text accepted, in characters."""
MAX_NODES = 500
"""Most syntax nodes accepted in one expression."""
MAX_DEPTH = 200
"""Deepest nesting accepted."""

FUNCTIONS = ("abs", "log", "max", "min", "sqrt")
_LITERALS: dict[str, bool] = {"true": True, "false": False}

Value = float | bool | str
Evaluator = Callable[[Mapping[str, Any]], Any]

_BINOPS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}
_UNSUPPORTED_BINOPS: dict[type[ast.operator], str] = {
    ast.Mod: "%",
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
}
_COMPARE: dict[type[ast.cmpop], str] = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
}


LIST_NAMES = frozenset({"tags"})
"""Names whose value is a list, so they may stand after ``in``."""


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, tuple):
        return "a list"
    return f"a {type(value).__name__}"


def _number(value: Any, what: str, offset: int) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ExpressionError(f"{what} needs a number, got {_describe(value)}", offset)
    return float(value)


def _boolean(value: Any, what: str, offset: int) -> bool:
    if not isinstance(value, bool):
        raise ExpressionError(f"{what} needs true or false, got {_describe(value)}", offset)
    return value


def _finite(value: float, what: str, offset: int) -> float:
    if math.isinf(value) or math.isnan(value):
        raise ExpressionError(f"{what} overflows", offset)
    return value


def _arith(op: str, a: float, b: float, offset: int) -> float:
    try:
        if op == "+":
            r = a + b
        elif op == "-":
            r = a - b
        elif op == "*":
            r = a * b
        elif op == "/":
            if b == 0:
                raise ExpressionError("division by zero", offset)
            r = a / b
        else:
            r = math.pow(a, b)
    except OverflowError:
        raise ExpressionError(f"`{op}` overflows", offset) from None
    except (ValueError, ZeroDivisionError):
        raise ExpressionError(f"`{op}` is undefined for {a:g} and {b:g}", offset) from None
    return _finite(r, f"`{op}`", offset)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return type(value).__name__


def _compare(op: str, a: Any, b: Any, offset: int) -> bool:
    if op in ("in", "not in"):
        if not isinstance(b, tuple):
            raise ExpressionError(f"`{op}` needs a list on its right, got {_describe(b)}", offset)
        found = any(_kind(a) == _kind(x) and a == x for x in b)
        return found if op == "in" else not found
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        raise ExpressionError(f"`{op}` compares {_describe(a)} with {_describe(b)}", offset)
    if op == "==":
        return bool(a == b)
    if op == "!=":
        return bool(a != b)
    if ka == "bool":
        raise ExpressionError(f"`{op}` cannot order booleans", offset)
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)


def _call(name: str, args: list[float], offset: int) -> float:
    if name == "min":
        return min(args)
    if name == "max":
        return max(args)
    if name == "abs":
        return abs(args[0])
    if name == "sqrt":
        if args[0] < 0:
            raise ExpressionError(f"sqrt of a negative number ({args[0]:g})", offset)
        return math.sqrt(args[0])
    # log
    x = args[0]
    if x <= 0:
        raise ExpressionError(f"log of a number that is not positive ({x:g})", offset)
    if len(args) == 1:
        return math.log(x)
    base = args[1]
    if base <= 0 or base == 1:
        raise ExpressionError(f"log base must be positive and not 1 (got {base:g})", offset)
    return math.log(x) / math.log(base)


def lookup(namespace: Mapping[str, Any], name: str, offset: int | None = None) -> Any:
    """The value of a dotted ``name``: a flat key, else a walk through nested mappings."""
    if name in namespace:
        value = namespace[name]
    else:
        node: Any = namespace
        for part in name.split("."):
            if isinstance(node, Mapping) and part in node:
                node = node[part]
            else:
                raise MissingField(name, offset)
        value = node
    if value is None or isinstance(value, Mapping):
        raise MissingField(name, offset)
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


class _Compiler:
    def __init__(self, text: str):
        self.text = text
        self.nodes = 0
        self.names: set[str] = set()
        starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                starts.append(i + 1)
        self.line_starts = starts

    # --- positions -------------------------------------------------------------

    def offset(self, node: ast.AST) -> int:
        lineno = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        start = self.line_starts[min(max(lineno, 1), len(self.line_starts)) - 1]
        line = self.text[start:].split("\n", 1)[0]
        chars = len(line.encode("utf-8")[:col].decode("utf-8", errors="ignore"))
        return start + chars

    def error(self, node: ast.AST, message: str) -> ExpressionSyntaxError:
        return ExpressionSyntaxError(message, self.offset(node))

    # --- the walk --------------------------------------------------------------

    def compile(self, node: ast.AST, depth: int = 0) -> Evaluator:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.error(node, f"expression is too large (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise self.error(node, f"expression is nested too deeply (more than {MAX_DEPTH})")
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise self.error(node, f"{_syntax_name(node)} is not allowed in an expression")
        result: Evaluator = method(node, depth + 1)
        return result

    def operand(self, node: ast.AST, depth: int, where: str) -> Evaluator:
        """Compile an operand that must not be a string literal."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            raise self.error(node, f"a string cannot be used {where} (only in comparisons)")
        return self.compile(node, depth)

    def _Constant(self, node: ast.Constant, depth: int) -> Evaluator:
        value = node.value
        if isinstance(value, (bool, str)):
            v: Value = value
        elif isinstance(value, (int, float)):
            v = self.number(node, value)
        else:
            raise self.error(node, f"{_describe(value)} literal is not allowed")
        return lambda ns: v

    def number(self, node: ast.AST, value: float) -> float:
        """A numeric literal as a float; one too large for a float is an error at ``node``."""
        try:
            v = float(value)
        except OverflowError:
            raise self.error(node, "number is too large") from None
        if math.isinf(v):
            raise self.error(node, "number is too large")
        return v

    def dotted(self, node: ast.AST) -> str:
        parts: list[str] = []
        cur = node
        while isinstance(cur, ast.Attribute):
            parts.append(cur.attr)
            cur = cur.value
        if not isinstance(cur, ast.Name):
            raise self.error(node, "only dotted names such as `rice.reach` may use `.`")
        parts.append(cur.id)
        parts.reverse()
        for part in parts:
            if part.startswith("_"):
                raise self.error(node, f"names may not start with `_`: `{part}`")
        return ".".join(parts)

    def _name(self, node: ast.AST) -> Evaluator:
        name = self.dotted(node)
        if name in _LITERALS:
            b = _LITERALS[name]
            return lambda ns: b
        if name in FUNCTIONS:
            raise self.error(node, f"`{name}` is a function: call it as `{name}(...)`")
        self.names.add(name)
        off = self.offset(node)
        return lambda ns: lookup(ns, name, off)

    def _Name(self, node: ast.Name, depth: int) -> Evaluator:
        return self._name(node)

    def _Attribute(self, node: ast.Attribute, depth: int) -> Evaluator:
        return self._name(node)

    def _BinOp(self, node: ast.BinOp, depth: int) -> Evaluator:
        op_type = type(node.op)
        if op_type not in _BINOPS:
            sym = _UNSUPPORTED_BINOPS.get(op_type, type(node.op).__name__)
            raise self.error(node, f"operator `{sym}` is not supported")
        op = _BINOPS[op_type]
        left = self.operand(node.left, depth, f"with `{op}`")
        right = self.operand(node.right, depth, f"with `{op}`")
        off = self.offset(node)

        def evaluate(ns: Mapping[str, Any]) -> float:
            a = _number(left(ns), f"`{op}`", off)
            b = _number(right(ns), f"`{op}`", off)
            return _arith(op, a, b, off)

        return evaluate

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> Evaluator:
        off = self.offset(node)
        if isinstance(node.op, ast.Not):
            inner = self.operand(node.operand, depth, "with `not`")
            return lambda ns: not _boolean(inner(ns), "`not`", off)
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            sign = -1.0 if isinstance(node.op, ast.USub) else 1.0
            inner = self.operand(node.operand, depth, "with a sign")
            return lambda ns: sign * _number(inner(ns), "a sign", off)
        raise self.error(node, "operator `~` is not supported")

    def _BoolOp(self, node: ast.BoolOp, depth: int) -> Evaluator:
        is_and = isinstance(node.op, ast.And)
        word = "and" if is_and else "or"
        parts = [self.operand(v, depth, f"with `{word}`") for v in node.values]
        off = self.offset(node)

        def evaluate(ns: Mapping[str, Any]) -> bool:
            for part in parts:
                b = _boolean(part(ns), f"`{word}`", off)
                if is_and and not b:
                    return False
                if not is_and and b:
                    return True
            return is_and

        return evaluate

    def _Compare(self, node: ast.Compare, depth: int) -> Evaluator:
        ops: list[str] = []
        for cmp in node.ops:
            if type(cmp) not in _COMPARE:
                word = "is not" if isinstance(cmp, ast.IsNot) else "is"
                raise self.error(node, f"`{word}` is not supported: use `==` or `!=`")
            ops.append(_COMPARE[type(cmp)])
        first = self.compile(node.left, depth)
        rest: list[Evaluator] = []
        for sym, comp in zip(ops, node.comparators, strict=True):
            if sym in ("in", "not in") and not (
                isinstance(comp, ast.Name) and comp.id in LIST_NAMES
            ):
                rest.append(self.constant_list(comp, depth))
            else:
                rest.append(self.compile(comp, depth))
        off = self.offset(node)

        def evaluate(ns: Mapping[str, Any]) -> bool:
            a = first(ns)
            for op, ev in zip(ops, rest, strict=True):
                b = ev(ns)
                if not _compare(op, a, b, off):
                    return False
                a = b
            return True

        return evaluate

    def constant_list(self, node: ast.AST, depth: int) -> Evaluator:
        if not isinstance(node, (ast.List, ast.Tuple)):
            raise self.error(
                node, '`in` needs a list of constants (`kind in ["a", "b"]`) or `tags`'
            )
        values: list[Value] = []
        for elt in node.elts:
            self.nodes += 1
            if isinstance(elt, ast.UnaryOp) and isinstance(elt.op, ast.USub):
                inner = elt.operand
                if isinstance(inner, ast.Constant) and isinstance(inner.value, (int, float)):
                    values.append(-self.number(inner, inner.value))
                    continue
            if not isinstance(elt, ast.Constant) or not isinstance(
                elt.value, (bool, str, int, float)
            ):
                if isinstance(elt, ast.Name) and elt.id in _LITERALS:
                    values.append(_LITERALS[elt.id])
                    continue
                raise self.error(elt, "a list after `in` may hold only constants")
            v = elt.value
            values.append(v if isinstance(v, (bool, str)) else self.number(elt, v))
        frozen = tuple(values)
        return lambda ns: frozen

    def _IfExp(self, node: ast.IfExp, depth: int) -> Evaluator:
        test = self.operand(node.test, depth, "as a condition")
        body = self.operand(node.body, depth, "as a result")
        orelse = self.operand(node.orelse, depth, "as a result")
        off = self.offset(node.test)

        def evaluate(ns: Mapping[str, Any]) -> Any:
            if _boolean(test(ns), "`if`", off):
                return body(ns)
            return orelse(ns)

        return evaluate

    def _Call(self, node: ast.Call, depth: int) -> Evaluator:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            callee = node.func
            what = self.dotted(callee) if isinstance(callee, (ast.Name, ast.Attribute)) else ""
            label = f"`{what}`" if what else "this"
            raise self.error(
                node, f"{label} is not a function; the functions are {', '.join(FUNCTIONS)}"
            )
        name = node.func.id
        if node.keywords:
            raise self.error(node.keywords[0], f"`{name}` takes no keyword arguments")
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.error(arg, "`*` arguments are not allowed")
        n = len(node.args)
        ok = {"abs": n == 1, "sqrt": n == 1, "log": n in (1, 2)}.get(name, n >= 1)
        if not ok:
            expected = {"abs": "1 argument", "sqrt": "1 argument", "log": "1 or 2 arguments"}
            raise self.error(
                node, f"`{name}` takes {expected.get(name, 'at least 1 argument')}, got {n}"
            )
        args = [self.operand(a, depth, f"in `{name}`") for a in node.args]
        off = self.offset(node)

        def evaluate(ns: Mapping[str, Any]) -> float:
            values = [_number(a(ns), f"`{name}`", off) for a in args]
            return _call(name, values, off)

        return evaluate


def _syntax_name(node: ast.AST) -> str:
    names = {
        "Subscript": "indexing (`[...]`)",
        "Lambda": "`lambda`",
        "NamedExpr": "`:=`",
        "JoinedStr": "an f-string",
        "List": "a list (only after `in`)",
        "Tuple": "a tuple",
        "Dict": "a mapping",
        "Set": "a set",
        "ListComp": "a comprehension",
        "SetComp": "a comprehension",
        "DictComp": "a comprehension",
        "GeneratorExp": "a comprehension",
        "Await": "`await`",
        "Yield": "`yield`",
        "YieldFrom": "`yield`",
        "Starred": "`*`",
        "Slice": "a slice",
    }
    return names.get(type(node).__name__, type(node).__name__)


class Expression:
    """A compiled expression. Build it with :func:`compile_expression`."""

    __slots__ = ("_evaluate", "arithmetic", "names", "text")

    def __init__(
        self, text: str, evaluate: Evaluator, names: frozenset[str], *, arithmetic: bool = False
    ):
        self.text = text
        self.names = names
        self._evaluate = evaluate
        self.arithmetic = arithmetic
        """Only arithmetic on names and numbers: it gives a number whenever it gives
        anything (no comparison, condition, text, subscript): a formula check can skip
        evaluating it."""

    def evaluate(self, namespace: Mapping[str, Any]) -> Any:
        """Evaluate against ``namespace`` (dotted names as flat keys, or nested mappings).

        Returns a float, a bool or a string. Raises :class:`MissingField` for a name the
        namespace lacks and :class:`ExpressionError` for a type error, an overflow or a
        division by zero.
        """
        try:
            return self._evaluate(namespace)
        except RecursionError:  # pragma: no cover - the depth cap keeps this away
            raise ExpressionError("expression is nested too deeply") from None

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


@functools.lru_cache(maxsize=512)
def compile_expression(text: str) -> Expression:
    """Parse and check ``text``; raise :class:`ExpressionSyntaxError` if it is not valid."""
    if len(text) > MAX_LENGTH:
        raise ExpressionSyntaxError(
            f"expression is too long ({len(text)} characters; at most {MAX_LENGTH})", MAX_LENGTH
        )
    stripped = text.strip()
    if not stripped:
        raise ExpressionSyntaxError("expression is empty", 0)
    # A YAML block scalar may hold the expression on several lines: line breaks become
    # spaces (one character each, so offsets still point into ``text``).
    flat = text.replace("\r", " ").replace("\n", " ")
    lead = len(flat) - len(flat.lstrip())
    source = flat.lstrip()
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        if (exc.lineno or 1) != 1 or not exc.offset:
            # Python gives no column when the text ends too early ("rice.reach <="):
            # the error is where the text ends
            offset = len(text.rstrip())
        else:
            offset = lead + exc.offset - 1
        raise ExpressionSyntaxError(_syntax_message(exc), min(offset, len(text))) from None
    except (ValueError, MemoryError, RecursionError):
        raise ExpressionSyntaxError("expression cannot be parsed", 0) from None
    compiler = _Compiler(source)
    try:
        evaluate = compiler.compile(tree.body)
    except ExpressionSyntaxError as exc:
        raise ExpressionSyntaxError(exc.message, lead + exc.offset) from None
    except RecursionError:
        raise ExpressionSyntaxError("expression is nested too deeply", 0) from None
    maybe_not_a_number = (ast.Compare, ast.BoolOp, ast.IfExp, ast.Not, ast.Subscript)
    arithmetic = not any(
        isinstance(n, maybe_not_a_number)
        or (isinstance(n, ast.Constant) and type(n.value) not in (int, float))
        for n in ast.walk(tree)
    )
    return Expression(text, evaluate, frozenset(compiler.names), arithmetic=arithmetic)


def _syntax_message(exc: SyntaxError) -> str:
    msg = exc.msg or "invalid syntax"
    if msg.startswith("invalid syntax"):
        return "invalid syntax"
    if "never closed" in msg or "unmatched" in msg or "does not match" in msg:
        return msg
    if "unterminated string" in msg:
        return "unterminated string"
    return msg.split(" (", 1)[0]
