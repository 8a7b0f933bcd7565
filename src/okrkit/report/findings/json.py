"""``--format json``: the documented, stable JSON form.

```json
{"findings": [{"code", "name", "severity", "message", "file", "line", "column",
               "subject"}],
 "summary": {"error": n, "warning": n, "info": n}}
```

``subject`` is the id of the plan element (``null`` for loading problems). Keys may be
added in later versions, never removed or renamed.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from okrkit.checks import CheckReport


def data(report: CheckReport) -> dict[str, Any]:
    return {
        "findings": [
            {
                "code": f.code,
                "name": f.name,
                "severity": f.severity,
                "message": f.message,
                "file": f.location.file,
                "line": f.location.line,
                "column": f.location.column,
                "subject": f.subject,
            }
            for f in report.findings
        ],
        "summary": report.counts,
    }


def render(report: CheckReport) -> str:
    return json.dumps(data(report), indent=2, ensure_ascii=False) + "\n"
