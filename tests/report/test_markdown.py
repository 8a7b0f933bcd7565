"""One Markdown cell writer: every reporter's tables survive newlines and pipes in text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from okrkit.report.markdown import Code, cell, code

HOSTILE = "A | b\\n c`d` *e* <img src=x>\\u2028f\\r\\ng"
"""A YAML double-quoted title: a pipe, line breaks of three kinds, markup and raw HTML."""

PLAN = f"""\
vision:
  statement: Grow
  pillars:
    - {{id: speed, name: "{HOSTILE}"}}
periods:
  - {{id: 2026-Q1, start: 2026-01-01, end: 2026-03-31}}
teams:
  - {{id: web, capacity: {{2026-Q1: 10}}}}
objectives:
  - id: fast
    title: "{HOSTILE}"
    pillar: speed
    team: web
    period: 2026-Q1
    key_results:
      - {{id: kr-a, title: "{HOSTILE}", direction: increase, baseline: 0, target: 10,
         checkins: [{{date: 2026-01-10, value: 2}}]}}
initiatives:
  - {{id: one, title: "{HOSTILE}", team: web, period: 2026-Q1, status: committed,
     effort_weeks: 8, key_results: [kr-a], depends_on: [two],
     rice: {{reach: 10, impact: 1, confidence: 0.5, effort: 1}}}}
  - {{id: two, title: "{HOSTILE}", team: web, period: 2026-Q1, effort_weeks: 8,
     key_results: [kr-a], rice: {{reach: 10, impact: 1, confidence: 0.5, effort: 1}}}}
"""

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _table_rows(text: str) -> list[list[str]]:
    """The tables of ``text`` as lists of rows (each a line starting with a pipe)."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _assert_tables_whole(text: str) -> None:
    tables = _table_rows(text)
    assert tables, text
    for rows in tables:
        widths = {len(_UNESCAPED_PIPE.findall(r)) for r in rows}
        assert len(widths) == 1, rows
    assert "<img" not in text
    assert "\u2028" not in text and "\r" not in text


@pytest.mark.parametrize(
    "args",
    [
        ("score", "--format", "markdown"),
        ("plan", "--format", "markdown", "--period", "2026-Q1"),
        ("status", "--format", "markdown", "--as-of", "2026-02-01"),
        ("check", "--format", "markdown", "--as-of", "2026-02-01"),
    ],
    ids=lambda a: a[0],
)
def test_every_markdown_table_survives_hostile_text(
    args: tuple[str, ...],
    run_cli: Callable[..., object],
    write_plan: Callable[..., Path],
) -> None:
    path = write_plan(PLAN)
    result = run_cli(*args, path)
    assert result.exit_code in (0, 1), result.stderr  # type: ignore[attr-defined]
    _assert_tables_whole(result.stdout)  # type: ignore[attr-defined]


def test_cell_flattens_and_escapes() -> None:
    assert cell("a | b\nc\u0085d\u2029e") == "a \\| b c d e"
    assert cell("x`y` *z* <b> & \\") == "x\\`y\\` \\*z\\* &lt;b> &amp; \\\\"


def test_code_spans_keep_the_text() -> None:
    assert code("batch-api") == "`batch-api`"
    assert code("a`b") == "``a`b``"
    assert code("`a") == "`` `a ``"
    assert code("a|b\nc") == "`a\\|b c`"
    assert cell(Code("a|b")) == "`a\\|b`"
