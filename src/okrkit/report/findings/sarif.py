"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Every rule that ran is described (id, name, short and full description, help, default
level); every result has a location with a full region and a partial fingerprint that
survives lines moving; ``results`` is present even when empty.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from okrkit import __version__

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
    key = "\x1f".join([f.name, f.location.file, f.subject or "", str(occurrence)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def data(report: CheckReport) -> dict[str, Any]:
    rules = [rule(r) for r in report.rules]
    index = {r.name: i for i, r in enumerate(report.rules)}
    results: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for f in report.findings:
        i = index.get(f.name)
        if i is None:  # a finding of a rule not listed (should not happen): describe it
            from okrkit.checks.result import RuleInfo as _RuleInfo

            info = _RuleInfo(f.code, f.name, f.name, f.severity, "", f.name)
            index[f.name] = i = len(rules)
            rules.append(rule(info))
        rule_id = rules[i]["id"]
        key = (f.name, f.location.file, f.subject or "")
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        loc = f.location
        results.append(
            {
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
                "partialFingerprints": {"okrkitFinding/v1": _fingerprint(f, occurrence)},
                "properties": {"name": f.name, "subject": f.subject},
            }
        )
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
