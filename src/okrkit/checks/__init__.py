"""The check engine behind ``okrkit check``: a registry of checks and their runner.

- :data:`okrkit.checks.registry.CHECKS`: every check, in order (see ``docs/checks.md``).
- :func:`run_checks` (a loaded plan) and :func:`check_path` (a path; loading problems
  become findings) return a :class:`CheckReport` that every reporter in
  :mod:`okrkit.report.findings` renders.
"""

from okrkit.checks.base import Check, CheckContext, Issue
from okrkit.checks.engine import check_path, report_load_failure, run_checks
from okrkit.checks.result import CheckReport, Finding, RuleInfo, Severity

__all__ = [
    "Check",
    "CheckContext",
    "CheckReport",
    "Finding",
    "Issue",
    "RuleInfo",
    "Severity",
    "check_path",
    "report_load_failure",
    "run_checks",
]
