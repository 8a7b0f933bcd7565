"""The roadmap as an inline SVG timeline: one bar per initiative from start to finish,
grouped by team, across periods; today's line, period boundaries, deadlines and
spill-over past a period's end. Above :data:`MAX_BARS` bars it draws one span per team
and period instead (a timeline of thousands of rows is unreadable)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from okrkit.fmt import fmt_num, plural
from okrkit.report.html.charts import clip, n

MAX_BARS = 250


@dataclass(frozen=True, slots=True)
class Bar:
    id: str
    title: str
    team: str
    period: str | None
    status: str
    start: dt.date
    finish: dt.date
    deadline: dt.date | None
    period_end: dt.date | None
    spill_over_weeks: float
    critical: bool = False


@dataclass(frozen=True, slots=True)
class Span:
    start: dt.date
    end: dt.date
    label: str


LABEL_W = 250.0
CHART_W = 780.0
ROW_H = 22.0
HEAD_H = 40.0


def timeline(
    bars: Sequence[Bar],
    periods: Sequence[Span],
    as_of: dt.date,
    colours: dict[str, tuple[str, str]],
) -> Markup:
    """The roadmap timeline as one SVG: a row per team, then a bar per initiative.

    It decides the time axis (first start to last finish, at least a week, with month
    ticks and period boundaries), whether to draw one bar per initiative or, above
    :data:`MAX_BARS`, one span per team and period, and how each bar is marked: dashed
    when only proposed, classed ``crit`` on the critical path, hatched past its period's end
    (spill-over), with a deadline tick that turns late when the bar finishes after it.
    One function because every row shares the same scale and running y position.
    """
    if not bars:
        return Markup("")
    first = min([b.start for b in bars] + [p.start for p in periods])
    last = max([b.finish for b in bars] + [p.end for p in periods])
    last = max(last, first + dt.timedelta(days=7))
    days = float((last - first).days)

    def x(d: dt.date) -> float:
        return LABEL_W + CHART_W * (d - first).days / days

    summary = len(bars) > MAX_BARS
    rows: list[tuple[str, str, list[Bar]]] = []  # (kind, label, bars)
    by_team: dict[str, list[Bar]] = {}
    for b in bars:
        by_team.setdefault(b.team, []).append(b)
    for team in sorted(by_team):
        items = sorted(by_team[team], key=lambda b: (b.start, b.finish, b.id))
        if summary:
            rows.append(("team-summary", team, items))
        else:
            rows.append(("team", team, []))
            rows.extend(("bar", b.title or b.id, [b]) for b in items)
    height = HEAD_H + ROW_H * len(rows) + 24
    width = LABEL_W + CHART_W + 56  # room for a spill-over label past the last day
    what = "one span per team and period" if summary else "one bar per initiative"
    label = (
        f"Roadmap from {first.isoformat()} to {last.isoformat()}: "
        f"{plural(len(bars), 'scheduled initiative')}, {what}, grouped by team"
    )
    out = [
        f'<svg class="chart timeline" viewBox="0 0 {n(width)} {n(height)}" width="{n(width)}" '
        f'height="{n(height)}" role="img" aria-label="{escape(label)}">',
        '<defs><pattern id="spill" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#9a2a2a" stroke-width="3"/></pattern></defs>',
    ]
    bottom = HEAD_H + ROW_H * len(rows)
    # month ticks
    month = dt.date(first.year, first.month, 1)
    while month <= last:
        if month >= first and x(month) < LABEL_W + CHART_W - 24:
            mx = x(month)
            out.append(
                f'<line x1="{n(mx)}" y1="{n(HEAD_H - 6)}" x2="{n(mx)}" y2="{n(bottom)}" '
                f'class="grid"/><text x="{n(mx + 3)}" y="{n(HEAD_H - 10)}" class="tick">'
                f"{month.strftime('%b')}</text>"
            )
        month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    for p in periods:
        px, pe = x(p.start), x(p.end + dt.timedelta(days=1))
        out.append(
            f'<line x1="{n(px)}" y1="4" x2="{n(px)}" y2="{n(bottom)}" class="boundary"/>'
            f'<text x="{n((px + pe) / 2)}" y="14" class="period" text-anchor="middle">'
            f"{escape(p.label)}</text>"
        )
    for k, (kind, text, items) in enumerate(rows):
        y = HEAD_H + k * ROW_H
        if kind == "team":
            out.append(
                f'<text x="0" y="{n(y + 15)}" class="team">{escape(clip(text, 32))}</text>'
                f'<line x1="0" y1="{n(y + ROW_H - 1)}" x2="{n(LABEL_W + CHART_W)}" '
                f'y2="{n(y + ROW_H - 1)}" class="sep"/>'
            )
            continue
        if kind == "team-summary":
            out.append(
                f'<text x="0" y="{n(y + 15)}" class="team">{escape(clip(text, 24))} '
                f"({len(items)})</text>"
            )
            fill, stroke = colours.get(text, ("#e5e7eb", "#374151"))
            groups: dict[str | None, list[Bar]] = {}
            for b in items:
                groups.setdefault(b.period, []).append(b)
            for period, group in sorted(groups.items(), key=lambda kv: str(kv[0])):
                s = min(b.start for b in group)
                f = max(b.finish for b in group)
                bx, bw = x(s), max(2.0, x(f) - x(s))
                out.append(
                    f'<rect x="{n(bx)}" y="{n(y + 4)}" width="{n(bw)}" height="14" rx="3" '
                    f'fill="{fill}" stroke="{stroke}"><title>{escape(text)}, '
                    f"{escape(period or 'no period')}: {plural(len(group), 'initiative')}, "
                    f"{s.isoformat()} to {f.isoformat()}</title></rect>"
                )
            continue
        b = items[0]
        fill, stroke = colours.get(b.team, ("#e5e7eb", "#374151"))
        out.append(f'<text x="12" y="{n(y + 15)}" class="lbl">{escape(clip(text, 33))}</text>')
        bx = x(b.start)
        bw = max(2.0, x(b.finish) - bx)
        tip = f"{b.id} ({b.status}): {b.start.isoformat()} to {b.finish.isoformat()}"
        if b.spill_over_weeks > 0:
            tip += f", {plural(b.spill_over_weeks, 'week', digits=1)} past {b.period}"
        if b.critical:
            tip += ", on the critical path"
        dashed = ' stroke-dasharray="3 2"' if b.status == "proposed" else ""
        crit = ' class="crit"' if b.critical else ""
        out.append(
            f'<rect x="{n(bx)}" y="{n(y + 4)}" width="{n(bw)}" height="14" rx="3" '
            f'fill="{fill}" stroke="{stroke}"{dashed}{crit}><title>{escape(tip)}</title></rect>'
        )
        if b.spill_over_weeks > 0 and b.period_end is not None and b.period_end < b.finish:
            sx = x(b.period_end + dt.timedelta(days=1))
            sw = max(1.0, x(b.finish) - sx)
            out.append(
                f'<rect x="{n(sx)}" y="{n(y + 4)}" width="{n(sw)}" height="14" '
                f'fill="url(#spill)" stroke="#9a2a2a"><title>spill-over: '
                f"{escape(b.id)} runs {plural(b.spill_over_weeks, 'week', digits=1)} past "
                f"{escape(b.period or '')}</title></rect>"
                f'<text x="{n(x(b.finish) + 4)}" y="{n(y + 15)}" class="note">'
                f"+{fmt_num(b.spill_over_weeks, 1)}w</text>"
            )
        if b.deadline is not None:
            dx = x(min(max(b.deadline, first), last))
            late = b.finish > b.deadline
            cls = "deadline late" if late else "deadline"
            word = "missed" if late else "met"
            out.append(
                f'<path d="M{n(dx)} {n(y + 3)} l5 8 l-5 8 l-5 -8 z" class="{cls}">'
                f"<title>deadline {b.deadline.isoformat()} ({word})</title></path>"
            )
    if first <= as_of <= last:
        tx = x(as_of)
        out.append(
            f'<line x1="{n(tx)}" y1="20" x2="{n(tx)}" y2="{n(bottom)}" class="today"/>'
            f'<text x="{n(tx + 3)}" y="{n(bottom + 14)}" class="today-lbl">'
            f"today {as_of.isoformat()}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))
