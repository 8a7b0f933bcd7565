"""Shell completion of ids: initiatives, key results, teams and periods.

Each callback reads the plan the command being completed would read (its PLAN argument
when it is already on the command line, else ``okrkit.yaml``, then ``plan/``), through
the loader and its parsed-plan cache, and offers the ids that start with what was typed,
sorted, each with its title or name (zsh and fish show it). A plan that cannot be
found or loaded completes nothing and prints nothing: completion never shows an error.

Only typer and the standard library are imported here at module level, and the plan is
read only when a completion is asked for, so ``okrkit --help`` stays fast. See
"Shell completion" in README.md for installing it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import warnings
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from okrkit.model import Plan

Pairs = list[tuple[str, str]]


def plan_path(ctx: Any) -> str | None:
    """The PLAN argument of the command line being completed, or ``None`` (the default).

    While an option's value is being completed (``okrkit plan acme --period <TAB>``),
    click stops parsing at that option and leaves the arguments before it unassigned in
    ``ctx.args``; they are matched to the command's arguments in order here.
    """
    if ctx is None:
        return None
    path = ctx.params.get("path")
    if path is not None:
        return str(path)
    names = [p.name for p in ctx.command.params if p.param_type_name == "argument"]
    if "path" in names and names.index("path") < len(ctx.args):
        return str(ctx.args[names.index("path")])
    return None


def plan_of(ctx: Any) -> Plan | None:
    """The plan of the command line being completed, or ``None`` if it does not load."""
    path = plan_path(ctx)
    sink = io.StringIO()
    try:
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stdout(sink),
            contextlib.redirect_stderr(sink),
        ):
            warnings.simplefilter("ignore")
            from okrkit.load import load_plan

            return load_plan(path, use_cache=True)
    except Exception:  # a broken or missing plan completes nothing
        return None


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def matching(pairs: Iterable[tuple[str, str]], incomplete: str, *, many: bool = False) -> Pairs:
    """The ``(id, help)`` pairs whose id starts with ``incomplete``, sorted by id.

    ``many``: the value is a comma-separated list (``--team web,pl``); the last item is
    completed, the ones before it are kept in front and not offered again.
    """
    head, last = "", incomplete
    if many and "," in incomplete:
        head, _, last = incomplete.rpartition(",")
        head += ","
    chosen = set(head.split(","))
    seen: dict[str, str] = {}
    for value, help in pairs:
        if value.startswith(last) and value not in chosen and value not in seen:
            seen[value] = _one_line(help)
    return [(head + value, seen[value]) for value in sorted(seen)]


def _initiatives(plan: Plan) -> Pairs:
    return [(i.id, i.title) for i in plan.initiatives]


def _key_results(plan: Plan) -> Pairs:
    return [(kr.id, kr.title) for _, kr in plan.key_results()]


def _teams(plan: Plan) -> Pairs:
    return [(t.id, t.name or "") for t in plan.teams]


def _periods(plan: Plan) -> Pairs:
    return [(p.id, f"{p.start.isoformat()} to {p.end.isoformat()}") for p in plan.periods]


def _tags(plan: Plan) -> Pairs:
    from okrkit.model.filters import known_tags

    return [(t, "") for t in known_tags(plan)]


def _owners(plan: Plan) -> Pairs:
    from okrkit.model.filters import known_owners

    return [(o, "") for o in known_owners(plan)]


def _complete(ctx: Any, incomplete: str, kind: Any, *, many: bool = False) -> Pairs:
    plan = plan_of(ctx)
    return [] if plan is None else matching(kind(plan), incomplete, many=many)


def initiative_ids(ctx: typer.Context, incomplete: str) -> Pairs:
    """Initiative ids (``explain ID``, ``deps --focus``)."""
    return _complete(ctx, incomplete, _initiatives)


def key_result_ids(ctx: typer.Context, incomplete: str) -> Pairs:
    """Key result ids (``checkin KR_ID``)."""
    return _complete(ctx, incomplete, _key_results)


def team_ids(ctx: typer.Context, incomplete: str) -> Pairs:
    """Team ids (``--team``)."""
    return _complete(ctx, incomplete, _teams)


def period_ids(ctx: typer.Context, incomplete: str) -> Pairs:
    """Period ids (``--period``)."""
    return _complete(ctx, incomplete, _periods)


def tag_values(ctx: typer.Context, incomplete: str) -> Pairs:
    """Tags of objectives, key results and initiatives (``--tag``)."""
    return _complete(ctx, incomplete, _tags)


def owner_values(ctx: typer.Context, incomplete: str) -> Pairs:
    """Owners of objectives, key results and initiatives (``--owner``). An owner is a
    name with spaces (``Ana Ruiz``): bash gets it with each space escaped (``Ana\\ Ruiz``),
    as it would be typed; zsh and fish quote what they insert themselves."""
    found = _complete(ctx, incomplete, _owners)
    if os.environ.get("_OKRKIT_COMPLETE") == "complete_bash":
        return [(bash_word(value), help) for value, help in found]
    return found


def bash_word(text: str) -> str:
    """``text`` as one bash word: every character with a meaning to bash backslashed."""
    return re.sub(r"([^\w@%+=:,./-])", r"\\\1", text)


def team_lists(ctx: typer.Context, incomplete: str) -> Pairs:
    """Team ids in a comma-separated ``--team`` list."""
    return _complete(ctx, incomplete, _teams, many=True)


def period_lists(ctx: typer.Context, incomplete: str) -> Pairs:
    """Period ids in a comma-separated ``--period`` list."""
    return _complete(ctx, incomplete, _periods, many=True)


def _checks(incomplete: str) -> Pairs:
    """Check names, or codes once the word starts with ``O`` (``OKR2<TAB>``)."""
    from okrkit.checks.registry import CHECKS

    if incomplete.rpartition(",")[2].startswith("O"):
        return [(c.code, c.name) for c in CHECKS]
    return [(c.name, c.summary) for c in CHECKS]


def check_names(incomplete: str) -> Pairs:
    """Check names and codes (``rule NAME``); no plan is read."""
    return matching(_checks(incomplete), incomplete)


def check_lists(incomplete: str) -> Pairs:
    """Check names and codes in a comma-separated ``--select``/``--ignore`` list."""
    return matching(_checks(incomplete), incomplete, many=True)


def status_lists(incomplete: str) -> Pairs:
    """Initiative statuses in a comma-separated ``--status`` list; no plan is read."""
    from okrkit.model.plan import STATUSES

    return matching(((s, "") for s in STATUSES), incomplete, many=True)


LIST_COMPLETIONS: dict[str, Callable[..., Pairs]] = {
    "--team": team_lists,
    "--period": period_lists,
    "--status": status_lists,
}
"""The completion of a comma-separated list option, by option name (see ``list_option``)."""
