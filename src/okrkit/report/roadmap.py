"""Reporters for ``okrkit roadmap``: text (a Gantt chart), mermaid, json, csv, markdown.

Every reporter is a pure function of the :class:`~okrkit.planning.roadmap.Roadmap`
(and, for text, the width and whether to colour). Dates are ISO; week figures and
spill-over keep full precision in JSON and CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Callable
from typing import Any

from okrkit.fmt import fmt_num, plural
from okrkit.planning.roadmap import Roadmap
from okrkit.planning.schedule import Entry
from okrkit.report.markdown import Code, cell
from okrkit.report.text import clean, wrap

FORMATS: tuple[str, ...] = ("text", "mermaid", "json", "csv", "markdown")
COLUMNS = (
    "id",
    "title",
    "team",
    "period",
    "status",
    "start",
    "finish",
    "deadline",
    "spill_over_weeks",
)


def _date(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def record(e: Entry, group: str) -> dict[str, Any]:
    """The JSON record of one initiative (the CSV has the first nine keys); ``owner``,
    ``tags``, ``links`` and ``meta`` last, as in every JSON output."""
    return {
        "id": e.id,
        "title": e.title,
        "team": e.team,
        "period": e.period,
        "status": e.status,
        "start": _date(e.start),
        "finish": _date(e.finish),
        "deadline": _date(e.deadline),
        "spill_over_weeks": e.spill_over_weeks,
        "group": group,
        "scheduled": e.selected,
        "reason": e.reason,
        "blocked_by": e.blocked_by,
        "start_week": e.start_week,
        "finish_week": e.finish_week,
        "carried_weeks": e.carried_weeks,
        "critical": e.critical,
        **e.extras,
    }


def render_json(rm: Roadmap) -> str:
    data = {
        "as_of": rm.as_of.isoformat(),
        "by": rm.by,
        "periods": [
            {"id": p.id, "start": p.start.isoformat(), "end": p.end.isoformat()} for p in rm.periods
        ],
        "initiatives": [
            record(e, g.name) for g in rm.groups for e in (*g.scheduled, *g.not_scheduled)
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_csv(rm: Roadmap) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for g in rm.groups:
        for e in (*g.scheduled, *g.not_scheduled):
            r = record(e, g.name)
            w.writerow(["" if r[c] is None else r[c] for c in COLUMNS])
    return buf.getvalue()


def _when(e: Entry) -> str:
    return f"{_date(e.start)} to {_date(e.finish)}"


def render_markdown(rm: Roadmap) -> str:
    out = [f"# Roadmap by {rm.by}, as of {rm.as_of.isoformat()}", ""]
    if rm.periods:
        out.append(
            "Periods: "
            + ", ".join(
                f"{p.id} ({p.start.isoformat()} to {p.end.isoformat()})" for p in rm.periods
            )
        )
        out.append("")
    if not rm.groups:
        out.append("Nothing to show.")
    for g in rm.groups:
        out += [f"## {cell(g.name)}" + (f" — {cell(g.title)}" if g.title else ""), ""]
        if g.scheduled:
            out.append(
                "| initiative | title | period | status | start | finish | deadline | spill-over |"
            )
            out.append("|---|---|---|---|---|---|---|---:|")
            for e in g.scheduled:
                spill = (
                    plural(e.spill_over_weeks, "week", digits=1)
                    if e.spill_over_weeks > 1e-9
                    else "-"
                )
                out.append(
                    "| "
                    + " | ".join(
                        [
                            cell(Code(e.id)),
                            cell(e.title),
                            cell(e.period or "-"),
                            cell(e.status),
                            _date(e.start) or "-",
                            _date(e.finish) or "-",
                            _date(e.deadline) or "-",
                            spill,
                        ]
                    )
                    + " |"
                )
        if g.not_scheduled:
            out += ["", "Not scheduled:", ""]
            out += [
                f"- {cell(Code(e.id))} {cell(e.title)} ({cell(e.period or '-')}): "
                f"{cell(e.reason or '-')}, {cell(e.detail or '')}"
                for e in g.not_scheduled
            ]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --- mermaid ---------------------------------------------------------------------------


def _mm_text(text: str) -> str:
    """Text safe in a Mermaid gantt task name or section (no ``:``, ``;`` or ``#``)."""
    flat = " ".join(text.split())
    for ch in ":;#":
        flat = flat.replace(ch, " ")
    return " ".join(flat.split()) or "-"


def _mm_id(text: str, used: set[str]) -> str:
    base = "".join(ch if ch.isalnum() or ch in "_-" else "_" for ch in text) or "t"
    if not base[0].isalpha():
        base = "t" + base
    name, k = base, 2
    while name in used:
        name, k = f"{base}_{k}", k + 1
    used.add(name)
    return name


def render_mermaid(rm: Roadmap) -> str:
    out = [
        "gantt",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m-%d",
        f"    title Roadmap by {rm.by}, as of {rm.as_of.isoformat()}",
        "    todayMarker off",
    ]
    used: set[str] = set()
    out.append("    section Dates")
    out.append(f"    as of :milestone, {_mm_id('as-of', used)}, {rm.as_of.isoformat()}, 0d")
    for p in rm.periods:
        out.append(
            f"    {_mm_text(p.id)} :{_mm_id('period-' + p.id, used)}, {p.start.isoformat()}, "
            f"{(p.end + dt.timedelta(days=1)).isoformat()}"
        )
    for g in rm.groups:
        if not g.scheduled:
            continue
        out.append(f"    section {_mm_text(g.name)}")
        for e in g.scheduled:
            assert e.start is not None and e.finish is not None
            tags = []
            if e.status == "in_progress":
                tags.append("active")
            if e.spill_over_weeks > 1e-9 or e.critical:
                tags.append("crit")
            name = f"{e.title} ({e.id})"
            if e.spill_over_weeks > 1e-9:
                name += f" spills over {fmt_num(e.spill_over_weeks, 1)}w"
            tag = "".join(f"{t}, " for t in tags)
            end = e.finish + dt.timedelta(days=1)
            out.append(
                f"    {_mm_text(name)} :{tag}{_mm_id(e.id, used)}, {e.start.isoformat()}, "
                f"{end.isoformat()}"
            )
            if e.deadline is not None:
                out.append(
                    f"    {_mm_text(e.id + ' deadline')} :milestone, "
                    f"{_mm_id(e.id + '-deadline', used)}, {e.deadline.isoformat()}, 0d"
                )
    below = [e for g in rm.groups for e in g.not_scheduled]
    if below:
        out.append("%% not scheduled: " + ", ".join(f"{e.id} ({e.reason})" for e in below))
    return "\n".join(out) + "\n"


# --- text: a Gantt chart ---------------------------------------------------------------

PLAIN = {"bar": "#", "spill": "=", "deadline": "!", "today": "|", "boundary": ":", "empty": " "}
FANCY = {"bar": "█", "spill": "▓", "deadline": "◆", "today": "│", "boundary": "┊", "empty": " "}
STATUS_STYLE = {"in_progress": "cyan", "committed": "green", "proposed": "blue"}
MIN_BAR_WIDTH = 20


class _Scale:
    """Days to columns: weekly when the span fits one column a week, else monthly ticks."""

    def __init__(self, start: dt.date, end: dt.date, width: int):
        self.start = start
        self.days = max((end - start).days + 1, 1)
        self.width = width
        self.per_day = width / self.days
        self.weekly = self.days / 7.0 <= width / 2

    def col(self, day: dt.date) -> int:
        k = (day - self.start).days
        return min(max(math.floor(k * self.per_day), 0), self.width - 1)

    def ticks(self) -> list[tuple[int, str]]:
        """(column, label) of the scale: Mondays (weekly) or first days of months."""
        out: list[tuple[int, str]] = []
        day = self.start
        end = self.start + dt.timedelta(days=self.days - 1)
        if self.weekly:
            day += dt.timedelta(days=(7 - day.weekday()) % 7)
            while day <= end:
                out.append((self.col(day), day.strftime("%m-%d")))
                day += dt.timedelta(days=14 if self.per_day * 7 < 6 else 7)
        else:
            day = day.replace(day=1)
            while day <= end:
                if day >= self.start:
                    out.append((self.col(day), day.strftime("%Y-%m")))
                day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return out


def _label(e: Entry, width: int) -> str:
    text = f"{e.id} {e.title}" if e.title and e.title != e.id else e.id
    if len(text) <= width:
        return text.ljust(width)
    return text[: max(width - 1, 0)] + "~"


def _bar_cells(e: Entry, rm: Roadmap, sc: _Scale, chars: dict[str, str]) -> list[tuple[str, str]]:
    """The row's cells: (character, kind) with kind bar, spill, deadline, today, boundary."""
    cells = [(chars["empty"], "empty")] * sc.width
    for p in rm.periods:
        c = sc.col(p.start)
        cells[c] = (chars["boundary"], "boundary")
    today = sc.col(rm.as_of)
    cells[today] = (chars["today"], "today")
    assert e.start is not None and e.finish is not None
    a = sc.col(e.start)
    b = max(sc.col(e.finish + dt.timedelta(days=1)) - 1, a) if e.finish >= e.start else a
    b = min(b, sc.width - 1)
    period_end = next((p.end for p in rm.periods if p.id == e.period), None)
    for c in range(a, b + 1):
        spill = period_end is not None and e.spill_over_weeks > 1e-9 and c > sc.col(period_end)
        cells[c] = (chars["spill"], "spill") if spill else (chars["bar"], "bar")
    if e.deadline is not None and rm.start <= e.deadline <= rm.start + dt.timedelta(days=sc.days):
        cells[sc.col(e.deadline)] = (chars["deadline"], "deadline")
    return cells


def render_text(rm: Roadmap, *, width: int = 100, color: bool = False) -> str:
    """A Gantt chart that fits ``width`` columns; ``color``: rich styles as ANSI codes,
    else plain characters."""
    chars = FANCY if color else PLAIN
    rows = [e for g in rm.groups for e in g.scheduled]
    label_w = max([len(e.id) + 1 + len(e.title) for e in rows] + [10])
    label_w = min(label_w, max(width // 3, 10))
    bar_w = max(width - label_w - 2, MIN_BAR_WIDTH)
    sc = _Scale(rm.start, rm.end, bar_w)
    lines: list[list[tuple[str, str]]] = []

    def plain(text: str, style: str = "") -> list[tuple[str, str]]:
        return [(text, style)]

    scale = "weekly" if sc.weekly else "monthly"
    lines.append(
        plain(
            f"Roadmap by {rm.by}, as of {rm.as_of.isoformat()} "
            f"({rm.start.isoformat()} to {rm.end.isoformat()}, {scale} scale)",
            "bold",
        )
    )
    head = [" "] * bar_w
    for c, text in sc.ticks():
        if c + len(text) <= bar_w and all(ch == " " for ch in head[max(c - 1, 0) : c + len(text)]):
            head[c : c + len(text)] = list(text)
    lines.append(plain(" " * (label_w + 2) + "".join(head).rstrip(), "dim"))
    per = [" "] * bar_w
    for p in rm.periods:
        c = sc.col(p.start)
        text = chars["boundary"] + p.id
        if c + len(text) <= bar_w:
            per[c : c + len(text)] = list(text)
    lines.append(plain(" " * (label_w + 2) + "".join(per).rstrip(), "dim"))
    style_of = {"bar": "", "spill": "red", "deadline": "bold yellow", "today": "bold magenta"}
    for g in rm.groups:
        lines.append(plain(""))
        heading = f"{rm.by} {g.name}" + (f" — {clean(g.title)}" if g.title else "")
        for n, piece in enumerate(wrap(heading, max(width, 40) - 2)):
            lines.append(plain(piece if n == 0 else "  " + piece, "bold"))
        for e in g.scheduled:
            row: list[tuple[str, str]] = [(_label(e, label_w) + "  ", "")]
            for ch, kind in _bar_cells(e, rm, sc, chars):
                style = (
                    style_of.get(kind, "dim") if kind != "bar" else STATUS_STYLE.get(e.status, "")
                )
                row.append((ch, style))
            lines.append(row)
        for e in g.not_scheduled:
            said = wrap(f"not scheduled: {e.id} ({e.reason}: {e.detail})", max(width, 40) - 4)
            for n, piece in enumerate(said):
                lines.append(plain(("  " if n == 0 else "    ") + piece, "dim"))
    lines.append(plain(""))
    legend = (
        f"{chars['bar']} scheduled  {chars['spill']} after its period ends  "
        f"{chars['deadline']} deadline  {chars['today']} as of  {chars['boundary']} period start"
    )
    lines.append(plain(legend, "dim"))
    if not color:
        return "\n".join("".join(t for t, _ in line)[:width].rstrip() for line in lines) + "\n"
    from okrkit.report.terminal import styled_lines

    return styled_lines(lines, width=width)


RENDERERS: dict[str, Callable[[Roadmap], str]] = {
    "text": render_text,
    "mermaid": render_mermaid,
    "json": render_json,
    "csv": render_csv,
    "markdown": render_markdown,
}


def render(rm: Roadmap, fmt: str, *, width: int = 100, color: bool = False) -> str:
    """Render ``rm`` as ``fmt`` (``width`` and ``color`` apply to text)."""
    if fmt == "text":
        return render_text(rm, width=width, color=color)
    return RENDERERS[fmt](rm)
