"""``--format markdown``: a summary for a pull-request comment or
``$GITHUB_STEP_SUMMARY``; at most :data:`MAX_ROWS` findings are listed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrkit.report.findings.text import summary
from okrkit.report.markdown import cell

if TYPE_CHECKING:
    from okrkit.checks import CheckReport

MAX_ROWS = 100


def render(report: CheckReport) -> str:
    counts = report.counts
    status = "failed" if counts["error"] else "passed"
    out = [
        f"## okrkit check {status}",
        "",
        "| Errors | Warnings | Info |",
        "|---:|---:|---:|",
        f"| {counts['error']} | {counts['warning']} | {counts['info']} |",
        "",
        cell(summary(report)) + f" Checked as of {report.as_of.isoformat()}.",
    ]
    if report.findings:
        out += ["", "| Severity | Where | Check | Message |", "|---|---|---|---|"]
        for f in report.findings[:MAX_ROWS]:
            loc = f.location
            where = cell(f"{loc.file}:{loc.line}:{loc.column}")
            out.append(f"| {f.severity} | {where} | {f.code} {cell(f.name)} | {cell(f.message)} |")
        rest = len(report.findings) - MAX_ROWS
        if rest > 0:
            out += ["", f"… and {rest} more: run `okrkit check` for the full list."]
    return "\n".join(out) + "\n"
