"""``okrkit diff`` end to end: temporary git repositories whose commits change each kind
of thing the report covers, and the exact report in every format."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

AS_OF = "2026-01-05"
PLANS = Path(__file__).resolve().parent.parent / "diff" / "plans"


@pytest.fixture
def two_commits(git_repo: Path, git_commit: Callable[..., str]) -> Path:
    git_commit({"plan/okrkit.yaml": "@base.yaml", "plan/.hidden.yaml": "not: [a plan"}, "base")
    git_commit({"plan/okrkit.yaml": "@head.yaml"}, "head")
    (git_repo / "docs").mkdir()
    return git_repo


@pytest.mark.parametrize(("fmt", "ext"), [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_golden_every_kind_of_change(
    two_commits: Path,
    run_cli: Callable[..., object],
    golden: Callable[[str, str], None],
    fmt: str,
    ext: str,
) -> None:
    # run from another folder of the repository: the plan path is relative to it
    result = run_cli(
        "diff", "HEAD~1", "../plan", "--as-of", AS_OF, "--format", fmt, cwd=two_commits / "docs"
    )
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    golden(f"diff/every-change.{ext}", result.stdout)  # type: ignore[attr-defined]


def test_json_tally_matches_the_lists(two_commits: Path, run_cli: Callable[..., object]) -> None:
    result = run_cli("diff", "HEAD~1", "plan", "--as-of", AS_OF, "-f", "json", cwd=two_commits)
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    tally = data["tally"]
    assert tally["rank_moves"] == len(data["rank_moves"])
    assert tally["new_findings"] == len(data["findings"]["new"])
    assert tally["fixed_findings"] == len(data["findings"]["fixed"])
    assert tally["changed"] == sum(1 for e in data["elements"] if e["change"] == "changed")
    assert tally["new_cycles"] == len(data["new_cycles"]) == 1
    kinds = {k["change"] for k in data["key_results"]}
    assert kinds == {"removed", "eased", "tightened", "baseline-rewritten"}
    assert {s["change"] for s in data["selection"]} == {"fell-below", "rose-above"}
    assert any(e["cross_team"] and e["change"] == "added" for e in data["dependencies"])
    assert data["deadline_misses"] and data["schedule"] and data["capacity"] and data["shares"]
    causes = {m["cause"] for m in data["rank_moves"]}
    assert causes == {"own", "others"}


def test_exit_codes(two_commits: Path, run_cli: Callable[..., object]) -> None:
    r = run_cli("diff", "HEAD~1", "plan", "--as-of", AS_OF, "--exit-code", cwd=two_commits)
    assert r.exit_code == 1  # type: ignore[attr-defined]
    same = run_cli("diff", "HEAD", "plan", "--as-of", AS_OF, "--exit-code", cwd=two_commits)
    assert same.exit_code == 0  # type: ignore[attr-defined]
    assert same.stdout.endswith("No difference.\n")  # type: ignore[attr-defined]


def test_elements_are_matched_by_id_not_position(
    git_repo: Path, git_commit: Callable[..., str], run_cli: Callable[..., object]
) -> None:
    text = (PLANS / "base.yaml").read_text(encoding="utf-8")
    git_commit({"okrkit.yaml": text}, "base")
    head, _, rest = text.partition("initiatives:\n")
    blocks = ["  - id:" + b for b in rest.split("  - id:") if b]
    (git_repo / "okrkit.yaml").write_text(head + "initiatives:\n" + "".join(reversed(blocks)))
    r = run_cli("diff", "HEAD", "--as-of", AS_OF, "--exit-code", cwd=git_repo)
    assert r.exit_code == 0, r.stdout  # type: ignore[attr-defined]
    assert r.stdout.splitlines()[-1] == "No difference."  # type: ignore[attr-defined]


def test_base_can_be_another_plan_file(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    plans = PLANS
    r = run_cli(
        "diff", str(plans / "base.yaml"), str(plans / "head.yaml"), "--as-of", AS_OF, "-f", "json"
    )
    assert r.exit_code == 0  # type: ignore[attr-defined]
    data = json.loads(r.stdout)  # type: ignore[attr-defined]
    assert data["tally"]["added"] == 1 and data["tally"]["removed"] == 2


def test_unknown_revision_is_one_line_exit_2(
    two_commits: Path, run_cli: Callable[..., object]
) -> None:
    r = run_cli("diff", "no-such-rev", "plan", cwd=two_commits)
    assert r.exit_code == 2  # type: ignore[attr-defined]
    assert r.stderr == (  # type: ignore[attr-defined]
        "okrkit: 'no-such-rev' is neither a plan file or folder nor a git revision\n"
    )


def test_missing_revision_in_a_shallow_clone_says_fetch_more(
    two_commits: Path, tmp_path: Path, run_cli: Callable[..., object]
) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{two_commits}", str(clone)], check=True
    )
    r = run_cli("diff", "HEAD~1", "plan", cwd=clone)
    assert r.exit_code == 2  # type: ignore[attr-defined]
    lines = r.stderr.splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1
    assert "fetch-depth: 0" in lines[0] and "shallow clone" in lines[0]


def test_plan_missing_at_revision(two_commits: Path, run_cli: Callable[..., object]) -> None:
    (two_commits / "other").mkdir()
    (two_commits / "other" / "okrkit.yaml").write_text((PLANS / "base.yaml").read_text())
    r = run_cli("diff", "HEAD", "other", cwd=two_commits)
    assert r.exit_code == 2  # type: ignore[attr-defined]
    assert r.stderr == "okrkit: no plan at HEAD: other does not exist in that revision\n"  # type: ignore[attr-defined]


def test_bad_format_is_a_usage_error(two_commits: Path, run_cli: Callable[..., object]) -> None:
    r = run_cli("diff", "HEAD", "plan", "-f", "html", cwd=two_commits)
    assert r.exit_code == 2  # type: ignore[attr-defined]


def test_cli_formats_match_the_registry() -> None:
    from okrkit.cli.diff import FORMATS
    from okrkit.report.diff import FORMATS as REGISTRY

    assert tuple(REGISTRY) == FORMATS


def test_by_compares_several_methods(two_commits: Path, run_cli: Callable[..., object]) -> None:
    r = run_cli(
        "diff",
        "HEAD~1",
        "plan",
        "--as-of",
        AS_OF,
        "--by",
        "rice,cd3",
        "-f",
        "json",
        cwd=two_commits,
    )
    data = json.loads(r.stdout)  # type: ignore[attr-defined]
    assert data["methods"] == ["rice", "cd3"]
    assert {m["method"] for m in data["rank_moves"]} == {"rice", "cd3"}


ACME = Path(__file__).resolve().parents[2] / "examples" / "acme"
DOC = Path(__file__).resolve().parents[2] / "docs" / "commands" / "diff.md"
EDITS = {
    "plan/teams/payments.yaml": [
        ("      2026-Q1: 70\n", "      2026-Q1: 56\n"),
        ("        baseline: 48\n        target: 4\n", "        baseline: 48\n        target: 8\n"),
        (
            "    rice: {reach: 6000, impact: 1, confidence: {low: 0.3, likely: 0.5, high: 0.7}",
            "    rice: {reach: 12000, impact: 1, confidence: {low: 0.3, likely: 0.5, high: 0.7}",
        ),
    ],
    "plan/teams/merchant.yaml": [
        (
            "    key_results: [onboarding-nps]\n    effort_weeks: 6\n",
            "    key_results: [onboarding-nps]\n    depends_on: [payout-routing-optimizer]\n"
            "    effort_weeks: 6\n",
        )
    ],
}


def test_docs_example_is_real(
    git_repo: Path,
    git_commit: Callable[..., str],
    run_cli: Callable[..., object],
    request: pytest.FixtureRequest,
) -> None:
    """docs/commands/diff.md shows the output of this exact change to examples/acme
    (``pytest --update-golden`` rewrites the example there)."""
    files = {
        f"plan/{p.relative_to(ACME).as_posix()}": p.read_text(encoding="utf-8")
        for p in sorted(ACME.rglob("*.yaml"))
    }
    git_commit(files, "acme")
    for rel, edits in EDITS.items():
        text = files[rel]
        for old, new in edits:
            assert text.count(old) >= 1, old
            text = text.replace(old, new, 1)
        (git_repo / rel).write_text(text, encoding="utf-8")
    r = run_cli("diff", "main", "plan", "--as-of", "2026-01-05", cwd=git_repo)
    assert r.exit_code == 0  # type: ignore[attr-defined]
    command = "$ okrkit diff main plan --as-of 2026-01-05\n"
    block = command + r.stdout  # type: ignore[attr-defined]
    doc = DOC.read_text(encoding="utf-8")
    if request.config.getoption("--update-golden"):
        start = doc.index(command)
        end = doc.index("```\n", start)
        DOC.write_text(doc[:start] + block + doc[end:], encoding="utf-8", newline="\n")
        return
    assert block in doc


ROUNDING_PLAN = """\
version: 1
vision:
  statement: One truth.
  pillars:
    - {{id: cost, name: Cost, target_share: 0.15}}
    - {{id: speed, name: Speed, target_share: 0.85}}
periods:
  - {{id: 2026-Q1, start: 2026-01-05, end: 2026-03-29}}
teams:
  - {{id: infra, name: Infra, capacity: {{2026-Q1: 24}}, wip_limit: 3}}
objectives:
  - id: cheap
    title: Cheaper
    pillar: cost
    period: 2026-Q1
    key_results:
      - {{id: spend, title: Spend, direction: decrease, baseline: 100, target: 80}}
  - id: fast
    title: Faster
    pillar: speed
    period: 2026-Q1
    key_results:
      - {{id: lead, title: Lead time, direction: decrease, baseline: 10, target: 5}}
initiatives:
  - id: rightsizing
    title: Rightsizing
    team: infra
    period: 2026-Q1
    key_results: [spend]
    effort_weeks: {cost}
    rice: {{reach: 900, impact: 2, confidence: 0.8, effort: 1}}
  - id: runners
    title: Runners
    team: infra
    period: 2026-Q1
    key_results: [lead]
    effort_weeks: {speed}
    rice: {{reach: 800, impact: 2, confidence: 0.8, effort: 1}}
"""


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # cost share 16.4% -> 14.8%, planned 9.57 -> 19.57 person-weeks
        ((1.57, 8.0), (2.9, 16.67)),
        # cost share 15.2% -> 14.8%: both 15% in plan, so diff shows one digit more
        ((1.52, 8.48), (1.48, 8.52)),
    ],
)
def test_a_figure_plan_prints_reads_the_same_in_diff(
    tmp_path: Path,
    run_cli: Callable[..., object],
    before: tuple[float, float],
    after: tuple[float, float],
) -> None:
    base, head = tmp_path / "base.yaml", tmp_path / "head.yaml"
    base.write_text(ROUNDING_PLAN.format(cost=before[0], speed=before[1]), encoding="utf-8")
    head.write_text(ROUNDING_PLAN.format(cost=after[0], speed=after[1]), encoding="utf-8")
    args = ("--as-of", AS_OF)
    plans = [run_cli("plan", str(p), *args, env={"COLUMNS": "200"}) for p in (base, head)]
    r = run_cli("diff", str(base), str(head), *args)
    assert r.exit_code == 0, r.stderr  # type: ignore[attr-defined]
    out = r.stdout  # type: ignore[attr-defined]
    texts = [p.stdout for p in plans]  # type: ignore[attr-defined]
    import re

    cost = [re.search(r"cost (\d+(?:\.\d+)?%)", t) for t in texts]
    weeks = [re.search(r"Team infra: (\S+) of 24 person-weeks", t) for t in texts]
    assert all(cost) and all(weeks), texts
    a, b = (m[1] for m in cost if m)
    wa, wb = (m[1] for m in weeks if m)
    line = next(x for x in out.splitlines() if "pillar cost" in x)
    if a != b:
        assert (a, b, wa, wb) == ("16%", "15%", "9.6", "19.6")
        assert f": {a} → {b} of the funded effort" in line
        planned = next(x for x in out.splitlines() if "team infra" in x)
        assert f"planned {wa} → {wb} person-weeks" in planned
    else:
        # invisible after plan's rounding: one digit more, only then
        assert re.search(r": \d+\.\d% → \d+\.\d% of the funded effort", line), line
        assert "(target 15%)" in line
