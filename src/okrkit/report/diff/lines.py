"""The words of ``okrkit diff``: every change as one sentence, shared by the text and
Markdown reporters (so the two never word a change differently)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from okrkit.fmt import fmt_num, fmt_pct, plural

if TYPE_CHECKING:
    from okrkit.checks.result import Finding
    from okrkit.diff import (
        CapacityChange,
        EdgeChange,
        FieldChange,
        KeyResultChange,
        PlanDiff,
        RankMove,
        SelectionChange,
        ShareChange,
    )

ARROW = "→"
KIND_NAMES = {"key-result": "key result"}


def value(v: Any) -> str:
    """A field value for display: numbers rounded, lists joined, unset shown as such."""
    if v is None:
        return "(unset)"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, (int, float)):
        return fmt_num(v)
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return json.dumps(v, sort_keys=True, ensure_ascii=False)
    text = " ".join(str(v).split())
    return text if len(text) <= 80 else text[:79] + "…"


def field_change(fc: FieldChange) -> str:
    return f"{fc.field}: {value(fc.before)} {ARROW} {value(fc.after)}"


TALLY: tuple[tuple[str, str, str], ...] = (
    ("added", "added", "added"),
    ("removed", "removed", "removed"),
    ("changed", "changed", "changed"),
    ("rank_moves", "rank move", "rank moves"),
    ("fell_below", "fell below a cut line", "fell below a cut line"),
    ("rose_above", "rose above a cut line", "rose above a cut line"),
    ("schedule_moves", "finish date moved", "finish dates moved"),
    ("new_deadline_misses", "new deadline miss", "new deadline misses"),
    ("key_results", "key-result change", "key-result changes"),
    ("dependencies", "dependency change", "dependency changes"),
    ("new_cycles", "new cycle", "new cycles"),
    ("capacity", "capacity change", "capacity changes"),
    ("shares", "share change", "share changes"),
    ("new_findings", "new finding", "new findings"),
    ("fixed_findings", "fixed finding", "fixed findings"),
)


def tally(diff: PlanDiff) -> str:
    """One line: every non-zero count, or that nothing differs."""
    parts = [plural(diff.tally[key], one, many) for key, one, many in TALLY if diff.tally.get(key)]
    if not parts:
        return "No difference."
    return ", ".join(parts) + "."


def heading(diff: PlanDiff) -> str:
    methods = ", ".join(diff.methods)
    return (
        f"okrkit diff {diff.base} {ARROW} {diff.head} "
        f"(as of {diff.as_of.isoformat()}, ranked by {methods})"
    )


def element_title(kind: str, ident: str, title: str | None) -> str:
    name = KIND_NAMES.get(kind, kind)
    if kind in ("vision", "settings"):
        return name
    return f"{name} {ident}" + (f" ({title})" if title else "")


def rank_move(m: RankMove) -> str:
    head = f"{m.id} {m.before} {ARROW} {m.after}"
    if m.cause == "own":
        inputs = "; ".join(field_change(fc) for fc in m.inputs)
        return f"{head}: its own inputs changed" + (f" ({inputs})" if inputs else "")
    names = ", ".join(m.others)
    more = m.others_count - len(m.others)
    if more > 0:
        names += f" and {more} more"
    return (
        f"{head}: moved because others changed: {names}"
        if names
        else (f"{head}: moved because others changed")
    )


def arrow_of(m: RankMove) -> str:
    return f"↑{m.delta}" if m.delta > 0 else f"↓{-m.delta}"


GROUP_AT = 3
"""Runs of at least this many moves with the same cause and shift share one line."""


def rank_lines(moves: Sequence[RankMove]) -> list[str]:
    """One line a move; consecutive moves "because others changed" by the same shift and
    the same causes share one line (a single change above can shift hundreds by one)."""
    out: list[str] = []
    k = 0
    while k < len(moves):
        m = moves[k]
        key = (m.cause, m.delta, m.others, m.others_count)
        j = k
        while (
            j < len(moves)
            and (
                moves[j].cause,
                moves[j].delta,
                moves[j].others,
                moves[j].others_count,
            )
            == key
        ):
            j += 1
        run = moves[k:j] if m.cause == "others" else moves[k : k + 1]
        if len(run) >= GROUP_AT:
            first, last = run[0], run[-1]
            names = ", ".join(x.id for x in run[:3])
            more = f" and {len(run) - 3} more" if len(run) > 3 else ""
            span = f"{first.before}-{last.before} {ARROW} {first.after}-{last.after}"
            cause = rank_move(first).split(": ", 1)[1]
            out.append(
                f"{arrow_of(first)} {plural(len(run), 'initiative')} ({names}{more}), "
                f"{span}: {cause}"
            )
            k = j
        else:
            out.append(f"{arrow_of(m)} {rank_move(m)}")
            k += 1
    return out


REASONS = {
    "capacity": "capacity",
    "dependency": "dependency",
    "no-estimate": "no estimate",
    "not-scored": "not scored",
    "no-value": "no value",
    "cycle": "cycle",
}


def selection(s: SelectionChange) -> str:
    reason = REASONS.get(s.reason or "", s.reason or "")
    why = f"{reason}: {s.detail}" if reason and s.detail else (reason or s.detail)
    own = "; ".join(field_change(fc) for fc in s.own)
    if s.change == "fell-below":
        text = f"{s.id} fell below the {s.period} cut line ({why})"
        if own:
            text += f"; its own changes: {own}"
    else:
        text = f"{s.id} rose above the {s.period} cut line (was below it: {why})"
        if own:
            text += f"; its own changes: {own}"
    return text


def weeks(days: int) -> str:
    w = days / 7.0
    sign = "+" if w > 0 else ""
    return f"{sign}{fmt_num(w, 1)} {'week' if abs(w) == 1 else 'weeks'}"


def key_result(k: KeyResultChange) -> str:
    if k.change == "removed":
        return f"{k.id} removed from the committed objective {k.objective}"
    what = "baseline" if k.change == "baseline-rewritten" else "target"
    text = f"{k.id} ({k.objective}): {what} {value(k.before)} {ARROW} {value(k.after)}"
    if k.change == "baseline-rewritten":
        return text + ": baseline rewritten"
    if k.change == "target-changed":
        return text + (f" ({k.direction})" if k.direction else "")
    return text + f": {k.change} ({k.direction})"


def edge(e: EdgeChange) -> str:
    text = f"{e.dependent} depends on {e.dependency}"
    if e.change == "added" and e.cross_team:
        text += f" (new cross-team: team {e.dependent_team} waits on team {e.dependency_team})"
    return text


def cycle(c: Sequence[str]) -> str:
    return f" {ARROW} ".join([*c, c[0]])


WEEKS_DIGITS = 1
"""Person-weeks and shares show with ``okrkit plan``'s precision (one decimal of a week, a
whole percent), so a figure both commands print reads the same in both."""

MORE_DIGITS = 3
"""How many digits beyond that a change may add when it would be invisible otherwise."""


def pair(
    before: float | None,
    after: float | None,
    fmt: Callable[[float, int], str],
    digits: int,
    none: str = "(none)",
) -> tuple[str, str]:
    """``before`` and ``after`` formatted as ``okrkit plan`` formats them (``digits``); when
    they differ but would print the same (15% → 15%), one more digit, only then, until the
    change shows. ``None`` is ``none``."""
    for d in range(digits, digits + MORE_DIGITS + 1):
        a = none if before is None else fmt(before, d)
        b = none if after is None else fmt(after, d)
        if a != b or before == after:
            break
    return a, b


def capacity(c: CapacityChange) -> str:
    parts = []
    if c.capacity_before != c.capacity_after:
        a, b = pair(c.capacity_before, c.capacity_after, fmt_num, WEEKS_DIGITS, "(unset)")
        parts.append(f"capacity {a} {ARROW} {b}")
    if c.planned_before != c.planned_after:
        a, b = pair(c.planned_before, c.planned_after, fmt_num, WEEKS_DIGITS, "(unset)")
        parts.append(f"planned {a} {ARROW} {b}")
    return f"team {c.team}, {c.period}: " + "; ".join(parts) + " person-weeks"


def share(s: ShareChange) -> str:
    a, b = pair(s.before, s.after, fmt_pct, 0)
    if s.kind == "pillar":
        target = f" (target {fmt_pct(s.target)})" if s.target is not None else ""
        return f"pillar {s.id}, {s.period}: {a} {ARROW} {b} of the funded effort{target}"
    return f"debt, team {s.id}, {s.period}: {a} {ARROW} {b} of its selected effort"


def finding(f: Finding) -> str:
    loc = f.location
    return f"{loc.file}:{loc.line}:{loc.column}: {f.code} [{f.severity}] {f.message} ({f.name})"


@dataclass(frozen=True)
class Section:
    """A titled group of lines; a line may carry indented detail lines."""

    key: str
    title: str
    items: tuple[tuple[str, tuple[str, ...]], ...]


def sections(diff: PlanDiff) -> list[Section]:
    """Every non-empty section of the report, in a fixed order."""
    out: list[Section] = []
    t = diff.tally
    if diff.elements:
        items = []
        for e in diff.elements:
            sign = {"added": "+", "removed": "-", "changed": "~"}[e.change]
            items.append(
                (
                    f"{sign} {element_title(e.kind, e.id, e.title)}",
                    tuple(field_change(fc) for fc in e.fields),
                )
            )
        counts = ", ".join(f"{t[k]} {k}" for k in ("added", "removed", "changed") if t.get(k))
        out.append(Section("elements", f"Elements ({counts})", tuple(items)))
    for method in diff.methods:
        moves = [m for m in diff.rank_moves if m.method == method]
        if moves:
            out.append(
                Section(
                    "rank_moves",
                    f"Rank moves by {method} ({len(moves)})",
                    tuple((line, ()) for line in rank_lines(moves)),
                )
            )
    if diff.selection:
        counts = ", ".join(
            f"{t[k]} {w}"
            for k, w in (("fell_below", "fell below"), ("rose_above", "rose above"))
            if t.get(k)
        )
        out.append(
            Section(
                "selection",
                f"Selection ({counts})",
                tuple(
                    (("- " if s.change == "fell-below" else "+ ") + selection(s), ())
                    for s in diff.selection
                ),
            )
        )
    if diff.schedule or diff.deadline_misses:
        items = [
            (
                f"{s.id} ({s.period}) finishes {s.finish_before.isoformat()} {ARROW} "
                f"{s.finish_after.isoformat()} ({weeks(s.days)})",
                (),
            )
            for s in diff.schedule
        ]
        items += [
            (
                f"new deadline miss: {m.id} ({m.period}) finishes {m.finish.isoformat()}, "
                f"after its deadline {m.deadline.isoformat()}",
                (),
            )
            for m in diff.deadline_misses
        ]
        out.append(Section("schedule", f"Schedule ({len(items)})", tuple(items)))
    if diff.key_results:
        out.append(
            Section(
                "key_results",
                f"Key results ({len(diff.key_results)})",
                tuple((key_result(k), ()) for k in diff.key_results),
            )
        )
    if diff.dependencies or diff.new_cycles:
        items = [(("+ " if e.change == "added" else "- ") + edge(e), ()) for e in diff.dependencies]
        items += [(f"new cycle: {cycle(c)}", ()) for c in diff.new_cycles]
        out.append(Section("dependencies", f"Dependencies ({len(items)})", tuple(items)))
    if diff.capacity:
        out.append(
            Section(
                "capacity",
                f"Capacity ({len(diff.capacity)})",
                tuple((capacity(c), ()) for c in diff.capacity),
            )
        )
    if diff.shares:
        out.append(
            Section(
                "shares",
                f"Shares ({len(diff.shares)})",
                tuple((share(s), ()) for s in diff.shares),
            )
        )
    if diff.new_findings or diff.fixed_findings:
        items = [(f"+ {finding(f)}", ()) for f in diff.new_findings]
        items += [(f"- {finding(f)} [fixed]", ()) for f in diff.fixed_findings]
        counts = ", ".join(
            x
            for x in (
                f"{len(diff.new_findings)} new" if diff.new_findings else "",
                f"{len(diff.fixed_findings)} fixed" if diff.fixed_findings else "",
                f"{diff.unchanged_findings} unchanged" if diff.unchanged_findings else "",
            )
            if x
        )
        out.append(Section("findings", f"Findings ({counts})", tuple(items)))
    return out
