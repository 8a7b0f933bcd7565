"""``--format json``: the documented, stable JSON form.

```json
{"findings": [{"code", "name", "severity", "message", "file", "line", "column",
               "subject"}],
 "summary": {"error": n, "warning": n, "info": n},
 "baseline": {"base", "loaded", "problems", "unchanged": [...], "absent": [...]}}
```

``baseline`` is there only with ``--baseline BASE``: ``findings`` then holds only the new
findings, ``unchanged`` those BASE had too and ``absent`` those of BASE that are gone;
``loaded`` is false when the plan at BASE did not load (``problems`` loading problems):
then every finding counts as new.

``subject`` is the id of the plan element (``null`` for loading problems). Keys may be
added in later versions, never removed or renamed.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okrkit.checks import CheckReport, Finding


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
    }


def data(report: CheckReport) -> dict[str, Any]:
    out = _data(report)
    if report.baseline is not None:
        b = report.baseline
        out["baseline"] = {
            "base": b.label,
            "loaded": b.loaded,
            "problems": b.problems,
            "unchanged": [_finding(f) for f in b.unchanged],
            "absent": [_finding(f) for f in b.absent],
        }
    return out


def _data(report: CheckReport) -> dict[str, Any]:
    return {
        "findings": [_finding(f) for f in report.findings],
        "summary": report.counts,
    }


def render(report: CheckReport) -> str:
    return json.dumps(data(report), indent=2, ensure_ascii=False) + "\n"
