"""Reporters for ``okrkit checkin``: the confirmation as text or JSON (pure ``render``).

The recorded value is shown exactly as it was written into the file, and the key
result's progress in the same form ``okrkit status`` uses, so the two never disagree.
"""

from __future__ import annotations

import json
from typing import Any

from okrkit.edit.checkin import CheckinResult, format_number
from okrkit.fmt import fmt_num, fmt_pct
from okrkit.model.plan import Checkin
from okrkit.progress import KrStatus
from okrkit.report.status import kr_json, status_text

FORMATS: tuple[str, ...] = ("text", "json")


def render_text(result: CheckinResult, entry: Checkin, kr: KrStatus) -> str:
    day = entry.date.isoformat()
    return (
        f"{result.file}:{result.line}: recorded {kr.id} = {format_number(entry.value)} on {day}\n"
        f"{kr.id} as of {day}: progress {fmt_pct(kr.progress)}, grade {fmt_num(kr.grade)}, "
        f"expected {fmt_pct(kr.expected)}, {status_text(kr.status, kr.reason)}, "
        f"confidence {fmt_num(kr.confidence)}\n"
    )


def to_json_data(result: CheckinResult, entry: Checkin, kr: KrStatus) -> dict[str, Any]:
    """The documented JSON structure (docs/commands/checkin.md)."""
    return {
        "file": result.file,
        "line": result.line,
        "checkin": {
            "date": entry.date.isoformat(),
            "value": entry.value,
            "confidence": entry.confidence,
            "note": entry.note,
        },
        "as_of": entry.date.isoformat(),
        "key_result": kr_json(kr),
    }


def render_json(result: CheckinResult, entry: Checkin, kr: KrStatus) -> str:
    return json.dumps(to_json_data(result, entry, kr), indent=2, ensure_ascii=False) + "\n"


def render(result: CheckinResult, entry: Checkin, kr: KrStatus, format: str = "text") -> str:
    if format == "json":
        return render_json(result, entry, kr)
    return render_text(result, entry, kr)
