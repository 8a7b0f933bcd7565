"""``--format text``: ``file:line:col: CODE [severity] message (name)``, then a summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okrkit.checks import CheckReport, Finding


def line(f: Finding) -> str:
    loc = f.location
    return f"{loc.file}:{loc.line}:{loc.column}: {f.code} [{f.severity}] {f.message} ({f.name})"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(report: CheckReport) -> str:
    """One line: counts by severity, and why checks did not run if they did not."""
    counts = report.counts
    files = len(report.files)
    if not report.findings and report.baseline is not None:
        text = (
            f"No new findings: {_plural(len(report.rules), 'check')} on {_plural(files, 'file')}."
        )
    elif not report.findings:
        text = (
            f"All checks passed: {_plural(len(report.rules), 'check')} on {_plural(files, 'file')}."
        )
    else:
        text = (
            f"Found {_plural(counts['error'], 'error')}, "
            f"{_plural(counts['warning'], 'warning')} and {counts['info']} info "
            f"in {_plural(files, 'file')}."
        )
    if report.silenced:
        text += f" {report.silenced} silenced by ignore comments."
    if report.past:
        about = "finding is" if report.past == 1 else "findings are"
        text += (
            f" {report.past} {about} about periods that ended before "
            f"{report.as_of.isoformat()} (shown with --include-past)."
        )
    if not report.loaded:
        text += " The plan did not load, so no other check ran."
    if report.baseline is not None:
        b = report.baseline
        text += (
            f" Baseline {b.label}: only new findings are reported "
            f"({len(b.unchanged)} it had too, {len(b.absent)} fixed)."
        )
    return text


def render(report: CheckReport) -> str:
    out = [line(f) for f in report.findings]
    out.append(summary(report))
    return "\n".join(out) + "\n"
