"""``okrkit forecast``: goldens for every format, the narrow layout, errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from okrkit.forecast.core import make_forecast
from okrkit.load import load_plan
from okrkit.report.forecast import render_text

ROOT = Path(__file__).resolve().parents[2]
ACME = ROOT / "examples" / "acme"
ARGS = ("--as-of", "2026-01-05", "--samples", "2000", "--seed", "7")


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_forecast_formats_on_acme(
    run_cli: Callable[..., Any], golden: Callable[[str, str], None], fmt: str
) -> None:
    result = run_cli("forecast", ACME, *ARGS, "--format", fmt, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    ext = {"text": "txt", "json": "json", "markdown": "md"}[fmt]
    golden(f"forecast/acme.{ext}", result.stdout)


def test_json_has_every_figure_and_agrees_with_plan(run_cli: Callable[..., Any]) -> None:
    out = run_cli("forecast", ACME, *ARGS, "-f", "json")
    data = json.loads(out.stdout)
    plan = json.loads(run_cli("plan", ACME, "--as-of", "2026-01-05", "-f", "json").stdout)
    assert data["period"] == plan["period"]
    assert data["ranking"]["top_n"] == len(plan["selected"])
    point = {s["id"]: s["finish"] for s in plan["schedule"]}
    for item in data["delivery"]["initiatives"]:
        assert item["finish"] == point[item["id"]]
        assert 0.0 <= item["p_in_period"] <= 1.0
        assert item["p50_finish"] <= item["p85_finish"]
    ranked = [r["id"] for r in data["ranking"]["initiatives"]]
    assert len(ranked) == len(set(ranked))
    assert data["delivery"]["p_all_committed"] is not None


def test_narrow_terminal_keeps_every_figure_within_80_columns() -> None:
    plan = load_plan(ACME, use_cache=False)
    import datetime as dt

    f = make_forecast(plan, as_of=dt.date(2026, 1, 5), samples=500, seed=0)
    text = render_text(f, width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    for item in f.delivery.items:
        assert f"{item.id}: " in text  # the two-line layout, no id dropped
        assert item.p85_finish.isoformat() in text
    wide = render_text(f, width=160)
    assert "P(in period)" in wide and "P(deadline)" in wide


def test_unknown_period_is_one_line(run_cli: Callable[..., Any]) -> None:
    result = run_cli("forecast", ACME, "--period", "2026-Q9", "--samples", "10")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "2026-Q9" in lines[0]


def test_without_numpy_it_says_how_to_install(
    run_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name == "numpy" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    result = run_cli("forecast", ACME, "--samples", "10")
    assert result.exit_code == 2
    assert "okrkit[forecast]" in result.stderr and "pip install numpy" in result.stderr
    # okrkit is not on a package index: no `pip install okrkit[...]` that finds nothing
    assert "pip install 'okrkit" not in result.stderr


def test_explain_shows_each_range_with_its_percentiles(run_cli: Callable[..., Any]) -> None:
    out = run_cli("explain", "same-day-payouts", ACME)
    assert out.exit_code == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.strip().startswith("duration_weeks"))
    # PERT(3, 4, 7): P5 about 3.3, median 4.2, P95 about 5.6
    assert "(likely of 3..4..7); pert P5 3.3" in line and "P50 4.2" in line
    data = json.loads(run_cli("explain", "same-day-payouts", ACME, "-f", "json").stdout)
    (dur,) = [i for i in data["inputs"] if i["name"] == "duration_weeks"]
    assert dur["distribution"] == "pert"
    p = dur["percentiles"]
    assert 3 < p["p5"] < p["p50"] < p["p95"] < 7


def test_colour_marks_each_probability_by_its_band() -> None:
    import datetime as dt

    from okrkit.report.forecast import band_style, render

    plan = load_plan(ACME, use_cache=False)
    f = make_forecast(plan, as_of=dt.date(2026, 1, 5), samples=300, seed=0)
    plain = render(f, "text", 160)
    coloured = render(f, "text", 160, color=True)
    assert "\x1b[" not in plain
    assert "\x1b[31m" in coloured and "\x1b[32m" in coloured  # red and green bands
    # the colour is all it adds: stripped of escapes, the text is the same
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured).splitlines() == [
        line.rstrip() for line in plain.splitlines()
    ]
    assert [band_style(p) for p in (0.49, 0.5, 0.84, 0.85)] == ["red", "yellow", "yellow", "green"]


def test_top_n_label_says_it_is_a_rank_not_the_selection() -> None:
    # P(top N) with N = the number selected read as P(selected); the plan selects by capacity
    import datetime as dt

    plan = load_plan(ACME, use_cache=False)
    f = make_forecast(plan, as_of=dt.date(2026, 1, 5), samples=200, seed=0, top_n=12)
    text = " ".join(render_text(f, width=80).split())
    assert "P(top 12), the chance to rank in the top 12 by rice score" in text
    assert "not to be selected" in text
    from okrkit.report.forecast import render_markdown

    assert "| P(in the top 12 by rice score) |" in render_markdown(f)
