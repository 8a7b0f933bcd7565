"""Every output format: golden files, schema validity, escaping."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.checks import CheckReport, Finding
from okrkit.model.aggregate import Location
from okrkit.report.findings import FORMATS, github, junit, markdown, render, sarif

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
EXT = {
    "text": "txt",
    "json": "json",
    "sarif": "sarif",
    "junit": "xml",
    "github": "github",
    "markdown": "md",
}


def test_cli_formats_match_the_registry() -> None:
    from okrkit.cli.check import FORMATS as CLI_FORMATS

    assert tuple(FORMATS) == CLI_FORMATS


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("which", ["full", "broken", "clean"])
def test_golden(
    fmt: str, which: str, request: pytest.FixtureRequest, golden: Callable[[str, str], None]
) -> None:
    report: CheckReport = request.getfixturevalue(f"{which}_report")
    first = render(report, fmt)
    assert render(report, fmt) == first  # deterministic
    golden(f"check/{which}.{EXT[fmt]}", first)


def test_json_shape(full_report: CheckReport) -> None:
    data = json.loads(render(full_report, "json"))
    assert set(data) == {"findings", "summary"}
    assert data["summary"] == {"error": 7, "warning": 30, "info": 0}
    for f in data["findings"]:
        assert list(f) == [
            "code",
            "name",
            "severity",
            "message",
            "file",
            "line",
            "column",
            "subject",
        ]
    assert data["findings"][0]["subject"] == "web"


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_sarif_is_valid_and_meets_code_scanning_rules(
    any_report: CheckReport, sarif_validator: jsonschema.protocols.Validator
) -> None:
    data = json.loads(render(any_report, "sarif"))
    errors = sorted(sarif_validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, errors[0].message
    run = data["runs"][0]
    assert "results" in run
    rules = run["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for r in rules:
        assert r["id"] and r["name"]
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert r["help"]["text"]
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    fingerprints = [r["partialFingerprints"]["okrkitFinding/v2"] for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_empty_results(clean_report: CheckReport) -> None:
    assert json.loads(render(clean_report, "sarif"))["runs"][0]["results"] == []


@pytest.fixture(scope="module")
def junit_schemas() -> list[xmlschema.XMLSchema]:
    return [xmlschema.XMLSchema(str(SCHEMAS / n)) for n in ("junit-ant.xsd", "junit-jenkins.xsd")]


def test_junit_is_valid_against_both_schemas(
    any_report: CheckReport, junit_schemas: list[xmlschema.XMLSchema]
) -> None:
    text = render(any_report, "junit")
    for schema in junit_schemas:
        schema.validate(text)
    root = ET.fromstring(text)
    names = [c.get("name") for c in root.iter("testcase")]
    assert len(set(names)) == len(names)
    files = [s.get("name") for s in root.iter("testsuite")]
    per_file = len(names) // len(files)
    assert per_file * len(files) == len(names)


@pytest.mark.parametrize("fail_on", ["error", "warning", "never"])
def test_junit_fails_exactly_what_fails_the_run(full_report: CheckReport, fail_on: str) -> None:
    """Failures are the findings at or above --fail-on; the rest are listed, not failed,
    so a CI test widget is red exactly when the job is."""
    report = dataclasses.replace(full_report, fail_on=fail_on)
    root = ET.fromstring(render(report, "junit"))
    failed = [line for f in root.iter("failure") for line in (f.text or "").splitlines()]
    listed = [
        line
        for s in root.iter("testsuite")
        for o in s.findall("system-out")
        for line in (o.text or "").splitlines()
    ]
    failing = [f for f in report.findings if report.fails(f)]
    assert len(failed) == len(failing)
    assert len(failed) + len(listed) == len(report.findings)
    assert sum(int(s.get("failures") or 0) for s in root.iter("testsuite")) == (
        len({(f.location.file, f.name) for f in failing})
    )
    assert (len(failed) > 0) == (report.exit_code() == 1)
    counts = report.counts
    expected = {"error": counts["error"], "warning": counts["error"] + counts["warning"]}
    assert expected.get(fail_on, 0) == len(failed) and counts["warning"] > 0


def _finding(message: str, file: str = "plan/a,b:c.yaml") -> Finding:
    return Finding("OKR900", "principle:x", "error", message, Location(file, 3, 5), "a")


def test_github_escapes_plan_text() -> None:
    got = github.annotation(_finding("50% done\n::error::injected\r"))
    assert got == (
        "::error file=plan/a%2Cb%3Ac.yaml,line=3,col=5,title=OKR900 principle%3Ax::"
        "50%25 done%0A::error::injected%0D"
    )


def _unescape(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_github_annotation_is_one_line_and_round_trips(message: str) -> None:
    line = github.annotation(_finding(message))
    assert "\n" not in line and "\r" not in line
    assert _unescape(line.split("::", 2)[2]) == message


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_junit_and_markdown_survive_any_text(message: str) -> None:
    import datetime as dt

    from okrkit.checks.result import RuleInfo

    f = _finding(message)
    rule = RuleInfo("OKR900", "principle:x", "S.", "error", "policy", "doc")
    report = CheckReport((f,), (rule,), (f.location.file,), dt.date(2026, 1, 1))
    ET.fromstring(junit.render(report))
    row = markdown.render(report).splitlines()[-1]
    assert row.replace("\\|", "").count("|") == 5
    json.loads(sarif.render(report))


def test_text_colour_marks_severity_and_adds_nothing_else(full_report: CheckReport) -> None:
    import re

    from okrkit.report.findings import text

    plain = text.render(full_report)
    assert "\x1b" not in plain
    assert plain == render(full_report, "text")
    coloured = text.render(full_report, color=True)
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    error = next(f for f in full_report.findings if f.severity == "error")
    warning = next(f for f in full_report.findings if f.severity == "warning")
    assert f"\x1b[31m{error.code}\x1b[0m \x1b[1;31m[error]\x1b[0m" in coloured
    assert f"\x1b[33m{warning.code}\x1b[0m \x1b[1;33m[warning]\x1b[0m" in coloured
    last = coloured.splitlines()[-1]
    assert last.startswith("\x1b[1;31mFound ")  # errors: the summary is red


def test_text_colour_of_the_summary_follows_the_worst_finding(
    clean_report: CheckReport, full_report: CheckReport
) -> None:
    from okrkit.report.findings import text

    assert text.render(clean_report, color=True).startswith("\x1b[1;32mAll checks passed")
    warnings = dataclasses.replace(
        full_report, findings=[f for f in full_report.findings if f.severity == "warning"]
    )
    assert warnings.counts["error"] == 0
    assert text.render(warnings, color=True).splitlines()[-1].startswith("\x1b[1;33m")
