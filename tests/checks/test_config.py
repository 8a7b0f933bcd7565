"""settings.checks: off, severity, typed options; mistakes are located errors with a
breadcrumb; policy rules that do not parse are configuration errors."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from okrkit.checks import run_checks
from okrkit.errors import ConfigError, PlanLoadError
from okrkit.load import load_plan, load_plan_text

AS_OF = dt.date(2026, 2, 1)

BASE = textwrap.dedent(
    """\
    teams: [{id: web}]
    initiatives:
      - {id: a, title: A, team: web}
    settings:
      checks:
    """
)


def _names(settings: str, **kw: object) -> list[tuple[str, str]]:
    text = BASE + textwrap.indent(textwrap.dedent(settings), "    ")
    report = run_checks(load_plan_text(text), AS_OF, select=["orphan-initiative"])
    return [(f.name, f.severity) for f in report.findings]


def _error(settings: str) -> str:
    text = BASE + textwrap.indent(textwrap.dedent(settings), "    ")
    with pytest.raises(ConfigError) as info:
        run_checks(load_plan_text(text), AS_OF)
    return str(info.value)


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ("orphan-initiative: off\n", []),
        ("orphan-initiative: false\n", []),
        ("orphan-initiative: {severity: off}\n", []),
        ("orphan-initiative: {enabled: false}\n", []),
        ("orphan-initiative: on\n", [("orphan-initiative", "warning")]),
        ("orphan-initiative: {severity: error}\n", [("orphan-initiative", "error")]),
        ("OKR202: {severity: info}\n", [("orphan-initiative", "info")]),
        ("stale-key-result: off\n", [("orphan-initiative", "warning")]),
    ],
)
def test_switches_and_severity(settings: str, expected: list[tuple[str, str]]) -> None:
    assert _names(settings) == expected


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            "pillar-share-drift: {tolerance: lots}\n",
            "okrkit.yaml:6:37: settings -> checks -> pillar-share-drift -> tolerance: "
            "Input should be a valid number, unable to parse string as a number",
        ),
        (
            "pillar-share-drift: {tolerance: 2}\n",
            "okrkit.yaml:6:37: settings -> checks -> pillar-share-drift -> tolerance: "
            "Input should be less than or equal to 1",
        ),
        (
            "pillar-share-drift: {tolerence: 0.2}\n",
            "okrkit.yaml:6:26: settings -> checks -> pillar-share-drift -> tolerence: "
            "unknown option (known: severity, tolerance); did you mean 'tolerance'?",
        ),
        (
            "orphan-initiatives: off\n",
            "okrkit.yaml:6:5: settings -> checks -> orphan-initiatives: unknown check; "
            "did you mean 'orphan-initiative'?",
        ),
        (
            "orphan-initiative: {severity: fatal}\n",
            "okrkit.yaml:6:35: settings -> checks -> orphan-initiative -> severity: "
            "expected one of error, warning, info, off; got 'fatal'",
        ),
        (
            "orphan-initiative: 3\n",
            "okrkit.yaml:6:24: settings -> checks -> orphan-initiative: expected 'off' or a "
            "mapping of severity and options, got 3",
        ),
        (
            "principle:nope: off\n",
            "okrkit.yaml:6:5: settings -> checks -> principle:nope: no principle with a rule "
            "has id 'nope'",
        ),
        (
            "orphan-initiative: off\nOKR202: off\n",
            "okrkit.yaml:7:5: settings -> checks -> OKR202: orphan-initiative is configured twice",
        ),
    ],
)
def test_mistakes_are_located_with_a_breadcrumb(settings: str, expected: str) -> None:
    assert _error(settings) == expected


RULE = textwrap.dedent(
    """\
    vision:
      statement: Learn.
      principles:
        - id: p
          statement: Small.
          rule:
            applies_to: "kind == 'experiment'"
            require: {require}
    teams: [{{id: web}}]
    initiatives:
      - {{id: a, title: A, team: web, kind: experiment}}
    """
)


@pytest.mark.parametrize(
    ("require", "expected"),
    [
        (
            '"timebox_weeks <="',
            "okrkit.yaml:8:35: principle 'p': rule require does not parse: invalid syntax",
        ),
        (
            '"timbox_weeks <= 6"',
            "okrkit.yaml:8:19: principle 'p': rule require reads `timbox_weeks`, which is "
            "not a field of an initiative (did you mean 'timebox_weeks'?)",
        ),
    ],
)
def test_bad_rules_are_invalid_plans_at_the_token(
    require: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # compiled when the plan loads, at the column of the offending token in the string
    monkeypatch.chdir(tmp_path)
    (tmp_path / "okrkit.yaml").write_text(RULE.format(require=require), encoding="utf-8")
    with pytest.raises(PlanLoadError) as info:
        load_plan(Path("okrkit.yaml"), use_cache=False)
    assert [str(p) for p in info.value.problems] == [expected]


def test_a_rule_that_fails_to_evaluate_is_a_violation_not_a_crash() -> None:
    text = RULE.format(require='"kind > 3"')
    report = run_checks(load_plan_text(text), AS_OF, select=["principle"])
    assert [(f.name, f.location.line) for f in report.findings] == [("principle:p", 11)]
    assert report.findings[0].message.startswith("Small. The rule fails for 'a': ")


def test_every_settings_mistake_is_reported_in_one_run(run_cli: object, write_plan: object) -> None:
    settings = """\
    orphan-initiativ: off
    stale-key-result: {days: 0}
    missing-estimates: {severity: loud}
    """
    text = BASE + textwrap.indent(textwrap.dedent(settings), "    ")
    with pytest.raises(ConfigError) as info:
        run_checks(load_plan_text(text), AS_OF)
    lines = info.value.lines()
    assert len(lines) == 3
    assert "did you mean 'orphan-initiative'" in lines[0]
    assert "stale-key-result -> days" in lines[1]
    assert "missing-estimates -> severity" in lines[2]
    path = write_plan(text)  # type: ignore[operator]
    result = run_cli("check", path)  # type: ignore[operator]
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 3 and "Traceback" not in result.stderr
