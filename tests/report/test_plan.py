"""``okrkit plan``'s table: titles beside ids, every column kept at any width, colour only
where it carries meaning (and only when asked)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import pytest

from okrkit.load import load_plan
from okrkit.planning import PlanResult, make_plan
from okrkit.report.plan import render, render_table

ROOT = Path(__file__).resolve().parents[2]
ACME = ROOT / "examples" / "acme"
AS_OF = dt.date(2026, 2, 15)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@cache
def acme() -> tuple[PlanResult, dict[str, str]]:
    plan = load_plan(ACME, use_cache=False)
    result = make_plan(plan, as_of=AS_OF)
    return result, {i.id: i.title for i in plan.initiatives}


def flat(text: str) -> str:
    return " ".join(ANSI.sub("", text).split())


@pytest.mark.parametrize("width", [None, 120, 80, 60, 40])
def test_every_column_of_a_row_is_shown_at_every_width(width: int | None) -> None:
    result, titles = acme()
    out = render_table(result, titles=titles, width=width)
    if width is not None:
        too_long = [line for line in out.splitlines() if len(line) > width]
        assert not too_long
    text = flat(out)
    row = next(s for s in result.schedule if s.id == "fraud-model-v2")
    assert row.finish is not None and row.spill_over_weeks > 0
    # the title, the status, the finish date with its spill-over mark, the delay cost
    assert all(word in text.split() for word in titles["fraud-model-v2"].split())
    for value in (
        "fraud-model-v2",
        "2026-05-23 >",
        "183857.14",
        row.status,
    ):
        assert value in text, value
    below = result.not_selected[0]
    for value in (below.id, below.reason, *below.detail.split()):
        assert value in text.split()
    # every spill-over in a table of its own (not one long line), each with its finish date
    spills = [s for s in result.schedule if s.spill_over_weeks > 1e-9]
    assert len(spills) > 1
    lines = out.splitlines()
    first = next(k for k, line in enumerate(lines) if line.startswith("Spill-over past"))
    rule = next(k for k in range(first, len(lines)) if lines[k].startswith("  ---"))
    end = next(k for k in range(rule, len(lines)) if lines[k][0] != " ")
    section = lines[rule + 1 : end]
    starts = [k for k, line in enumerate(section) if line[2] != " "]
    blocks = [" ".join(section[a:b]) for a, b in zip(starts, [*starts[1:], None], strict=True)]
    assert [b.split()[0] for b in blocks] == [s.id for s in spills]
    for s, block in zip(spills, blocks, strict=True):
        assert s.finish is not None and s.finish.isoformat() in block


def test_unlimited_width_keeps_one_line_a_row() -> None:
    result, titles = acme()
    out = render_table(result, titles=titles)
    for s in result.schedule:
        [line] = [x for x in out.splitlines() if f"  {s.id} — " in x]
        assert s.status in line and (s.finish and s.finish.isoformat()) in line


def test_titles_are_optional_and_a_title_equal_to_the_id_is_not_repeated() -> None:
    result, titles = acme()
    bare = render_table(result)
    assert " — " not in bare
    same = render_table(result, titles={k: k for k in titles})
    assert same == bare


def test_colour_marks_status_spill_over_and_the_cut_line_and_nothing_else() -> None:
    result, titles = acme()
    for width in (None, 80, 60):
        plain = render_table(result, titles=titles, width=width)
        painted = render_table(result, titles=titles, width=width, color=True)
        assert "\x1b" not in plain
        assert ANSI.sub("", painted) == plain
        assert "\x1b[36min_progress\x1b[0m" in painted
        assert "\x1b[32mcommitted\x1b[0m" in painted
        assert "\x1b[33m2026-05-23 >\x1b[0m" in painted
        assert "\x1b[33m  -- cut line: below it --\x1b[0m" in painted
        assert "\x1b[33mcapacity\x1b[0m" in painted
        assert "proposed" in painted and "\x1b[0mproposed" not in painted


def test_only_the_table_is_coloured() -> None:
    result, titles = acme()
    for fmt in ("json", "markdown"):
        assert "\x1b" not in render(result, fmt, titles=titles, width=80, color=True)


def test_golden_acme_at_80_columns(golden) -> None:
    result, titles = acme()
    golden("plan/acme-2026-Q1-80col.txt", render_table(result, titles=titles, width=80))
