"""Inline SVG charts for the HTML report, built as text (no chart library, no script).

Every chart is an ``<svg role="img">`` with an ``aria-label`` that says what it shows,
and every mark carries its figure as text or as a ``<title>``: colour is never the only
signal. All user text goes through :func:`markupsafe.escape`. Coordinates are rounded
to one decimal so the bytes are stable.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from okrkit.fmt import fmt_num, fmt_pct

STATUS_ICON = {
    "achieved": "★",
    "on_track": "✓",
    "at_risk": "▲",
    "off_track": "✕",
    "missed": "✕",
    "upcoming": "»",
    "unscheduled": "○",
    "unmeasurable": "?",
}
STATUS_WORD = {
    "achieved": "achieved",
    "on_track": "on track",
    "at_risk": "at risk",
    "off_track": "off track",
    "missed": "missed",
    "upcoming": "upcoming",
    "unscheduled": "unscheduled",
    "unmeasurable": "unmeasurable",
}
STATUS_COLOUR = {
    "achieved": "#1f5fa8",
    "on_track": "#1a7f37",
    "at_risk": "#b35c00",
    "off_track": "#c62828",
    "missed": "#c62828",
    "upcoming": "#2b6770",
    "unscheduled": "#6b7280",
    "unmeasurable": "#6b7280",
}
TEAM_COLOURS = (
    ("#dbe9f6", "#1f5fa8"),
    ("#fde7d3", "#a04a00"),
    ("#dcf1e1", "#1a6b32"),
    ("#f3e0ef", "#8a2f7a"),
    ("#fbf1c7", "#7a5a00"),
    ("#e0ecef", "#2b6770"),
    ("#ece4f7", "#5b3a99"),
    ("#f7dede", "#9a2a2a"),
)
"""(fill, stroke) pairs, light fills so dark text on them keeps its contrast."""


def n(x: float) -> str:
    """A coordinate: one decimal at most, no trailing zeros (plain float formatting:
    a coordinate needs no half-up rounding, and there are hundreds of thousands)."""
    text = f"{x:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def team_colours(teams: Sequence[str]) -> dict[str, tuple[str, str]]:
    return {t: TEAM_COLOURS[k % len(TEAM_COLOURS)] for k, t in enumerate(sorted(set(teams)))}


def clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(1, chars - 1)] + "…"


# --- vision: target share against funded share --------------------------------------


@dataclass(frozen=True, slots=True)
class ShareBar:
    label: str
    target: float | None
    actual: float


def share_chart(bars: Sequence[ShareBar], caption: str) -> Markup:
    """Per pillar, the target share (outlined) above the planned share (filled)."""
    label_w, chart_w, row_h = 190.0, 420.0, 46.0
    top = 8.0
    width = label_w + chart_w + 90
    height = top + row_h * len(bars) + 30
    scale = max([1e-9, *(b.actual for b in bars), *((b.target or 0.0) for b in bars)])
    scale = min(1.0, math.ceil(scale * 1.05 / 0.25) * 0.25)
    parts = [
        f'<svg class="chart" viewBox="0 0 {n(width)} {n(height)}" width="{n(width)}" '
        f'height="{n(height)}" role="img" aria-label="{escape(caption)}">'
    ]
    for k, b in enumerate(bars):
        y = top + k * row_h
        parts.append(f'<text x="0" y="{n(y + 20)}" class="lbl">{escape(clip(b.label, 28))}</text>')
        if b.target is not None:
            tw = chart_w * b.target / scale
            parts.append(
                f'<rect x="{n(label_w)}" y="{n(y + 4)}" width="{n(tw)}" height="14" '
                f'class="target"><title>{escape(b.label)}: target {fmt_pct(b.target)}'
                f"</title></rect>"
                f'<text x="{n(label_w + tw + 6)}" y="{n(y + 15)}" class="val">'
                f"target {fmt_pct(b.target)}</text>"
            )
        aw = chart_w * b.actual / scale
        drift = "" if b.target is None else _drift(b.actual - b.target)
        parts.append(
            f'<rect x="{n(label_w)}" y="{n(y + 20)}" width="{n(aw)}" height="18" '
            f'class="actual"><title>{escape(b.label)}: planned {fmt_pct(b.actual)}</title></rect>'
            f'<text x="{n(label_w + aw + 6)}" y="{n(y + 34)}" class="val strong">'
            f"{fmt_pct(b.actual)}{drift}</text>"
        )
    axis_y = top + row_h * len(bars) + 4
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        if tick > scale + 1e-9:
            break
        x = label_w + chart_w * tick / scale
        parts.append(
            f'<line x1="{n(x)}" y1="{n(top)}" x2="{n(x)}" y2="{n(axis_y)}" class="grid"/>'
            f'<text x="{n(x)}" y="{n(axis_y + 16)}" class="tick" text-anchor="middle">'
            f"{fmt_pct(tick)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _drift(diff: float) -> str:
    if abs(diff) < 0.005:
        return " (on target)"
    sign = "+" if diff > 0 else "−"
    return f" ({sign}{fmt_pct(abs(diff))} pts)"


# --- key results ------------------------------------------------------------------


def progress_bar(progress: float | None, expected: float | None, status: str) -> Markup:
    """A bar of the grade with a tick at the progress expected by today (HTML and CSS,
    a third of the bytes of an SVG: a large plan has thousands)."""
    label = "no progress measured" if progress is None else f"progress {fmt_pct(progress)}"
    if expected is not None:
        label += f", expected {fmt_pct(expected)} by now"
    parts = [f'<span class="pbar" role="img" aria-label="{escape(label)}">']
    if progress is not None:
        width = fmt_num(100 * min(1.0, max(0.0, progress)), 1)
        parts.append(f'<span class="fill st-{escape(status)}" style="width:{width}%"></span>')
    if expected is not None:
        left = fmt_num(100 * min(1.0, max(0.0, expected)), 1)
        parts.append(f'<span class="tick" style="left:{left}%"></span>')
    parts.append("</span>")
    return Markup("".join(parts))


def sparkline(
    points: Sequence[tuple[dt.date, float]],
    start: dt.date | None,
    end: dt.date | None,
    as_of: dt.date,
    label: str,
) -> Markup:
    """Check-ins as a line over the period (0 to 1 progress), with the expected line
    from 0 at the period's start to 1 at its end and a mark for today.

    Without a period the points are spread evenly and there is no expected line.
    """
    w, h, pad = 120.0, 30.0, 3.0
    if not points:
        return Markup('<span class="muted">no check-ins</span>')
    parts = [
        f'<svg class="spark" viewBox="0 0 {n(w)} {n(h)}" width="{n(w)}" height="{n(h)}" '
        f'role="img" aria-label="{escape(label)}">'
    ]

    def y_of(v: float) -> float:
        return h - pad - (h - 2 * pad) * min(1.0, max(0.0, v))

    if start is not None and end is not None and end > start:
        span = float((end - start).days)

        def x_of(d: dt.date) -> float:
            return pad + (w - 2 * pad) * min(1.0, max(0.0, (d - start).days / span))

        parts.append(
            f'<line x1="{n(x_of(start))}" y1="{n(y_of(0.0))}" x2="{n(x_of(end))}" '
            f'y2="{n(y_of(1.0))}" class="expected-line"/>'
        )
        if start <= as_of <= end:
            x = x_of(as_of)
            parts.append(f'<line x1="{n(x)}" y1="0" x2="{n(x)}" y2="{n(h)}" class="today"/>')
        xs = [x_of(d) for d, _ in points]
    else:
        step = (w - 2 * pad) / max(1, len(points) - 1)
        xs = [pad + step * k for k in range(len(points))]
    coords = [(x, y_of(v)) for x, (_, v) in zip(xs, points, strict=True)]
    if len(coords) > 1:
        path = " ".join(f"{n(x)},{n(y)}" for x, y in coords)
        parts.append(f'<polyline points="{path}" class="line"/>')
    for x, y in coords:
        parts.append(f'<circle cx="{n(x)}" cy="{n(y)}" r="2.2" class="dot"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


# --- capacity ---------------------------------------------------------------------


def load_bar(planned: float, committed: float, carried: float, capacity: float | None) -> Markup:
    """Planned weeks (carried-over effort first, then committed work, then the rest)
    against capacity (the line)."""
    w, h = 220.0, 16.0
    top = max(planned, capacity or 0.0, 1e-9) * 1.1
    label = (
        f"{fmt_num(carried, 1)} carried over, {fmt_num(committed, 1)} committed, "
        f"{fmt_num(planned, 1)} planned in all, of {fmt_num(capacity, 1)} person-weeks"
    )
    parts = [
        f'<svg class="bar" viewBox="0 0 {n(w)} {n(h + 6)}" width="{n(w)}" height="{n(h + 6)}" '
        f'role="img" aria-label="{escape(label)}">'
        f'<rect x="0" y="3" width="{n(w)}" height="{n(h)}" rx="2" class="track"/>'
    ]
    kw = w * carried / top
    cw = w * committed / top
    pw = w * planned / top
    over = capacity is not None and planned > capacity + 1e-9
    parts.append(
        f'<rect x="0" y="3" width="{n(pw)}" height="{n(h)}" rx="2" '
        f'class="{"over" if over else "planned"}"/>'
        f'<rect x="{n(kw)}" y="3" width="{n(cw)}" height="{n(h)}" rx="2" class="committed"/>'
    )
    if carried > 0:
        parts.append(f'<rect x="0" y="3" width="{n(kw)}" height="{n(h)}" rx="2" class="carried"/>')
    if capacity is not None:
        x = w * capacity / top
        parts.append(f'<line x1="{n(x)}" y1="0" x2="{n(x)}" y2="{n(h + 6)}" class="cap"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


DEBT_SCALE = 0.4
"""The debt meter runs from 0 to 40% (or further when a share or twice the minimum is
larger), so shares of a few percent stay visible."""


def share_meter(share: float, minimum: float | None) -> Markup:
    """A share (0-1) with a tick at its minimum."""
    w, h = 120.0, 12.0
    top = max(DEBT_SCALE, share, (minimum or 0.0) * 2)
    label = f"debt share {fmt_pct(share)}"
    if minimum is not None:
        label += f", minimum {fmt_pct(minimum)}"
    low = minimum is not None and share + 1e-9 < minimum
    parts = [
        f'<svg class="bar" viewBox="0 0 {n(w)} {n(h + 6)}" width="{n(w)}" height="{n(h + 6)}" '
        f'role="img" aria-label="{escape(label)}">'
        f'<rect x="0" y="3" width="{n(w)}" height="{n(h)}" rx="2" class="track"/>'
        f'<rect x="0" y="3" width="{n(w * share / top)}" height="{n(h)}" rx="2" '
        f'class="{"over" if low else "planned"}"/>'
    ]
    if minimum is not None:
        x = w * minimum / top
        parts.append(f'<line x1="{n(x)}" y1="0" x2="{n(x)}" y2="{n(h + 6)}" class="cap"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def band(p: float) -> tuple[str, str]:
    """A probability's band as (status class, word): likely from 85%, at risk from 50%,
    unlikely below (the due-date likelihood bands delivery forecasts use)."""
    if p >= 0.85:
        return "on_track", "likely"
    if p >= 0.5:
        return "at_risk", "at risk"
    return "off_track", "unlikely"


def probability_bar(p: float, what: str) -> Markup:
    """A probability as a bar in its band's colour; the label says the figure and what it
    is the chance of, so colour is never the only signal."""
    status, word = band(p)
    label = f"{fmt_pct(p)} chance {what} ({word})"
    width = fmt_num(100 * min(1.0, max(0.0, p)), 1)
    return Markup(
        f'<span class="pbar" role="img" aria-label="{escape(label)}">'
        f'<span class="fill st-{status}" style="width:{width}%"></span></span>'
    )


def rank_interval(low: int, high: int, median: float, count: int) -> Markup:
    """Where an initiative ranks in 90% of the samples (rank 1 at the left), with a tick
    at its median rank."""
    top = max(count, 1)
    left = fmt_num(100 * (low - 1) / top, 1)
    width = fmt_num(max(100 * (high - low + 1) / top, 1.5), 1)
    tick = fmt_num(100 * (median - 0.5) / top, 1)
    label = f"rank {low} to {high} in 90% of samples, median {fmt_num(median, 1)}, of {count}"
    return Markup(
        f'<span class="pbar" role="img" aria-label="{escape(label)}">'
        f'<span class="fill st-achieved" style="left:{left}%;width:{width}%"></span>'
        f'<span class="tick" style="left:{tick}%"></span></span>'
    )
