"""okrkit check, okrkit rules, okrkit rule: exit codes, formats, output, environment."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from okrkit.checks.registry import CHECKS

ROOT = Path(__file__).resolve().parents[2]
ALL = "examples/all-checks/plan"
AS_OF = ("--as-of", "2026-02-15")

Run = Callable[..., Any]


def test_acme_passes(run_cli: Run) -> None:
    result = run_cli("check", "examples/acme", *AS_OF, cwd=ROOT)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout.splitlines()[-1] or "passed" in result.stdout


def test_every_example_but_all_checks_passes(run_cli: Run) -> None:
    for example in sorted((ROOT / "examples").iterdir()):
        if example.is_dir() and example.name != "all-checks":
            result = run_cli("check", example, *AS_OF, cwd=ROOT)
            assert result.exit_code == 0, (example.name, result.stdout)


def test_findings_exit_1_and_text_format(run_cli: Run, golden: Callable[[str, str], None]) -> None:
    result = run_cli("check", ALL, *AS_OF, cwd=ROOT)
    assert result.exit_code == 1
    golden("check/cli-all-checks.txt", result.stdout)
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("fail_on", "select", "code"),
    [
        ("never", "OKR1", 0),
        ("error", "OKR2", 1),
        ("error", "orphan-initiative", 0),
        ("warning", "orphan-initiative", 1),
        ("error", "OKR0", 0),
    ],
)
def test_fail_on(run_cli: Run, fail_on: str, select: str, code: int) -> None:
    result = run_cli("check", ALL, *AS_OF, "--fail-on", fail_on, "--select", select, cwd=ROOT)
    assert result.exit_code == code, result.stdout


def test_machine_output_to_a_file_with_summary_on_stderr(run_cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run_cli("check", ALL, *AS_OF, "-f", "json", "-o", out, cwd=ROOT)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Found 7 errors, 30 warnings")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"] == {"error": 7, "warning": 30, "info": 0}


def test_sarif_to_stdout(run_cli: Run) -> None:
    result = run_cli("check", ALL, *AS_OF, "--format", "sarif", cwd=ROOT)
    assert json.loads(result.stdout)["version"] == "2.1.0"
    assert "Found 7 errors" in result.stderr


def test_github_actions_adds_annotations(run_cli: Run) -> None:
    result = run_cli(
        "check",
        ALL,
        *AS_OF,
        "--select",
        "orphan-initiative",
        cwd=ROOT,
        env={"GITHUB_ACTIONS": "true"},
    )
    lines = result.stdout.splitlines()
    assert lines == [
        "examples/all-checks/plan/teams.yaml:86:5: OKR202 [warning] Initiative 'dark-mode' "
        "serves no key result. (orphan-initiative)",
        "Found 0 errors, 1 warning and 0 info in 2 files.",
        "::warning file=examples/all-checks/plan/teams.yaml,line=86,col=5,"
        "title=OKR202 orphan-initiative::Initiative 'dark-mode' serves no key result.",
    ]
    explicit = run_cli(
        "check",
        ALL,
        *AS_OF,
        "--select",
        "orphan-initiative",
        "-f",
        "text",
        cwd=ROOT,
        env={"GITHUB_ACTIONS": "true"},
    )
    assert "::warning" not in explicit.stdout


def test_a_plan_that_does_not_load_is_reported_as_findings(run_cli: Run) -> None:
    result = run_cli("check", "examples/all-checks/broken/duplicate-id.yaml", *AS_OF, cwd=ROOT)
    assert result.exit_code == 1
    assert "OKR004 [error]" in result.stdout
    assert "The plan did not load, so no other check ran." in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "xml"), "--format: 'xml' is not one of"),
        (("--fail-on", "info"), "--fail-on: 'info' is not one of"),
        (("--select", "nope"), "--select: no check is named 'nope'"),
        # a principle typo would check nothing and pass the gate
        (
            ("--select", "principle:short-experiment"),
            "--select: no principle with a rule is named 'short-experiment' (did you mean "
            "'principle:short-experiments'?)",
        ),
        (("--ignore", "principle:nope"), "--ignore: no principle with a rule is named 'nope'"),
        (("--as-of", "yesterday"), "--as-of: expected a date YYYY-MM-DD, got"),
    ],
)
def test_usage_errors_exit_2(run_cli: Run, args: tuple[str, ...], message: str) -> None:
    result = run_cli("check", ALL, *args, cwd=ROOT)
    assert result.exit_code == 2
    assert message in result.stderr


def test_missing_path_exits_2(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("check", tmp_path / "nope.yaml", *AS_OF)
    assert result.exit_code == 2


def test_configuration_error_exits_2_at_its_line(
    run_cli: Run, write_plan: Callable[..., Path]
) -> None:
    path = write_plan(
        """\
        teams: [{id: web}]
        settings:
          checks:
            orphan-initiative: {maximum: 3}
        """
    )
    result = run_cli("check", path, *AS_OF, cwd=path.parent)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "okrkit.yaml:4:25: settings -> checks -> orphan-initiative -> maximum: unknown option "
        "(known: severity)"
    )


def test_rules_lists_every_check(run_cli: Run, golden: Callable[[str, str], None]) -> None:
    result = run_cli("rules")
    assert result.exit_code == 0
    for c in CHECKS:
        assert f"{c.code}  {c.name}" in result.stdout
    golden("check/rules.txt", result.stdout)
    data = json.loads(run_cli("rules", "--format", "json").stdout)
    assert [d["name"] for d in data] == [c.name for c in CHECKS]
    assert data[[d["name"] for d in data].index("pillar-share-drift")]["options"] == ["tolerance"]


def test_rule_prints_documentation(run_cli: Run, golden: Callable[[str, str], None]) -> None:
    result = run_cli("rule", "pillar-share-drift")
    assert result.exit_code == 0
    golden("check/rule-pillar-share-drift.md", result.stdout)
    assert run_cli("rule", "OKR206").stdout == result.stdout
    assert run_cli("rule", "principle:short-experiments").stdout == run_cli("rule", "OKR900").stdout


def test_rule_unknown_name_exits_2(run_cli: Run) -> None:
    result = run_cli("rule", "orphan-initiatives")
    assert result.exit_code == 2
    assert "did you mean 'orphan-initiative'?" in result.stderr


def test_pre_commit_hooks_run_okrkit_on_the_whole_plan() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert by_id["okrkit-check"]["entry"] == "okrkit check"
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["pass_filenames"] is False


@pytest.mark.parametrize("module", ["check.py", "rules.py", "complete.py", "_help.py"])
def test_command_modules_import_no_core_at_module_level(module: str) -> None:
    import ast
    import sys

    tree = ast.parse((ROOT / "src" / "okrkit" / "cli" / module).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert (
                top in sys.stdlib_module_names
                or top == "typer"
                or name
                in (
                    "__future__",
                    "okrkit.cli._common",
                    "okrkit.cli.complete",  # itself held to this rule
                )
            ), name


PAST_PLAN = """\
periods:
  - {id: q4, start: 2025-10-01, end: 2025-12-31}
objectives:
  - id: o1
    title: O
    period: q4
    key_results:
      - {id: k1, title: K, direction: increase, baseline: 5, target: 1}
"""


def test_findings_about_ended_periods_are_counted_not_reported(
    run_cli: Any, write_plan: Any
) -> None:
    path = write_plan(PAST_PLAN)
    hidden = run_cli("check", path, "--as-of", "2026-02-01", "--select", "OKR2,OKR4")
    assert hidden.exit_code == 0, hidden.stdout
    assert hidden.stdout.splitlines()[-1].endswith(
        "3 findings are about periods that ended before 2026-02-01 (shown with --include-past)."
    )
    shown = run_cli(
        "check", path, "--as-of", "2026-02-01", "--select", "OKR2,OKR4", "--include-past"
    )
    assert shown.exit_code == 1
    names = [line.rsplit("(", 1)[1] for line in shown.stdout.splitlines()[:-1]]
    assert sorted(names) == [
        "stale-key-result)",
        "target-against-direction)",
        "unsupported-key-result)",
    ]


@pytest.mark.parametrize(("fail_on", "code"), [("never", 0), ("error", 1), ("warning", 1)])
def test_junit_failures_follow_fail_on(run_cli: Any, fail_on: str, code: int) -> None:
    result = run_cli("check", ALL, *AS_OF, "-f", "junit", "--fail-on", fail_on, cwd=ROOT)
    assert result.exit_code == code
    failures = result.stdout.count("<failure ")
    assert (failures > 0) == (code == 1)
    if fail_on == "error":
        assert 'type="warning"' not in result.stdout


def test_text_on_a_terminal_is_coloured_unless_no_color(
    run_cli: Run, run_tty: Run, tmp_path: Path
) -> None:
    import re

    args = ("check", "examples/all-checks/broken", *AS_OF, "--select", "OKR0")
    piped = run_cli(*args, cwd=ROOT)
    assert "\x1b" not in piped.stdout
    code, shown = run_tty(*args)
    assert code == piped.exit_code == 1
    assert "\x1b[1;31m[error]\x1b[0m" in shown
    assert re.sub(r"\x1b\[[0-9;]*m", "", shown) == piped.stdout
    code, shown = run_tty(*args, env={"NO_COLOR": "1"})
    assert (code, shown) == (1, piped.stdout)
    code, shown = run_tty(*args, "-o", tmp_path / "out.txt")
    assert "\x1b" not in (tmp_path / "out.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("as_of", ["2026-01-05", "2026-02-15", "2026-04-20"])
def test_finish_dates_in_findings_are_the_schedules(run_cli: Run, as_of: str) -> None:
    """A finding that says when work finishes quotes the date plan and roadmap show (a
    late-dependency message once turned the week back into a date a day later)."""
    import json
    import re

    roadmap = json.loads(
        run_cli("roadmap", "examples/acme", "--as-of", as_of, "-f", "json", cwd=ROOT).stdout
    )
    finish = {r["id"]: r["finish"] for r in roadmap["initiatives"] if r["finish"]}
    report = json.loads(
        run_cli("check", "examples/acme", "--as-of", as_of, "-f", "json", cwd=ROOT).stdout
    )
    said = [
        (m.group(1), m.group(2))
        for f in report["findings"]
        for m in re.finditer(r"(\S+) \(team \S+\) finishes on (\d{4}-\d\d-\d\d)", f["message"])
    ]
    assert said
    for ident, day in said:
        assert finish[ident] == day, (ident, day, finish[ident])
