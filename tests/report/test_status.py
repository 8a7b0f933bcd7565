"""The status table at any width: every column of every row kept, no line too wide, and
the terminal view the same text with colour."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from okrkit.load import load_plan, load_plan_text
from okrkit.progress import StatusReport, compute_status
from okrkit.report import terminal
from okrkit.report.status import (
    last_text,
    objective_meta,
    render,
    render_table,
    sparkline,
    status_text,
    value_text,
)
from okrkit.report.text import display_width

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 2, 15)
WIDTHS = [None, 200, 120, 100, 80, 72, 60, 48, 40]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def acme() -> StatusReport:
    return compute_status(load_plan(ROOT / "examples" / "acme"), as_of=AS_OF)


def expected_words(report: StatusReport) -> list[str]:
    """Every word each row must show, whatever the layout."""
    words: list[str] = []
    for o in report.objectives:
        words += [o.id, *o.title.split(), *objective_meta(o).split(), o.status]
        for k in o.key_results:
            words += [k.id, *k.title.split(), *status_text(k.status, k.reason).split()]
            words += [*last_text(k).split(), *value_text(k).split()]
            words += [sparkline(k)] if k.history else []
            words += [f"({k.indicator})"] if k.indicator else []
    return words


@pytest.mark.parametrize("width", WIDTHS)
def test_every_column_of_every_row_fits_the_width(acme: StatusReport, width: int | None) -> None:
    text = render_table(acme, width)
    if width is not None:
        too_wide = [line for line in text.splitlines() if display_width(line) > width]
        assert not too_wide, too_wide[:3]
    shown = set(text.split())
    missing = [w for w in expected_words(acme) if w not in shown]
    assert not missing, missing[:10]


def test_a_key_result_keeps_its_check_in_and_history_at_80_columns(acme: StatusReport) -> None:
    text = render_table(acme, 80)
    at = text.index("ledger-write-latency")
    row = text[at : text.index("realtime-ledger-ga")]
    for piece in ("2026-02-13", "140 → 50 ms", "▂▅", "0.7", "55%", "on_track", "p99 ledger"):
        assert piece in row, piece


def test_without_a_width_each_row_is_one_line_with_its_title(acme: StatusReport) -> None:
    lines = render_table(acme).splitlines()
    assert lines[3].split()[-1] == "TITLE"
    rows = sum(1 + len(o.key_results) for o in acme.objectives)
    header_lines = 2 * len(acme.pillars)
    assert len([x for x in lines if x.startswith("  ")]) == rows + header_lines
    row = next(x for x in lines if "ledger-write-latency" in x)
    assert row.rstrip().endswith("p99 ledger write latency under 50 ms")
    assert render(acme, "table") == render_table(acme)


def test_layouts_by_width(acme: StatusReport) -> None:
    """One line a row when it fits; then two lines (the second line under the fields'
    headers carries confidence, check-in, value and history); then labelled records."""
    wide = render_table(acme, 400).splitlines()
    assert "TITLE" in wide[3]
    two = render_table(acme, 80).splitlines()
    assert two[3].split()[-1] == "STATUS" and two[4].split() == [
        "CONF",
        "CHECK-IN",
        "VALUE",
        "HISTORY",
    ]
    narrow = render_table(acme, 48)
    assert "check-in 2026-02-13" in narrow and "OBJECTIVE / KEY RESULT" not in narrow


def test_an_unbreakable_id_and_title_wrap_rather_than_vanish() -> None:
    long_id = "a-very-long-key-result-identifier-that-no-terminal-column-can-hold-whole"
    plan = load_plan_text(
        f"""\
periods: [{{id: Q1, start: 2026-01-01, end: 2026-03-31}}]
objectives:
  - id: o
    title: {"Supercalifragilistic" * 4}
    period: Q1
    key_results:
      - {{id: {long_id}, title: T, direction: increase, baseline: 0, target: 10,
         checkins: [{{date: 2026-02-01, value: 4}}]}}
""",
        Path("okrkit.yaml"),
    )
    report = compute_status(plan, as_of=AS_OF)
    for width in (40, 60, 80, 120):
        text = render_table(report, width)
        assert all(display_width(line) <= width for line in text.splitlines()), width
        squeezed = "".join(text.split())
        assert long_id in squeezed and "Supercalifragilistic" * 4 in squeezed
        assert "2026-02-01" in text and "4 → 10" in text


@pytest.mark.parametrize("width", [None, 120, 80, 60])
def test_terminal_view_is_the_table_with_colour(acme: StatusReport, width: int | None) -> None:
    coloured = terminal.render(acme, width=width)
    assert "\x1b[32m" in coloured  # a green (on track) row
    assert "\x1b[1;32machieved" in coloured
    assert ANSI.sub("", coloured) == render_table(acme, width)
    assert terminal.render(acme, width=width, color=False) == render_table(acme, width)


def test_terminal_marks_a_stale_check_in_yellow() -> None:
    plan = load_plan_text(
        """\
periods: [{id: Q1, start: 2026-01-01, end: 2026-03-31}]
objectives:
  - id: o
    title: O
    period: Q1
    key_results:
      - {id: k, title: K, direction: increase, baseline: 0, target: 10,
         checkins: [{date: 2026-01-02, value: 4}]}
""",
        Path("okrkit.yaml"),
    )
    text = terminal.render(compute_status(plan, as_of=AS_OF), width=80)
    assert "\x1b[33m2026-01-02 (stale)" in text


def test_a_title_with_a_line_break_or_an_escape_code_stays_on_its_row() -> None:
    plan = load_plan_text(
        """\
periods: [{id: Q1, start: 2026-01-01, end: 2026-03-31}]
objectives:
  - id: o
    title: "Grow\\nfast \\e[31mnow"
    period: Q1
    key_results:
      - {id: k, title: "Two\\nlines", direction: increase, baseline: 0, target: 10,
         checkins: [{date: 2026-02-01, value: 4}]}
""",
        Path("okrkit.yaml"),
    )
    report = compute_status(plan, as_of=AS_OF)
    for width in (None, 80, 60):
        text = render_table(report, width)
        assert "\x1b" not in text
        assert "Grow fast \ufffd[31mnow" in text
        assert "Two lines" in text
    lines = render_table(report).splitlines()
    assert next(x for x in lines if x.startswith("  o ")).endswith("Grow fast \ufffd[31mnow")
    assert "\x1b[31mnow" not in terminal.render(report, width=80)
