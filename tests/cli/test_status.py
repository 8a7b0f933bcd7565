"""``okrkit status``: golden output for every format on the example plan, filters, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from okrkit.report.status import FORMATS

ROOT = Path(__file__).resolve().parents[2]
ACME = ROOT / "examples" / "acme"
AS_OF = "2026-02-15"
SUFFIX = {"table": "txt", "json": "json", "markdown": "md"}


def test_every_format_has_a_golden_file() -> None:
    assert set(FORMATS) == set(SUFFIX)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_acme(run_cli, golden, fmt: str) -> None:
    result = run_cli("status", ACME, "--as-of", AS_OF, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"status/acme.{SUFFIX[fmt]}", result.stdout)


def test_golden_acme_one_team_after_the_period(run_cli, golden) -> None:
    result = run_cli("status", ACME, "--as-of", "2026-04-10", "--team", "payments")
    assert result.exit_code == 0, result.stderr
    golden("status/acme-payments-after-q1.txt", result.stdout)


def test_json_contract(run_cli) -> None:
    result = run_cli("status", ACME, "--as-of", AS_OF, "-f", "json", "--period", "2026-Q1")
    data = json.loads(result.stdout)
    assert data["as_of"] == AS_OF
    assert data["objectives"], "the example has Q1 objectives"
    for o in data["objectives"]:
        assert {"id", "progress", "grade", "status", "key_results"} <= set(o)
        assert o["period"] == "2026-Q1"
        for k in o["key_results"]:
            assert {
                "id",
                "current",
                "progress",
                "grade",
                "expected",
                "status",
                "confidence",
                "last_checkin",
            } <= set(k)
            assert k["expected"] == 0.5  # 45 of 90 days
            assert k["grade"] is None or 0 <= k["grade"] <= 1


def test_json_values(run_cli) -> None:
    result = run_cli("status", ACME, "--as-of", AS_OF, "-f", "json")
    data = json.loads(result.stdout)
    krs = {k["id"]: k for o in data["objectives"] for k in o["key_results"]}
    latency = krs["ledger-write-latency"]  # decrease 250 -> 50, latest check-in 140
    assert (latency["current"], latency["progress"], latency["status"]) == (140, 0.55, "on_track")
    assert (latency["confidence"], latency["last_checkin"]) == (0.7, "2026-02-13")
    objectives = {o["id"]: o for o in data["objectives"]}
    assert objectives["ledger-foundation"]["grade"] == pytest.approx((0.6 + 0.55 + 0) / 3, abs=1e-4)


def test_output_file(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "status.md"
    result = run_cli("status", ACME, "--as-of", AS_OF, "-f", "markdown", "-o", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# Status as of 2026-02-15")


def test_no_objectives_match(run_cli, write_plan) -> None:
    path = write_plan(
        """\
        periods: [{id: Q1, start: 2026-01-01, end: 2026-03-31}]
        teams: [{id: a}]
        """
    )
    result = run_cli("status", path, "--as-of", AS_OF, "--team", "a")
    assert result.exit_code == 0
    assert "No objectives match." in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "2031-Q9"), "--period: unknown period '2031-Q9'"),
        (("--team", "nobody"), "--team: unknown team 'nobody'"),
        (("--format", "xml"), "--format: 'xml' is not one of: table, json, markdown"),
        (("--as-of", "15/02/2026"), "--as-of: expected a date YYYY-MM-DD, got"),
    ],
)
def test_usage_errors(run_cli, args: tuple[str, ...], message: str) -> None:
    result = run_cli("status", ACME, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_plan_that_does_not_load(run_cli, write_plan) -> None:
    path = write_plan("objectives: [{id: o}]\n")
    result = run_cli("status", path, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "okrkit.yaml:1:" in result.stderr


def test_terminal_view_is_coloured(run_cli) -> None:
    import datetime as dt

    from okrkit.load import load_plan
    from okrkit.progress import compute_status
    from okrkit.report.terminal import render

    report = compute_status(load_plan(ACME), as_of=dt.date(2026, 2, 15))
    text = render(report, width=160)
    assert "\x1b[" in text
    assert "ledger-write-latency" in text
    plain = render(report, width=160, color=False)
    assert "\x1b[" not in plain
    assert "on_track" in plain


@pytest.mark.parametrize("columns", [80, 60])
def test_golden_acme_at_a_width(run_cli, golden, columns: int) -> None:
    """COLUMNS decides the layout of the piped table too: every column kept, no line
    wider than the terminal."""
    result = run_cli("status", ACME, "--as-of", AS_OF, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= columns
    golden(f"status/acme-{columns}.txt", result.stdout)


def test_on_a_terminal_the_table_is_coloured_and_fits_it(run_cli, run_tty) -> None:
    import re

    args = ("status", "examples/acme", "--as-of", AS_OF)
    piped = run_cli(*args, cwd=ROOT, env={"COLUMNS": "80"}).stdout
    code, shown = run_tty(*args, columns=80)
    assert code == 0
    assert "\x1b[32m" in shown
    assert re.sub(r"\x1b\[[0-9;]*m", "", shown) == piped
    code, shown = run_tty(*args, columns=80, env={"NO_COLOR": "1"})
    assert (code, shown) == (0, piped)


def test_summary_covers_the_current_period_and_agrees_with_json(run_cli: Any) -> None:
    """Next quarter's key results are `upcoming`, not `on_track`, and the summary line
    counts the current period's key results, as the JSON summary does."""
    text = run_cli("status", ACME, "--as-of", AS_OF, "-f", "table").stdout
    data = json.loads(run_cli("status", ACME, "--as-of", AS_OF, "-f", "json").stdout)
    krs = [k for o in data["objectives"] if o["period"] == "2026-Q1" for k in o["key_results"]]
    later = [k for o in data["objectives"] if o["period"] == "2026-Q2" for k in o["key_results"]]
    assert later and all(k["status"] == "upcoming" for k in later)
    summary = data["summary"]
    assert summary["periods"] == ["2026-Q1"]
    assert summary["key_results"] == len(krs)
    counts: dict[str, int] = {}
    for k in krs:
        counts[k["status"]] = counts.get(k["status"], 0) + 1
    assert summary["by_status"] == counts
    parts = ", ".join(f"{n} {s}" for s, n in summary["by_status"].items())
    assert f"2026-Q1: {len(krs)} key results: {parts}" in text
    q2 = run_cli("status", ACME, "--as-of", AS_OF, "--period", "2026-Q2").stdout
    assert f"2026-Q2: {len(later)} key results: {len(later)} upcoming" in q2
