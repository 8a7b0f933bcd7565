"""The plain-text table and wrapping helpers every text view uses to fit a width."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.report.text import (
    clean,
    display_width,
    fit_widths,
    pad,
    paint,
    table,
    table_fits,
    wrap,
    wrap_text,
)


def test_display_width_counts_terminal_cells() -> None:
    assert display_width("abc") == 3
    assert display_width("→▅") == 2
    assert display_width("日本") == 4
    assert display_width("e\u0301") == 1
    assert pad("日", 4) == "日  "
    assert pad("7", 3, "r") == "  7"


def test_wrap_breaks_at_spaces_then_after_hyphens() -> None:
    assert wrap("Make the ledger a foundation", 12) == ["Make the", "ledger a", "foundation"]
    assert wrap("ledger-consistency-incidents", 20) == ["ledger-consistency-", "incidents"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap("", 5) == [""]
    assert wrap("one\ntwo", 10) == ["one", "two"]


def test_wrap_keeps_the_indent_of_a_row() -> None:
    assert wrap("  reduce ledger incidents", 12) == ["  reduce", "  ledger", "  incidents"]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab -_日→\n"), max_size=60),
    width=st.integers(min_value=1, max_value=30),
)
def test_wrap_fits_and_loses_nothing(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(display_width(line) <= max(width, 2) for line in lines)
    squeeze = "".join(text.split())
    assert "".join("".join(lines).split()) == squeeze


def test_fit_widths_shrinks_the_widest_wrappable_column_first() -> None:
    assert fit_widths([10, 20, 5], [10, 8, 5], 100) == [10, 20, 5]
    assert fit_widths([10, 20, 5], [10, 8, 5], 30) == [10, 11, 5]
    assert fit_widths([10, 20, 30], [10, 8, 8], 40) == [10, 13, 13]
    assert fit_widths([10, 20, 5], [10, 8, 5], 20) is None


HEADERS = ("ID", "SCORE", "TITLE")
ROWS = [
    ["ledger-write-latency", "12.5", "Cut the p95 latency of ledger writes in half"],
    ["kyc", "3", "Faster KYC"],
]


def test_table_without_width_is_one_line_a_row() -> None:
    text = table(HEADERS, ROWS, align="lrl")
    lines = text.splitlines()
    assert len(lines) == 4
    assert lines[2] == "ledger-write-latency   12.5  Cut the p95 latency of ledger writes in half"
    assert lines[1] == "--------------------  -----  " + "-" * 44


@pytest.mark.parametrize("width", [40, 50, 60, 200])
def test_table_wraps_only_the_wrap_columns_within_the_width(width: int) -> None:
    text = table(HEADERS, ROWS, align="lrl", width=width, wrap_columns=(2,))
    assert all(display_width(line) <= width for line in text.splitlines())
    assert "ledger-write-latency" in text
    assert "12.5" in text
    words = ROWS[0][2].split()
    assert all(w in text for w in words)


def test_table_that_cannot_fit_raises_instead_of_cutting() -> None:
    assert not table_fits(HEADERS, ROWS, width=30, wrap_columns=(2,))
    with pytest.raises(ValueError, match="does not fit in 30 columns"):
        table(HEADERS, ROWS, width=30, wrap_columns=(2,))


# --- other layouts when a main column is named, and colour ---

ANSI = re.compile(r"\x1b\[[0-9;]*m")

PLAN_HEAD = ("#", "initiative", "status", "effort", "start", "finish", "due", "delay cost")
PLAN_ROWS = [
    [
        "1",
        "realtime-ledger — Real-time ledger postings for every payout we make",
        "in_progress",
        "20",
        "2026-01-05",
        "2026-02-22",
        "-",
        "136285.71",
    ],
    ["2", "audit — Audit", "proposed", "6", "2026-02-15", "2026-04-04 >", "2026-03-31", "33000"],
]


def words(text: str) -> list[str]:
    return ANSI.sub("", text).split()


@pytest.mark.parametrize("width", [None, 140, 100, 80, 60, 40])
def test_every_cell_survives_at_every_width(width: int | None) -> None:
    out = table(
        PLAN_HEAD, PLAN_ROWS, align="rllrrrrr", indent="  ", width=width, wrap_columns=(1,), main=1
    )
    if width is not None:
        assert max(len(line) for line in out.splitlines()) <= width
    text = " ".join(out.split())
    for row in PLAN_ROWS:
        for cell in row:
            for word in cell.split():
                assert word in text
    for head in PLAN_HEAD:
        assert head in out


def test_unlimited_width_is_one_line_a_row() -> None:
    out = table(PLAN_HEAD, PLAN_ROWS, align="rllrrrrr", indent="  ", wrap_columns=(1,), main=1)
    assert len(out.splitlines()) == 2 + len(PLAN_ROWS)


def test_layouts_in_order_of_preference() -> None:
    wrapped = table(
        PLAN_HEAD, PLAN_ROWS, align="rllrrrrr", width=110, wrap_columns=(1,), main=1
    ).splitlines()
    assert wrapped[0].split() == [*PLAN_HEAD[:-1], "delay", "cost"]
    assert "in_progress" in wrapped[2] and "136285.71" in wrapped[2]  # first line of the row
    two = table(
        PLAN_HEAD, PLAN_ROWS, align="rllrrrrr", indent="  ", width=80, wrap_columns=(1,), main=1
    ).splitlines()
    assert two[0] == "  #  initiative"
    assert two[1].split()[0] == "status"
    assert two[3].startswith("  1  realtime-ledger")
    assert two[4].split() == ["in_progress", "20", "2026-01-05", "2026-02-22", "-", "136285.71"]
    rec = table(
        PLAN_HEAD, PLAN_ROWS, align="rllrrrrr", indent="  ", width=50, wrap_columns=(1,), main=1
    )
    assert "status: in_progress" in rec and "delay cost: 33000" in rec


def test_a_wrapped_column_keeps_its_ids_whole_when_another_layout_fits() -> None:
    rows = [["velocity-rules-experiment — Velocity rules", "3", "capacity", "needs 3 weeks"]]
    out = table(
        ("initiative", "effort", "reason", "detail"), rows, width=60, wrap_columns=(0, 3), main=0
    )
    assert "velocity-rules-experiment" in out


def test_colour_is_painted_after_padding_and_plain_text_is_unchanged() -> None:
    plain = table(PLAN_HEAD, PLAN_ROWS, align="rllrrrrr", width=80, wrap_columns=(1,), main=1)

    def style(r: int, c: int) -> str:
        return "36" if c == 2 else ""

    for width in (None, 120, 80, 50):
        painted = table(
            PLAN_HEAD,
            PLAN_ROWS,
            align="rllrrrrr",
            width=width,
            wrap_columns=(1,),
            main=1,
            style=style,
        )
        bare = table(PLAN_HEAD, PLAN_ROWS, align="rllrrrrr", width=width, wrap_columns=(1,), main=1)
        assert "\x1b[36min_progress\x1b[0m" in painted
        assert ANSI.sub("", painted) == bare
    assert "\x1b" not in plain


def test_wrap_text_breaks_at_spaces_and_cuts_only_overlong_words() -> None:
    assert wrap_text("a b c", None) == ["a b c"]
    assert wrap_text("alpha beta gamma", 11, "", "  ") == ["alpha beta", "  gamma"]
    assert wrap_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_wide_characters_count_two_columns_and_control_characters_are_neutralised() -> None:
    assert display_width("日本") == 4
    assert display_width("é") == 1
    assert clean("a\nb\tc\x1b[31m") == "a b c\ufffd[31m"
    out = table(
        ("id", "title"), [["x", "日本語のタイトル " * 4]], width=40, wrap_columns=(1,), main=1
    )
    assert max(display_width(line) for line in out.splitlines()) <= 40


def test_paint_leaves_empty_text_and_empty_style_alone() -> None:
    assert paint("", "31") == ""
    assert paint("x", "") == "x"
    assert paint("x", "31") == "\x1b[31mx\x1b[0m"


cells = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=60
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(cells, min_size=4, max_size=4), min_size=1, max_size=4),
    width=st.integers(min_value=40, max_value=140),
)
def test_no_line_exceeds_the_width_and_no_word_is_lost(rows: list[list[str]], width: int) -> None:
    out = table(
        ("id", "title", "n", "detail"), rows, align="llrl", width=width, wrap_columns=(1, 3), main=1
    )
    assert max(display_width(line) for line in out.splitlines()) <= width
    flat = "".join(out.split())
    for row in rows:
        for cell in row:
            assert "".join(clean(cell).split()) in flat or all(
                w in flat for w in clean(cell).split()
            )
