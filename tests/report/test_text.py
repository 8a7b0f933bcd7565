"""The plain-text table and wrapping helpers every text view uses to fit a width."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.report.text import (
    display_width,
    fit_widths,
    pad,
    table,
    table_fits,
    wrap,
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
