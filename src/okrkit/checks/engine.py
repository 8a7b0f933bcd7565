"""Run the checks over a plan and collect one :class:`CheckReport`.

The engine resolves which checks run (``--select``/``--ignore`` and
``settings.checks``), builds one :class:`~okrkit.checks.base.CheckContext` whose
analyses every check shares, stamps each issue with its code, name and severity,
applies ignore comments, and sorts the findings.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okrkit.checks.base import Check, CheckContext, sentence
from okrkit.checks.config import CheckConfig, parse_settings
from okrkit.checks.ignore import Ignore, IgnoreIndex, read_ignores
from okrkit.checks.loading import UnusedIgnore
from okrkit.checks.policy import PrincipleViolation
from okrkit.checks.registry import BY_NAME, CHECKS, get_check, match
from okrkit.checks.result import PRINCIPLE_PREFIX, CheckReport, Finding, RuleInfo, Severity
from okrkit.errors import PlanLoadError, UsageError

if TYPE_CHECKING:
    from okrkit.model import Plan


def check_doc(check: type[Check[Any]]) -> str:
    """The check's documentation (its docstring, dedented)."""
    return inspect.cleandoc(check.__doc__ or "").strip()


def rule_info(check: type[Check[Any]], severity: Severity | None = None) -> RuleInfo:
    return RuleInfo(
        check.code,
        check.name,
        check.summary,
        severity or check.severity,
        check.group,
        check_doc(check),
    )


def _resolve(selectors: Iterable[str], param: str) -> tuple[set[str], set[str]]:
    """Check names and principle names (``principle:<id>``) the selectors name."""
    names: set[str] = set()
    principles: set[str] = set()
    for raw in selectors:
        for sel in raw.split(","):
            sel = sel.strip()
            if not sel:
                continue
            found = match(sel)
            if not found:
                raise UsageError(f"no check is named {sel!r} (see okrkit rules)", param=param)
            if sel.startswith(PRINCIPLE_PREFIX):
                principles.add(sel)
            else:
                names.update(c.name for c in found)
    return names, principles


def _known_principles(plan: Plan, selected: set[str], param: str) -> None:
    """A ``principle:<id>`` selector names a principle of the plan with a rule: a typo
    would make ``--select`` check nothing and pass the gate."""
    known = sorted(p.id for p in plan.principles if p.rule is not None)
    for sel in sorted(selected):
        name = sel[len(PRINCIPLE_PREFIX) :]
        if name not in known:
            from okrkit.suggest import closest

            close = closest(name, known)
            hint = f" (did you mean '{PRINCIPLE_PREFIX}{close}'?)" if close else ""
            rules = ", ".join(known) or "none"
            raise UsageError(
                f"no principle with a rule is named {name!r}{hint}; principles with a "
                f"rule: {rules}",
                param=param,
            )


@dataclass(frozen=True)
class Selection:
    """Which checks run, from ``--select`` and ``--ignore``."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def resolve(self) -> tuple[set[str], set[str] | None, set[str]]:
        """(enabled check names, principles selected one by one or None, principles ignored)."""
        sel_names, sel_principles = _resolve(self.select, "select")
        ign_names, ign_principles = _resolve(self.ignore, "ignore")
        if self.select:
            enabled = set(sel_names)
            only: set[str] | None = None
            if sel_principles:
                enabled.add(PrincipleViolation.name)
                if PrincipleViolation.name not in sel_names:
                    only = sel_principles
        else:
            enabled = set(BY_NAME)
            only = None
        enabled -= ign_names
        return enabled, only, ign_principles


def run_checks(
    plan: Plan,
    as_of: dt.date,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    sources: Mapping[str, str] | None = None,
    include_past: bool = False,
) -> CheckReport:
    """Run every enabled check over ``plan``.

    ``sources`` maps file names to their text, for ignore comments of plans that are
    not on disk (tests); otherwise the files of ``plan.files`` are read.
    Findings about a period that ended before ``as_of`` (an issue's ``period``) are
    left out and counted in ``CheckReport.past``, unless ``include_past``: last
    quarter's missed deadline is history, not something to fix in this change.
    Raises :class:`~okrkit.errors.ConfigError` for a bad ``settings.checks`` or policy
    rule, :class:`~okrkit.errors.UsageError` for a selector that names no check.
    """
    enabled, only_principles, ignored_principles = Selection(tuple(select), tuple(ignore)).resolve()
    _known_principles(plan, only_principles or set(), "select")
    _known_principles(plan, ignored_principles, "ignore")
    configs = parse_settings(plan)
    ctx = CheckContext(plan, as_of)
    findings: list[Finding] = []
    ended: set[Finding] = set()
    covered: set[tuple[str, str | None]] = set()
    rules: list[RuleInfo] = []
    active_principles: set[str] = set()
    default = CheckConfig()

    def principle_on(name: str) -> bool:
        if name in ignored_principles:
            return False
        if only_principles is not None and name not in only_principles:
            return False
        return configs.get(name, default).enabled

    for check in CHECKS:
        cfg = configs.get(check.name, default)
        if check.name not in enabled or not cfg.enabled:
            continue
        severity: Severity = cfg.severity or check.severity
        if check is PrincipleViolation:
            principle_rules = _principle_rules(plan, configs, principle_on)
            active_principles.update(r.name for r in principle_rules)
            rules += principle_rules
        else:
            rules.append(rule_info(check, severity))
        if check.from_loader or check is UnusedIgnore:
            continue
        options = cfg.options if cfg.options is not None else check.Options()
        for issue in check().run(ctx, options):
            name = issue.name or check.name
            sev = severity
            if issue.name is not None:
                if name not in active_principles:
                    continue
                sev = configs.get(name, default).severity or issue.severity or severity
            finding = Finding(
                check.code,
                name,
                sev,
                sentence(issue.message, ctx.ids, verbatim=issue.name is not None),
                issue.location,
                issue.subject,
            )
            findings.append(finding)
            if not include_past and ctx.period_ended(issue.period):
                ended.add(finding)
            covered.update((n, issue.subject) for n in issue.covers)

    if covered:
        findings = [f for f in findings if (f.name, f.subject) not in covered]
    ignores = read_ignores(plan.files, sources)
    silenced = 0
    if ignores:
        index = IgnoreIndex(ignores)
        kept = [f for f in findings if not index.silences(f)]
        silenced = len(findings) - len(kept)
        findings = kept
        unused_cfg = configs.get(UnusedIgnore.name, default)
        if UnusedIgnore.name in enabled and unused_cfg.enabled:
            principles = {PRINCIPLE_PREFIX + p.id for p in plan.principles if p.rule}
            findings.extend(
                _unused(ignores, enabled, active_principles, principles, unused_cfg.severity)
            )

    # After the ignore comments, so one that silences a past finding still counts as used.
    past = sum(1 for f in findings if f in ended)
    if past:
        findings = [f for f in findings if f not in ended]
    findings.sort(key=Finding.sort_key)
    files = tuple(dict.fromkeys([*plan.files, *sorted({f.location.file for f in findings})]))
    return CheckReport(tuple(findings), tuple(rules), files, as_of, True, silenced, past)


def _principle_rules(
    plan: Plan, configs: Mapping[str, CheckConfig], principle_on: Callable[[str], bool]
) -> list[RuleInfo]:
    """A rule of its own for each principle with a rule that is on: reports list and
    document ``principle:<id>`` apart from the other principles, with its severity."""
    check = PrincipleViolation
    out = []
    for p in plan.principles:
        name = PRINCIPLE_PREFIX + p.id
        if p.rule is None or not principle_on(name):
            continue
        out.append(
            RuleInfo(
                check.code,
                name,
                p.statement.strip(),
                configs.get(name, CheckConfig()).severity or p.rule.severity,
                check.group,
                f"The vision's principle {p.id!r}: {p.statement.strip()}\n\n"
                f"Rule: applies to `{p.rule.applies_to}`, requires "
                f"`{p.rule.require}`.\n\n" + check_doc(check),
            )
        )
    return out


def _unused(
    ignores: list[Ignore],
    enabled: set[str],
    active_principles: set[str],
    known_principles: set[str],
    severity: Severity | None,
) -> list[Finding]:
    out: list[Finding] = []
    sev: Severity = severity or UnusedIgnore.severity
    for ig in ignores:
        for token in ig.tokens:
            if token in ig.used:
                continue
            if token.startswith(PRINCIPLE_PREFIX):
                known = token in known_principles
                ran = token in active_principles
            else:
                found = get_check(token)
                known = found is not None or token == PrincipleViolation.name
                if found is PrincipleViolation or token == PrincipleViolation.name:
                    ran = bool(active_principles)
                else:
                    ran = found is not None and found.name in enabled
            if not known:
                message = f"ignore comment names no check: {token!r}"
            elif ran:
                message = f"ignore comment for {token!r} silences nothing"
            else:
                continue
            out.append(
                Finding(
                    UnusedIgnore.code, UnusedIgnore.name, sev, sentence(message), ig.location, None
                )
            )
    return out


def report_load_failure(error: PlanLoadError, as_of: dt.date) -> CheckReport:
    """The report when the plan does not load: its problems, as loading findings.

    Loading problems are always reported, whatever ``--select``/``--ignore`` say: the
    other checks could not run, so hiding them would pass a broken plan.
    """
    findings = []
    for p in error.problems:
        check = BY_NAME.get(p.code) or BY_NAME["invalid-plan"]
        findings.append(
            Finding(check.code, check.name, "error", sentence(p.message), p.location, None)
        )
    findings.sort(key=Finding.sort_key)
    rules = tuple(rule_info(c) for c in CHECKS if c.from_loader)
    files = tuple(sorted({f.location.file for f in findings}))
    return CheckReport(tuple(findings), rules, files, as_of, loaded=False)


def check_path(
    path: str | Path | None,
    as_of: dt.date,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    use_cache: bool = True,
    include_past: bool = False,
) -> CheckReport:
    """Load the plan at ``path`` and check it; loading problems become findings.

    ``include_past``: report findings about periods that ended before ``as_of`` too.

    A path that names no plan (missing, or a folder without YAML files) is not a
    finding but an error (:class:`~okrkit.errors.PlanLoadError`, exit code 2).
    """
    from okrkit.load import cache as load_cache
    from okrkit.load import load_plan
    from okrkit.load.files import decode, display_path, find_plan_files, read_bytes

    Selection(tuple(select), tuple(ignore)).resolve()  # usage errors first
    paths = find_plan_files(path)  # raises when there is no plan to check
    # Each file is read once: for the report's cache key, the loader and ignore comments.
    names = {p: display_path(p) for p in paths}
    try:
        contents = {p: read_bytes(p, names[p]) for p in paths}
    except PlanLoadError as exc:
        return report_load_failure(exc, as_of)
    directory = load_cache.cache_dir() if use_cache else None
    key = None
    if directory is not None:
        from okrkit.checks import cache as report_cache
        from okrkit.checks.result import dump_report, load_report

        key = report_cache.report_key(
            [(names[p], raw) for p, raw in contents.items()],
            as_of,
            select,
            ignore,
            include_past=include_past,
        )
        blob = load_cache.get(directory, key)
        if blob is not None:
            cached = load_report(blob)
            if cached is not None:
                return cached
    try:
        plan = load_plan(path, use_cache=use_cache, contents=contents)
    except PlanLoadError as exc:
        return report_load_failure(exc, as_of)
    sources = {names[p]: decode(raw, names[p]) for p, raw in contents.items()}
    report = run_checks(
        plan, as_of, select=select, ignore=ignore, sources=sources, include_past=include_past
    )
    if directory is not None and key is not None:
        load_cache.put(directory, key, dump_report(report))
    return report
