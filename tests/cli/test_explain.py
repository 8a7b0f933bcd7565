"""``okrkit explain``: golden output on the example plan, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from okrkit.report.explain import FORMATS, RENDERERS

ROOT = Path(__file__).resolve().parents[2]
ACME = "examples/acme"
SUFFIX = {"text": "txt", "json": "json"}


def test_every_format_has_a_renderer() -> None:
    assert set(FORMATS) == set(SUFFIX) == set(RENDERERS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_acme(run_cli, golden, fmt: str) -> None:
    result = run_cli("explain", "data-contracts", ACME, "--format", fmt, cwd=ROOT)
    assert result.exit_code == 0, result.stderr
    golden(f"explain/data-contracts.{SUFFIX[fmt]}", result.stdout)


@pytest.mark.parametrize(
    ("ident", "method"),
    [
        ("same-day-payouts", "cd3"),
        ("event-stream", "strategic"),
        ("pricing-page-experiment", "wsjf"),
    ],
)
def test_golden_acme_by_method(run_cli, golden, ident: str, method: str) -> None:
    result = run_cli("explain", ident, ACME, "--by", method, cwd=ROOT)
    assert result.exit_code == 0, result.stderr
    golden(f"explain/{ident}-{method}.txt", result.stdout)


def test_json_points_at_the_source(run_cli) -> None:
    result = run_cli("explain", "data-contracts", ACME, "-f", "json", cwd=ROOT)
    data = json.loads(result.stdout)
    reach = next(i for i in data["inputs"] if i["name"] == "rice.reach")
    assert reach["value"] == 500.0
    file, line, col = reach["location"].rsplit(":", 2)
    assert file == "examples/acme/teams/data.yaml"
    text = (ROOT / file).read_text(encoding="utf-8").splitlines()[int(line) - 1]
    assert text[int(col) - 1 :].startswith("500")
    scores = {s["method"]: s for s in data["scores"]}
    assert set(scores) == {"rice", "ice", "wsjf", "cd3", "strategic"}
    assert scores["rice"]["substituted"] == "500 * 1 * 0.8 / 2.5"
    assert scores["rice"]["score"] == 160.0
    assert data["depends_on"] == [{"id": "event-stream", "title": "Company-wide event stream"}]
    assert data["key_results"][0]["objective"]["id"] == "trustworthy-data"
    assert data["sensitivity"]["method"] == "rice"


SMALL = """\
teams: [{id: web}]
initiatives:
  - id: a
    title: A
    team: web
    rice: {reach: 100, impact: 1, confidence: 0.9, effort: 1}
    effort_weeks: {low: 2, likely: 3, high: 6}
  - id: b
    title: B
    team: web
    rice: {reach: 100, impact: 1, confidence: 0.5, effort: 1}
  - id: c
    title: C
    team: web
    rice: {reach: 10, impact: 1, confidence: 0.5, effort: 1}
  - id: d
    title: D
    team: web
"""


def test_golden_small(run_cli, write_plan, golden) -> None:
    path = write_plan(SMALL)
    result = run_cli("explain", "b", path.name, cwd=path.parent)
    assert result.exit_code == 0, result.stderr
    golden("explain/small-b.txt", result.stdout)


def test_out_of_scale_and_unscored(run_cli, write_plan) -> None:
    path = write_plan(SMALL)
    data = json.loads(run_cli("explain", "b", path, "-f", "json").stdout)
    lines = {x["name"]: x for x in data["sensitivity"]["inputs"]}
    # to pass a (90) b's confidence would need 0.9: fine; reach 180: fine
    assert lines["rice.reach"]["up"]["value"] == pytest.approx(180.0)
    assert lines["rice.confidence"]["up"]["value"] == pytest.approx(0.9)
    assert lines["rice.effort"]["up"]["value"] == pytest.approx(50 / 90)
    assert lines["rice.reach"]["down"]["value"] == pytest.approx(10.0)
    # a is first: it cannot move up
    a = json.loads(run_cli("explain", "a", path, "-f", "json").stdout)
    up = a["sensitivity"]["inputs"][0]["up"]
    assert up["note"] == "already first" and up["value"] is None
    # c's confidence would need 5 to pass b: outside the 0-1 scale
    c = json.loads(run_cli("explain", "c", path, "-f", "json").stdout)
    conf = next(x for x in c["sensitivity"]["inputs"] if x["name"] == "rice.confidence")
    assert conf["up"]["value"] is None
    assert "cannot change the rank" in conf["up"]["note"]
    d = json.loads(run_cli("explain", "d", path, "-f", "json").stdout)
    assert d["sensitivity"]["rank"] is None
    rice = next(s for s in d["scores"] if s["method"] == "rice")
    assert rice["score"] is None and rice["missing"] == [
        "rice.reach",
        "rice.impact",
        "rice.confidence",
        "rice.effort",
    ]


def test_unknown_id_exits_2(run_cli, write_plan) -> None:
    path = write_plan(SMALL)
    result = run_cli("explain", "zzz", path)
    assert result.exit_code == 2
    assert "unknown initiative 'zzz'" in result.stderr


def test_golden_at_80_columns_fits_and_keeps_everything(run_cli, golden) -> None:
    """At a terminal's width every line fits: long lines wrap, the tables wrap their cells
    or take two lines a row; no value is dropped (#11)."""
    result = run_cli("explain", "kyc-api", ACME, cwd=ROOT, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    golden("explain/kyc-api-80.txt", result.stdout)
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    text = " ".join(lines)
    for value in (
        "examples/acme/teams/risk.yaml:101:69",  # the from column of the last input
        "cost_of_delay.deadline",
        "4114.29",
        "rank 3 of 50",
        "self-serve-signup-flow",  # the sensitivity table's neighbours, both ways
        "realtime-ledger",
        "0.9333 (+16.7%)",
        "Onboard honest merchants in an hour, stop the rest)",
        "then id ascending",
    ):
        assert value in text, value
    piped = run_cli("explain", "kyc-api", ACME, cwd=ROOT).stdout
    assert max(len(line) for line in piped.splitlines()) > 80, "piped: one line a row"


@pytest.mark.parametrize("width", [40, 60, 100])
def test_every_line_fits_the_width(run_cli, width: int) -> None:
    result = run_cli("explain", "same-day-payouts", ACME, cwd=ROOT, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= width
    for value in ("Same-day payouts", "Sensitivity", "Ties:"):
        assert value in result.stdout


def test_docs_width_example_is_real() -> None:
    """The 80-column excerpt in docs/commands/explain.md is a piece of the golden above."""
    doc = (ROOT / "docs" / "commands" / "explain.md").read_text(encoding="utf-8")
    block = doc.split("### Width", 1)[1].split("```\n", 2)[1]
    real = (ROOT / "tests" / "golden" / "explain" / "kyc-api-80.txt").read_text(encoding="utf-8")
    assert block.startswith("Sensitivity (rice)\n")
    assert block in real


def test_at_80_columns_each_source_location_stays_whole(run_cli) -> None:
    """A long value (a range with its percentiles) wraps in its own column; the
    file:line:col beside it is not cut in two while that is enough."""
    ident = "automated-kyc-review"
    data = json.loads(run_cli("explain", ident, ACME, "-f", "json", cwd=ROOT).stdout)
    result = run_cli("explain", ident, ACME, cwd=ROOT, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert any(i["percentiles"] for i in data["inputs"]), "a range makes a long value"
    for i in data["inputs"]:
        assert i["location"] in result.stdout, i["location"]
