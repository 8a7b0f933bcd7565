"""Turn pydantic's validation errors into ``file:line:col: message`` problems.

Pydantic speaks of "inputs" and "dictionaries"; plan authors speak of keys and values.
Each error's location is walked through the data (dropping pydantic's union-branch
labels) and resolved against the file's position tree.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from okrkit.errors import Problem
from okrkit.model.aggregate import Location, Position
from okrkit.model.plan import PlanFile
from okrkit.model.scalars import written_text
from okrkit.suggest import suggest

_QUOTED = re.compile(r"'([^']*)'")


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin is typing.Union or origin is types.UnionType:
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tp = models[0] if models else args[0]
        else:
            return tp


def _type_at(path: tuple[Any, ...]) -> Any:
    """The annotation the format expects at ``path`` (None when unknown)."""
    tp: Any = PlanFile
    for seg in path:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(seg, int):
            if origin is list:
                tp = typing.get_args(tp)[0]
            else:
                return None
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(seg)
            if field is None:
                return None
            tp = field.annotation
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        else:
            return None
    return _unwrap(tp)


def _keys_at(path: tuple[Any, ...]) -> list[str]:
    tp = _type_at(path)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    written = written_text(value)  # a number as it was written: 1e-400, not 0.0
    return written if isinstance(written, str) else repr(value)


def _clean_loc(
    loc: tuple[Any, ...], data: Any, keep_last: bool
) -> tuple[tuple[Any, ...], tuple[Any, ...] | None]:
    """Drop pydantic's union labels from ``loc``.

    Returns the cleaned path and, when a label was dropped, the path of the value the
    union was for (a number-or-range estimate), else ``None``.
    """
    out: list[Any] = []
    current = data
    union_at: tuple[Any, ...] | None = None
    segments = loc[:-1] if keep_last and loc else loc
    for seg in segments:
        present = (
            isinstance(seg, int) and isinstance(current, list) and 0 <= seg < len(current)
        ) or (isinstance(seg, str) and isinstance(current, dict) and seg in current)
        if present:
            out.append(seg)
            current = current[seg]
        elif union_at is None:
            union_at = tuple(out)
    if keep_last and loc:
        out.append(loc[-1])
    return tuple(out), union_at


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for seg in path:
        data = data[seg]
    return data


def _message(err: Any, path: tuple[Any, ...]) -> tuple[str, bool]:
    """The message for one error, and whether it points at the key (not the value)."""
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    name = path[-1] if path and isinstance(path[-1], str) else None
    if kind == "extra_forbidden":
        key = str(path[-1]) if path else "?"
        return f"unknown key {key!r}{suggest(key, _keys_at(path[:-1]))}", True
    if kind == "missing":
        return f"missing required key {name!r}", False
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        what = "a whole number" if kind.startswith("int") else "a number"
        return f"expected {what}, got {_describe(value)}", False
    if kind in ("string_type",):
        return f"expected text, got {_describe(value)}", False
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {_describe(value)}", False
    if kind.startswith(("date", "datetime")):
        detail = ctx.get("error")
        extra = f" ({detail})" if detail and kind != "date_type" else ""
        return f"expected a date (YYYY-MM-DD), got {_describe(value)}{extra}", False
    if kind == "literal_error" and path == ("version",):
        return f"okrkit reads format version 1; this plan says {_describe(value)}", False
    if kind == "literal_error":
        expected = _QUOTED.findall(str(ctx.get("expected", "")))
        hint = suggest(str(value), expected) if isinstance(value, str) else ""
        options = ", ".join(expected) if expected else str(ctx.get("expected"))
        return f"expected one of {options}; got {_describe(value)}{hint}", False
    if kind == "list_type":
        return f"expected a list, got {_describe(value)}", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of keys, got {_describe(value)}", False
    if kind == "string_pattern_mismatch":
        return (
            f"{_describe(value)} is not a valid id: use letters, digits and _ . : / -, "
            "starting with a letter or digit",
            False,
        )
    if kind in ("string_too_short", "too_short"):
        return "must not be empty", False
    if kind in ("string_too_long", "too_long"):
        return "is too long", False
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {
            "greater_than": "greater than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        limit = next(iter(ctx.values())) if ctx else "?"
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)
        return f"must be {words} {limit}, got {_describe(value)}", False
    if kind == "finite_number":
        return "must be a finite number", False
    if kind == "value_error":
        msg = str(err["msg"])
        return msg.removeprefix("Value error, "), False
    return str(err["msg"]), False


def _named(path: tuple[Any, ...], message: str) -> str:
    """``message`` led by the field it is about (``rice.confidence: must be at most 1``),
    so the line says what is wrong without opening the file: the names after the last
    list index of ``path``."""
    names: list[str] = []
    for seg in reversed(path):
        if not isinstance(seg, str):
            break
        names.append(seg)
    return f"{'.'.join(reversed(names))}: {message}" if names else message


def problems_from_validation(
    exc: ValidationError, data: Any, positions: Position, where: str
) -> list[Problem]:
    """One problem per distinct place, worded for people, at the right line and column."""
    plain: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    unions: dict[tuple[Any, ...], list[tuple[tuple[Any, ...], dict[str, Any]]]] = {}
    for detail in exc.errors(include_url=False):
        path, union_at = _clean_loc(
            tuple(detail["loc"]), data, keep_last=detail["type"] == "missing"
        )
        if union_at is None:
            plain.append((path, dict(detail)))
        else:
            unions.setdefault(union_at, []).append((path, dict(detail)))

    def in_range_branch(err: dict[str, Any]) -> bool:
        return any(isinstance(seg, str) and "Range" in seg for seg in err["loc"])

    chosen: list[tuple[tuple[Any, ...], dict[str, Any]]] = list(plain)
    problems: list[Problem] = []
    for root, errs in unions.items():
        # a number or a range: keep the errors of the branch the value was meant for
        value = _value_at(data, root)
        if not isinstance(value, dict):  # what a before-validator made of it ("80%": 0.8)
            value = next((e.get("input") for path, e in errs if path == root), value)
        if isinstance(value, dict):
            picked = [
                (path, e)
                for path, e in errs
                if in_range_branch(e)
                and not (path == root and e["type"] in ("float_type", "float_parsing"))
            ]
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            picked = [(path, e) for path, e in errs if not in_range_branch(e)]
        else:
            picked = []
        if not picked:
            line, col = positions.locate(root)
            problems.append(
                Problem(
                    Location(where, line, col),
                    _named(
                        root,
                        f"expected a number or a range such as {{low: 1, high: 3}}, "
                        f"got {_describe(value)}",
                    ),
                )
            )
            continue
        chosen.extend(picked)
    seen: set[tuple[tuple[Any, ...], str]] = set()
    for path, err in chosen:
        message, at_key = _message(err, path)
        # the version message names what it is about ("format version") already
        if not at_key and err["type"] != "missing" and path != ("version",):
            message = _named(path, message)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        line, col = positions.locate(path, key=at_key)
        problems.append(Problem(Location(where, line, col), message))
    return problems
