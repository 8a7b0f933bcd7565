"""``okrkit report --forecast``: the forecast section, its figures equal ``okrkit forecast``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from okrkit.dashboard import build_dashboard
from okrkit.load import load_plan
from okrkit.report.html import FORECAST_SECTION, SECTIONS, render, sections

from .helpers import Elements, figures

ROOT = Path(__file__).resolve().parents[3]
ACME = ROOT / "examples" / "acme"
AS_OF = dt.date(2026, 1, 5)


@pytest.fixture(scope="module")
def acme_forecast_html() -> str:
    plan = load_plan(ACME, use_cache=False)
    return render(build_dashboard(plan, as_of=AS_OF, forecast=True, samples=1000, seed=3))


def test_the_section_is_there_only_when_asked(acme_forecast_html: str) -> None:
    plan = load_plan(ACME, use_cache=False)
    plain = build_dashboard(plan, as_of=AS_OF)
    assert sections(plain) == SECTIONS
    assert 'id="forecast"' not in render(plain)
    doc = Elements(acme_forecast_html)
    assert "forecast" in doc.ids()
    toc = [a.get("href") for a in doc.with_attr("href", "a")]
    assert toc.index("#forecast") == toc.index("#findings") - 1
    assert FORECAST_SECTION[0] == "forecast"


def test_figures_equal_the_forecast_command(
    acme_forecast_html: str, run_cli: Callable[..., Any]
) -> None:
    out = run_cli(
        "forecast", ACME, "--as-of", "2026-01-05", "--samples", "1000", "--seed", "3", "-f", "json"
    )
    assert out.exit_code == 0, out.stderr
    assert figures(acme_forecast_html)["forecast"] == json.loads(out.stdout)


def test_every_forecast_row_is_shown_with_words_not_only_colour(acme_forecast_html: str) -> None:
    doc = Elements(acme_forecast_html)
    data = figures(acme_forecast_html)["forecast"]
    ranked = {a["data-id"] for a in doc.with_attr("data-p-top", "tr")}
    assert ranked == {b["id"] for b in data["ranking"]["initiatives"]}
    delivered = {a["data-id"] for a in doc.with_attr("data-p-in-period", "tr")}
    assert delivered == {x["id"] for x in data["delivery"]["initiatives"]}
    # each probability bar says its figure and band in words (aria-label) and beside it
    labels = [a.get("aria-label") or "" for a in doc.with_attr("aria-label", "span")]
    assert any("chance of finishing within its period (unlikely)" in x for x in labels)
    assert any("chance of finishing within its period (likely)" in x for x in labels)
    assert "unlikely</span>" in acme_forecast_html


def test_forecast_report_is_deterministic_and_escapes_titles(tmp_path: Path) -> None:
    plan_file = tmp_path / "okrkit.yaml"
    plan_file.write_text(
        "periods: [{id: q1, start: 2027-01-04, end: 2027-03-28}]\n"
        "teams: [{id: t, capacity: {q1: 20}}]\n"
        "initiatives:\n"
        "  - id: a\n"
        "    title: '<script>alert(1)</script>'\n"
        "    team: t\n"
        "    period: q1\n"
        "    status: committed\n"
        "    effort_weeks: {low: 2, likely: 4, high: 10}\n"
        "    rice: {reach: {low: 50, high: 150}, impact: 1, confidence: 1, effort: 1}\n",
        encoding="utf-8",
    )
    plan = load_plan(plan_file, use_cache=False)
    day = dt.date(2027, 1, 4)
    one = render(build_dashboard(plan, as_of=day, forecast=True, samples=500))
    two = render(build_dashboard(plan, as_of=day, forecast=True, samples=500))
    assert one == two
    assert "<script>alert(1)" not in one
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in one
