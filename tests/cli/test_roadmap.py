"""``okrkit roadmap``: every format, filters, and the same dates as ``okrkit plan``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from okrkit.load import load_plan
from okrkit.planning import build_schedule
from okrkit.planning.roadmap import build_roadmap
from okrkit.report.roadmap import COLUMNS, FORMATS, RENDERERS, render_text

ROOT = Path(__file__).resolve().parents[2]
ACME = ROOT / "examples" / "acme"
AS_OF = "2026-01-01"
SUFFIX = {"text": "txt", "mermaid": "mmd", "json": "json", "csv": "csv", "markdown": "md"}


def test_every_format_has_a_renderer_and_a_golden_file() -> None:
    assert set(FORMATS) == set(SUFFIX) == set(RENDERERS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_acme(run_cli: Any, golden: Any, fmt: str) -> None:
    result = run_cli(
        "roadmap", "examples/acme", "--as-of", AS_OF, "-f", fmt, cwd=ROOT, env={"COLUMNS": "100"}
    )
    assert result.exit_code == 0, result.stderr
    golden(f"roadmap/acme.{SUFFIX[fmt]}", result.stdout)


def test_golden_acme_by_pillar_at_80_columns(run_cli: Any, golden: Any) -> None:
    result = run_cli(
        "roadmap", "examples/acme", "--as-of", "2026-02-15", "--by", "pillar", cwd=ROOT,
        env={"COLUMNS": "80"},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    golden("roadmap/acme-pillar-80.txt", result.stdout)
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


def test_json_and_csv_hold_the_same_records_and_the_plans_dates(run_cli: Any) -> None:
    data = json.loads(run_cli("roadmap", ACME, "--as-of", AS_OF, "-f", "json").stdout)
    rows = list(
        csv.DictReader(io.StringIO(run_cli("roadmap", ACME, "--as-of", AS_OF, "-f", "csv").stdout))
    )
    assert [r["id"] for r in rows] == [r["id"] for r in data["initiatives"]]
    for r, j in zip(rows, data["initiatives"], strict=True):
        assert list(r) == list(COLUMNS)
        for c in COLUMNS:
            want = j[c]
            assert r[c] == ("" if want is None else str(want)), (c, r["id"])
    # one truth: the plan's schedule has the same dates for every selected initiative
    for period in ("2026-Q1", "2026-Q2"):
        plan_json = json.loads(
            run_cli("plan", ACME, "--as-of", AS_OF, "--period", period, "-f", "json").stdout
        )
        for s in plan_json["schedule"]:
            rec = next(r for r in data["initiatives"] if r["id"] == s["id"])
            assert (rec["start"], rec["finish"], rec["period"]) == (s["start"], s["finish"], period)
            assert rec["spill_over_weeks"] == s["spill_over_weeks"]
    spilled = [r for r in data["initiatives"] if r["spill_over_weeks"] > 0]
    assert spilled, "acme shows spill-over"


def test_filters_and_not_scheduled_work(run_cli: Any) -> None:
    data = json.loads(
        run_cli(
            "roadmap",
            ACME,
            "--as-of",
            AS_OF,
            "--period",
            "2026-Q2",
            "--team",
            "payments",
            "-f",
            "json",
        ).stdout
    )
    assert {r["team"] for r in data["initiatives"]} == {"payments"}
    assert {r["period"] for r in data["initiatives"]} == {"2026-Q2"}
    below = [r for r in data["initiatives"] if not r["scheduled"]]
    assert [(r["id"], r["reason"]) for r in below] == [("payout-cost-routing", "capacity")]
    text = run_cli(
        "roadmap", ACME, "--as-of", AS_OF, "--period", "2026-Q2", "--team", "payments"
    ).stdout
    assert "not scheduled: payout-cost-routing (capacity:" in text


@pytest.mark.parametrize("width", ["60", "80"])
def test_not_scheduled_lines_wrap_and_lose_nothing(run_cli: Any, width: str) -> None:
    """A narrow terminal wraps the reason onto indented lines; it used to be cut off."""
    text = run_cli("roadmap", ACME, "--as-of", AS_OF, env={"COLUMNS": width}).stdout
    assert max(len(line) for line in text.splitlines()) <= int(width)
    data = json.loads(run_cli("roadmap", ACME, "--as-of", AS_OF, "-f", "json").stdout)
    flat = " ".join(text.split())
    below = [r for r in data["initiatives"] if not r["scheduled"]]
    assert below
    for r in below:
        # the whole reason, closing bracket included (a cut line lost its end)
        assert re.search(rf"not scheduled: {re.escape(r['id'])} \({r['reason']}: [^()]+\)", flat)


def test_unknown_options_exit_2(run_cli: Any) -> None:
    for args in (("--period", "2030-Q9"), ("--team", "nobody"), ("--by", "colour"), ("-f", "svg")):
        result = run_cli("roadmap", ACME, "--as-of", AS_OF, *args)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.stderr


def test_mermaid_is_a_gantt_block_with_sections_and_milestones(run_cli: Any) -> None:
    text = run_cli("roadmap", ACME, "--as-of", AS_OF, "-f", "mermaid").stdout
    lines = text.splitlines()
    assert lines[:2] == ["gantt", "    dateFormat YYYY-MM-DD"]
    assert "    section payments" in lines
    assert any(":milestone," in line for line in lines)
    ids = []
    for line in lines:
        m = re.match(r"    [^:]+ :(?:\w+, )*([A-Za-z][\w-]*), (\d{4}-\d\d-\d\d), (\S+)$", line)
        if m:
            ids.append(m.group(1))
            dt.date.fromisoformat(m.group(2))
    assert len(ids) == len(set(ids)) > 40


def test_text_fits_the_width_and_colour_is_optional() -> None:
    plan = load_plan(ACME)
    view = build_roadmap(plan, build_schedule(plan, as_of=dt.date(2026, 1, 1)))
    for width in (60, 80, 140):
        plain = render_text(view, width=width)
        assert all(len(line) <= width for line in plain.splitlines()), width
        assert "\x1b[" not in plain
    coloured = render_text(view, width=100, color=True)
    assert "\x1b[" in coloured and "█" in coloured
    strip = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert all(len(line) <= 100 for line in strip.splitlines())


def test_a_plan_without_periods_is_said_as_plan_and_forecast_say_it(run_cli, write_plan) -> None:
    """No empty chart "today to today": the words and exit code of plan and forecast (#28)."""
    path = write_plan(
        """\
        version: 1
        teams: [{id: web}]
        initiatives: [{id: a, title: A, team: web, effort_weeks: 2}]
        """
    )
    said = {}
    for command in ("plan", "forecast", "roadmap"):
        result = run_cli(command, path, "--as-of", "2026-02-15")
        assert result.exit_code == 2, command
        assert result.stdout == ""
        said[command] = result.stderr
    assert said["roadmap"] == said["plan"] == said["forecast"]
    assert "the plan defines no periods" in said["roadmap"]


@pytest.mark.parametrize(
    ("by", "heading"),
    [
        ("pillar", "pillar reliability — Platform reliability"),
        ("objective", "objective ledger-foundation — A ledger we never have to reconcile by hand"),
    ],
)
def test_group_headings_carry_the_name_beside_the_id(run_cli: Any, by: str, heading: str) -> None:
    text = run_cli("roadmap", ACME, "--as-of", AS_OF, "--by", by).stdout
    assert heading in text.splitlines()
    md = run_cli("roadmap", ACME, "--as-of", AS_OF, "--by", by, "-f", "markdown").stdout
    assert "## " + heading.split(" ", 1)[1] in md.splitlines()
