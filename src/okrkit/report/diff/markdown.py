"""``--format markdown``: for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

The first line is the tally; each section is folded in ``<details>``. The whole stays
under :data:`LIMIT` characters (GitHub refuses comments over 65,536): when it would not,
the longest sections lose their last lines and a note says how many were cut.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrkit.report.diff.lines import ARROW, Section, sections, tally

if TYPE_CHECKING:
    from okrkit.diff import PlanDiff

LIMIT = 65_000


def cell(text: str) -> str:
    """Text safe in Markdown: no raw HTML, no stray code spans."""
    return (
        " ".join(text.split())
        .replace("\\", "\\\\")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace("`", "\\`")
        .replace("|", "\\|")
        .replace("*", "\\*")
        .replace("_", "\\_")
    )


def _item(line: str, details: tuple[str, ...]) -> str:
    mark = line[:2]
    # the mark as a code span: a bare "- " would nest a list
    marked = mark in ("+ ", "- ", "~ ")
    text = f"- `{mark[0]}` {cell(line[2:])}" if marked else f"- {cell(line)}"
    for d in details:
        text += f"\n  - {cell(d)}"
    return text


def _block(section: Section, items: list[str], cut: int) -> str:
    body = "\n".join(items)
    if cut:
        body += (
            f"\n\n… {cut} more not shown, to stay under GitHub's comment size limit: "
            "run `okrkit diff` with `--format text` or `json` for everything."
        )
    return f"<details><summary>{cell(section.title)}</summary>\n\n{body}\n\n</details>"


def render(diff: PlanDiff) -> str:
    head = f"**okrkit diff** `{cell(diff.base)}` {ARROW} `{cell(diff.head)}`: {cell(tally(diff))}"
    intro = f"As of {diff.as_of.isoformat()}, ranked by {', '.join(diff.methods)}."
    parts = sections(diff)
    rendered = [[_item(line, details) for line, details in s.items] for s in parts]
    kept = [len(r) for r in rendered]

    def total() -> int:
        size = len(head) + len(intro) + 4
        for s, r, k in zip(parts, rendered, kept, strict=True):
            size += len(_block(s, r[:k], len(r) - k)) + 2
        return size + 1

    # cut the section with the most kept lines, a few lines at a time, until it fits
    while total() > LIMIT:
        n = max(range(len(kept)), key=lambda j: (sum(len(x) for x in rendered[j][: kept[j]]), -j))
        if kept[n] == 0:
            break
        kept[n] = max(0, kept[n] - max(1, kept[n] // 10))
    out = [head, "", intro]
    for s, r, k in zip(parts, rendered, kept, strict=True):
        out += ["", _block(s, r[:k], len(r) - k)]
    return "\n".join(out) + "\n"
