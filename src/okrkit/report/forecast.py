"""Reporters for ``okrkit forecast``: text, JSON and Markdown (pure ``render``).

The text view puts a sentence first, then the percentile tables, then the drivers, as
delivery forecasts people trust do. Probabilities are bars of ten cells; a probability
below 50% is marked ``!`` and one below 85% ``~`` so the signal never rests on colour.
JSON keeps full precision and every figure; its shape is documented in
``docs/commands/forecast.md``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from okrkit.fmt import fmt_num, fmt_pct
from okrkit.report.markdown import cell, code
from okrkit.report.text import table

if TYPE_CHECKING:
    from okrkit.forecast.core import Forecast
    from okrkit.forecast.delivery import DeliveryForecast, ItemDelivery
    from okrkit.forecast.ranking import Driver, RankingForecast

FORMATS: tuple[str, ...] = ("text", "json", "markdown")
TITLE_WIDTH = 32
DRIVERS_SHOWN = 10


def bar(p: float, cells: int = 10) -> str:
    """A probability as ten cells, half up: ``bar(0.55) == "██████░░░░"``."""
    full = int(fmt_num(p * cells, 0))
    return "█" * full + "░" * (cells - full)


def mark(p: float | None) -> str:
    """``!`` below 50%, ``~`` below 85%, blank otherwise: the band without colour."""
    if p is None:
        return " "
    if p < 0.5:
        return "!"
    if p < 0.85:
        return "~"
    return " "


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Prose wrapped to ``width`` (ids are never broken), continuation lines indented."""
    import textwrap

    return textwrap.wrap(
        text,
        width=max(width, 40),
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _title(text: str, width: int = TITLE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _interval(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}-{hi}"


def _headline(f: Forecast) -> list[str]:
    """The sentence first: what the forecast covers, then the plan-level chance."""
    d = f.delivery
    lines = [
        f"Forecast of period {f.period} as of {f.as_of.isoformat()}: {d.samples:,} samples"
        f" (seed {f.seed}), ranges read as {f.distribution}."
    ]
    if d.p_all_committed is not None:
        lines.append(
            f"{fmt_pct(d.p_all_committed)} likely that all {d.committed_count} committed"
            " initiatives finish within their periods."
        )
    return lines


def _ranking_table(r: RankingForecast, width: int) -> str:
    """The ranking with titles cut to what ``width`` leaves (ids are never cut); below
    100 columns the probability bar gives way to the bare percentage."""
    group = {b.id: f"={b.tie_group}" if b.tie_group else "" for b in r.bands}
    wide = width >= 100
    rows = [
        [
            str(b.point_rank),
            fmt_num(b.median_rank, 1),
            _interval(b.p5_rank, b.p95_rank),
            f"{bar(b.p_top)} {fmt_pct(b.p_top):>4}" if wide else fmt_pct(b.p_top),
            group[b.id],
            b.id,
            b.title,
        ]
        for b in r.bands
    ]
    headers = ["rank", "median", "P5-P95", f"P(top {r.top_n})", "tie", "initiative", "title"]
    used = 2 + sum(max(len(headers[c]), *(len(row[c]) for row in rows)) + 2 for c in range(6))
    room = max(width - used, 8)
    for row in rows:
        row[6] = _title(row[6], room)
    return table(headers, rows, align="rrrrlll", indent="  ")


def _signed(x: float, digits: int = 1) -> str:
    text = fmt_num(x, digits)
    return text if text.startswith("-") or text == "0" else "+" + text


def _driver_rows(drivers: tuple[Driver, ...], unit: str) -> list[list[str]]:
    return [
        [d.input, d.initiative, f"{_signed(d.swing)} {unit}", fmt_num(d.correlation, 2)]
        for d in drivers[:DRIVERS_SHOWN]
    ]


def _deadline(x: ItemDelivery) -> str:
    if x.p_by_deadline is None or x.deadline is None:
        return "-"
    return f"{fmt_pct(x.p_by_deadline)} by {x.deadline.isoformat()}"


def _delivery_rows(d: DeliveryForecast, width: int) -> list[str]:
    """A table when ``width`` allows it, else two lines per initiative (its id and title,
    then its figures), so no column is dropped on a narrow terminal."""
    headers = ["", "initiative", "plan", "P50", "P85", "P(in period)", "P(deadline)"]
    rows = [
        [
            mark(x.p_in_period),
            x.id,
            x.point_finish.isoformat() if x.point_finish else "-",
            x.p50_finish.isoformat(),
            x.p85_finish.isoformat(),
            f"{bar(x.p_in_period)} {fmt_pct(x.p_in_period):>4}",
            _deadline(x),
        ]
        for x in d.items
    ]
    need = 2 + sum(max(len(headers[c]), *(len(r[c]) for r in rows)) + 2 for c in range(7))
    if need <= width:
        return [table(headers, rows, align="lllllll", indent="  ")]
    out: list[str] = []
    for x, row in zip(d.items, rows, strict=True):
        out.append(f"{row[0]} {x.id}: {_title(x.title, max(width - len(x.id) - 4, 12))}")
        out.append(
            f"    plan {row[2]}  P50 {row[3]}  P85 {row[4]}  in period {fmt_pct(x.p_in_period)}"
        )
        if x.deadline is not None and x.p_by_deadline is not None:
            out.append(f"    by the deadline {x.deadline.isoformat()}: {fmt_pct(x.p_by_deadline)}")
    return out


def _delivery_text(d: DeliveryForecast, width: int) -> list[str]:
    out: list[str] = []
    if not d.items:
        return ["Delivery: nothing is scheduled."]
    out.append("Delivery through the shared schedule (dates are last days of work)")
    out.extend(_delivery_rows(d, width))
    if d.teams:
        out.append("")
        out.append("Capacity: selected and carried-in effort against capacity (person-weeks)")
        out.append(
            table(
                ["", "team", "capacity", "plan", "P50", "P85", "P(fits)"],
                [
                    [
                        mark(t.p_fits),
                        t.team,
                        fmt_num(t.capacity_weeks, 1),
                        fmt_num(t.point_weeks, 1),
                        fmt_num(t.p50_weeks, 1),
                        fmt_num(t.p85_weeks, 1),
                        "-" if t.p_fits is None else f"{bar(t.p_fits)} {fmt_pct(t.p_fits):>4}",
                    ]
                    for t in d.teams
                ],
                align="llrrrrl",
                indent="  ",
            )
        )
    if d.drivers:
        out.append("")
        out.append("What drives the delivery risk (swing of the worst overrun past period end)")
        out.append(
            table(
                ["input", "initiative", "swing", "rho"],
                _driver_rows(d.drivers, "weeks"),
                align="llrr",
                indent="  ",
            )
        )
    return out


def render_text(f: Forecast, width: int = 120) -> str:
    """The forecast for a terminal ``width`` columns wide (tables fit it)."""
    r = f.ranking
    out = [line for h in _headline(f) for line in _wrap(h, width)]
    out.append("")
    if not r.bands:
        out.append(f"Ranking by {r.method}: nothing to rank.")
    else:
        out.extend(
            _wrap(
                f"Ranking by {r.method}: rank interval P5-P95 and P(top {r.top_n}), the chance"
                f" to rank in the top {r.top_n} by {r.method} score (not to be selected: the"
                " plan selects by capacity)",
                width,
            )
        )
        out.append(_ranking_table(r, width))
    if r.tie_groups:
        out.append("")
        out.append("Statistically tied (neither ranks above the other in 90% of samples):")
        for k, g in enumerate(r.tie_groups, start=1):
            out.extend(_wrap(f"  ={k}: " + " ~ ".join(g), width, "       "))
    if r.bands:
        out.append("")
        out.extend(
            _wrap(
                f"Value of perfect information for the top {r.top_n}: {fmt_num(r.evpi, 2)}"
                f" ({r.method} score units), what better estimates could at most be worth.",
                width,
            )
        )
    if r.drivers:
        out.append("")
        out.append("What drives the ranking (swing of the initiative's own rank)")
        out.append(
            table(
                ["input", "initiative", "swing", "rho"],
                _driver_rows(r.drivers, "places"),
                align="llrr",
                indent="  ",
            )
        )
    out.append("")
    out.extend(_delivery_text(f.delivery, width))
    for note in f.notes:
        out.extend(_wrap(f"note: {note}", width, "  "))
    return "\n".join(out) + "\n"


def _driver_json(d: Driver) -> dict[str, Any]:
    return {
        "initiative": d.initiative,
        "input": d.input,
        "correlation": d.correlation,
        "swing": d.swing,
    }


def forecast_json(f: Forecast) -> dict[str, Any]:
    """The JSON object of ``okrkit forecast --format json`` (``docs/commands/forecast.md``).

    It decides nothing about the forecast: it spells the ranking and delivery results as
    plain data with the run's seed and sample counts, so a reader can rerun the same
    forecast and get the same numbers. One literal mapping so the documented shape reads
    top to bottom.
    """
    r, d = f.ranking, f.delivery
    return {
        "as_of": f.as_of.isoformat(),
        "seed": f.seed,
        "samples": d.samples,
        "samples_requested": f.samples_requested,
        "distribution": f.distribution,
        "period": f.period,
        "ranking": {
            "method": r.method,
            "top_n": r.top_n,
            "samples": r.samples,
            "evpi": r.evpi,
            "expected_top": list(r.expected_top),
            "initiatives": [
                {
                    "id": b.id,
                    "title": b.title,
                    "team": b.team,
                    "point_rank": b.point_rank,
                    "point_score": b.point_score,
                    "median_rank": b.median_rank,
                    "p5_rank": b.p5_rank,
                    "p95_rank": b.p95_rank,
                    "p_top": b.p_top,
                    "tie_group": b.tie_group,
                    "uncertain": list(b.uncertain),
                    **b.extras,
                }
                for b in r.bands
            ],
            "tie_groups": [list(g) for g in r.tie_groups],
            "drivers": [_driver_json(x) for x in r.drivers],
            "unscored": list(r.unscored),
        },
        "delivery": {
            "p_all_committed": d.p_all_committed,
            "committed": d.committed_count,
            "selected": d.selected_count,
            "initiatives": [
                {
                    "id": x.id,
                    "title": x.title,
                    "team": x.team,
                    "period": x.period,
                    "status": x.status,
                    "committed": x.committed,
                    "finish": x.point_finish.isoformat() if x.point_finish else None,
                    "p50_finish": x.p50_finish.isoformat(),
                    "p85_finish": x.p85_finish.isoformat(),
                    "p_in_period": x.p_in_period,
                    "deadline": x.deadline.isoformat() if x.deadline else None,
                    "p_by_deadline": x.p_by_deadline,
                    "uncertain": list(x.uncertain),
                    **x.extras,
                }
                for x in d.items
            ],
            "teams": [
                {
                    "team": t.team,
                    "period": t.period,
                    "capacity_weeks": t.capacity_weeks,
                    "planned_weeks": t.point_weeks,
                    "p50_weeks": t.p50_weeks,
                    "p85_weeks": t.p85_weeks,
                    "p_fits": t.p_fits,
                }
                for t in d.teams
            ],
            "drivers": [_driver_json(x) for x in d.drivers],
        },
        "notes": list(f.notes),
    }


def render_json(f: Forecast) -> str:
    return json.dumps(forecast_json(f), indent=2, ensure_ascii=False) + "\n"


def render_markdown(f: Forecast) -> str:
    r, d = f.ranking, f.delivery
    out = ["## Forecast", "", cell(" ".join(_headline(f))), ""]
    if r.bands:
        out += [
            f"### Ranking by {r.method}",
            "",
            f"| rank | median | P5-P95 | P(in the top {r.top_n} by {r.method} score) | tie"
            " | initiative |",
            "|---:|---:|---|---:|---|---|",
        ]
        for b in r.bands:
            tie = f"={b.tie_group}" if b.tie_group else ""
            out.append(
                f"| {b.point_rank} | {fmt_num(b.median_rank, 1)} | "
                f"{_interval(b.p5_rank, b.p95_rank)} | {fmt_pct(b.p_top)} | {tie} | "
                f"{code(b.id)} {cell(b.title)} |"
            )
        out.append("")
        out.append(
            f"Value of perfect information for the top {r.top_n}: **{fmt_num(r.evpi, 2)}**"
            f" ({r.method} score units)."
        )
        out.append("")
    if d.items:
        out += [
            "### Delivery",
            "",
            "| initiative | period | plan | P50 | P85 | P(in period) | P(by deadline) |",
            "|---|---|---|---|---|---:|---:|",
        ]
        for x in d.items:
            dl = "-" if x.p_by_deadline is None else f"{fmt_pct(x.p_by_deadline)} ({x.deadline})"
            out.append(
                f"| {code(x.id)} | {x.period or '-'} | "
                f"{x.point_finish.isoformat() if x.point_finish else '-'} | "
                f"{x.p50_finish.isoformat()} | {x.p85_finish.isoformat()} | "
                f"{mark(x.p_in_period).strip()}{fmt_pct(x.p_in_period)} | {dl} |"
            )
        out.append("")
    for note in f.notes:
        out.append(f"> note: {cell(note)}")
    return "\n".join(out).rstrip("\n") + "\n"


RENDERERS: dict[str, Callable[[Forecast], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
}


_BAR = re.compile(r"(█*)(░*)(\s+)(\d+)%")


def band_style(p: float) -> str:
    """Red below 50%, yellow below 85%, green from 85% (the due-date likelihood bands)."""
    return "red" if p < 0.5 else "yellow" if p < 0.85 else "green"


def colour(text: str, width: int) -> str:
    """``text`` with every probability bar and its percentage in its band's colour."""
    from okrkit.report.terminal import styled_lines

    lines: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        pieces: list[tuple[str, str]] = []
        pos = 0
        for m in _BAR.finditer(line):
            if not (m[1] or m[2]):
                continue
            style = band_style(int(m[4]) / 100.0)
            pieces.append((line[pos : m.start()], ""))
            pieces += [(m[1], style), (m[2], "dim"), (m[3], ""), (m[4] + "%", style)]
            pos = m.end()
        pieces.append((line[pos:], ""))
        lines.append(pieces)
    widest = max((len(x) for x in text.splitlines()), default=0)
    return styled_lines(lines, width=max(width, widest))


def render(f: Forecast, format: str, width: int = 120, color: bool = False) -> str:
    """Render ``f`` as ``format``; ``width`` and ``color`` (ANSI, for a terminal) apply to
    text."""
    if format == "text":
        text = render_text(f, width)
        return colour(text, width) if color else text
    return RENDERERS[format](f)
