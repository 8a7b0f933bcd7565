"""One identity for a finding across two versions of a plan, and matching by it.

``okrkit diff`` (new and fixed findings), ``okrkit check --baseline`` (only new findings)
and the SARIF reporter (``partialFingerprints``) all identify a finding the same way,
here: by its check, the element it is about and a fingerprint of its message with
everything that moves when unrelated lines change taken out. Never by line.

- **check**: the finding's name (``orphan-initiative``, ``principle:<id>``);
- **element**: its subject id (``None`` for loading problems);
- **fingerprint**: the message with file positions (``plan/a.yaml:12:3``), dates and
  numbers outside quotes (``needs 3 person-weeks``, ``40%``, ``ranked 62nd``) replaced by
  placeholders, so a finding whose figures shift is still the same finding. Ids keep
  their digits (``'init-12'``, ``CAT2-18``).

Findings that share all three are paired in the order the reports list them; what is
left over is new (only after) or absent (only before).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from okrkit.checks.result import Finding

if TYPE_CHECKING:
    from okrkit.checks.result import CheckReport

BaselineState = Literal["new", "unchanged", "absent"]

_QUOTED = re.compile(r"('[^']*'|\"[^\"]*\")")
_POSITION = re.compile(r"[^\s'\"()]+:\d+:\d+")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# a number on its own (not part of an id such as ``CAT2-18``), with an ordinal suffix
_NUMBER = re.compile(r"(?<![\w.-])[-+]?\d+(?:[.,]\d+)*(?:e[-+]?\d+)?(?:st|nd|rd|th)?(?![\w-])")


def normalized_message(message: str) -> str:
    """``message`` without positions and unquoted numbers (see the module docstring)."""
    parts = _QUOTED.split(message)
    out: list[str] = []
    for k, part in enumerate(parts):
        if k % 2 == 1:  # a quoted id or value: kept as written
            out.append(part)
        else:
            part = _POSITION.sub("<position>", part)
            out.append(_NUMBER.sub("#", _DATE.sub("<date>", part)))
    return "".join(out)


def fingerprint(finding: Finding) -> str:
    """A short, stable hash of the finding's check, element and normalised message."""
    key = "\x1f".join([finding.name, finding.subject or "", normalized_message(finding.message)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def identity(finding: Finding) -> tuple[str, str, str]:
    """(check, element, fingerprint): what makes two findings the same finding."""
    return (finding.name, finding.subject or "", fingerprint(finding))


@dataclass(frozen=True)
class FindingMatch:
    """Findings of two versions of a plan, matched by :func:`identity`."""

    new: tuple[Finding, ...]
    """Only in the later version, in its order."""
    unchanged: tuple[tuple[Finding, Finding], ...]
    """(before, after) pairs, in the later version's order."""
    absent: tuple[Finding, ...]
    """Only in the earlier version (fixed), sorted as reports sort findings."""


def match_findings(before: Iterable[Finding], after: Iterable[Finding]) -> FindingMatch:
    """Pair the findings of ``before`` and ``after`` by check, element and fingerprint."""
    pool: dict[tuple[str, str, str], list[Finding]] = {}
    for f in before:
        pool.setdefault(identity(f), []).append(f)
    taken: dict[tuple[str, str, str], int] = {}
    new: list[Finding] = []
    unchanged: list[tuple[Finding, Finding]] = []
    for f in after:
        key = identity(f)
        candidates = pool.get(key, [])
        k = taken.get(key, 0)
        if k < len(candidates):
            unchanged.append((candidates[k], f))
            taken[key] = k + 1
        else:
            new.append(f)
    absent = [f for key, fs in pool.items() for f in fs[taken.get(key, 0) :]]
    absent.sort(key=Finding.sort_key)
    return FindingMatch(tuple(new), tuple(unchanged), tuple(absent))


def occurrences(findings: Sequence[Finding]) -> list[int]:
    """For each finding, how many earlier ones share its identity (0 for the first)."""
    seen: dict[tuple[str, str, str], int] = {}
    out: list[int] = []
    for f in findings:
        key = identity(f)
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(n)
    return out


def check_base(
    base: str,
    path: str | Path | None,
    as_of: dt.date,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    use_cache: bool = True,
    include_past: bool = False,
) -> tuple[CheckReport, dict[str, str]]:
    """Check the plan ``base`` names (a plan path, or ``path`` at a git revision).

    Returns the report and, for files read from git, their names in the working tree.
    A plan that did not load at BASE gives its loading findings, as ``check`` does; a
    revision without the plan (the change adds it) gives no findings, so all are new.
    """
    from okrkit.checks.engine import check_path, report_load_failure, run_checks
    from okrkit.checks.result import CheckReport
    from okrkit.errors import PlanLoadError
    from okrkit.load.git import NoPlanAtRevision, load_base, resolve_base

    try:
        source = resolve_base(base, path)
    except NoPlanAtRevision:
        return CheckReport((), (), (), as_of), {}
    if source.revision is None:
        return (
            check_path(
                source.path,
                as_of,
                select=select,
                ignore=ignore,
                use_cache=use_cache,
                include_past=include_past,
            ),
            {},
        )
    try:
        plan = load_base(source)
    except PlanLoadError as exc:
        return report_load_failure(exc, as_of), source.revision.work_names
    report = run_checks(
        plan,
        as_of,
        select=select,
        ignore=ignore,
        sources=source.sources(),
        include_past=include_past,
    )
    return report, source.revision.work_names


def apply_baseline(
    report: CheckReport, base: CheckReport, label: str, work_names: dict[str, str] | None = None
) -> CheckReport:
    """``report`` with only the findings ``base`` did not have; the rest in ``baseline``.

    A ``base`` that did not load keeps that fact (``Baseline.loaded``, ``problems``): its
    loading findings match nothing here, so every finding of ``report`` counts as new."""
    from dataclasses import replace

    from okrkit.checks.result import Baseline
    from okrkit.model.aggregate import Location

    matched = match_findings(base.findings, report.findings)
    names = work_names or {}
    absent = tuple(
        replace(
            f,
            location=Location(
                names.get(f.location.file, f.location.file), f.location.line, f.location.column
            ),
        )
        for f in matched.absent
    )
    unchanged = tuple(after for _, after in matched.unchanged)
    problems = 0 if base.loaded else len(base.findings)
    baseline = Baseline(label, unchanged, absent, loaded=base.loaded, problems=problems)
    return replace(report, findings=matched.new, baseline=baseline)
