"""``okrkit deps``: golden output for every format, selection options, errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from okrkit.report.deps import FORMATS, RENDERERS

ROOT = Path(__file__).resolve().parents[2]
ACME = "examples/acme"
SUFFIX = {"tree": "txt", "json": "json", "dot": "dot", "mermaid": "mmd"}

# Ids with every character an id may hold, a Mermaid keyword (`end`), a cycle, work
# after the cycle, done and dropped work, cross-team edges and an unscored initiative.
SMALL = """\
version: 1
teams:
  - {id: platform}
  - {id: web}
  - {id: data}
initiatives:
  - id: svc.auth:v2/api-gw
    title: Gateway
    team: platform
    status: in_progress
    duration_weeks: 4
    rice: {reach: 100, impact: 1, confidence: 1, effort: 1}
  - id: sdk
    title: SDK
    team: platform
    kind: enabler
    depends_on: [svc.auth:v2/api-gw]
    duration_weeks: 2
  - id: web.login
    title: Login
    team: web
    depends_on: [sdk, legacy-cleanup]
    effort_weeks: 3
    rice: {reach: 500, impact: 2, confidence: 0.8, effort: 1}
  - id: legacy-cleanup
    title: Legacy cleanup
    team: web
    status: done
    duration_weeks: 1
  - id: old-report
    title: Old report
    team: data
    status: dropped
    duration_weeks: 1
  - id: dashboard
    title: Dashboard
    team: data
    depends_on: [old-report, web.login]
    duration_weeks: 2.5
    rice: {reach: 50, impact: 1, confidence: 0.5, effort: 2}
  - id: end
    title: The "end" node
    team: web
    depends_on: [loop-b]
    duration_weeks: 1
  - id: loop-b
    title: Loop B
    team: data
    depends_on: [end]
    duration_weeks: 1
  - id: after-loop
    title: After the loop
    team: web
    depends_on: [end]
    duration_weeks: 1
"""


def test_every_format_has_a_renderer_and_a_golden_suffix() -> None:
    assert set(FORMATS) == set(SUFFIX) == set(RENDERERS)
    from okrkit.cli.deps import FORMATS as CLI_FORMATS

    assert CLI_FORMATS == FORMATS  # the --format choices are the registry's


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_acme(run_cli, golden, fmt: str) -> None:
    result = run_cli("deps", "--as-of", "2026-01-01", ACME, "--format", fmt, cwd=ROOT)
    assert result.exit_code == 0, result.stderr
    golden(f"deps/acme.{SUFFIX[fmt]}", result.stdout)


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_small(run_cli, write_plan, golden, fmt: str) -> None:
    path = write_plan(SMALL)
    result = run_cli("deps", "--as-of", "2026-01-01", path, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden(f"deps/small.{SUFFIX[fmt]}", result.stdout)


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["--focus", "same-day-payouts"], "acme-focus-same-day-payouts.txt"),
        (["--focus", "kyc-api", "--depth", "1"], "acme-focus-kyc-api-depth1.txt"),
        (["--team", "payments"], "acme-team-payments.txt"),
        (["--cross-team"], "acme-cross-team.txt"),
        (["--depth", "1"], "acme-depth1.txt"),
        (["--focus", "same-day-payouts", "-f", "json"], "acme-focus-same-day-payouts.json"),
        (["--cross-team", "-f", "mermaid"], "acme-cross-team.mmd"),
        (["--team", "risk", "-f", "dot"], "acme-team-risk.dot"),
    ],
)
def test_golden_acme_selections(run_cli, golden, args: list[str], name: str) -> None:
    result = run_cli("deps", "--as-of", "2026-01-01", ACME, *args, cwd=ROOT)
    assert result.exit_code == 0, result.stderr
    golden(f"deps/{name}", result.stdout)


def test_json_shape_is_the_documented_one(run_cli, write_plan) -> None:
    result = run_cli("deps", "--as-of", "2026-01-01", write_plan(SMALL), "-f", "json")
    data = json.loads(result.stdout)
    assert list(data)[:5] == ["nodes", "edges", "cycles", "critical_path", "team_matrix"]
    node = data["nodes"][0]
    for key in ("id", "team", "status", "earliest_start", "latest_start", "slack_weeks"):
        assert key in node
    assert isinstance(node["unblocks"], int)
    assert set(data["edges"][0]) >= {"initiative", "depends_on", "cross_team"}
    assert data["cycles"] == [["end", "loop-b"]]
    assert data["critical_path"] == {
        "ids": ["svc.auth:v2/api-gw", "sdk", "web.login", "dashboard"],
        "weeks": 11.5,
    }
    assert data["broken"] == [{"initiative": "dashboard", "depends_on": "old-report"}]
    by_id = {n["id"]: n for n in data["nodes"]}
    # the enabler has no score of its own but unblocks the login and the dashboard
    assert by_id["sdk"]["score"] is None
    assert by_id["sdk"]["downstream_score"] == pytest.approx(800 + 12.5)
    assert by_id["end"]["schedule"] == "in_cycle"
    assert by_id["after-loop"]["schedule"] == "after_cycle"
    assert by_id["after-loop"]["slack_weeks"] is None
    assert data["team_matrix"] == {"data": {"web": 2}, "web": {"data": 1, "platform": 1}}
    # the schedule's view beside the CPM one: dates from --as-of, cycles never scheduled
    assert data["as_of"] == "2026-01-01"
    assert by_id["end"]["start"] is None and by_id["end"]["finish"] is None
    # one truth: deps gives the dates plan gives (acme: two quarters)
    acme = json.loads(run_cli("deps", "--as-of", "2026-01-01", ACME, "-f", "json").stdout)
    acme_by_id = {n["id"]: n for n in acme["nodes"]}
    for period in ("2026-Q1", "2026-Q2"):
        args = ("--as-of", "2026-01-01", "--period", period, "-f", "json")
        plan_json = json.loads(run_cli("plan", ACME, *args).stdout)
        assert plan_json["schedule"]
        for s in plan_json["schedule"]:
            node = acme_by_id[s["id"]]
            assert (node["start"], node["finish"]) == (s["start"], s["finish"])
    chain = acme["scheduled_critical_path"]
    assert chain and all(acme_by_id[i]["on_scheduled_critical_path"] for i in chain)


def _dot_structure(text: str) -> None:
    """What Graphviz needs: balanced braces, every statement closed, edges to declared
    nodes, every quoted string closed."""
    assert text.startswith("digraph deps {\n") and text.endswith("}\n")
    assert text.count("{") == text.count("}")
    declared = set(re.findall(r'^    ("(?:[^"\\]|\\.)*") \[', text, re.M))
    for line in text.splitlines()[1:-1]:
        stripped = line.strip()
        assert stripped.endswith((";", "{", "}")), line
        assert len(re.sub(r"\\.", "", stripped).split('"')) % 2 == 1, line  # quotes pair
        m = re.match(r'("(?:[^"\\]|\\.)*") -> ("(?:[^"\\]|\\.)*")', stripped)
        if m:
            assert m.group(1) in declared and m.group(2) in declared, line


@pytest.mark.parametrize("plan", ["acme", "small"])
def test_dot_is_well_formed_and_renders(run_cli, write_plan, tmp_path: Path, plan: str) -> None:
    path = ROOT / ACME if plan == "acme" else write_plan(SMALL)
    out = run_cli("deps", "--as-of", "2026-01-01", path, "-f", "dot").stdout
    _dot_structure(out)
    assert 'subgraph "cluster_platform"' in out or plan == "acme"
    if plan == "small":
        assert '"svc.auth:v2/api-gw" -> "sdk"' in out
    exe = shutil.which("dot")
    if exe is None:
        pytest.skip("Graphviz `dot` is not installed")
    done = subprocess.run(
        [exe, "-Tsvg"], input=out, capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "<svg" in done.stdout


MERMAID_LINE = re.compile(
    r"""^(?:flowchart\ LR
        |\ \ subgraph\ t\d+\["[^"]*"\]
        |\ \ \ \ n\d+\["[^"]*"\]
        |\ \ end
        |\ \ n\d+\ (?:-->|==>|-\.->|-\.-x)(?:\|[a-z -]+\|)?\ n\d+
        |\ \ classDef\ \w+\ [^ ]+(?:\ \d+)?(?:,[^ ]+)*
        |\ \ class\ n\d+(?:,n\d+)*\ \w+
        |\ \ linkStyle\ \d+(?:,\d+)*\ [^ ]+
    )$""",
    re.X,
)


@pytest.mark.parametrize("plan", ["acme", "small"])
def test_mermaid_is_well_formed(run_cli, write_plan, plan: str) -> None:
    path = ROOT / ACME if plan == "acme" else write_plan(SMALL)
    out = run_cli("deps", "--as-of", "2026-01-01", path, "-f", "mermaid").stdout
    lines = out.splitlines()
    for line in lines:
        assert MERMAID_LINE.match(line), line
    assert sum(1 for x in lines if x.strip().startswith("subgraph")) == sum(
        1 for x in lines if x.strip() == "end"
    )
    declared = set(re.findall(r"^    (n\d+)\[", out, re.M))
    links = re.findall(r"^  (n\d+) \S+ (n\d+)$", out, re.M)
    assert {n for pair in links for n in pair} <= declared
    styled = [int(k) for m in re.findall(r"^  linkStyle ([\d,]+)", out, re.M) for k in m.split(",")]
    assert all(k < len(links) for k in styled)
    if plan == "small":
        # the reserved word `end` and the id with . : / only appear inside labels
        assert '["end<br/>' in out
        assert '["svc.auth:v2/api-gw<br/>' in out
        assert "-.->|cross-team|" in out and "==>" in out and "-.-x|broken|" in out


def test_errors_exit_2_with_one_line(run_cli) -> None:
    for args, expected in [
        (["--focus", "kyc-apx"], "--focus: unknown initiative 'kyc-apx' (did you mean 'kyc-api'?)"),
        (["--team", "nobody"], "--team: unknown team 'nobody'; the plan defines: "),
        (["--format", "svg"], "--format: 'svg' is not one of: tree, json, dot, mermaid"),
    ]:
        result = run_cli("deps", "--as-of", "2026-01-01", ACME, *args, cwd=ROOT)
        assert result.exit_code == 2, args
        assert expected in result.stderr
        assert result.stderr.count("\n") == 1
        assert result.stdout == ""
    assert run_cli("deps", "--as-of", "2026-01-01", ACME, "--depth", "-1", cwd=ROOT).exit_code == 2


def test_output_file_and_default_plan_and_determinism(run_cli, write_plan, tmp_path) -> None:
    path = write_plan(SMALL)
    target = tmp_path / "deps.dot"
    assert (
        run_cli(
            "deps", "--as-of", "2026-01-01", "-f", "dot", "-o", target, cwd=path.parent
        ).exit_code
        == 0
    )
    again = run_cli("deps", "--as-of", "2026-01-01", path, "-f", "dot").stdout
    assert target.read_text(encoding="utf-8") == again


def test_focus_keeps_both_directions_and_numbers_of_the_whole_plan(run_cli) -> None:
    full = json.loads(run_cli("deps", "--as-of", "2026-01-01", ACME, "-f", "json", cwd=ROOT).stdout)
    focus = json.loads(
        run_cli(
            "deps",
            "--as-of",
            "2026-01-01",
            ACME,
            "-f",
            "json",
            "--focus",
            "same-day-payouts",
            cwd=ROOT,
        ).stdout
    )
    ids = [n["id"] for n in focus["nodes"]]
    assert "kyc-api" in ids and "realtime-ledger" in ids  # upstream
    assert "instant-payouts-eu" in ids  # downstream
    assert "slo-alerting" not in ids
    whole = {n["id"]: n for n in full["nodes"]}
    assert all(n == whole[n["id"]] for n in focus["nodes"])
    assert focus["critical_path"] == full["critical_path"]
    assert focus["selection"]["focus"] == "same-day-payouts"


def test_cross_team_keeps_only_edges_between_teams(run_cli) -> None:
    data = json.loads(
        run_cli(
            "deps", "--as-of", "2026-01-01", ACME, "-f", "json", "--cross-team", cwd=ROOT
        ).stdout
    )
    assert data["edges"] and all(e["cross_team"] for e in data["edges"])
    ends = {e["initiative"] for e in data["edges"]} | {e["depends_on"] for e in data["edges"]}
    assert {n["id"] for n in data["nodes"]} == ends


def _block(lines: list[str], name: str) -> str:
    """A node's lines in the tree: its name line and the lines under it, up to the next
    node (a line with a ``── `` branch or no guide)."""
    [k] = [k for k, line in enumerate(lines) if re.search(rf"(^|── ){re.escape(name)}", line)]
    block = [lines[k]]
    for line in lines[k + 1 :]:
        if "── " in line or not line.startswith(("│", " ")):
            break
        block.append(line)
    return " ".join(" ".join(block).replace("│", " ").split())


@pytest.mark.parametrize("columns", [None, 120, 80, 60, 40])
def test_the_tree_fits_the_width_with_every_fact_of_a_node(run_cli, columns: int | None) -> None:
    env = {} if columns is None else {"COLUMNS": str(columns)}
    result = run_cli("deps", ACME, "--as-of", "2026-02-15", "--no-cache", cwd=ROOT, env=env)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    if columns is not None:
        assert max(len(line) for line in lines) <= columns
    tree = lines[lines.index(next(x for x in lines if x.startswith("Dependencies:"))) :]
    block = " ".join(_block(tree, "fraud-model-v2 —").split())
    for fact in (
        "Fraud model v2 on streaming features",
        "risk, proposed, start 6w, slack 2w,",
        "scheduled 2026-03-29 to 2026-05-23, unblocks 1, worth 1200",
        "[cross-team]",
    ):
        assert fact in block, (fact, block)
    if columns is None:  # piped: one line a node
        assert sum("fraud-model-v2 —" in line for line in tree) == 1
        assert len(next(x for x in tree if "fraud-model-v2" in x)) > 120
    # the critical path, one step a line with its title
    start = lines.index(next(x for x in lines if x.startswith("     kyc-api")))
    assert lines[start].split()[:3] == ["kyc-api", "—", "KYC"]
    assert lines[start + 1].startswith("  -> automated-kyc-review — Automated")
    text = " ".join(result.stdout.split())
    if columns is None or columns >= 80:  # "Unblocks the most" keeps one line a row
        assert "kyc-api — KYC verification API risk 4114.29 8 19100" in text
    else:
        assert all(v in text for v in ("kyc-api — KYC verification API", "4114.29", "19100"))


def test_golden_acme_at_80_columns(run_cli, golden) -> None:
    result = run_cli(
        "deps", ACME, "--as-of", "2026-02-15", "--no-cache", cwd=ROOT, env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.stderr
    golden("deps/acme-80col.txt", result.stdout)


@pytest.mark.parametrize("columns", ["60", "40"])
def test_cycles_broken_and_repeated_nodes_fit_too(run_cli, write_plan, columns: str) -> None:
    path = write_plan(SMALL)
    result = run_cli("deps", "--as-of", "2026-01-01", path, env={"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= int(columns)
    text = " ".join(result.stdout.split())
    for part in ("Cycles (1)", "end [web] -> loop-b [data] -> end [web]", "Broken dependencies"):
        assert part in text


def test_a_one_week_critical_path_is_one_week(run_cli, write_plan) -> None:
    """Not "1 weeks" (#26)."""
    path = write_plan(
        """\
        version: 1
        teams: [{id: web}]
        initiatives:
          - {id: a, title: Alpha, team: web, effort_weeks: 1}
        """
    )
    result = run_cli("deps", path, "--as-of", "2026-01-05")
    assert result.exit_code == 0, result.stderr
    assert "Critical path (dependencies only, CPM): 1 week\n" in result.stdout
