"""Long functions say why they are long (issue 13, "Functions say why")."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
LONG = 60


def long_functions_without_docstring(source: str) -> list[tuple[int, str, int]]:
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > LONG and not ast.get_docstring(node):
                out.append((node.lineno, node.name, length))
    return out


def test_every_function_over_60_lines_has_a_docstring() -> None:
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        for line, name, length in long_functions_without_docstring(path.read_text("utf-8")):
            bad.append(f"{path.relative_to(SRC)}:{line} {name} ({length} lines)")
    assert bad == [], "split these, or say in a docstring what they decide and why"


def test_the_shape_test_sees_a_long_function() -> None:
    body = "\n".join(f"    x{k} = {k}" for k in range(LONG))
    assert long_functions_without_docstring(f"def f():\n{body}\n") == [(1, "f", LONG + 1)]
    assert long_functions_without_docstring(f'def f():\n    """Why."""\n{body}\n') == []
