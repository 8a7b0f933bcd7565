"""``--format text``: ``file:line:col: CODE [severity] message (name)``, then a summary.

With ``color=True`` (the CLI asks for it only on a terminal, without ``--output`` or
``NO_COLOR``) the severity and the code are coloured by severity (error red, warning
yellow, info cyan), the location bold, the check name dim, and the summary line red,
yellow, cyan or green by the worst finding. The text is the same with or without
colour: only ANSI codes are added around it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okrkit.checks import CheckReport, Finding

RESET = "\x1b[0m"
BOLD = "1"
DIM = "2"
SEVERITY_COLOR = {"error": "31", "warning": "33", "info": "36"}
"""SGR colour of each severity: red, yellow, cyan."""
PASSED_COLOR = "32"


def paint(text: str, *codes: str) -> str:
    """``text`` wrapped in one ANSI SGR sequence (``paint("x", "1", "31")``: bold red)."""
    return f"\x1b[{';'.join(codes)}m{text}{RESET}" if codes and text else text


def line(f: Finding, *, color: bool = False) -> str:
    loc = f.location
    where = f"{loc.file}:{loc.line}:{loc.column}:"
    if not color:
        return f"{where} {f.code} [{f.severity}] {f.message} ({f.name})"
    sgr = SEVERITY_COLOR.get(f.severity, "")
    return (
        f"{paint(where, BOLD)} {paint(f.code, sgr)} {paint(f'[{f.severity}]', BOLD, sgr)} "
        f"{f.message} {paint(f'({f.name})', DIM)}"
    )


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
        if not b.loaded:
            text += (
                f" Baseline {b.label} did not load ({_plural(b.problems, 'problem')}),"
                " so every finding counts as new"
            )
        else:
            text += f" Baseline {b.label}: only new findings are reported"
        text += f" ({len(b.unchanged)} it had too, {len(b.absent)} fixed)."
    return text


def summary_color(report: CheckReport) -> str:
    """The SGR colour of the summary line: that of the worst finding, green for none."""
    for severity in ("error", "warning", "info"):
        if report.counts[severity]:
            return SEVERITY_COLOR[severity]
    return PASSED_COLOR


def render(report: CheckReport, *, color: bool = False) -> str:
    out = [line(f, color=color) for f in report.findings]
    text = summary(report)
    out.append(paint(text, BOLD, summary_color(report)) if color else text)
    return "\n".join(out) + "\n"
