"""``okrkit check --baseline`` and the one finding identity it shares with ``diff``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from okrkit.checks.baseline import fingerprint, match_findings, normalized_message
from okrkit.checks.result import Finding
from okrkit.model.aggregate import Location

AS_OF = "2026-01-05"


def _f(message: str, line: int = 1, subject: str | None = "a", name: str = "x") -> Finding:
    return Finding("OKR1", name, "error", message, Location("p.yaml", line, 1), subject)


def test_fingerprint_ignores_positions_and_figures_not_quoted_ids() -> None:
    a = _f("needs 3 person-weeks; see plan/a.yaml:12:3", line=4)
    b = _f("needs 5.5 person-weeks; see plan/b.yaml:40:1", line=90)
    assert fingerprint(a) == fingerprint(b)
    assert normalized_message("waits on 'init-12' for 3 weeks") == "waits on 'init-12' for # weeks"
    assert normalized_message("CAT2-18, ranked 62nd, due 2026-03-01, 40%") == (
        "CAT2-18, ranked #, due <date>, #%"
    )
    assert fingerprint(_f("waits on 'a1'")) != fingerprint(_f("waits on 'a2'"))
    assert fingerprint(_f("m", subject="a")) != fingerprint(_f("m", subject="b"))
    assert fingerprint(_f("m", name="x")) != fingerprint(_f("m", name="y"))


def test_match_pairs_equal_findings_and_keeps_the_rest() -> None:
    before = [_f("one", 1), _f("dup", 2), _f("gone", 3)]
    after = [_f("dup", 10), _f("dup", 11), _f("one", 40)]
    m = match_findings(before, after)
    assert [f.location.line for f in m.new] == [11]
    assert [(a.location.line, b.location.line) for a, b in m.unchanged] == [(2, 10), (1, 40)]
    assert [f.message for f in m.absent] == ["gone"]


BASE = """\
version: 1
teams: [{id: t, capacity: {}}]
initiatives:
  - {id: a, title: A, team: t, effort_weeks: 1}
"""
HEAD = """\
version: 1
# a comment moves every line down
teams: [{id: t, capacity: {}}]
initiatives:
  - {id: a, title: A, team: t, effort_weeks: 1}
  - {id: b, title: B, team: t, effort_weeks: 1, depends_on: [b]}
"""


def test_check_baseline_reports_only_new_findings(
    git_repo: Path, git_commit: Callable[..., str], run_cli: Callable[..., object]
) -> None:
    git_commit({"okrkit.yaml": BASE}, "base")
    (git_repo / "okrkit.yaml").write_text(HEAD)
    full = run_cli("check", "--as-of", AS_OF, "-f", "json", cwd=git_repo)
    everything = json.loads(full.stdout)["findings"]  # type: ignore[attr-defined]
    r = run_cli("check", "--as-of", AS_OF, "-f", "json", "--baseline", "HEAD", cwd=git_repo)
    assert r.exit_code == 1  # type: ignore[attr-defined]
    data = json.loads(r.stdout)  # type: ignore[attr-defined]
    assert {f["subject"] for f in data["findings"]} == {"b"}
    assert data["baseline"]["base"] == "HEAD"
    assert {f["subject"] for f in data["baseline"]["unchanged"]} == {"a"}
    assert data["baseline"]["absent"] == []
    assert len(data["findings"]) + len(data["baseline"]["unchanged"]) == len(everything)
    # the old findings alone do not fail the gate
    (git_repo / "okrkit.yaml").write_text("# moved\n" + BASE)
    clean = run_cli("check", "--as-of", AS_OF, "--baseline", "HEAD", cwd=git_repo)
    assert clean.exit_code == 0  # type: ignore[attr-defined]
    assert "No new findings" in clean.stdout  # type: ignore[attr-defined]


def test_sarif_baseline_state(
    git_repo: Path, git_commit: Callable[..., str], run_cli: Callable[..., object]
) -> None:
    git_commit(
        {
            "okrkit.yaml": BASE.replace(
                "effort_weeks: 1}", "effort_weeks: 1}\n  - {id: c, title: C, team: t}"
            )
        },
        "base",
    )
    (git_repo / "okrkit.yaml").write_text(HEAD)
    r = run_cli("check", "--as-of", AS_OF, "-f", "sarif", "--baseline", "HEAD", cwd=git_repo)
    results = json.loads(r.stdout)["runs"][0]["results"]  # type: ignore[attr-defined]
    states = {(x["properties"]["subject"], x["baselineState"]) for x in results}
    assert ("b", "new") in states and ("a", "unchanged") in states and ("c", "absent") in states
    assert {s for _, s in states} == {"new", "unchanged", "absent"}
    # absent results point at today's file name, not at HEAD:okrkit.yaml
    uris = {x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for x in results}
    assert uris == {"okrkit.yaml"}
    # without --baseline, no result has a baselineState
    plain = run_cli("check", "--as-of", AS_OF, "-f", "sarif", cwd=git_repo)
    assert all(
        "baselineState" not in x
        for x in json.loads(plain.stdout)["runs"][0]["results"]  # type: ignore[attr-defined]
    )


def test_diff_and_baseline_agree_on_new_findings(
    git_repo: Path, git_commit: Callable[..., str], run_cli: Callable[..., object]
) -> None:
    git_commit({"okrkit.yaml": BASE}, "base")
    (git_repo / "okrkit.yaml").write_text(HEAD)
    d = json.loads(
        run_cli("diff", "HEAD", "--as-of", AS_OF, "-f", "json", cwd=git_repo).stdout  # type: ignore[attr-defined]
    )
    c = json.loads(
        run_cli(  # type: ignore[attr-defined]
            "check", "--as-of", AS_OF, "-f", "json", "--baseline", "HEAD", cwd=git_repo
        ).stdout
    )
    key = ["name", "subject", "message", "line"]
    assert [[f[k] for k in key] for f in d["findings"]["new"]] == [
        [f[k] for k in key] for f in c["findings"]
    ]


def test_a_base_without_the_plan_makes_every_finding_new(
    git_repo: Path, git_commit: Callable[..., str], run_cli: Callable[..., object]
) -> None:
    git_commit({"README.md": "no plan yet\n"}, "base")
    (git_repo / "okrkit.yaml").write_text(HEAD)
    full = run_cli("check", "--as-of", AS_OF, "-f", "json", cwd=git_repo)
    r = run_cli("check", "--as-of", AS_OF, "-f", "json", "--baseline", "HEAD", cwd=git_repo)
    data = json.loads(r.stdout)  # type: ignore[attr-defined]
    assert data["findings"] == json.loads(full.stdout)["findings"]  # type: ignore[attr-defined]
    assert data["baseline"] == {
        "base": "HEAD",
        "loaded": True,
        "problems": 0,
        "unchanged": [],
        "absent": [],
    }
    d = run_cli("diff", "HEAD", cwd=git_repo)
    assert d.exit_code == 2  # type: ignore[attr-defined]
    assert "no plan at HEAD" in d.stderr  # type: ignore[attr-defined]


def test_a_base_that_does_not_load_is_said_so_every_finding_is_new(
    git_repo: Path, git_commit: Callable[..., str], run_cli: Callable[..., object]
) -> None:
    git_commit({"okrkit.yaml": "version: 1\nteams: [{id: t\n"}, "broken base")
    (git_repo / "okrkit.yaml").write_text(HEAD)
    full = run_cli("check", "--as-of", AS_OF, "-f", "json", cwd=git_repo)
    everything = json.loads(full.stdout)["findings"]  # type: ignore[attr-defined]
    r = run_cli("check", "--as-of", AS_OF, "-f", "json", "--baseline", "HEAD", cwd=git_repo)
    assert r.exit_code == 1  # type: ignore[attr-defined]
    data = json.loads(r.stdout)  # type: ignore[attr-defined]
    assert data["findings"] == everything  # documented: every finding counts as new
    b = data["baseline"]
    assert (b["loaded"], b["problems"], b["unchanged"]) == (False, 1, [])
    text = run_cli("check", "--as-of", AS_OF, "--baseline", "HEAD", cwd=git_repo)
    last = text.stdout.splitlines()[-1]  # type: ignore[attr-defined]
    assert "Baseline HEAD did not load (1 problem), so every finding counts as new" in last
    md = run_cli("check", "--as-of", AS_OF, "-f", "markdown", "--baseline", "HEAD", cwd=git_repo)
    assert "Baseline HEAD did not load (1 problem)" in md.stdout  # type: ignore[attr-defined]
    # a base that loads says nothing of the kind
    git_commit({"okrkit.yaml": BASE}, "fixed base")
    ok = run_cli("check", "--as-of", AS_OF, "-f", "json", "--baseline", "HEAD", cwd=git_repo)
    assert json.loads(ok.stdout)["baseline"]["loaded"] is True  # type: ignore[attr-defined]
