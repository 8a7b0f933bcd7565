"""``--format json``: the documented, stable JSON form of a :class:`~okrkit.diff.PlanDiff`.

Top-level keys: ``base``, ``head``, ``as_of``, ``methods``, ``empty``, ``tally``,
``elements``, ``rank_moves``, ``selection``, ``schedule``, ``deadline_misses``,
``key_results``, ``dependencies``, ``new_cycles``, ``capacity``, ``shares``,
``findings`` (``new``, ``fixed``, ``unchanged``). Dates are ISO strings. Keys may be
added in later versions, never removed or renamed (see docs/commands/diff.md).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from okrkit.checks.baseline import fingerprint

if TYPE_CHECKING:
    from okrkit.checks.result import Finding
    from okrkit.diff import PlanDiff


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "file": f.location.file,
        "line": f.location.line,
        "column": f.location.column,
        "subject": f.subject,
        "fingerprint": fingerprint(f),
    }


def _fields(fields: Any) -> list[dict[str, Any]]:
    return [{"field": fc.field, "before": fc.before, "after": fc.after} for fc in fields]


def data(diff: PlanDiff) -> dict[str, Any]:
    """The JSON object of a :class:`~okrkit.diff.PlanDiff`, one key per part of the diff.

    It decides nothing about the diff itself (that is :mod:`okrkit.diff`'s job): it
    spells each part as plain data, in the diff's own order, with a finding's
    fingerprint so a program can match findings across runs. One literal mapping so the
    documented shape (module docstring, ``docs/commands/diff.md``) reads top to bottom.
    """
    return {
        "base": diff.base,
        "head": diff.head,
        "as_of": diff.as_of.isoformat(),
        "methods": list(diff.methods),
        "empty": diff.empty,
        "tally": dict(diff.tally),
        "elements": [
            {
                "kind": e.kind,
                "id": e.id,
                "change": e.change,
                "title": e.title,
                "fields": _fields(e.fields),
            }
            for e in diff.elements
        ],
        "rank_moves": [
            {
                "method": m.method,
                "id": m.id,
                "before": m.before,
                "after": m.after,
                "cause": m.cause,
                "inputs": _fields(m.inputs),
                "others": list(m.others),
                "others_count": m.others_count,
            }
            for m in diff.rank_moves
        ],
        "selection": [
            {
                "id": s.id,
                "period": s.period,
                "change": s.change,
                "reason": s.reason,
                "detail": s.detail,
                "own": _fields(s.own),
            }
            for s in diff.selection
        ],
        "schedule": [
            {
                "id": s.id,
                "period": s.period,
                "finish_before": s.finish_before.isoformat(),
                "finish_after": s.finish_after.isoformat(),
                "days": s.days,
            }
            for s in diff.schedule
        ],
        "deadline_misses": [
            {
                "id": m.id,
                "period": m.period,
                "finish": m.finish.isoformat(),
                "deadline": m.deadline.isoformat(),
            }
            for m in diff.deadline_misses
        ],
        "key_results": [
            {
                "id": k.id,
                "objective": k.objective,
                "change": k.change,
                "direction": k.direction,
                "before": k.before,
                "after": k.after,
            }
            for k in diff.key_results
        ],
        "dependencies": [
            {
                "dependent": e.dependent,
                "dependency": e.dependency,
                "change": e.change,
                "dependent_team": e.dependent_team,
                "dependency_team": e.dependency_team,
                "cross_team": e.cross_team,
            }
            for e in diff.dependencies
        ],
        "new_cycles": [list(c) for c in diff.new_cycles],
        "capacity": [
            {
                "team": c.team,
                "period": c.period,
                "capacity_before": c.capacity_before,
                "capacity_after": c.capacity_after,
                "planned_before": c.planned_before,
                "planned_after": c.planned_after,
            }
            for c in diff.capacity
        ],
        "shares": [
            {
                "kind": s.kind,
                "id": s.id,
                "period": s.period,
                "before": s.before,
                "after": s.after,
                "target": s.target,
            }
            for s in diff.shares
        ],
        "findings": {
            "new": [_finding(f) for f in diff.new_findings],
            "fixed": [_finding(f) for f in diff.fixed_findings],
            "unchanged": diff.unchanged_findings,
        },
    }


def render(diff: PlanDiff) -> str:
    return json.dumps(data(diff), indent=2, ensure_ascii=False) + "\n"
