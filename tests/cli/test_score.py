"""``okrkit score``: golden output for every format on the example plan, filters, errors."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from okrkit.report.score import COMPARE_RENDERERS, FORMATS, RENDERERS

ROOT = Path(__file__).resolve().parents[2]
ACME = "examples/acme"
SUFFIX = {"table": "txt", "json": "json", "csv": "csv", "markdown": "md"}


def test_every_format_has_a_renderer_and_a_golden_file() -> None:
    assert set(FORMATS) == set(SUFFIX) == set(RENDERERS) == set(COMPARE_RENDERERS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_acme_rice(run_cli, golden, fmt: str) -> None:
    result = run_cli("score", ACME, "--format", fmt, cwd=ROOT)
    assert result.exit_code == 0, result.stderr
    golden(f"score/acme-rice.{SUFFIX[fmt]}", result.stdout)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_acme_compare(run_cli, golden, fmt: str) -> None:
    result = run_cli("score", ACME, "--compare", "rice,wsjf,cd3", "--format", fmt, cwd=ROOT)
    assert result.exit_code == 0, result.stderr
    golden(f"score/acme-compare.{SUFFIX[fmt]}", result.stdout)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["--by", "wsjf", "--team", "payments,sre"], "acme-wsjf-payments-sre.txt"),
        (["--by", "wsjf", "--normalize", "--top", "5"], "acme-wsjf-normalized-top5.txt"),
        (["--by", "cd3", "--period", "2026-Q2", "--top", "5"], "acme-cd3-q2-top5.txt"),
        (["--by", "ice", "--status", "committed,in_progress"], "acme-ice-committed.txt"),
        (["--by", "strategic", "--team", "data"], "acme-strategic-data.txt"),
    ],
)
def test_golden_acme_options(run_cli, golden, args: list[str], name: str) -> None:
    result = run_cli("score", ACME, *args, cwd=ROOT)
    assert result.exit_code == 0, result.stderr
    golden(f"score/{name}", result.stdout)


def test_json_contract(run_cli) -> None:
    result = run_cli("score", ACME, "-f", "json", "--by", "rice", cwd=ROOT)
    data = json.loads(result.stdout)
    assert data["method"] == "rice"
    first = data["initiatives"][0]
    assert set(first) == {
        "rank",
        "id",
        "title",
        "team",
        "status",
        "period",
        "kind",
        "effort",
        "score",
        "value",
        "size",
        "inputs",
        "owner",
        "tags",
        "links",
        "meta",
    }
    assert first["rank"] == 1
    ranks = [i["rank"] for i in data["initiatives"]]
    assert ranks == list(range(1, len(ranks) + 1))
    scores = [i["score"] for i in data["initiatives"]]
    assert scores == sorted(scores, reverse=True)
    for i in data["initiatives"]:
        assert i["score"] == pytest.approx(i["value"] / i["size"], rel=1e-12)
    assert data["unscored"] == []


SMALL = """\
teams: [{id: web}, {id: api}]
settings:
  scoring:
    formulas:
      fit: "fields.fit * 10 / effort_weeks"
initiatives:
  - id: alpha
    title: Alpha | with a pipe
    team: web
    effort_weeks: 4
    rice: {reach: 1000, impact: 2, confidence: 80%, effort: 2}
    fields: {fit: 2}
  - id: beta
    title: Beta
    team: api
    effort_weeks: 2
    rice: {reach: 500, impact: 1, confidence: 0.5}
  - id: gamma
    title: Gamma, with a comma and "quotes"
    team: api
    rice: {reach: 2000, impact: 0.5, confidence: 1, effort: 1}
    fields: {fit: 5}
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_small_plan_with_unscored(run_cli, write_plan, golden, fmt: str) -> None:
    path = write_plan(SMALL)
    result = run_cli("score", path.name, "--format", fmt, cwd=path.parent)
    assert result.exit_code == 0, result.stderr
    golden(f"score/small-unscored.{SUFFIX[fmt]}", result.stdout)


def test_csv_round_trips(run_cli, write_plan) -> None:
    path = write_plan(SMALL)
    result = run_cli("score", path, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["gamma", "alpha", "beta"]
    assert rows[1]["title"] == "Alpha | with a pipe"
    assert rows[0]["title"] == 'Gamma, with a comma and "quotes"'
    assert float(rows[1]["score"]) == 800.0
    assert rows[2]["rank"] == "" and rows[2]["missing"] == "rice.effort"


def test_formula_missing_field_is_named(run_cli, write_plan) -> None:
    path = write_plan(SMALL)
    result = run_cli("score", path, "--by", "fit", "-f", "json")
    data = json.loads(result.stdout)
    assert [i["id"] for i in data["initiatives"]] == ["alpha"]
    assert {u["id"]: u["missing"] for u in data["unscored"]} == {
        "beta": ["fields.fit"],
        "gamma": ["effort_weeks"],
    }


def test_bad_formula_is_reported_at_its_location(run_cli, write_plan) -> None:
    path = write_plan(SMALL.replace('"fields.fit * 10 / effort_weeks"', '"fields.fit * / 2"'))
    result = run_cli("score", path.name, "--by", "fit", cwd=path.parent)
    assert result.exit_code == 2
    assert result.stderr == "okrkit.yaml:5:26: formula `fit` does not parse: invalid syntax\n"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "nope"], "unknown scoring method 'nope'"),
        (["--format", "xml"], "--format: 'xml' is not one of"),
        (["--team", "nope"], "--team: unknown team 'nope'; the plan defines"),
        (["--period", "1999"], "--period: unknown period '1999'; the plan defines"),
        (["--status", "later"], "--status: 'later' is not one of"),
        (["--compare", "rice"], "okrkit: --compare: needs at least two"),
        (["--normalize"], "--normalize applies to wsjf, not to rice"),
    ],
)
def test_usage_errors_exit_2(run_cli, write_plan, args: list[str], message: str) -> None:
    path = write_plan(SMALL)
    result = run_cli("score", path, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_top_keeps_the_unscored_list(run_cli, write_plan) -> None:
    path = write_plan(SMALL)
    data = json.loads(run_cli("score", path, "--top", "1", "-f", "json").stdout)
    assert [i["id"] for i in data["initiatives"]] == ["gamma"]
    assert [u["id"] for u in data["unscored"]] == ["beta"]


def test_output_is_byte_identical_across_runs(run_cli) -> None:
    a = run_cli("score", ACME, "--compare", "rice,ice,wsjf,cd3,strategic", "-f", "json", cwd=ROOT)
    b = run_cli("score", ACME, "--compare", "rice,ice,wsjf,cd3,strategic", "-f", "json", cwd=ROOT)
    assert a.stdout == b.stdout


@pytest.mark.parametrize(
    ("args", "option", "kind", "value"),
    [
        (("score", "--team", "paymnts"), "--team", "team", "paymnts"),
        (("score", "--period", "2026-Q3"), "--period", "period", "2026-Q3"),
        (("status", "--team", "paymnts"), "--team", "team", "paymnts"),
        (("status", "--period", "2026-Q3"), "--period", "period", "2026-Q3"),
        (("plan", "--period", "2026-Q3"), "--period", "period", "2026-Q3"),
        (("roadmap", "--team", "paymnts"), "--team", "team", "paymnts"),
        (("deps", "--focus", "ledger-audit-trial"), "--focus", "initiative", "ledger-audit-trial"),
        (("explain", "ledger-audit-trial", ACME), None, "initiative", "ledger-audit-trial"),
        (("checkin", "ledger-write-latncy", "1", ACME), None, "key result", "ledger-write-latncy"),
    ],
    ids=lambda a: a[0] if isinstance(a, tuple) else str(a),
)
def test_an_unknown_id_has_one_wording_in_every_command(
    run_cli: Any, args: tuple[str, ...], option: str | None, kind: str, value: str
) -> None:
    """Every command says `unknown KIND 'x' (did you mean 'y'?); the plan defines: ...`."""
    command, *rest = args
    where = () if ACME in rest else (ACME,)
    result = run_cli(command, *where, *rest, cwd=ROOT)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line
    prefix = f"okrkit: {option}: " if option else "okrkit: "
    assert line.startswith(f"{prefix}unknown {kind} {value!r} (did you mean "), line
    assert "; the plan defines: " in line


STATUS_PLAN = """\
teams: [{id: web}]
initiatives:
  - {id: a, title: A, team: web, status: done,
     rice: {reach: 9, impact: 1, confidence: 1, effort: 1}}
  - {id: b, title: B, team: web, status: dropped,
     rice: {reach: 8, impact: 1, confidence: 1, effort: 1}}
  - {id: c, title: C, team: web, status: in_progress,
     rice: {reach: 1, impact: 1, confidence: 1, effort: 1}}
  - {id: d, title: D, team: web, rice: {reach: 2, impact: 1, confidence: 1, effort: 1}}
"""


def test_score_ranks_the_work_still_to_decide_unless_status_widens_it(
    run_cli: Any, write_plan: Any
) -> None:
    path = write_plan(STATUS_PLAN)
    live = json.loads(run_cli("score", path, "-f", "json").stdout)
    assert [(i["id"], i["status"]) for i in live["initiatives"]] == [
        ("d", "proposed"),
        ("c", "in_progress"),
    ]
    every = run_cli("score", path, "-f", "csv", "--status", "done,dropped,in_progress,proposed")
    rows = list(csv.DictReader(io.StringIO(every.stdout)))
    assert [(r["id"], r["status"]) for r in rows] == [
        ("a", "done"),
        ("b", "dropped"),
        ("d", "proposed"),
        ("c", "in_progress"),
    ]
    assert {"status", "period", "kind", "team", "effort"} <= set(rows[0])
    table = run_cli("score", path).stdout
    header = next(line for line in table.splitlines() if line.startswith("rank"))
    assert " status " in header and "in_progress" in table


ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("columns", [None, 120, 80, 60, 40])
def test_the_table_fits_the_width_and_keeps_every_column(run_cli, columns: int | None) -> None:
    env = {} if columns is None else {"COLUMNS": str(columns)}
    result = run_cli("score", ACME, "--no-cache", cwd=ROOT, env=env)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    if columns is not None:
        assert max(len(line) for line in lines) <= columns
    else:  # piped: one line a row, the classic columns
        [row] = [line for line in lines if " kyc-api " in line]
        assert row.split() == [
            *("3", "kyc-api", "KYC", "verification", "API", "risk", "in_progress"),
            *("4114.29", "6000", "3", "0.8", "3.5"),
        ]
    text = " ".join(lines[lines.index(next(x for x in lines if x.startswith("rank"))) :])
    words = text.split()
    k = words.index("kyc-api")
    row = " ".join(words[k : k + 30])
    for value in ("KYC verification API", "risk", "in_progress", "4114.29", "6000", "3.5"):
        assert value in row, (value, row)
    for head in ("rank", "team", "status", "score", "reach", "impact", "confidence", "effort"):
        assert head in words or f"{head}:" in words  # a column, or a name: value pair


@pytest.mark.parametrize("columns", [None, 80, 60])
def test_compare_fits_the_width_and_keeps_every_column(run_cli, columns: int | None) -> None:
    env = {} if columns is None else {"COLUMNS": str(columns)}
    result = run_cli("score", ACME, "--compare", "rice,wsjf,cd3", cwd=ROOT, env=env)
    assert result.exit_code == 0, result.stderr
    if columns is not None:
        assert max(len(line) for line in result.stdout.splitlines()) <= columns
    words = result.stdout.split()
    k = words.index("pricing-page-experiment")
    row = " ".join(words[k : k + 14])
    assert "Pricing page experiment" in row and "merchant 1 1 36 35 yes" in row


def test_golden_acme_at_80_columns(run_cli, golden) -> None:
    result = run_cli("score", ACME, "--no-cache", cwd=ROOT, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout  # piped: never coloured
    golden("score/acme-rice-80col.txt", result.stdout)


def test_colour_marks_status_and_is_painted_after_the_layout() -> None:
    from okrkit.load import load_plan
    from okrkit.report.score import render, render_compare
    from okrkit.scoring import compare_methods, score_plan

    plan = load_plan(ROOT / ACME, use_cache=False)
    ranking = score_plan(plan, None, ids=[i.id for i in plan.initiatives])  # every status
    comparison = compare_methods(plan, ["rice", "wsjf"])
    for width in (None, 120, 80, 50):
        plain = render(ranking, "table", width=width)
        painted = render(ranking, "table", width=width, color=True)
        assert "\x1b" not in plain
        assert ANSI.sub("", painted) == plain
        assert "\x1b[36min_progress\x1b[0m" in painted
        assert "\x1b[32mcommitted\x1b[0m" in painted
        plain = render_compare(comparison, "table", width=width)
        painted = render_compare(comparison, "table", width=width, color=True)
        assert ANSI.sub("", painted) == plain and "\x1b[33myes\x1b[0m" in painted
    for fmt in ("json", "csv", "markdown"):
        assert "\x1b" not in render(ranking, fmt, width=80, color=True)


def test_done_is_dim_and_dropped_struck_through(write_plan) -> None:
    from okrkit.load import load_plan
    from okrkit.report.score import render
    from okrkit.scoring import score_plan

    rice = "rice: {reach: 10, impact: 1, confidence: 1, effort: 1}"
    path = write_plan(
        "teams: [{id: t}]\ninitiatives:\n"
        f"  - {{id: a, title: A, team: t, status: done, {rice}}}\n"
        f"  - {{id: b, title: B, team: t, status: dropped, {rice}}}\n"
    )
    ranking = score_plan(load_plan(path, use_cache=False), "rice", ids=["a", "b"])
    painted = render(ranking, "table", color=True)
    assert "\x1b[2mdone\x1b[0m" in painted and "\x1b[2;9mdropped\x1b[0m" in painted


def test_colour_on_a_terminal_and_none_with_no_color(run_tty) -> None:  # type: ignore[no-untyped-def]
    code, shown = run_tty("score", ACME, "--no-cache")
    assert code == 0
    assert "\x1b[36min_progress\x1b[0m" in shown
    assert max(len(line) for line in ANSI.sub("", shown).splitlines()) <= 80
    code, plain = run_tty("score", ACME, "--no-cache", env={"NO_COLOR": "1"})
    assert code == 0 and "\x1b[" not in plain
    assert plain == ANSI.sub("", shown)


RICE = "rice: {reach: 10, impact: 1, confidence: 1, effort: 1}"
EVIL = f"""\
periods:
  - {{id: 2026-Q1, start: 2026-01-05, end: 2026-04-05}}
teams:
  - {{id: t, capacity: {{2026-Q1: 10}}}}
initiatives:
  - {{id: a, title: "Evil\\e[2J\\nsecond line\\ttab", team: t, period: 2026-Q1,
     effort_weeks: 2, {RICE}}}
  - {{id: b, title: B, team: t, period: 2026-Q1, effort_weeks: 2, depends_on: [a], {RICE}}}
"""


@pytest.mark.parametrize("command", ["score", "plan", "deps"])
@pytest.mark.parametrize("columns", [None, "80"])
def test_a_title_cannot_drive_the_terminal_or_break_a_row(
    run_cli, write_plan, command: str, columns: str | None
) -> None:
    path = write_plan(EVIL)
    args = [command, path] if command == "score" else [command, path, "--as-of", "2026-01-05"]
    result = run_cli(*args, env={} if columns is None else {"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\t" not in result.stdout
    if columns is None:  # one line a row: the title on it, whole
        assert any("Evil\ufffd[2J second line tab" in x for x in result.stdout.splitlines())
    else:  # the title may wrap in its column
        assert all(w in result.stdout.split() for w in ("Evil\ufffd[2J", "second", "tab"))
