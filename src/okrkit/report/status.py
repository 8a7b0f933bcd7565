"""Reporters for ``okrkit status``: plain table, JSON and Markdown (pure ``render``).

The coloured terminal view is :mod:`okrkit.report.terminal`; it draws the same rows.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from okrkit.fmt import fmt_num, fmt_pct, round_half_up
from okrkit.progress import STATUSES, KrStatus, ObjectiveStatus, StatusReport
from okrkit.report.markdown import cell, md_link
from okrkit.report.text import table

FORMATS: tuple[str, ...] = ("table", "json", "markdown")

SPARK = "▁▂▃▄▅▆▇█"
HISTORY_POINTS = 12
"""A sparkline shows at most this many of the latest check-ins."""

BAR_WIDTH = 10


# --- shared cells ----------------------------------------------------------------


def sparkline(kr: KrStatus, points: int = HISTORY_POINTS) -> str:
    """The latest check-ins as block characters, by grade (0 = ▁, 1 = █).

    A key result that cannot be graded is drawn by value, from its lowest to its
    highest check-in.
    """
    history = kr.history[-points:]
    if not history:
        return ""
    levels = len(SPARK) - 1
    if all(h.progress is not None for h in history):
        fractions = [min(1.0, max(0.0, h.progress or 0.0)) for h in history]
    else:
        low = min(h.value for h in history)
        high = max(h.value for h in history)
        span = high - low
        fractions = [(h.value - low) / span if span else 0.5 for h in history]
    return "".join(SPARK[_half_up(f * levels)] for f in fractions)


def _half_up(value: float) -> int:
    return int(round_half_up(value))


def bar(grade: float | None, width: int = BAR_WIDTH) -> str:
    """``[####------]`` for a grade (``[          ]`` when there is none)."""
    if grade is None:
        return "[" + " " * width + "]"
    filled = _half_up(min(1.0, max(0.0, grade)) * width)
    return "[" + "#" * filled + "-" * (width - filled) + "]"


def status_text(status: str, reason: str | None = None) -> str:
    return f"{status} ({reason})" if reason else status


def last_text(kr: KrStatus) -> str:
    if kr.last_checkin is None:
        return "never (stale)" if kr.stale else "-"
    text = kr.last_checkin.isoformat()
    return text + " (stale)" if kr.stale else text


def value_text(kr: KrStatus) -> str:
    """``current → target unit``: where the key result stands and where it is going."""
    if kr.current is None and kr.target is None:
        return "-"
    text = f"{fmt_num(kr.current)} → {fmt_num(kr.target)}"
    return f"{text} {kr.unit}" if kr.unit else text


def header_line(report: StatusReport) -> str:
    scope = []
    if report.period is not None:
        scope.append(f"period {report.period}")
    if report.team is not None:
        scope.append(f"team {report.team}")
    where = f" ({', '.join(scope)})" if scope else ""
    return f"Status as of {report.as_of.isoformat()}{where}"


def summary_data(report: StatusReport) -> dict[str, Any]:
    """What the summary line says, for JSON: its periods, counts by status, stale."""
    krs = report.summary_key_results
    counts = Counter(k.status for k in krs)
    return {
        "periods": list(report.summary_periods),
        "key_results": len(krs),
        "by_status": {s: counts[s] for s in STATUSES if counts[s]},
        "stale": sum(1 for k in krs if k.stale),
    }


def summary_line(report: StatusReport) -> str:
    """Counts by status of the current period's key results (or ``--period``'s)."""
    data = summary_data(report)
    total = data["key_results"]
    stale = data["stale"]
    parts = [f"{n} {s}" for s, n in data["by_status"].items()]
    noun = "key result" if total == 1 else "key results"
    text = f"{total} {noun}"
    if report.summary_periods:
        text = f"{', '.join(report.summary_periods)}: {text}"
    if parts:
        text += ": " + ", ".join(parts)
    if stale:
        text += f"; {stale} stale"
    return text


def footer_lines(report: StatusReport) -> list[str]:
    return [
        summary_line(report),
        f"Status compares the grade with the expected progress: at_risk up to "
        f"{fmt_num(report.at_risk_band)} below it, off_track further below; stale after "
        f"{report.stale_after_days} days without a check-in.",
    ]


def kr_label(k: KrStatus) -> str:
    """A key result's id with its indicator: ``payout-hours (leading)``."""
    return f"{k.id} ({k.indicator})" if k.indicator else k.id


def objective_meta(o: ObjectiveStatus) -> str:
    """``2026-Q1 committed``: what the expected progress and end-of-period bar depend on."""
    return f"{o.period or 'no period'} {o.commitment}"


# --- plain table -----------------------------------------------------------------

HEADERS = (
    "OBJECTIVE / KEY RESULT",
    "PROGRESS",
    "",
    "GRADE",
    "EXPECTED",
    "STATUS",
    "CONF",
    "CHECK-IN",
    "VALUE",
    "HISTORY",
)
ALIGN = "llrrrlrlll"


def table_rows(o: ObjectiveStatus) -> list[list[str]]:
    """The rows of one objective: itself, then its key results indented."""
    rows = [
        [
            o.id,
            bar(o.grade),
            fmt_pct(o.progress),
            fmt_num(o.grade),
            fmt_pct(o.expected),
            o.status,
            "",
            "",
            objective_meta(o),
            "",
        ]
    ]
    for k in o.key_results:
        rows.append(
            [
                "  " + kr_label(k),
                bar(k.grade),
                fmt_pct(k.progress),
                fmt_num(k.grade),
                fmt_pct(k.expected),
                status_text(k.status, k.reason),
                fmt_num(k.confidence),
                last_text(k),
                value_text(k),
                sparkline(k),
            ]
        )
    return rows


def render_table(report: StatusReport) -> str:
    out = [header_line(report), ""]
    if not report.objectives:
        out.append("No objectives match.")
    for group in report.pillars:
        out.append(group.name or group.id or "No pillar")
        rows = [row for o in group.objectives for row in table_rows(o)]
        out.append(table(HEADERS, rows, align=ALIGN, indent="  "))
        out.append("")
    if report.objectives:
        out.extend(footer_lines(report))
    return "\n".join(out).rstrip("\n") + "\n"


# --- JSON ------------------------------------------------------------------------


def _frac(value: float | None) -> float | None:
    """A computed fraction, rounded half up to 4 places (no float noise in the output)."""
    if value is None:
        return None
    return float(round_half_up(value, 4))


def kr_json(k: KrStatus) -> dict[str, Any]:
    return {
        "id": k.id,
        "current": k.current,
        "progress": _frac(k.progress),
        "grade": _frac(k.grade),
        "expected": _frac(k.expected),
        "status": k.status,
        "confidence": k.confidence,
        "last_checkin": k.last_checkin.isoformat() if k.last_checkin else None,
        "title": k.title,
        "indicator": k.indicator,
        "direction": k.direction,
        "unit": k.unit,
        "baseline": k.baseline,
        "target": k.target,
        "weight": k.weight,
        "current_source": k.current_source,
        "stale": k.stale,
        "reason": k.reason,
        "history": [
            {"date": h.date.isoformat(), "value": h.value, "progress": _frac(h.progress)}
            for h in k.history
        ],
        **k.extras,
    }


def to_json_data(report: StatusReport) -> dict[str, Any]:
    """The documented JSON structure (docs/commands/status.md)."""
    return {
        "as_of": report.as_of.isoformat(),
        "objectives": [
            {
                "id": o.id,
                "progress": _frac(o.progress),
                "grade": _frac(o.grade),
                "status": o.status,
                "key_results": [kr_json(k) for k in o.key_results],
                "title": o.title,
                "pillar": o.pillar,
                "team": o.team,
                "period": o.period,
                "commitment": o.commitment,
                "expected": _frac(o.expected),
                **o.extras,
            }
            for o in report.objectives
        ],
        "period": report.period,
        "team": report.team,
        "summary": summary_data(report),
        "settings": {
            "at_risk_band": report.at_risk_band,
            "stale_after_days": report.stale_after_days,
        },
    }


def render_json(report: StatusReport) -> str:
    return json.dumps(to_json_data(report), indent=2, ensure_ascii=False) + "\n"


# --- Markdown --------------------------------------------------------------------

STATUS_MARK = {
    "achieved": "✅",
    "on_track": "🟢",
    "at_risk": "🟡",
    "off_track": "🔴",
    "missed": "❌",
    "upcoming": "🔜",
    "unscheduled": "⚪",
    "unmeasurable": "⚪",
}


def _md_links(extras: dict[str, Any]) -> str:
    """`` · [title](url) · …`` for the element's links (none: empty)."""
    links = extras.get("links") or []
    return "".join(f" · {md_link(link['title'] or link['url'], link['url'])}" for link in links)


def render_markdown(report: StatusReport) -> str:
    out = [f"# {header_line(report)}", ""]
    if not report.objectives:
        out += ["No objectives match.", ""]
    cols = "| Objective / key result | Progress | Grade | Expected | Status | Confidence | "
    cols += "Last check-in | Value | History |"
    for group in report.pillars:
        out += [f"## {cell(group.name or group.id or 'No pillar')}", "", cols]
        out.append("|---|--:|--:|--:|---|--:|---|---|---|")
        for o in group.objectives:
            out.append(
                f"| **{cell(o.id)}** {cell(o.title)} ({cell(objective_meta(o))})"
                f"{_md_links(o.extras)} "
                f"| {fmt_pct(o.progress)} | {fmt_num(o.grade)} | {fmt_pct(o.expected)} "
                f"| {STATUS_MARK[o.status]} {o.status} | | | | |"
            )
            for k in o.key_results:
                out.append(
                    f"| &nbsp;&nbsp;{cell(kr_label(k))} {cell(k.title)}{_md_links(k.extras)} "
                    f"| {fmt_pct(k.progress)} | {fmt_num(k.grade)} | {fmt_pct(k.expected)} "
                    f"| {STATUS_MARK[k.status]} {cell(status_text(k.status, k.reason))} "
                    f"| {fmt_num(k.confidence)} | {cell(last_text(k))} | {cell(value_text(k))} "
                    f"| {sparkline(k)} |"
                )
        out.append("")
    if report.objectives:
        out.append(" ".join(cell(line) for line in footer_lines(report)[:1]))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


RENDERERS: dict[str, Callable[[StatusReport], str]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}


def render(report: StatusReport, fmt: str = "table") -> str:
    return RENDERERS[fmt](report)
