"""Reporters for ``okrkit explain``: text and JSON (pure ``render``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from okrkit.fmt import fmt_num, fmt_pct
from okrkit.report.text import table
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


def _score_lines(e: Explanation) -> list[str]:
    """Each method: its formula, the numbers put in, the score and the rank."""
    out = ["", "Scores"]
    if e.status not in LIVE_STATUSES:
        out.append(
            f"  ranked among the open work ({', '.join(LIVE_STATUSES)}) as if it were still"
            f" open: its status is {e.status}"
        )
    for m in e.methods:
        extra = ""
        if m.settings and "ice" in m.settings:
            extra = f" [ice combination: {m.settings['ice']}]"
        elif m.settings and m.settings.get("normalize"):
            extra = " [normalized]"
        out.append(f"  {m.method}{extra}: {m.formula}")
        if m.score is None:
            why = "missing " + ", ".join(m.missing) if m.missing else (m.reason or "")
            out.append(f"    not scored: {why}")
            continue
        out.append(f"    = {m.substituted} = {fmt_num(m.score)}")
        parts = [f"rank {m.rank} of {m.of}"]
        if m.size is not None:
            parts.append(f"value {fmt_num(m.value)}, size {fmt_num(m.size)}")
        out.append("    " + "; ".join(parts))

    return out


def _sensitivity_lines(e: Explanation) -> list[str]:
    """How far each input must move to change the rank by one place."""
    out = ["", f"Sensitivity ({e.sensitivity_method})"]
    s = e.sensitivity
    if s is None:
        out.append(f"  not scored by {e.sensitivity_method}, so it has no rank to change")
    else:
        how = "solved exactly" if s.solved == "exact" else "solved numerically"
        out.append(
            f"  rank {s.rank} of {s.of}. Each cell is the value at which its score equals the"
            f" neighbour's one place up or down; beyond it the rank changes ({how})."
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
        out.append(table(["input", "now", "up one place", "down one place"], rows, indent="  "))
    return out


def render_text(e: Explanation) -> str:
    out = [f"{e.id}: {e.title}", f"  defined at {e.location}"]
    meta = f"  team {e.team}, kind {e.kind}, status {e.status}"
    if e.period:
        meta += f", period {e.period}"
    out.append(meta)
    out += _owner_and_links(e)

    out += ["", "Inputs"]
    if e.inputs:
        rows = [
            [i.name, _value(i), str(i.location) + (f" ({i.note})" if i.note else "")]
            for i in e.inputs
        ]
        out.append(table(["input", "value", "from"], rows, indent="  "))
    else:
        out.append("  (none)")

    out += _score_lines(e)
    out += ["", "Serves"]
    if e.key_results:
        for kr in e.key_results:
            line = f"  {_link(kr)}"
            if kr.parent_id:
                line += f" (objective {kr.parent_id}: {kr.parent_title})"
            out.append(line)
    else:
        out.append("  no key result")

    out += ["", "Depends on"]
    out += [f"  {_link(d)}" for d in e.depends_on] or ["  nothing"]
    out += ["", "Waiting on it"]
    out += [f"  {_link(d)}" for d in e.dependents] or ["  nothing"]

    out += _sensitivity_lines(e)
    out += ["", f"Ties: {TIE_RULE}"]
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


def render(explanation: Explanation, format: str) -> str:
    return RENDERERS[format](explanation)
