"""Documentation rendered from the check registry: ``okrkit rules``, ``okrkit rule NAME``
and ``docs/checks.md``.

Regenerate the committed file with ``python -m okrkit.report.rules > docs/checks.md``;
a test fails when it is stale.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from okrkit.checks.base import Check
from okrkit.checks.engine import check_doc
from okrkit.checks.registry import CHECKS, GROUPS
from okrkit.report.text import table

SECTIONS = ("What it checks", "Why it matters", "Example", "Use instead")


def _default(value: object) -> str:
    if value is None:
        return "unset"
    return str(value).lower() if isinstance(value, bool) else str(value)


def options_table(model: type[BaseModel]) -> list[tuple[str, str, str, str]]:
    """(name, type, default, description) for each option of a check."""
    rows = []
    for name, field in model.model_fields.items():
        args = [a for a in getattr(field.annotation, "__args__", ()) if a is not type(None)]
        if args:  # an optional value: ``int | None`` (a pipe would break the table)
            kind = " or ".join(getattr(a, "__name__", str(a)) for a in args) + ", optional"
        else:
            kind = getattr(field.annotation, "__name__", None) or str(field.annotation)
        rows.append((name, kind, _default(field.default), field.description or ""))
    return rows


def rule_markdown(check: type[Check[Any]], level: int = 1) -> str:
    """The documentation of one check, in Markdown (headings start at ``level``)."""
    h = "#" * level
    doc = check_doc(check).replace("\n## ", "\n" + "#" * (level + 1) + " ")
    if doc.startswith("## "):
        doc = "#" * (level + 1) + doc[2:]
    out = [
        f"{h} {check.name} ({check.code})",
        "",
        check.summary,
        "",
        f"Default severity: `{check.severity}`.",
        "",
    ]
    if check.from_loader:
        out += ["Reported while loading the plan: cannot be configured or ignored.", ""]
    out.append(doc)
    rows = options_table(check.Options)
    if rows:
        out += ["", f"{h}# Options", "", "| Option | Type | Default | Description |"]
        out.append("|---|---|---|---|")
        out += [f"| `{n}` | `{t}` | `{d}` | {desc} |" for n, t, d, desc in rows]
    return "\n".join(out) + "\n"


def rules_table(width: int | None = None) -> str:
    """The plain-text table ``okrkit rules`` prints; with ``width``, the summaries wrap
    (then two lines a row) so no line is wider and no column is dropped."""
    rows = [[c.code, c.name, c.severity, c.summary] for c in CHECKS]
    headers = ["CODE", "NAME", "SEVERITY", "SUMMARY"]
    return table(headers, rows, width=width, wrap_columns=[3], min_width=20, main=1) + "\n"


def checks_markdown() -> str:
    """The whole of ``docs/checks.md``."""
    out = [
        "# Checks",
        "",
        "<!-- Generated from the registry by `python -m okrkit.report.rules > docs/checks.md`;",
        "     do not edit by hand (tests/report/test_rules.py fails when this file is stale). -->",
        "",
        "`okrkit check` runs every check below. Each has a code, a name for the problem it",
        "finds, a default severity and, for some, options. Turn a check off, change its",
        "severity or set its options under `settings.checks` in the plan; silence one",
        "finding with `# okrkit: ignore[NAME]` on its line or the line above; pick checks",
        "with `--select` / `--ignore` (a name, a code or a code prefix such as `OKR3`).",
        "",
        "Codes are grouped by hundreds:",
        "",
    ]
    out += [f"- {GROUPS[g]}" for g in GROUPS]
    out += ["", "| Code | Name | Severity | Summary |", "|---|---|---|---|"]
    out += [
        f"| {c.code} | [`{c.name}`](#{c.name}-{c.code.lower()}) | {c.severity} | {c.summary} |"
        for c in CHECKS
    ]
    group = None
    for c in CHECKS:
        if c.group != group:
            group = c.group
            out += ["", f"## {GROUPS[group]}"]
        out += ["", rule_markdown(c, level=3).rstrip("\n")]
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover - the generator entry point
    import sys

    sys.stdout.write(checks_markdown())
