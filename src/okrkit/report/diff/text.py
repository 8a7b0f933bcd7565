"""``--format text``: one section per kind of change, ``+``/``-``/``~`` marks, a tally
at the end (as ``terraform plan`` does)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrkit.report.diff.lines import heading, sections, tally

if TYPE_CHECKING:
    from okrkit.diff import PlanDiff


def render(diff: PlanDiff) -> str:
    out = [heading(diff), ""]
    for section in sections(diff):
        out.append(section.title)
        for line, details in section.items:
            out.append(f"  {line}")
            out.extend(f"      {d}" for d in details)
        out.append("")
    out.append(tally(diff))
    return "\n".join(out) + "\n"
