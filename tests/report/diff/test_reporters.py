"""The diff reporters on constructed results: the Markdown size limit, the tally."""

from __future__ import annotations

import datetime as dt

from okrkit.diff import ElementChange, FieldChange, PlanDiff
from okrkit.report.diff import render
from okrkit.report.diff.markdown import LIMIT


def _big(n: int) -> PlanDiff:
    elements = tuple(
        ElementChange(
            "initiative",
            f"init-{k:05d}",
            "changed",
            "A title " * 5,
            (FieldChange("description", "x" * 60, "y" * 60),),
        )
        for k in range(n)
    )
    return PlanDiff(
        "main", "plan", dt.date(2026, 1, 5), ("rice",), elements=elements, tally={"changed": n}
    )


def test_markdown_stays_under_the_limit_with_a_note() -> None:
    text = render(_big(3000), "markdown")
    assert len(text) <= LIMIT
    assert text.splitlines()[0] == "**okrkit diff** `main` → `plan`: 3000 changed."
    assert "more not shown, to stay under GitHub's comment size limit" in text
    assert text.count("<details>") == text.count("</details>") == 1


def test_markdown_small_is_not_cut() -> None:
    text = render(_big(3), "markdown")
    assert "not shown" not in text
    assert text.count("init-0000") == 3


def test_no_difference() -> None:
    empty = PlanDiff("main", "plan", dt.date(2026, 1, 5), ("rice",), tally={"changed": 0})
    assert empty.empty
    assert render(empty, "text").splitlines()[-1] == "No difference."
    assert render(empty, "markdown").splitlines()[0].endswith(": No difference.")
