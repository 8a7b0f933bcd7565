"""The engine: loading problems as findings, --select/--ignore, severities, sorting."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import pytest

from okrkit.checks import check_path, run_checks
from okrkit.checks.registry import BY_CODE, CHECKS, GROUPS, match
from okrkit.checks.result import Finding
from okrkit.errors import UsageError
from okrkit.load import load_plan_text
from okrkit.model.aggregate import Location

AS_OF = dt.date(2026, 2, 1)

PLAN = textwrap.dedent(
    """\
    vision:
      statement: S.
      pillars: [{id: speed, name: Speed}]
    teams: [{id: web}]
    objectives:
      - id: o1
        title: O
        key_results: [{id: k1, title: K}]
    initiatives:
      - {id: a, title: A, team: web, kind: experiment}
    """
)


def _names(**kw: object) -> list[str]:
    report = run_checks(load_plan_text(PLAN), AS_OF, **kw)  # type: ignore[arg-type]
    return [f.name for f in report.findings]


def test_every_check_runs_by_default() -> None:
    assert _names() == [
        "pillar-without-objectives",
        "objective-without-pillar",
        "unsupported-key-result",
        "unmeasurable-key-result",
        "orphan-initiative",
        "experiment-without-timebox",
        "missing-estimates",
    ]


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        (
            {"select": ["OKR2"]},
            [
                "pillar-without-objectives",
                "objective-without-pillar",
                "unsupported-key-result",
                "unmeasurable-key-result",
                "orphan-initiative",
            ],
        ),
        (
            {"select": ["OKR204,orphan-initiative"]},
            ["unmeasurable-key-result", "orphan-initiative"],
        ),
        ({"ignore": ["OKR2", "OKR4"]}, []),
        ({"select": ["OKR4"], "ignore": ["missing-estimates"]}, ["experiment-without-timebox"]),
    ],
)
def test_select_and_ignore(kw: dict[str, list[str]], expected: list[str]) -> None:
    assert _names(**kw) == expected


def test_a_selector_that_names_nothing_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"^no check is named 'orphans'") as info:
        run_checks(load_plan_text(PLAN), AS_OF, select=["orphans"])
    assert info.value.param == "select"
    with pytest.raises(UsageError, match=r"^no check is named 'OKR8'") as info:
        run_checks(load_plan_text(PLAN), AS_OF, ignore=["OKR8"])
    assert info.value.param == "ignore"


def test_loading_problems_become_findings(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "initiatives:\n  - {id: a, title: A, team: web, efort_weeks: 3}\n", encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text("objectives: [\n", encoding="utf-8")
    report = check_path(tmp_path, AS_OF, ignore=["invalid-plan"])
    got = [
        (Path(f.location.file).name, f.location.line, f.code, f.name, f.severity, f.subject)
        for f in report.findings
    ]
    assert got == [
        ("a.yaml", 2, "OKR002", "invalid-plan", "error", None),
        ("b.yaml", 2, "OKR001", "yaml-syntax", "error", None),
    ]
    assert not report.loaded
    assert [r.name for r in report.rules] == [
        "yaml-syntax",
        "invalid-plan",
        "unknown-reference",
        "duplicate-id",
    ]
    assert report.exit_code("error") == 1


def test_unknown_reference_and_duplicate_id(tmp_path: Path) -> None:
    (tmp_path / "okrkit.yaml").write_text(
        "teams: [{id: web}, {id: web}]\ninitiatives:\n  - {id: a, title: A, team: wbe}\n",
        encoding="utf-8",
    )
    report = check_path(tmp_path / "okrkit.yaml", AS_OF)
    got = [(f.location.line, f.location.column, f.code, f.name) for f in report.findings]
    assert got == [(1, 25, "OKR004", "duplicate-id"), (3, 29, "OKR003", "unknown-reference")]


def test_exit_codes() -> None:
    report = run_checks(load_plan_text(PLAN), AS_OF, select=["orphan-initiative"])
    assert [report.exit_code(x) for x in ("error", "warning", "never")] == [0, 1, 0]
    assert report.counts == {"error": 0, "warning": 1, "info": 0}


def test_registry_is_consistent() -> None:
    names = [c.name for c in CHECKS]
    codes = [c.code for c in CHECKS]
    assert len(set(names)) == len(names)
    assert len(set(codes)) == len(codes)
    prefixes = {
        "loading": "OKR0",
        "graph": "OKR1",
        "alignment": "OKR2",
        "capacity": "OKR3",
        "hygiene": "OKR4",
        "policy": "OKR9",
    }
    for c in CHECKS:
        assert c.group in GROUPS
        assert c.code.startswith(prefixes[c.group]), c.name
        assert c.name == c.name.lower() and " " not in c.name
    assert match("okr3") == [c for c in CHECKS if c.group == "capacity"]
    assert match("principle:x") == [BY_CODE["OKR900"]]


def test_issue_public_names() -> None:
    required = {
        "yaml-syntax",
        "invalid-plan",
        "unknown-reference",
        "duplicate-id",
        "dependency-cycle",
        "broken-dependency",
        "objective-without-pillar",
        "orphan-initiative",
        "unsupported-key-result",
        "unmeasurable-key-result",
        "pillar-without-objectives",
        "pillar-share-drift",
        "too-many-objectives",
        "too-many-key-results",
        "outside-vision-horizon",
        "team-over-capacity",
        "wip-limit-exceeded",
        "unfunded-dependency",
        "late-dependency",
        "missed-deadline",
        "priority-inversion",
        "conflicting-key-results",
        "experiment-without-timebox",
        "experiment-past-timebox",
        "debt-share-below-minimum",
        "stale-key-result",
        "missing-estimates",
    }
    assert required <= {c.name for c in CHECKS}


def test_findings_sort_by_place_then_code() -> None:
    f1 = Finding("OKR2", "b", "error", "m", Location("a.yaml", 2, 1))
    f2 = Finding("OKR1", "a", "error", "m", Location("a.yaml", 2, 1))
    f3 = Finding("OKR1", "a", "error", "m", Location("a.yaml", 10, 1))
    assert sorted([f3, f1, f2], key=Finding.sort_key) == [f2, f1, f3]


ID_PLAN = textwrap.dedent(
    """\
    periods:
      - {id: 2026-Q1, start: 2026-01-01, end: 2026-03-31}
      - {id: 2026-Q2, start: 2026-04-01, end: 2026-06-30}
    teams: [{id: api, capacity: {2026-Q1: 30, 2026-Q2: 30}}]
    initiatives:
      - {id: batch-api, title: Batch, team: api, period: 2026-Q1, depends_on: [export],
         effort_weeks: 1}
      - {id: tax, title: Tax, team: api, period: 2026-Q1, depends_on: [export],
         effort_weeks: 1}
      - {id: export, title: Export, team: api, period: 2026-Q2, effort_weeks: 1}
    """
)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "markdown"])
def test_ids_at_the_start_of_a_message_keep_their_spelling(
    fmt: str, run_cli: Any, write_plan: Any
) -> None:
    """An id copied from any output format must be found by ``okrkit explain``."""
    path = write_plan(ID_PLAN)
    args = ("check", "--format", fmt, "--as-of", "2026-02-01", "--select", "late-dependency")
    out = run_cli(*args, path).stdout
    assert "batch-api (team api)" in out and "tax (team api)" in out
    assert "Batch-api" not in out and "Tax (" not in out


def test_sentence_capitalises_only_okrkits_own_first_word() -> None:
    from okrkit.checks.base import sentence

    assert sentence("experiment 'x' has no timebox_weeks") == "Experiment 'x' has no timebox_weeks."
    assert sentence("batch-api (team api) waits") == "batch-api (team api) waits."
    assert sentence("tax (team api) finishes late", {"tax"}) == "tax (team api) finishes late."
    assert sentence("tax (team api) finishes late") == "Tax (team api) finishes late."
    assert sentence("experiments are small", verbatim=True) == "experiments are small."


ONE_PROBLEM = textwrap.dedent(
    """\
    vision:
      statement: S.
      principles:
        - id: short-experiments
          statement: Experiments are time-boxed.
          rule: {applies_to: "kind == 'experiment'", require: "timebox_weeks <= 4"}
    periods: [{id: q1, start: 2026-01-01, end: 2026-03-31}]
    teams: [{id: web, capacity: {q1: 20}}]
    initiatives:
      - {id: old, title: Old, team: web, status: dropped}
      - {id: app, title: App, team: web, period: q1, status: committed, effort_weeks: 2,
         depends_on: [old]}
      - {id: try, title: Try, team: web, kind: experiment}
    """
)


def test_one_problem_one_finding() -> None:
    """A committed initiative on dropped work is broken-dependency's alone; an experiment
    without a time-box that a principle requires is the principle's alone."""
    report = run_checks(
        load_plan_text(ONE_PROBLEM),
        AS_OF,
        select=["broken-dependency", "unfunded-dependency", "OKR401", "principle"],
    )
    by_subject: dict[str | None, list[str]] = {}
    for f in report.findings:
        by_subject.setdefault(f.subject, []).append(f.name)
    assert by_subject == {"app": ["broken-dependency"], "try": ["principle:short-experiments"]}
