"""The expression language: what it accepts, what it refuses, and where it says so."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.expr import (
    ExpressionError,
    ExpressionSyntaxError,
    MissingField,
    compile_expression,
    initiative_namespace,
    is_initiative_name,
)
from okrkit.model.plan import Initiative

NS: dict[str, Any] = {
    "rice.reach": 1000.0,
    "rice.impact": 2.0,
    "fields.strategic_fit": 3.0,
    "effort_weeks": 4.0,
    "kind": "feature",
    "flag": True,
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7.0),
        ("(1 + 2) * 3", 9.0),
        ("2 ** 3 ** 2", 512.0),
        ("-2 ** 2", -4.0),
        ("7 / 2", 3.5),
        ("(fields.strategic_fit * 2 + rice.impact) / effort_weeks", 2.0),
        ("rice.reach > 500 and kind == 'feature'", True),
        ('kind != "feature" or effort_weeks <= 4', True),
        ("not flag", False),
        ("1 < effort_weeks < 5", True),
        ("1 < effort_weeks < 3", False),
        ("10 if kind == 'debt' else 20", 20.0),
        ("min(3, 1, 2) + max(1, 5) + abs(-2)", 8.0),
        ("sqrt(16) + log(1)", 4.0),
        ("log(8, 2)", 3.0),
        ("kind in ['feature', 'debt']", True),
        ("kind not in ('feature',)", False),
        ("effort_weeks in [4, -1]", True),
        ("true", True),
        ("false or true", True),
        ("  effort_weeks\n  * 2\n", 8.0),
        ("1e3", 1000.0),
    ],
)
def test_evaluates(text: str, expected: object) -> None:
    assert compile_expression(text).evaluate(NS) == expected


def test_names_are_the_dotted_names_read() -> None:
    e = compile_expression("(fields.x * 2 + rice.impact) / effort_weeks if true else min(1, a.b)")
    assert e.names == frozenset({"fields.x", "rice.impact", "effort_weeks", "a.b"})
    assert e.text.startswith("(fields.x")


def test_nested_namespace_is_accepted() -> None:
    e = compile_expression("rice.reach * 2")
    assert e.evaluate({"rice": {"reach": 3}}) == 6.0


@pytest.mark.parametrize(
    ("text", "offset", "fragment"),
    [
        ("1 +* 2", 3, "invalid syntax"),
        ("(a", 0, "never closed"),
        ("a) + (b", 1, "unmatched"),
        ("a % 2", 0, "`%` is not supported"),
        ("a // 2", 0, "`//`"),
        ("x + 'a'", 4, "a string cannot be used"),
        ("1 + open(1)", 4, "`open` is not a function"),
        ("rice.__class__", 0, "may not start with `_`"),
        ("a[1]", 0, "indexing"),
        ("lambda: 1", 0, "`lambda`"),
        ("x is None", 0, "`is` is not supported"),
        ("[x for x in y]", 0, "comprehension"),
        ("abs(1, 2)", 0, "takes 1 argument"),
        ("max()", 0, "at least 1 argument"),
        ("min(*a)", 4, "`*`"),
        ("min(a=1)", 4, "keyword"),
        ("1 + min", 4, "is a function"),
        ("x in y", 5, "list of constants"),
        ("f'{x}'", 0, "f-string"),
        ("a := 1", 2, "invalid syntax"),
        ("", 0, "empty"),
        ("(1).real", 0, "only dotted names"),
        ("1 + 1" * 1000, 2000, "too long"),
        ("1 + é +* 2", 7, "invalid syntax"),
        ("é + (x % 2)", 5, "`%`"),
        ("min(" + ",".join(["a"] * 600) + ")", 1002, "too large"),
    ],
)
def test_syntax_errors_point_at_the_problem(text: str, offset: int, fragment: str) -> None:
    with pytest.raises(ExpressionSyntaxError) as info:
        compile_expression(text)
    assert fragment in info.value.message
    assert info.value.offset == offset
    assert isinstance(info.value, ExpressionError)


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(ExpressionSyntaxError):
        compile_expression("-" * 300 + "1")
    assert compile_expression("+".join(["a"] * 150)).evaluate({"a": 1}) == 150.0
    with pytest.raises(ExpressionSyntaxError):
        compile_expression("(" * 250 + "1" + ")" * 250)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("10 ** 10 ** 10", "overflows"),
        ("1e308 * 10", "overflows"),
        ("1 / (effort_weeks - 4)", "division by zero"),
        ("(-8) ** 0.5", "undefined"),
        ("sqrt(-1)", "negative"),
        ("log(0)", "not positive"),
        ("log(8, 1)", "base"),
        ("kind + 1", "needs a number, got a string"),
        ("kind < 3", "compares a string with a number"),
        ("flag + 1", "needs a number, got a boolean"),
        ("effort_weeks and true", "needs true or false"),
        ("1 if effort_weeks else 2", "needs true or false"),
        ("flag < true", "cannot order booleans"),
    ],
)
def test_evaluation_errors(text: str, fragment: str) -> None:
    with pytest.raises(ExpressionError) as info:
        compile_expression(text).evaluate(NS)
    assert not isinstance(info.value, MissingField)
    assert fragment in info.value.message


def test_missing_field_names_the_field() -> None:
    e = compile_expression("rice.reach * rice.confidence")
    with pytest.raises(MissingField) as info:
        e.evaluate(NS)
    assert info.value.name == "rice.confidence"
    assert info.value.offset == 13


def test_short_circuit_skips_missing_fields() -> None:
    assert compile_expression("kind == 'debt' and rice.nope > 1").evaluate(NS) is False
    assert compile_expression("1 if true else nope").evaluate(NS) == 1.0


def test_initiative_namespace() -> None:
    i = Initiative.model_validate(
        {
            "id": "a",
            "title": "A",
            "team": "core",
            "effort_weeks": {"low": 2, "high": 6},
            "rice": {"reach": 100, "confidence": "80%"},
            "cost_of_delay": {"per_week": 5, "deadline": dt.date(2026, 3, 31)},
            "fields": {"fit": 3},
            "key_results": ["k1", "k2"],
        }
    )
    ns = initiative_namespace(i)
    assert ns["effort_weeks"] == 4.0
    assert ns["duration_weeks"] == 4.0
    assert ns["rice.confidence"] == 0.8
    assert "rice.impact" not in ns
    assert "ice.impact" not in ns
    assert ns["cost_of_delay.urgency"] == "standard"
    assert ns["cost_of_delay.deadline"] == "2026-03-31"
    assert ns["fields.fit"] == 3.0
    assert ns["key_results"] == 2.0
    assert ns["depends_on"] == 0.0
    assert "period" not in ns
    assert all(is_initiative_name(k) for k in ns)
    with pytest.raises(MissingField) as info:
        compile_expression("rice.impact * 2").evaluate(ns)
    assert info.value.name == "rice.impact"
    assert compile_expression("cost_of_delay.deadline < '2026-04-01'").evaluate(ns) is True


small = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda x: abs(x) > 1e-6)


@settings(max_examples=60, deadline=None)
@given(a=small, b=small, op=st.sampled_from(["+", "-", "*", "/"]))
def test_arithmetic_matches_floats(a: float, b: float, op: str) -> None:
    got = compile_expression(f"x {op} y").evaluate({"x": a, "y": b})
    want = {"+": a + b, "-": a - b, "*": a * b, "/": a / b}[op]
    assert math.isclose(got, want, rel_tol=0, abs_tol=0) or got == want


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab.1+-*/()<>=! ,'\"[]_%~:", " if ", " else ", " and ", "min("]),
        max_size=20,
    )
)
def test_any_text_either_compiles_or_raises_a_syntax_error(tokens: list[str]) -> None:
    text = "".join(tokens)
    try:
        e = compile_expression(text)
    except ExpressionSyntaxError as exc:
        assert 0 <= exc.offset <= len(text)
        return
    with contextlib.suppress(ExpressionError):
        e.evaluate({"a": 1.0, "b": 2.0, "a.b": 3.0})


_leaf = st.one_of(
    st.integers(min_value=1, max_value=50).map(str),
    st.sampled_from(["x", "y", "fields.z"]),
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(children, children).map(lambda t: f"max({t[0]}, {t[1]})"),
        st.tuples(children, children, children).map(
            lambda t: f"({t[0]} if {t[1]} > {t[2]} else {t[2]})"
        ),
    )


@settings(max_examples=80, deadline=None)
@given(st.recursive(_leaf, _combine, max_leaves=12))
def test_agrees_with_python_on_arithmetic(text: str) -> None:
    """The language means what the same text means in Python (over floats)."""
    ns = {"x": 2.5, "y": -3.0, "fields.z": 7.0}
    py = text.replace("fields.z", "z")
    want = eval(py, {"__builtins__": {}, "max": max}, {"x": 2.5, "y": -3.0, "z": 7.0})
    got = compile_expression(text).evaluate(ns)
    assert got == pytest.approx(float(want), rel=1e-12)
