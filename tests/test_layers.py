"""The layers run one way and no okrkit module imports itself in a circle.

Every import of every module under ``src/okrkit`` is read from its syntax tree: imports at
module level, inside functions and under ``if TYPE_CHECKING:`` all count, so a lazy import
cannot hide a dependency the layering forbids. The rules (CONTRIBUTING.md, "Layout"):

- the core (everything but ``okrkit.cli``, ``okrkit.report`` and ``okrkit.__main__``)
  never imports ``okrkit.report`` or ``okrkit.cli``;
- ``okrkit.report`` never imports ``okrkit.cli``;
- only ``okrkit.cli`` imports typer; only ``okrkit.cli`` and ``okrkit.report.terminal``
  import rich;
- the modules form no cycle (a package's ``__init__`` is not counted as a dependency of
  its own submodules: Python runs it first whatever the submodule imports).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import networkx as nx

SRC = Path(__file__).resolve().parents[1] / "src"

# (importer prefix, forbidden import prefix, the importers exempt from the rule)
FRONT = ("okrkit.cli", "okrkit.report", "okrkit.__main__")
RULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("okrkit", "okrkit.report", FRONT),
    ("okrkit", "okrkit.cli", FRONT),
    ("okrkit.report", "okrkit.cli", ()),
    ("okrkit", "typer", ("okrkit.cli",)),
    ("okrkit", "rich", ("okrkit.cli", "okrkit.report.terminal")),
)


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def read_sources(root: Path = SRC) -> dict[str, tuple[str, bool]]:
    """Module name -> (source, is a package) for every module below ``root``."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts = parts[:-1]
        out[".".join(parts)] = (path.read_text(encoding="utf-8"), package)
    return out


def imports(
    name: str, source: str, package: bool, known: Mapping[str, object]
) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import in ``source``, relative ones resolved.

    ``from a import b`` names ``a.b`` when that is a module in ``known``, else ``a``.
    """
    here = name.split(".") if package else name.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                yield node.lineno, sub if sub in known else module


def violations(sources: Mapping[str, tuple[str, bool]]) -> list[str]:
    """Every import against the layering, as ``module:line imports target``."""
    out = []
    for name, (source, package) in sorted(sources.items()):
        for line, target in imports(name, source, package, sources):
            for importer, forbidden, exempt in RULES:
                if (
                    _under(name, importer)
                    and not any(_under(name, e) for e in exempt)
                    and _under(target, forbidden)
                ):
                    out.append(f"{name}:{line} imports {target}")
    return out


def cycles(sources: Mapping[str, tuple[str, bool]]) -> list[list[str]]:
    """The sets of okrkit modules that import each other in a circle, sorted."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(sources)
    for name, (source, package) in sources.items():
        for _, target in imports(name, source, package, sources):
            if target in sources and target != name:
                graph.add_edge(name, target)
    found = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    return sorted(found)


def test_every_import_runs_with_the_layers() -> None:
    sources = read_sources()
    assert "okrkit.checks.engine" in sources and "okrkit.report.rules" in sources
    assert violations(sources) == []


def test_no_module_cycles() -> None:
    assert cycles(read_sources()) == []


def test_the_layer_test_sees_lazy_and_relative_imports() -> None:
    fake = {
        "okrkit": ("", True),
        "okrkit.checks": ("", True),
        "okrkit.checks.a": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from ..report import text\n"
            "def f():\n    import typer\n    from okrkit.cli import main\n",
            False,
        ),
        "okrkit.report": ("", True),
        "okrkit.report.text": ("from . import terminal\n", False),
        "okrkit.report.terminal": ("import rich\nfrom okrkit.cli import x\n", False),
        "okrkit.cli": ("import typer, rich\n", True),
    }
    assert violations(fake) == [
        "okrkit.checks.a:3 imports okrkit.report.text",
        "okrkit.checks.a:5 imports typer",
        "okrkit.checks.a:6 imports okrkit.cli",
        "okrkit.report.terminal:2 imports okrkit.cli",
    ]


def test_the_cycle_test_finds_a_cycle_through_a_lazy_import() -> None:
    fake = {
        "okrkit": ("", True),
        "okrkit.a": ("from okrkit import b\n", False),
        "okrkit.b": ("def f():\n    from .c import x\n", False),
        "okrkit.c": ("from okrkit.a import y\n", False),
        "okrkit.d": ("from okrkit import a\n", False),
    }
    assert cycles(fake) == [["okrkit.a", "okrkit.b", "okrkit.c"]]


def _raised_texts(source: str) -> Iterator[tuple[int, str]]:
    """(line, literal text) of the first argument of every ``raise X(...)``."""
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        args = node.exc.args
        first = args[0] if args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield node.lineno, first.value
        elif isinstance(first, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in first.values)
            yield node.lineno, text


def test_core_messages_neither_say_okrkit_nor_name_options() -> None:
    """The CLI's error handler adds ``okrkit:`` and names the option (``UsageError.param``)."""
    bad = []
    for name, (source, _) in sorted(read_sources().items()):
        if any(_under(name, f) for f in FRONT):
            continue
        for line, text in _raised_texts(source):
            if text.startswith("okrkit:") or re.search(r"(^|[\s(])--[a-z]", text):
                bad.append(f"{name}:{line}: {text}")
    assert bad == []
    assert list(_raised_texts('raise E(f"okrkit: --x {y}")')) == [(1, "okrkit: --x {}")]
