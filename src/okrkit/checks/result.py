"""What ``okrkit check`` produces: findings, the rules that ran, and the whole report.

These types are kept apart from the engine that makes them (:mod:`okrkit.checks.engine`)
and the cache that stores them (:mod:`okrkit.checks.cache`), so both import this module
and neither imports the other. Every reporter in :mod:`okrkit.report.findings` renders a
:class:`CheckReport`; :func:`dump_report` and :func:`load_report` are its stored form.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from typing import Any, Literal

from okrkit.model.aggregate import Location

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
FailOn = Literal["error", "warning", "never"]
FAIL_ON: tuple[FailOn, ...] = ("error", "warning", "never")
"""``--fail-on``: the lowest severity that fails the run, or ``never``."""

PRINCIPLE_PREFIX = "principle:"
"""The name of a principle's rule is this prefix and the principle's id."""


@dataclass(frozen=True)
class Finding:
    """One problem ``okrkit check`` reports.

    ``subject`` is the id of the plan element the finding is about (an initiative,
    key result, objective, pillar, team, period or principle id); ``None`` for problems
    found while loading, before there are elements.
    """

    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    subject: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.name, self.message)


@dataclass(frozen=True)
class RuleInfo:
    """A check as the reports describe it (a principle's rule is a rule of its own)."""

    code: str
    name: str
    summary: str
    severity: Severity
    group: str
    help: str
    """Markdown documentation."""

    @property
    def rule_id(self) -> str:
        """A unique id: the code, or ``OKR900/<principle id>`` for a principle."""
        if self.name.startswith(PRINCIPLE_PREFIX):
            return f"{self.code}/{self.name[len(PRINCIPLE_PREFIX) :]}"
        return self.code


@dataclass(frozen=True)
class Baseline:
    """What ``--baseline BASE`` set aside: the findings BASE had too, and those it had
    that are gone (matched by :func:`okrkit.checks.baseline.identity`)."""

    label: str
    unchanged: tuple[Finding, ...]
    """Findings of this plan that BASE had too (not reported as new)."""
    absent: tuple[Finding, ...]
    """Findings of BASE that this plan no longer has, named by today's file names."""
    loaded: bool = True
    """False when the plan at BASE did not load: then no finding of this plan can match
    one of BASE's, so every finding counts as new (reporters say so)."""
    problems: int = 0
    """How many loading problems BASE had when it did not load (0 when it loaded)."""


@dataclass(frozen=True)
class CheckReport:
    """Everything ``okrkit check`` found, ready for any reporter."""

    findings: tuple[Finding, ...]
    rules: tuple[RuleInfo, ...]
    """The checks that ran, in registry order."""
    files: tuple[str, ...]
    as_of: dt.date
    loaded: bool = True
    """False when the plan did not load: then only the loading checks ran."""
    silenced: int = 0
    past: int = 0
    """Findings about periods that ended before ``as_of``, left out of ``findings``."""
    fail_on: FailOn = "error"
    """The severity at or above which a finding fails the run (set by ``--fail-on``);
    not stored with the report, the command sets it for its reporters."""
    baseline: Baseline | None = None
    """Set by ``okrkit check --baseline``: then ``findings`` holds only the new ones."""

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            out[f.severity] += 1
        return out

    def fails(self, finding: Finding) -> bool:
        """Whether ``finding`` is at or above :attr:`fail_on` (so fails the run)."""
        if self.fail_on == "never":
            return False
        return SEVERITY_RANK[finding.severity] <= SEVERITY_RANK[self.fail_on]

    def exit_code(self, fail_on: FailOn | None = None) -> int:
        """0 when nothing is at or above ``fail_on`` (default :attr:`fail_on`), else 1."""
        report = self if fail_on is None else replace(self, fail_on=fail_on)
        return 1 if any(report.fails(f) for f in self.findings) else 0


def dump_report(report: CheckReport) -> bytes:
    """The report as compact JSON (the form :mod:`okrkit.checks.cache` stores)."""
    data: dict[str, Any] = {
        "findings": [
            [
                f.code,
                f.name,
                f.severity,
                f.message,
                f.location.file,
                f.location.line,
                f.location.column,
                f.subject,
            ]
            for f in report.findings
        ],
        "rules": [[r.code, r.name, r.summary, r.severity, r.group, r.help] for r in report.rules],
        "files": list(report.files),
        "as_of": report.as_of.isoformat(),
        "loaded": report.loaded,
        "silenced": report.silenced,
        "past": report.past,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def load_report(blob: bytes) -> CheckReport | None:
    """The report stored in ``blob``, or ``None`` if it cannot be read."""
    try:
        data = json.loads(blob)
        findings = tuple(
            Finding(code, name, severity, message, Location(file, line, col), subject)
            for code, name, severity, message, file, line, col, subject in data["findings"]
        )
        rules = tuple(RuleInfo(*r) for r in data["rules"])
        return CheckReport(
            findings,
            rules,
            tuple(data["files"]),
            dt.date.fromisoformat(data["as_of"]),
            loaded=bool(data["loaded"]),
            silenced=int(data["silenced"]),
            past=int(data["past"]),
        )
    except (ValueError, KeyError, TypeError):
        return None
