"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Every rule that ran is described (id, name, short and full description, help, default
level); every result has a location with a full region and a partial fingerprint that
survives lines moving (the identity ``okrkit diff`` and ``--baseline`` match findings by);
``results`` is present even when empty. With ``--baseline`` every result has a
``baselineState``: ``new``, ``unchanged`` (BASE had it too) or ``absent`` (BASE had it,
this plan does not).
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from okrkit import __version__
from okrkit.checks.baseline import identity

if TYPE_CHECKING:
    from okrkit.checks import CheckReport, Finding, RuleInfo

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}


def _uri(file: str) -> str:
    """A relative path stays relative (to the repository root); an absolute one is a file URI."""
    path = PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix())


def _first_paragraph(doc: str, heading: str) -> str:
    """The text under ``## heading`` up to the next blank line or heading."""
    lines = doc.splitlines()
    out: list[str] = []
    inside = False
    for line in lines:
        if line.startswith("## "):
            if inside:
                break
            inside = line[3:].strip().lower() == heading.lower()
            continue
        if inside:
            if not line.strip():
                if out:
                    break
                continue
            out.append(line.strip())
    return " ".join(out)


def rule(info: RuleInfo) -> dict[str, Any]:
    full = _first_paragraph(info.help, "What it checks") or info.summary
    if info.name.startswith("principle:"):
        full = info.help.split("\n\n", 1)[0]
    return {
        "id": info.rule_id,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": full},
        "help": {"text": info.help, "markdown": info.help},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
        "properties": {
            "tags": ["okrkit", info.group],
            "problem.severity": PROBLEM_SEVERITY[info.severity],
        },
    }


def _fingerprint(f: Finding, occurrence: int) -> str:
    """The finding's identity (:func:`okrkit.checks.baseline.fingerprint`, the one
    ``okrkit diff`` and ``--baseline`` match by) and its occurrence among equal ones."""
    from okrkit.checks.baseline import fingerprint

    return f"{fingerprint(f)}:{occurrence}"


def _result(f: Finding, rule_id: str, i: int, occurrence: int) -> dict[str, Any]:
    loc = f.location
    return {
        "ruleId": rule_id,
        "ruleIndex": i,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(loc.file)},
                    "region": {
                        "startLine": loc.line,
                        "startColumn": loc.column,
                        "endLine": loc.line,
                        "endColumn": loc.column + 1,
                    },
                }
            }
        ],
        "partialFingerprints": {"okrkitFinding/v2": _fingerprint(f, occurrence)},
        "properties": {"name": f.name, "subject": f.subject},
    }


def data(report: CheckReport) -> dict[str, Any]:
    rules = [rule(r) for r in report.rules]
    index = {r.name: i for i, r in enumerate(report.rules)}
    results: list[dict[str, Any]] = []
    seen: dict[tuple[str, ...], int] = {}
    baseline = report.baseline
    groups: list[tuple[tuple[Finding, ...], str | None]] = [
        (report.findings, "new" if baseline is not None else None)
    ]
    if baseline is not None:
        groups += [(baseline.unchanged, "unchanged"), (baseline.absent, "absent")]
    for findings, state in groups:
        for f in findings:
            i = index.get(f.name)
            if i is None:  # a finding of a rule not listed (e.g. only in the baseline)
                from okrkit.checks.result import RuleInfo as _RuleInfo

                info = _RuleInfo(f.code, f.name, f.name, f.severity, "", f.name)
                index[f.name] = i = len(rules)
                rules.append(rule(info))
            key: tuple[str, ...] = identity(f) if state != "absent" else ("absent", *identity(f))
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            result = _result(f, rules[i]["id"], i, occurrence)
            if state is not None:
                result["baselineState"] = state
            results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "okrkit",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: CheckReport) -> str:
    return json.dumps(data(report), indent=2, ensure_ascii=False) + "\n"
