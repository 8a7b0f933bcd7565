"""Reporters for ``okrkit plan``: table, JSON and Markdown (pure ``render``).

JSON keeps full precision and is documented in ``docs/commands/plan.md`` (stable keys);
the table and Markdown round half up with :func:`okrkit.fmt.fmt_num`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from okrkit.fmt import fmt_num, fmt_pct, plural
from okrkit.planning import PlanResult
from okrkit.planning.result import Conflict, NotSelected, Scheduled, TeamLoad
from okrkit.report.markdown import Code, cell
from okrkit.report.text import BAD, WARN, paint, status_style, table, wrap_text

FORMATS: tuple[str, ...] = ("table", "json", "markdown")

SOLVER_TEXT = {
    # true also when work without a value or an estimate is left out (#37)
    "none": "no solver needed, nothing was left out for lack of capacity",
    "knapsack-dp": "exact: knapsack dynamic programming",
    "branch-and-bound": "exact: branch and bound",
    "highs": "exact: HiGHS integer program",
    "greedy": "greedy fallback",
}


def _num(x: float | None, digits: int = 2) -> str:
    return fmt_num(x, digits)


def _finite(x: float | None) -> float | None:
    if x is None or math.isinf(x) or math.isnan(x):
        return None
    return x


# --- JSON ------------------------------------------------------------------------


def _loc(c: Conflict) -> str | None:
    return str(c.location) if c.location is not None else None


def _date(d: Any) -> str | None:
    return d.isoformat() if d is not None else None


def _conflict_json(c: Conflict) -> dict[str, Any]:
    return {
        "name": c.name,
        "location": _loc(c),
        "period": c.period,
        "subject": c.subject_id,
        "path": list(c.path),
        "teams": list(c.teams),
        "initiatives": list(c.initiatives),
        "key_results": list(c.key_results),
        "message": c.message,
    }


def to_json(result: PlanResult) -> dict[str, Any]:
    """The documented JSON object (see docs/commands/plan.md)."""
    return {
        "period": result.period,
        "start": _date(result.start),
        "end": _date(result.end),
        "as_of": _date(result.as_of),
        "method": result.method,
        "select": result.select,
        "horizon_weeks": result.horizon_weeks,
        "selected": list(result.selected),
        "not_selected": [
            {
                "id": n.id,
                "team": n.team,
                "reason": n.reason,
                "detail": n.detail,
                "blocked_by": n.blocked_by,
                "cycle": list(n.cycle),
                "effort_weeks": n.effort_weeks,
                **n.extras,
            }
            for n in result.not_selected
        ],
        "schedule": [
            {
                "id": s.id,
                "team": s.team,
                "status": s.status,
                "effort_weeks": s.effort_weeks,
                "start": _date(s.start),
                "finish": _date(s.finish),
                "deadline": _date(s.deadline),
                "start_week": s.start_week,
                "finish_week": s.finish_week,
                "deadline_week": s.deadline_week,
                "spill_over_weeks": s.spill_over_weeks,
                "carried_weeks": s.carried_weeks,
                "cost_of_delay": s.cost_of_delay,
                **s.extras,
            }
            for s in result.schedule
        ],
        "total_value": result.total_value,
        "total_cost_of_delay": result.total_cost_of_delay,
        "lower_bound_cost_of_delay": result.lower_bound_cost_of_delay,
        "optimal_total_value": result.optimal_value,
        "greedy_total_value": result.greedy_value,
        "cd3_cost_of_delay": result.cd3_cost_of_delay,
        "sequencing_rule": result.sequencing_rule,
        "solver": {
            "name": result.solver,
            "status": result.status,
            "gap": _finite(result.gap),
            "value_bound": result.value_bound,
        },
        "teams": [
            {
                "id": t.id,
                "capacity_weeks": t.capacity_weeks,
                "planned_weeks": t.planned_weeks,
                "committed_weeks": t.committed_weeks,
                "carried_weeks": t.carried_weeks,
                "utilization": t.utilization,
                "wip_limit": t.wip_limit,
            }
            for t in result.teams
        ],
        "debt_share": [{"team": t, "share": share} for t, share in result.debt_share],
        "pillar_share": [
            {"pillar": s.pillar, "share": s.share, "target": s.target} for s in result.pillar_share
        ],
        "not_scored": list(result.not_scored),
        "conflicts": [_conflict_json(c) for c in result.conflicts],
        "notes": list(result.notes),
    }


def render_json(result: PlanResult) -> str:
    return json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n"


# --- shared text -----------------------------------------------------------------


SPILL_HEAD = "Spill-over past the period's end"
SPILL_COLUMNS = ("initiative", "finishes", "weeks over", "person-weeks carried")


def _summary(result: PlanResult) -> list[str]:
    """The lines above the plan's tables: what was selected and how well (a line
    starting with two spaces belongs to the line above it: one spill-over each).

    It decides what a reader must be told before trusting the tables: how far the
    score-order cut line falls short of the optimum (only when it does), whether the
    solver stopped at its time limit (and with what gap), how far the delay cost may be
    above the optimum, which work spills past the period's end, the debt and pillar
    shares, and which initiatives count as 0 because the method cannot score them.
    """
    how = "optimal" if result.select == "optimal" else "greedy (score-order cut line)"
    lines = [
        f"Plan for {result.period} ({_span(result)}) by {result.method}, {how} selection",
        f"Selected {len(result.selected)} of "
        f"{plural(len(result.selected) + len(result.not_selected), 'initiative')}, "
        f"total value {_num(result.total_value)}",
    ]
    opt, greedy = result.optimal_value, result.greedy_value
    if opt is not None and abs(opt - greedy) > 1e-9 * max(1.0, abs(opt)):
        diff = opt - greedy
        share = fmt_pct(diff / greedy, 1) if greedy else "-"
        lines.append(
            f"Optimal selection {_num(opt)} vs score-order cut line {_num(greedy)} "
            f"({'+' if diff >= 0 else ''}{_num(diff)}, {share})"
        )
    elif opt is not None:
        lines.append("The score-order cut line selects the same total value")
    solver = SOLVER_TEXT.get(result.solver, result.solver)
    if result.select == "greedy":
        solver = f"score-order cut line (the optimum, for comparison: {solver})"
    if result.status == "feasible":
        gap = "unknown" if _finite(result.gap) is None else fmt_pct(result.gap, 2)
        solver += f"; time limit reached, best found, optimality gap {gap}"
    elif result.status == "greedy" and result.select == "optimal":
        solver += "; time limit reached before any solution, greedy used"
    lines.append(f"Selection: {solver}")
    lines.append(
        f"Delay cost {_num(result.total_cost_of_delay)} (lower bound "
        f"{_num(result.lower_bound_cost_of_delay)}; plain CD3 order "
        f"{_num(result.cd3_cost_of_delay)})"
    )
    if result.lower_bound_cost_of_delay > 0.0:
        above = result.total_cost_of_delay / result.lower_bound_cost_of_delay - 1.0
        if above > 1e-9:
            lines[-1] = lines[-1][:-1] + f"; at most {fmt_pct(above, 1)} above the optimum)"
    spills = [s for s in result.schedule if s.spill_over_weeks > 1e-9]
    if spills:
        end = result.end.isoformat() if result.end else f"week {_num(result.horizon_weeks, 1)}"
        lines.append(f"{SPILL_HEAD} ({end}): {plural(len(spills), 'initiative')}")
        lines += [
            f"  {s.id}: {plural(s.spill_over_weeks, 'week', digits=1)}, "
            f"{plural(s.carried_weeks, 'person-week', digits=1)} carried, "
            f"finishes {_date(s.finish)}"
            for s in spills
        ]
    shares = [f"{t} {fmt_pct(v)}" for t, v in result.debt_share if v is not None]
    if shares:
        lines.append("Debt share of selected effort: " + ", ".join(shares))
    pillars = [
        f"{p.pillar} {fmt_pct(p.share)}"
        + (f" (target {fmt_pct(p.target)})" if p.target is not None else "")
        for p in result.pillar_share
    ]
    if pillars:
        lines.append("Pillar share of funded effort: " + ", ".join(pillars))
    if result.not_scored:
        lines.append(
            f"Not scored by {result.method} (value counted as 0): {', '.join(result.not_scored)}"
        )
    lines.extend(f"Note: {n}" for n in result.notes)
    return lines


def _span(result: PlanResult) -> str:
    weeks = plural(result.horizon_weeks, "week", digits=1)
    if result.start is None or result.end is None:
        return weeks
    text = f"{result.start.isoformat()} to {result.end.isoformat()}, {weeks}"
    if result.as_of is not None and result.as_of > result.start:
        text += f"; as of {result.as_of.isoformat()}"
    return text


def _team_head(t: TeamLoad) -> str:
    if t.capacity_weeks is None:
        cap = f"{plural(t.planned_weeks, 'person-week', digits=1)} planned, no capacity recorded"
    else:
        cap = (
            f"{_num(t.planned_weeks, 1)} of {plural(t.capacity_weeks, 'person-week', digits=1)} "
            f"({fmt_pct(t.utilization) if t.utilization is not None else '-'})"
        )
    carried = (
        f" ({_num(t.carried_weeks, 1)} carried over from earlier work)"
        if t.carried_weeks > 1e-9
        else ""
    )
    return f"Team {t.id}: {cap}{carried}, WIP limit {t.wip_limit}"


def _name(id: str, titles: Mapping[str, str]) -> str:
    """``id — Title`` (just the id when it has no title, or the title is the id)."""
    title = titles.get(id, "")
    return f"{id} — {title}" if title and title != id else id


def _spills(s: Scheduled) -> bool:
    return s.spill_over_weeks > 1e-9


def _late(s: Scheduled) -> bool:
    return s.deadline_week is not None and s.finish_week > s.deadline_week + 1e-9


def _sched_rows(
    items: Sequence[Scheduled], titles: Mapping[str, str] | None = None
) -> list[list[str]]:
    return [
        [
            str(k),
            _name(s.id, titles or {}),
            s.status,
            _num(s.effort_weeks, 1),
            _date(s.start) or "-",
            (_date(s.finish) or "-") + (" >" if _spills(s) else ""),
            _date(s.deadline) or "-",
            _num(s.cost_of_delay),
        ]
        for k, s in enumerate(items, start=1)
    ]


SCHED_HEAD = ("#", "initiative", "status", "effort", "start", "finish", "due", "delay cost")
BELOW_HEAD = ("initiative", "effort", "reason", "detail")


def _below_rows(
    items: Sequence[NotSelected], titles: Mapping[str, str] | None = None
) -> list[list[str]]:
    return [[_name(n.id, titles or {}), _num(n.effort_weeks, 1), n.reason, n.detail] for n in items]


def _sched_style(items: Sequence[Scheduled]) -> Callable[[int, int], str]:
    """Status by colour (the word stays), spill-over yellow, a missed deadline red."""

    def style(r: int, c: int) -> str:
        s = items[r]
        if c == 2:
            return status_style(s.status)
        if c == 5 and _spills(s):
            return WARN
        if c == 6 and _late(s):
            return BAD
        return ""

    return style


def _below_style(items: Sequence[NotSelected]) -> Callable[[int, int], str]:
    def style(r: int, c: int) -> str:
        if c == 2:
            return BAD if items[r].reason == "cycle" else WARN
        return ""

    return style


def _grouped(
    result: PlanResult,
) -> list[tuple[TeamLoad, list[Scheduled], list[NotSelected]]]:
    sched: dict[str, list[Scheduled]] = {}
    for s in result.schedule:
        sched.setdefault(s.team, []).append(s)
    below: dict[str, list[NotSelected]] = {}
    for n in result.not_selected:
        below.setdefault(n.team, []).append(n)
    return [(t, sched.get(t.id, []), below.get(t.id, [])) for t in result.teams]


# --- table -----------------------------------------------------------------------


def render_table(
    result: PlanResult,
    *,
    titles: Mapping[str, str] | None = None,
    width: int | None = None,
    color: bool = False,
) -> str:
    """The plan as text: ``titles`` (id -> title) shown beside the ids; ``width``: fit
    that many columns without dropping one (``None``: one line a row); ``color``: ANSI
    colour for status, spill-over, missed deadlines and the cut line."""
    titles = titles or {}
    out: list[str] = []
    for line in _summary(result):
        if line.startswith("  "):
            continue  # a spill-over: the table below has them
        wrapped = wrap_text(line, width, "", "  ")
        if not line.startswith(SPILL_HEAD):
            out += wrapped
            continue
        out += [paint(x, WARN) for x in wrapped] if color else wrapped
        spills = [s for s in result.schedule if _spills(s)]
        rows = [
            [s.id, _date(s.finish) or "-", _num(s.spill_over_weeks, 1), _num(s.carried_weeks, 1)]
            for s in spills
        ]
        out.append(
            table(
                SPILL_COLUMNS,
                rows,
                align="lrrr",
                indent="  ",
                width=width,
                wrap_columns=(0,),
                main=0,
            )
        )
    for team, items, below in _grouped(result):
        out.append("")
        out += wrap_text(_team_head(team), width, "", "  ")
        if items:
            out.append(
                table(
                    SCHED_HEAD,
                    _sched_rows(items, titles),
                    align="rllrrrrr",
                    indent="  ",
                    width=width,
                    wrap_columns=(1,),
                    main=1,
                    style=_sched_style(items) if color else None,
                )
            )
        else:
            out.append("  (nothing selected)")
        if below:
            cut = "  -- cut line: below it --"
            out.append(paint(cut, WARN) if color else cut)
            out.append(
                table(
                    BELOW_HEAD,
                    _below_rows(below, titles),
                    align="lrll",
                    indent="  ",
                    width=width,
                    wrap_columns=(0, 3),
                    main=0,
                    style=_below_style(below) if color else None,
                )
            )
    out.append("")
    out.extend(_conflict_lines(result, width))
    return "\n".join(out) + "\n"


def _conflict_lines(result: PlanResult, width: int | None = None) -> list[str]:
    if not result.conflicts:
        return ["No conflicts."]
    lines = [f"Conflicts ({len(result.conflicts)}):"]
    for c in result.conflicts:
        loc = _loc(c)
        where = f"{loc}: " if loc else ""
        lines += wrap_text(f"{where}{c.message} ({c.name})", width, "  ", "    ")
    return lines


# --- Markdown --------------------------------------------------------------------


def _md_table(head: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> list[str]:
    marks = {"l": "---", "r": "---:"}
    lines = [
        "| " + " | ".join(cell(h) for h in head) + " |",
        "|" + "|".join(marks[a] for a in align) + "|",
    ]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def render_markdown(result: PlanResult) -> str:
    head, *rest = _summary(result)
    out = [f"# {head}", ""]
    out += [f"  - {line[2:]}" if line.startswith("  ") else f"- {line}" for line in rest]
    for team, items, below in _grouped(result):
        out += ["", f"## {_team_head(team)}", ""]
        if items:
            out += _md_table(SCHED_HEAD, _sched_rows(items), "rllrrrrr")
        else:
            out.append("Nothing selected.")
        if below:
            out += ["", "Below the cut line:", ""]
            out += _md_table(BELOW_HEAD, _below_rows(below), "lrll")
    out += ["", "## Conflicts", ""]
    if not result.conflicts:
        out.append("No conflicts.")
    else:
        rows = [
            [c.name, Code(loc) if (loc := _loc(c)) else "-", c.message] for c in result.conflicts
        ]
        out += _md_table(("conflict", "where", "message"), rows, "lll")
    return "\n".join(out) + "\n"


RENDERERS: dict[str, Callable[[PlanResult], str]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}


def render(
    result: PlanResult,
    fmt: str,
    *,
    titles: Mapping[str, str] | None = None,
    width: int | None = None,
    color: bool = False,
) -> str:
    """Render ``result`` as ``fmt`` (each conflict carries where it is reported);
    ``titles``, ``width`` and ``color`` apply to the table."""
    if fmt == "table":
        return render_table(result, titles=titles, width=width, color=color)
    return RENDERERS[fmt](result)
