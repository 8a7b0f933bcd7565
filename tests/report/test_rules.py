"""Every check is documented in the same sections, and docs/checks.md is not stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrkit.checks.engine import check_doc
from okrkit.checks.registry import CHECKS
from okrkit.report.rules import SECTIONS, checks_markdown, rule_markdown

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("check", CHECKS, ids=[c.name for c in CHECKS])
def test_doc_has_every_section_in_order(check: type) -> None:
    doc = check_doc(check)
    headings = [line[3:] for line in doc.splitlines() if line.startswith("## ")]
    assert headings == list(SECTIONS)
    assert check.summary.endswith(".")
    for name in check.Options.model_fields:
        assert check.Options.model_fields[name].description, (check.name, name)
        assert f"`{name}`" in rule_markdown(check)


def test_checks_md_is_up_to_date() -> None:
    path = ROOT / "docs" / "checks.md"
    assert path.read_text(encoding="utf-8") == checks_markdown(), (
        "docs/checks.md is stale: run `python -m okrkit.report.rules > docs/checks.md`"
    )


@pytest.mark.parametrize("width", [40, 60, 80])
def test_rules_table_fits_the_width_and_keeps_every_summary(width: int) -> None:
    from okrkit.checks.registry import CHECKS
    from okrkit.report.rules import rules_table

    text = rules_table(width)
    assert max(len(line) for line in text.splitlines()) <= width
    flat = " ".join(text.split())
    for c in CHECKS:
        assert c.code in text and c.name in text
        assert " ".join(c.summary.split()) in flat
    assert rules_table(None).count("\n") == len(CHECKS) + 2  # piped: one line a check
