"""``--format github``: GitHub Actions workflow commands, one annotation a finding.

``::error file=F,line=L,col=C,title=T::message``. Plan text is escaped as the runner
expects (``%``, CR and LF everywhere; also ``:`` and ``,`` in properties), so a title
or message in the plan cannot end the command early or inject another one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okrkit.checks import CheckReport, Finding

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    loc = f.location
    props = ",".join(
        [
            f"file={escape_property(loc.file)}",
            f"line={loc.line}",
            f"col={loc.column}",
            f"title={escape_property(f'{f.code} {f.name}')}",
        ]
    )
    return f"::{LEVELS[f.severity]} {props}::{escape_data(f.message)}"


def render(report: CheckReport) -> str:
    return "".join(annotation(f) + "\n" for f in report.findings)
