"""``okrkit report``: the plan as one self-contained HTML page (pure ``render``).

The page is built from Jinja2 templates shipped in ``templates/`` with autoescaping on,
so every user text is escaped; charts are inline SVG built by :mod:`.charts`,
:mod:`.timeline` and :mod:`.graph`; the style sheet and the small script (sorting and
filtering, nothing the page needs to be read) are inlined. The data the script reads
is JSON serialised here with ``<``, ``>``, ``&`` and the JavaScript line separators
escaped, so no user text can close the ``<script>`` element. The same
:class:`~okrkit.dashboard.Dashboard` gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter
from pathlib import Path
from typing import Any

from markupsafe import Markup

from okrkit import __version__
from okrkit.dashboard import Dashboard
from okrkit.fmt import fmt_num, fmt_pct, plural, round_half_up
from okrkit.report.forecast import forecast_json
from okrkit.report.html import charts
from okrkit.report.html.graph import MAX_NODES, connected_ids, initiative_graph, team_graph
from okrkit.report.html.timeline import Bar, Span, timeline

SECTIONS = (
    ("vision", "Vision"),
    ("objectives", "Objectives and key results"),
    ("ranking", "Ranking"),
    ("roadmap", "Roadmap"),
    ("dependencies", "Dependencies"),
    ("capacity", "Capacity"),
    ("findings", "Findings"),
)
FORECAST_SECTION = ("forecast", "Forecast")
"""Shown before the findings when the report is made with ``--forecast``."""


def sections(d: Dashboard) -> tuple[tuple[str, str], ...]:
    """The sections of ``d``'s page, in order (the forecast only when it was asked for)."""
    if d.forecast is None:
        return SECTIONS
    return (*SECTIONS[:-1], FORECAST_SECTION, SECTIONS[-1])


SEVERITIES = ("error", "warning", "info")
SEVERITY_ICON = {"error": "✕", "warning": "▲", "info": "ℹ"}


@functools.lru_cache(maxsize=2)
def _environment(bytecode_dir: str | None = None) -> Any:
    import jinja2

    cache = None
    if bytecode_dir is not None:
        try:
            Path(bytecode_dir).mkdir(parents=True, exist_ok=True)
            cache = jinja2.FileSystemBytecodeCache(bytecode_dir)
        except OSError:  # an unwritable cache folder only costs the compile
            cache = None
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("okrkit.report.html", "templates"),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = fmt_num
    env.filters["pct"] = fmt_pct
    env.filters["plural"] = plural
    return env


def script_json(data: Any) -> Markup:
    """``data`` as JSON that is safe inside ``<script type="application/json">``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return Markup(text)


def _asset(name: str) -> str:
    from importlib.resources import files

    return (files("okrkit.report.html") / "templates" / name).read_text(encoding="utf-8")


SAFE_SCHEMES = ("http://", "https://", "mailto:")
"""Link targets the page makes clickable; any other (``javascript:``, ``data:``, a
relative path) is shown as text only."""


def links(element: Any) -> list[dict[str, str | None]]:
    """An element's ``links`` as ``{"title", "url", "href"}``; ``href`` is None unless the
    URL has a safe scheme. Elements without the field have none."""
    from okrkit.model.plan import link_parts

    out: list[dict[str, str | None]] = []
    for item in getattr(element, "links", None) or ():
        title, url = link_parts(item)
        href = url if url.lower().startswith(SAFE_SCHEMES) else None
        out.append({"title": title or url, "url": url, "href": href})
    return out


def _date(d: dt.date, weeks: float) -> dt.date:
    return d + dt.timedelta(days=round(weeks * 7))


# --- sections ---------------------------------------------------------------------


def _vision(d: Dashboard) -> dict[str, Any]:
    v = d.plan.vision
    bars = [charts.ShareBar(s.name, s.target, s.share) for s in d.pillar_funding]
    total = d.pillar_funding[0].total_weeks if d.pillar_funding else 0.0
    chart = (
        charts.share_chart(
            bars, "Each pillar's target share of effort against the share the plan gives it"
        )
        if bars and total > 0
        else Markup("")
    )
    return {
        "statement": v.statement if v else None,
        "narrative": v.narrative if v else None,
        "horizon": v.horizon.isoformat() if v and v.horizon else None,
        "principles": [
            {"id": p.id, "statement": p.statement, "rule": p.rule is not None}
            for p in (v.principles if v else [])
        ],
        "pillars": [
            {
                "id": s.id,
                "name": s.name,
                "description": d.plan.pillar_by_id[s.id].description,
                "target": s.target,
                "share": s.share,
                "weeks": s.weeks,
            }
            for s in d.pillar_funding
        ],
        "periods": [
            {
                "period": p.period,
                "shares": {x.pillar: x.share for x in p.pillar_share},
            }
            for p in d.plans
        ],
        "total_weeks": total,
        "chart": chart,
    }


MAX_SPARKLINES = 1000
"""Above this many key results the check-ins are given as text (count and latest), not
as small charts: a page of thousands of them is a download, not a dashboard."""

MAX_TEAM_EDGES = 60
"""The team graph of a large plan draws the heaviest team pairs only."""

MAX_MATRIX_TEAMS = 16
"""Above this many teams the team matrix gives way to a list of the heaviest pairs."""


def _objectives(d: Dashboard) -> list[dict[str, Any]]:
    plan = d.plan
    groups = []
    charts_on = sum(len(o.key_results) for o in d.status.objectives) <= MAX_SPARKLINES
    for g in d.status.pillars:
        objectives = []
        for o in g.objectives:
            period = plan.period_by_id.get(o.period or "")
            krs = []
            for k in o.key_results:
                model = plan.key_result_by_id.get(k.id)
                if all(h.progress is not None for h in k.history):
                    points = [(h.date, h.progress or 0.0) for h in k.history]
                else:
                    values = [h.value for h in k.history]
                    low, high = min(values, default=0.0), max(values, default=0.0)
                    span = high - low
                    points = [(h.date, (h.value - low) / span if span else 0.5) for h in k.history]
                text = f"{len(k.history)} check-ins" + (
                    f", latest {k.last_checkin.isoformat()}" if k.last_checkin else ""
                )
                if not k.history:
                    spark = Markup('<span class="muted">no check-ins</span>')
                elif charts_on:
                    spark = charts.sparkline(
                        points,
                        period.start if period else None,
                        period.end if period else None,
                        d.as_of,
                        text,
                    )
                else:
                    spark = Markup('<span class="muted">{}</span>').format(text)
                krs.append(
                    {
                        "kr": k,
                        "bar": charts.progress_bar(k.grade, k.expected, k.status),
                        "spark": spark,
                        "indicator": getattr(model, "indicator", None),
                        "owner": getattr(model, "owner", None),
                        "links": links(model),
                        "metric": getattr(model, "metric", None),
                    }
                )
            objectives.append(
                {
                    "o": o,
                    "bar": charts.progress_bar(o.grade, o.expected, o.status),
                    "krs": krs,
                    "owner": getattr(plan.objective_by_id.get(o.id), "owner", None),
                    "links": links(plan.objective_by_id.get(o.id)),
                }
            )
        groups.append({"id": g.id, "name": g.name or "No pillar", "objectives": objectives})
    return groups


def _ranking(d: Dashboard) -> dict[str, Any]:
    plan = d.plan
    flags: dict[str, Any] = {}
    methods: list[str] = []
    threshold = None
    if d.comparison is not None:
        methods = list(d.comparison.methods)
        threshold = d.comparison.threshold
        flags = {r.id: r for r in d.comparison.rows}
    selected: set[str] = set()
    below: set[str] = set()
    for p in d.plans:
        selected.update(p.selected)
        below.update(x.id for x in p.not_selected)
    rows = []
    for s in d.ranking.scored:
        i = plan.initiative_by_id.get(s.id)
        row = flags.get(s.id)
        if s.id in selected:
            plan_state = "selected"
        elif s.id in below:
            plan_state = "below cut line"
        else:
            plan_state = ""
        rows.append(
            {
                "s": s,
                "status": i.status if i else "",
                "kind": i.kind if i else "",
                "period": (i.period or "") if i else "",
                "inputs": ", ".join(
                    f"{k.split('.')[-1]} {v if isinstance(v, str) else fmt_num(v)}"
                    for k, v in s.inputs.items()
                ),
                "ranks": [(m, row.ranks.get(m) if row else None) for m in methods],
                "spread": row.spread if row else None,
                "flagged": bool(row and row.flagged),
                "plan": plan_state,
                "tags": list(getattr(i, "tags", None) or []),
                "owner": getattr(i, "owner", None),
                "links": links(i),
            }
        )
    return {
        "method": d.ranking.method,
        "formula": d.ranking.formula,
        "rows": rows,
        "methods": methods,
        "threshold": threshold,
        "flagged": sum(1 for r in rows if r["flagged"]),
        "unscored": d.ranking.unscored,
    }


def _bars(d: Dashboard) -> list[Bar]:
    """Roadmap bars: the selected entries of the shared schedule in the periods shown."""
    plan = d.plan
    shown = {p.period for p in d.plans}
    bars: list[Bar] = []
    for e in d.schedule.entries:
        if not e.selected or e.start is None or e.finish is None or e.period not in shown:
            continue
        period = plan.period_by_id.get(e.period or "")
        bars.append(
            Bar(
                e.id,
                e.title,
                e.team,
                e.period,
                e.status,
                e.start,
                e.finish,
                e.deadline,
                period.end if period else None,
                e.spill_over_weeks,
                e.critical,
            )
        )
    return bars


def _roadmap(d: Dashboard, colours: dict[str, tuple[str, str]]) -> dict[str, Any]:
    bars = _bars(d)
    spans = [
        Span(pp.start, pp.end, pp.id) for pp in (d.plan.period_by_id[p.period] for p in d.plans)
    ]
    cut = [{"period": p.period, "items": p.not_selected} for p in d.plans if p.not_selected]
    spill = [b for b in bars if b.spill_over_weeks > 0]
    late = [b for b in bars if b.deadline is not None and b.finish > b.deadline]
    return {
        "chart": timeline(bars, spans, d.as_of, colours),
        "count": len(bars),
        "cut": cut,
        "spill": spill,
        "late": late,
        "summarised": len(bars) > 250,
    }


def _dependencies(d: Dashboard, colours: dict[str, tuple[str, str]]) -> dict[str, Any]:
    a = d.deps
    titles = {i.id: i.title for i in d.plan.initiatives}
    connected = connected_ids(a)
    summarised = len(connected) > MAX_NODES
    pairs = sorted(
        (
            (count, dependent, prereq)
            for dependent, row in a.team_matrix.items()
            for prereq, count in row.items()
        ),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    chart = (
        team_graph(a, colours, MAX_TEAM_EDGES)
        if summarised
        else initiative_graph(a, titles, colours)
    )
    cross = [e for e in a.edges if e.cross_team and e.state == "open"]
    teams_in_matrix = {t for _, x, y in pairs for t in (x, y)}
    return {
        "chart": chart,
        "summarised": summarised,
        "connected": len(connected),
        "isolated": len(a.nodes) - len(connected),
        "edges": len(a.edges),
        "cross": len(cross),
        "critical": a.critical_path,
        "cycles": a.cycles,
        "broken": a.broken,
        "matrix": a.team_matrix if len(teams_in_matrix) <= MAX_MATRIX_TEAMS else {},
        "matrix_cols": sorted({b for row in a.team_matrix.values() for b in row}),
        "pairs": pairs[:20] if len(teams_in_matrix) > MAX_MATRIX_TEAMS else [],
        "pair_count": len(pairs),
        "team_edges": min(len(pairs), MAX_TEAM_EDGES),
        "max_nodes": MAX_NODES,
    }


def _capacity(d: Dashboard) -> list[dict[str, Any]]:
    out = []
    for p in d.plans:
        teams = []
        debt = dict(p.debt_share)
        for t in p.teams:
            share = debt.get(t.id)
            teams.append(
                {
                    "t": t,
                    "bar": charts.load_bar(
                        t.planned_weeks, t.committed_weeks, t.carried_weeks, t.capacity_weeks
                    ),
                    "debt": share,
                    "debt_meter": (
                        charts.share_meter(share, d.debt_minimum) if share is not None else None
                    ),
                    "debt_low": (t.id, p.period) in d.debt_low,
                    "over": t.capacity_weeks is not None
                    and t.planned_weeks > t.capacity_weeks + 1e-9,
                }
            )
        out.append({"p": p, "teams": teams})
    return out


def _findings(d: Dashboard) -> list[dict[str, Any]]:
    groups = []
    for sev in SEVERITIES:
        items = [f for f in d.checks.findings if f.severity == sev]
        groups.append({"severity": sev, "icon": SEVERITY_ICON[sev], "items": items})
    return groups


def _summary(d: Dashboard) -> dict[str, Any]:
    krs = [k for o in d.status.objectives for k in o.key_results]
    kr_counts = Counter(k.status for k in krs)
    obj_counts = Counter(o.status for o in d.status.objectives)
    sev = Counter(f.severity for f in d.checks.findings)
    selected = sum(len(p.selected) for p in d.plans)
    considered = sum(len(p.selected) + len(p.not_selected) for p in d.plans)
    not_yet = ("upcoming", "unscheduled")
    return {
        "objectives_live": sum(1 for o in d.status.objectives if o.status not in not_yet),
        "key_results_live": sum(1 for k in krs if k.status not in not_yet),
        "objectives": len(d.status.objectives),
        "objective_counts": obj_counts,
        "key_results": len(krs),
        "kr_counts": kr_counts,
        "initiatives": len(d.plan.initiatives),
        "selected": selected,
        "considered": considered,
        "errors": sev["error"],
        "warnings": sev["warning"],
        "infos": sev["info"],
        "critical_weeks": d.deps.critical_path.weeks,
        "cycles": len(d.deps.cycles),
    }


def _frac(value: float | None) -> float | None:
    """A fraction rounded half up to 4 places, as ``status --format json`` prints it."""
    return None if value is None else float(round_half_up(value, 4))


def figures(d: Dashboard) -> dict[str, Any]:
    """The figures embedded for scripts and tests: the same numbers the page shows,
    keyed as in the JSON of ``score``, ``status``, ``plan`` and ``check``."""
    return {
        "as_of": d.as_of.isoformat(),
        "method": d.ranking.method,
        "teams": sorted({i.team for i in d.plan.initiatives}),
        "ranking": [
            {"rank": s.rank, "id": s.id, "team": s.team, "score": s.score} for s in d.ranking.scored
        ],
        "key_results": [
            {
                "objective": o.id,
                "id": k.id,
                "progress": _frac(k.progress),
                "grade": _frac(k.grade),
                "expected": _frac(k.expected),
                "status": k.status,
            }
            for o in d.status.objectives
            for k in o.key_results
        ],
        "plans": [
            {
                "period": p.period,
                "selected": list(p.selected),
                "teams": [
                    {
                        "id": t.id,
                        "capacity_weeks": t.capacity_weeks,
                        "planned_weeks": t.planned_weeks,
                        "committed_weeks": t.committed_weeks,
                    }
                    for t in p.teams
                ],
            }
            for p in d.plans
        ],
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "file": f.location.file,
                "line": f.location.line,
            }
            for f in d.checks.findings
        ],
        "critical_path": list(d.deps.critical_path.ids),
        "roadmap": [
            {
                "id": b.id,
                "start": b.start.isoformat(),
                "finish": b.finish.isoformat(),
                "spill_over_weeks": b.spill_over_weeks,
            }
            for b in _bars(d)
        ],
        "pillars": [{"id": p.id, "share": p.share, "target": p.target} for p in d.pillar_funding],
        "forecast": None if d.forecast is None else forecast_json(d.forecast),
    }


FORECAST_ROWS = 200
"""The forecast tables show at most this many rows (the least certain first when cut)."""


def _forecast(d: Dashboard) -> dict[str, Any] | None:
    """The forecast section: ranking under uncertainty, delivery, capacity fit, drivers."""
    f = d.forecast
    if f is None:
        return None
    r, dl = f.ranking, f.delivery
    count = len(r.bands)
    bands = list(r.bands)
    cut_ranking = len(bands) > FORECAST_ROWS
    if cut_ranking:
        bands = sorted(bands, key=lambda b: (b.p95_rank - b.p5_rank, -b.point_rank))
        bands = sorted(bands[-FORECAST_ROWS:], key=lambda b: b.point_rank)
    items = sorted(dl.items, key=lambda x: (x.p_in_period, x.p85_finish, x.id))
    cut_delivery = len(items) > FORECAST_ROWS
    items = items[:FORECAST_ROWS]
    return {
        "f": f,
        "ranking": [
            {
                "b": b,
                "interval": charts.rank_interval(b.p5_rank, b.p95_rank, b.median_rank, count),
                "bar": charts.probability_bar(b.p_top, f"of ranking in the top {r.top_n}"),
                "band": charts.band(b.p_top),
            }
            for b in bands
        ],
        "ranking_cut": count if cut_ranking else None,
        "delivery": [
            {
                "x": x,
                "bar": charts.probability_bar(x.p_in_period, "of finishing within its period"),
                "band": charts.band(x.p_in_period),
                "deadline_band": (
                    None if x.p_by_deadline is None else charts.band(x.p_by_deadline)
                ),
            }
            for x in items
        ],
        "delivery_cut": len(dl.items) if cut_delivery else None,
        "teams": [
            {
                "t": t,
                "bar": (
                    None
                    if t.p_fits is None
                    else charts.probability_bar(t.p_fits, "that the work fits the capacity")
                ),
                "band": None if t.p_fits is None else charts.band(t.p_fits),
            }
            for t in dl.teams
        ],
        "ranking_drivers": r.drivers[:10],
        "delivery_drivers": dl.drivers[:10],
    }


def render(d: Dashboard, *, bytecode_dir: Path | None = None) -> str:
    """The report as one HTML document.

    ``bytecode_dir``: a folder where Jinja2 may keep the compiled template (keyed by the
    template's text), so a later run skips compiling it; the page is the same either way.
    """
    teams = sorted({i.team for i in d.plan.initiatives} | {t.id for t in d.plan.teams})
    colours = charts.team_colours(teams)
    context = {
        "d": d,
        "title": d.title,
        "version": __version__,
        "sections": sections(d),
        "summary": _summary(d),
        "vision": _vision(d),
        "objective_groups": _objectives(d),
        "ranking": _ranking(d),
        "roadmap": _roadmap(d, colours),
        "deps": _dependencies(d, colours),
        "capacity": _capacity(d),
        "findings": _findings(d),
        "forecast": _forecast(d),
        "team_colours": [(t, colours[t]) for t in teams],
        "status_icon": charts.STATUS_ICON,
        "status_word": charts.STATUS_WORD,
        "css": Markup(_asset("report.css")),
        "js": Markup(_asset("report.js")),
        "data": script_json(figures(d)),
    }
    env = _environment(None if bytecode_dir is None else str(bytecode_dir))
    return str(env.get_template("report.html.j2").render(context))


__all__ = ["FORECAST_SECTION", "SECTIONS", "figures", "render", "script_json", "sections"]
