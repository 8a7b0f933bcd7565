"""Reporters for ``okrkit status``: plain table, JSON and Markdown (pure ``render``).

The coloured terminal view is :mod:`okrkit.report.terminal`; it draws the same rows.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from okrkit.fmt import fmt_num, fmt_pct, round_half_up
from okrkit.progress import STATUSES, KrStatus, ObjectiveStatus, StatusReport
from okrkit.report.markdown import cell, md_link
from okrkit.report.text import SEP, clean, display_width, fit_widths, longest_word, pad, wrap

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


# --- plain table and terminal layout ------------------------------------------------
#
# One layout serves the plain table (piped, ``--output``) and the coloured terminal view
# (:mod:`okrkit.report.terminal`): lines of (text, style) pieces. The plain table drops
# the styles; the terminal turns them into ANSI codes. So the two views cannot disagree,
# and both fit the same width the same way:
#
# 1. one line a row, the title as the last column (wrapped when the width asks for it);
#    always this one without a width (piped, no COLUMNS);
# 2. two lines a row, then its title: the id on the left (never cut; its indicator may
#    go to the second line); progress, grade, expected and status on the first line,
#    confidence, check-in, value and history on the second (status, check-in and value
#    wrap at spaces when they must); the title under them, as wide as the terminal;
# 3. on a very narrow terminal, a record a row: id, title, then labelled fields flowed
#    over as many lines as they need.
# No column is ever dropped or cut: the layout that fits is chosen instead.

Seg = tuple[str, str]
"""A piece of a line: its text and a style (rich-like words: ``bold red``; ``""``: none)."""
Line = list[Seg]

STATUS_STYLE = {
    "achieved": "bold green",
    "on_track": "green",
    "at_risk": "yellow",
    "off_track": "red",
    "missed": "bold red",
    "upcoming": "cyan",
    "unscheduled": "dim",
    "unmeasurable": "dim",
}


def grade_style(grade: float | None) -> str:
    """Google's bands: red below 0.4, yellow below 0.7, green from 0.7."""
    if grade is None:
        return "dim"
    if grade < 0.4:
        return "red"
    if grade < 0.7:
        return "yellow"
    return "green"


NAME_HEADER = "OBJECTIVE / KEY RESULT"
TITLE_HEADER = "TITLE"
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("progress", "PROGRESS", "l"),
    ("pct", "", "r"),
    ("grade", "GRADE", "r"),
    ("expected", "EXPECTED", "r"),
    ("status", "STATUS", "l"),
    ("conf", "CONF", "r"),
    ("checkin", "CHECK-IN", "l"),
    ("value", "VALUE", "l"),
    ("history", "HISTORY", "l"),
)
"""Key, header and alignment of each column between the name and the title."""
FIRST_LINE = ("progress", "pct", "grade", "expected", "status")
SECOND_LINE = ("conf", "checkin", "value", "history")
WRAPPING = {"status": 0, "checkin": 0, "value": 10}
"""Columns that may wrap at spaces, with the fewest cells they keep (0: their widest word)."""
TITLE_MIN = 20
NAME_MIN = 14
INDENT = "  "
LABELS = {"grade": "grade ", "expected": "expected ", "conf": "conf ", "checkin": "check-in "}
LABELS |= {"value": "", "history": "history "}
"""How the record layout (3) names a field, having no header."""


@dataclass(frozen=True)
class Row:
    """One objective or key result, as the layouts draw it."""

    depth: int
    name: Seg
    title: str
    cells: dict[str, Seg]

    def __post_init__(self) -> None:
        # text from the plan on one line, with no control characters: a title with a
        # line break or an escape code cannot break the layout or drive the terminal
        object.__setattr__(self, "name", (clean(self.name[0]), self.name[1]))
        object.__setattr__(self, "title", clean(self.title))
        for key, (text, style) in self.cells.items():
            self.cells[key] = (clean(text), style)


def rows_of(o: ObjectiveStatus) -> list[Row]:
    """The rows of one objective: itself, then its key results."""
    style = grade_style(o.grade)
    rows = [
        Row(
            0,
            (o.id, "bold"),
            o.title,
            {
                "progress": (bar(o.grade), style),
                "pct": (fmt_pct(o.progress), style),
                "grade": (fmt_num(o.grade), style),
                "expected": (fmt_pct(o.expected), ""),
                "status": (o.status, STATUS_STYLE[o.status]),
                "conf": ("", ""),
                "checkin": ("", ""),
                "value": (objective_meta(o), "dim"),
                "history": ("", ""),
            },
        )
    ]
    for k in o.key_results:
        style = grade_style(k.grade)
        rows.append(
            Row(
                1,
                (kr_label(k), ""),
                k.title,
                {
                    "progress": (bar(k.grade), style),
                    "pct": (fmt_pct(k.progress), style),
                    "grade": (fmt_num(k.grade), style),
                    "expected": (fmt_pct(k.expected), ""),
                    "status": (status_text(k.status, k.reason), STATUS_STYLE[k.status]),
                    "conf": (fmt_num(k.confidence), ""),
                    "checkin": (last_text(k), "yellow" if k.stale else ""),
                    "value": (value_text(k), ""),
                    "history": (sparkline(k), style),
                },
            )
        )
    return rows


def table_rows(o: ObjectiveStatus) -> list[list[str]]:
    """The cells of one objective's rows in the one-line layout (name, fields, title)."""
    return [
        [INDENT * r.depth + r.name[0], *(r.cells[k][0] for k, _, _ in FIELDS), r.title]
        for r in rows_of(o)
    ]


def _cell_lines(seg: Seg, width: int) -> list[Seg]:
    text, style = seg
    if display_width(text) <= width:
        return [seg]
    return [(line, style) for line in wrap(text, width)]


def _block(
    columns: list[list[Seg]], widths: list[int], aligns: str, indent: str = ""
) -> list[Line]:
    """Cells (each already broken into lines) side by side, padded to ``widths``."""
    out: list[Line] = []
    for n in range(max(len(c) for c in columns)):
        line: Line = [(indent, "")] if indent else []
        for i, lines in enumerate(columns):
            text, style = lines[n] if n < len(lines) else ("", "")
            if i:
                line.append((SEP, ""))
            line.append((pad(text, widths[i], aligns[i]), style))
        out.append(line)
    return out


def _widths(
    header: list[str], cells: list[list[str]], minimum: list[int], budget: int | None
) -> list[int] | None:
    natural = [
        max([display_width(h), *(display_width(c[i]) for c in cells)]) for i, h in enumerate(header)
    ]
    if budget is None:
        return natural
    return fit_widths(natural, minimum, budget)


def _minimum(key: str, header: str, cells: list[str]) -> int:
    """The fewest cells a column may take: wrapping ones down to their widest word."""
    floor = max([display_width(header), *(longest_word(c) for c in cells)])
    if key not in WRAPPING:
        return max([display_width(header), *(display_width(c) for c in cells)])
    return max(floor, min(WRAPPING[key], max(display_width(c) for c in [header, *cells])))


def _one_line(rows: list[Row], width: int | None) -> list[Line] | None:
    """Layout 1: one line a row (more only where a cell wraps), the title last."""
    keys = [k for k, _, _ in FIELDS]
    header = [NAME_HEADER, *(h for _, h, _ in FIELDS), TITLE_HEADER]
    aligns = "l" + "".join(a for _, _, a in FIELDS) + "l"
    segs = [
        [(INDENT * r.depth + r.name[0], r.name[1]), *(r.cells[k] for k in keys), (r.title, "")]
        for r in rows
    ]
    texts = [[t for t, _ in row] for row in segs]
    minimum = []
    if width is not None:  # without a width nothing wraps: no need to know how far
        minimum = [
            _minimum(key, h, [t[i] for t in texts])
            for i, (key, h) in enumerate(zip(["name", *keys, "title"], header, strict=True))
        ]
        minimum[-1] = min(TITLE_MIN, max(display_width(t[-1]) for t in [header, *texts]))
    budget = None if width is None else width - len(INDENT)
    widths = _widths(header, texts, minimum, budget)
    if widths is None:
        return None
    out = _block([[(h, "bold")] for h in header], widths, aligns, INDENT)
    out.append([(INDENT + SEP.join("-" * w for w in widths), "")])
    for row in segs:
        out += _block(
            [_cell_lines(c, w) for c, w in zip(row, widths, strict=True)], widths, aligns, INDENT
        )
    return out


@dataclass(frozen=True)
class _Band:
    """One line of layout 2: its columns' headers, alignment and natural and least widths."""

    keys: tuple[str, ...]
    header: list[str]
    aligns: str
    natural: list[int]
    minimum: list[int]

    def widths(self, budget: int) -> list[int] | None:
        return fit_widths(self.natural, self.minimum, budget)


def _band(rows: list[Row], keys: tuple[str, ...]) -> _Band:
    fields = {k: (h, a) for k, h, a in FIELDS}
    header = [fields[k][0] for k in keys]
    texts = [[r.cells[k][0] for k in keys] for r in rows]
    minimum = [_minimum(k, header[i], [t[i] for t in texts]) for i, k in enumerate(keys)]
    natural = _widths(header, texts, minimum, None)
    assert natural is not None
    return _Band(keys, header, "".join(fields[k][1] for k in keys), natural, minimum)


def _two_lines(rows: list[Row], width: int) -> list[Line] | None:
    """Layout 2: the id on the left, the fields on two lines beside it, the title under."""
    budget = width - len(INDENT)
    # the id on the first line, the key result's indicator on the second
    names = [[INDENT * r.depth + part for part in r.name[0].split(" ", 1)] for r in rows]
    natural = max([len(NAME_HEADER), *(display_width(n) for parts in names for n in parts)])
    # ids are never cut here (the indicator may move to the next line): a terminal too
    # narrow for the longest id gets the record layout, where an id has the whole line
    shortest = max([NAME_MIN, *(len(INDENT) * r.depth + longest_word(r.name[0]) for r in rows)])
    band1, band2 = _band(rows, FIRST_LINE), _band(rows, SECOND_LINE)
    for name_width in range(natural, shortest - 1, -1):
        room = budget - name_width - len(SEP)
        w1, w2 = band1.widths(room), band2.widths(room)
        if w1 is not None and w2 is not None:
            break
    else:
        return None
    (a1, h1), (a2, h2) = (band1.aligns, band1.header), (band2.aligns, band2.header)
    used = max(sum(w1) + len(SEP) * (len(w1) - 1), sum(w2) + len(SEP) * (len(w2) - 1))

    def beside(left: list[Seg], right: list[Line]) -> list[Line]:
        out = []
        for n in range(max(len(left), len(right))):
            text, style = left[n] if n < len(left) else ("", "")
            line: Line = [(INDENT, ""), (pad(text, name_width), style)]
            if n < len(right):
                line += [(SEP, ""), *right[n]]
            out.append(line)
        return out

    out = beside(
        [(NAME_HEADER, "bold")],
        _block([[(h, "bold")] for h in h1], w1, a1) + _block([[(h, "bold")] for h in h2], w2, a2),
    )
    out.append([(INDENT + "-" * name_width + SEP + "-" * used, "")])
    for r, name in zip(rows, names, strict=True):
        title = INDENT * (r.depth + 1) + r.title
        left = [(t, r.name[1]) for part in name for t in wrap(part, name_width)]
        cells1 = [_cell_lines(r.cells[k], w) for k, w in zip(FIRST_LINE, w1, strict=True)]
        cells2 = [_cell_lines(r.cells[k], w) for k, w in zip(SECOND_LINE, w2, strict=True)]
        right = _block(cells1, w1, a1)
        if any(r.cells[k][0] for k in SECOND_LINE):
            right += _block(cells2, w2, a2)
        # the title gets the whole width under the row, not a narrow column of short lines
        out += beside(left, right)
        out += [[(INDENT, ""), (t, "dim")] for t in wrap(title, budget)] if r.title else []
    return out


def _flow(pieces: list[Seg], width: int, indent: str) -> list[Line]:
    """Pieces laid out left to right, two spaces apart, starting a new line when full."""
    room = max(1, width - len(indent))
    out: list[Line] = []
    line: Line = []
    used = 0
    for text, style in pieces:
        for part in wrap(text, room):
            w = display_width(part)
            if line and used + len(SEP) + w > room:
                out.append([(indent, ""), *line])
                line, used = [], 0
            if line:
                line.append((SEP, ""))
                used += len(SEP)
            line.append((part, style))
            used += w
    if line:
        out.append([(indent, ""), *line])
    return out


def _records(rows: list[Row], width: int) -> list[Line]:
    """Layout 3: each row as a record: id, title, then its labelled fields."""
    out: list[Line] = []
    for r in rows:
        lead = INDENT * (r.depth + 1)
        out += [[(lead, ""), (t, r.name[1])] for t in wrap(r.name[0], width - len(lead))]
        if r.title:
            out += _flow([(r.title, "dim")], width, lead + INDENT)
        for keys in (FIRST_LINE, SECOND_LINE):
            pieces = []
            for key in keys:
                text, style = r.cells[key]
                if text:
                    label = LABELS.get(key, "")
                    pieces.append((label + text if label else text, style))
            out += _flow(pieces, width, lead + INDENT)
    return out


def _plain(line: Line) -> str:
    return "".join(text for text, _ in line).rstrip()


def layout(report: StatusReport, width: int | None = None) -> list[Line]:
    """The status as styled lines no wider than ``width`` (``None``: no limit)."""
    out: list[Line] = []

    def text(line: str, style: str = "") -> None:
        line = clean(line)
        for part in [line] if width is None else wrap(line, width):
            out.append([(part, style)] if part else [])

    text(header_line(report), "bold")
    out.append([])
    if not report.objectives:
        text("No objectives match.")
    for group in report.pillars:
        text(group.name or group.id or "No pillar", "bold")
        rows = [r for o in group.objectives for r in rows_of(o)]
        lines = _one_line(rows, width)
        if lines is None:
            assert width is not None
            lines = _two_lines(rows, width) or _records(rows, width)
        out += lines
        out.append([])
    if report.objectives:
        for line in footer_lines(report):
            text(line, "dim")
    while out and not _plain(out[-1]):
        out.pop()
    return out


def render_table(report: StatusReport, width: int | None = None) -> str:
    """The plain table: :func:`layout` without styles."""
    return "\n".join(_plain(line) for line in layout(report, width)) + "\n"


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


def render(report: StatusReport, fmt: str = "table", *, width: int | None = None) -> str:
    """The status in ``fmt``; ``width`` limits the table's lines (JSON and Markdown are
    for programs and renderers, never wrapped)."""
    if fmt == "table":
        return render_table(report, width)
    return RENDERERS[fmt](report)
