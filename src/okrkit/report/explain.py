"""Reporters for ``okrkit explain``: text and JSON (pure ``render``).

The text fits a ``width`` when one is given (a terminal, or ``COLUMNS``): long lines wrap
with an indented continuation, and the inputs and sensitivity tables wrap their cells or
change layout (:func:`okrkit.report.text.table`); nothing is dropped or cut.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from okrkit.fmt import fmt_num, fmt_pct
from okrkit.report.text import table, table_fits, wrap_text
from okrkit.scoring.explain import Explanation, InputLine, Link, Shift
from okrkit.scoring.ranking import LIVE_STATUSES, TIE_RULE

FORMATS: tuple[str, ...] = ("text", "json")


def _value(line: InputLine) -> str:
    if isinstance(line.value, str):
        return line.value
    text = fmt_num(line.value, 4)
    if line.low is not None and line.high is not None:
        if line.likely is not None:
            low, likely, high = (fmt_num(v, 4) for v in (line.low, line.likely, line.high))
            rng = f"likely of {low}..{likely}..{high}"
        else:
            rng = f"midpoint of {fmt_num(line.low, 4)}..{fmt_num(line.high, 4)}"
        text += f" ({rng})"
        if line.percentiles is not None:
            p5, p50, p95 = (fmt_num(v, 4) for v in line.percentiles)
            text += f"; {line.distribution} P5 {p5}, P50 {p50}, P95 {p95}"
    return text


def _link(link: Link) -> str:
    title = link.title if link.title is not None else "(not in the plan)"
    return f"{link.id}: {title}"


def _shift(shift: Shift | None, note: str | None, direction: str) -> str:
    if shift is None:
        return note or "-"
    if shift.tied:
        return f"any {direction} score (tied with {shift.neighbour})"
    change = (
        ""
        if shift.change is None
        else f" ({'+' if shift.change >= 0 else ''}{fmt_pct(shift.change, 1)})"
    )
    text = f"{fmt_num(shift.value, 4)}{change} vs {shift.neighbour}"
    if note:
        text += f"; {note}"
    return text


def _owner_and_links(e: Explanation) -> list[str]:
    """Owner and tags under the header, then the links (none of them: nothing)."""
    out: list[str] = []
    owner, tags = e.extras.get("owner"), e.extras.get("tags")
    if owner or tags:
        who = [f"owner {owner}"] if owner else []
        out.append("  " + ", ".join(who + ([f"tags {', '.join(tags)}"] if tags else [])))
    links = e.extras.get("links") or []
    if links:
        out += ["", "Links"]
        out += [
            f"  {link['title']}: {link['url']}" if link["title"] else f"  {link['url']}"
            for link in links
        ]
    return out


def _lines(text: str, width: int | None, indent: str = "  ", more: str = "    ") -> list[str]:
    """``text`` after ``indent``, wrapped to ``width`` with ``more`` before the
    continuation lines (one line when ``width`` is ``None``)."""
    return wrap_text(text, width, indent, more)


def _score_lines(e: Explanation, width: int | None) -> list[str]:
    """Each method: its formula, the numbers put in, the score and the rank."""
    out = ["", "Scores"]
    if e.status not in LIVE_STATUSES:
        out += _lines(
            f"ranked among the open work ({', '.join(LIVE_STATUSES)}) as if it were still"
            f" open: its status is {e.status}",
            width,
        )
    for m in e.methods:
        extra = ""
        if m.settings and "ice" in m.settings:
            extra = f" [ice combination: {m.settings['ice']}]"
        elif m.settings and m.settings.get("normalize"):
            extra = " [normalized]"
        out += _lines(f"{m.method}{extra}: {m.formula}", width)
        if m.score is None:
            why = "missing " + ", ".join(m.missing) if m.missing else (m.reason or "")
            out += _lines(f"not scored: {why}", width, "    ", "      ")
            continue
        out += _lines(f"= {m.substituted} = {fmt_num(m.score)}", width, "    ", "      ")
        parts = [f"rank {m.rank} of {m.of}"]
        if m.size is not None:
            parts.append(f"value {fmt_num(m.value)}, size {fmt_num(m.size)}")
        out += _lines("; ".join(parts), width, "    ", "      ")

    return out


def _sensitivity_lines(e: Explanation, width: int | None) -> list[str]:
    """How far each input must move to change the rank by one place."""
    out = ["", f"Sensitivity ({e.sensitivity_method})"]
    s = e.sensitivity
    if s is None:
        out += _lines(f"not scored by {e.sensitivity_method}, so it has no rank to change", width)
    else:
        how = "solved exactly" if s.solved == "exact" else "solved numerically"
        out += _lines(
            f"rank {s.rank} of {s.of}. Each cell is the value at which its score equals the"
            f" neighbour's one place up or down; beyond it the rank changes ({how}).",
            width,
            more="  ",
        )
        rows = [
            [
                line.name,
                fmt_num(line.value, 4),
                _shift(line.up, line.note_up, "higher"),
                _shift(line.down, line.note_down, "lower"),
            ]
            for line in s.lines
        ]
        out.append(
            table(
                ["input", "now", "up one place", "down one place"],
                rows,
                indent="  ",
                width=width,
                wrap_columns=(2, 3),
                main=0,
            )
        )
    return out


def render_text(e: Explanation, width: int | None = None) -> str:
    """The explanation as text; with a ``width`` no line is wider (see the module)."""
    out = _lines(f"{e.id}: {e.title}", width, "", "  ")
    out += _lines(f"defined at {e.location}", width)
    meta = f"team {e.team}, kind {e.kind}, status {e.status}"
    if e.period:
        meta += f", period {e.period}"
    out += _lines(meta, width)
    out += [x for line in _owner_and_links(e) for x in _lines(line, width, "", "    ")]

    out += ["", "Inputs"]
    if e.inputs:
        rows = [
            [i.name, _value(i), str(i.location) + (f" ({i.note})" if i.note else "")]
            for i in e.inputs
        ]
        headers = ["input", "value", "from"]
        # a file:line:col stays whole while wrapping the values alone is enough
        wrapped = (
            (1,)
            if table_fits(headers, rows, width=width, indent="  ", wrap_columns=(1,))
            else (1, 2)
        )
        out.append(table(headers, rows, indent="  ", width=width, wrap_columns=wrapped, main=0))
    else:
        out.append("  (none)")

    out += _score_lines(e, width)
    out += ["", "Serves"]
    if e.key_results:
        for kr in e.key_results:
            line = _link(kr)
            if kr.parent_id:
                line += f" (objective {kr.parent_id}: {kr.parent_title})"
            out += _lines(line, width)
    else:
        out.append("  no key result")

    out += ["", "Depends on"]
    out += [x for d in e.depends_on for x in _lines(_link(d), width)] or ["  nothing"]
    out += ["", "Waiting on it"]
    out += [x for d in e.dependents for x in _lines(_link(d), width)] or ["  nothing"]

    out += _sensitivity_lines(e, width)
    out += ["", *_lines(f"Ties: {TIE_RULE}", width, "", "  ")]
    return "\n".join(out) + "\n"


def _shift_json(shift: Shift | None, note: str | None) -> dict[str, Any] | None:
    if shift is None:
        return (
            None
            if note is None
            else {"value": None, "change": None, "neighbour": None, "note": note}
        )
    return {
        "value": shift.value,
        "change": shift.change,
        "neighbour": shift.neighbour,
        "note": note,
    }


def explain_json(e: Explanation) -> dict[str, Any]:
    """The JSON object of ``okrkit explain --format json``: the same facts as the text, in
    the same order, with numbers as computed (the text rounds them for reading)."""
    s = e.sensitivity
    return {
        "id": e.id,
        "title": e.title,
        "team": e.team,
        "kind": e.kind,
        "status": e.status,
        "period": e.period,
        "location": str(e.location),
        "inputs": [
            {
                "name": i.name,
                "value": i.value,
                "low": i.low,
                "likely": i.likely,
                "high": i.high,
                "location": str(i.location),
                "note": i.note,
                "distribution": i.distribution,
                "percentiles": (
                    None
                    if i.percentiles is None
                    else dict(zip(("p5", "p50", "p95"), i.percentiles, strict=True))
                ),
            }
            for i in e.inputs
        ],
        "scores": [
            {
                "method": m.method,
                "formula": m.formula,
                "settings": m.settings or {},
                "substituted": m.substituted,
                "score": m.score,
                "value": m.value,
                "size": m.size,
                "rank": m.rank,
                "of": m.of,
                "missing": m.missing,
                "reason": m.reason,
            }
            for m in e.methods
        ],
        "key_results": [
            {
                "id": k.id,
                "title": k.title,
                "objective": None
                if k.parent_id is None
                else {"id": k.parent_id, "title": k.parent_title},
            }
            for k in e.key_results
        ],
        "depends_on": [{"id": d.id, "title": d.title} for d in e.depends_on],
        "dependents": [{"id": d.id, "title": d.title} for d in e.dependents],
        "sensitivity": {
            "method": e.sensitivity_method,
            "rank": s.rank if s else None,
            "of": s.of if s else None,
            "solved": s.solved if s else None,
            "inputs": [
                {
                    "name": line.name,
                    "value": line.value,
                    "up": _shift_json(line.up, line.note_up),
                    "down": _shift_json(line.down, line.note_down),
                }
                for line in (s.lines if s else [])
            ],
        },
        "tie_rule": TIE_RULE,
        **e.extras,
    }


def render_json(e: Explanation) -> str:
    return json.dumps(explain_json(e), indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[Explanation], str]] = {"text": render_text, "json": render_json}


def render(explanation: Explanation, format: str, width: int | None = None) -> str:
    """``explanation`` as ``format``; ``width`` (text only) is the widest a line may be."""
    if format == "text":
        return render_text(explanation, width)
    return RENDERERS[format](explanation)
