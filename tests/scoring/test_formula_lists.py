"""A formula may test a list (``"payouts" in tags``): every command that shows a formula's
inputs handles it (it crashed explain, score's table and markdown, and the report)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ACME = Path(__file__).resolve().parents[2] / "examples" / "acme"


@pytest.fixture
def tagged(tmp_path: Path) -> Path:
    plan = tmp_path / "acme"
    shutil.copytree(ACME, plan)
    vision = plan / "vision.yaml"
    text = vision.read_text(encoding="utf-8")
    anchor = "    formulas:\n"
    assert anchor in text
    vision.write_text(
        text.replace(anchor, anchor + "      tagged: \"2 if 'payouts' in tags else 1\"\n"),
        encoding="utf-8",
    )
    return plan


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_score_by_a_formula_on_tags(run_cli, tagged: Path, fmt: str) -> None:
    result = run_cli("score", tagged, "--by", "tagged", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert "same-day-payouts" in result.stdout
    assert "('payouts'" not in result.stdout  # no Python tuple as a cell


def test_the_score_follows_the_tags(run_cli, tagged: Path) -> None:
    data = json.loads(run_cli("score", tagged, "--by", "tagged", "-f", "json").stdout)
    scores = {r["id"]: r["score"] for r in data["initiatives"]}
    assert scores["same-day-payouts"] == 2  # tagged payouts
    assert set(scores.values()) == {1, 2}


def test_explain_shows_the_list_in_the_substitution(run_cli, tagged: Path) -> None:
    result = run_cli("explain", "same-day-payouts", tagged)
    assert result.exit_code == 0, result.stderr
    assert "= 2 if 'payouts' in ['payouts', 'launch'] else 1 = 2" in result.stdout
    result = run_cli("explain", "same-day-payouts", tagged, "--by", "tagged", "-f", "json")
    assert result.exit_code == 0, result.stderr


def test_report_by_a_formula_on_tags(run_cli, tagged: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = run_cli("report", tagged, "--by", "tagged", "--as-of", "2026-02-15", "-o", out)
    assert result.exit_code == 0, result.stderr
