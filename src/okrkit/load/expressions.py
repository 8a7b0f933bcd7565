"""Every formula and policy rule of a plan, compiled when the plan loads.

A formula (``settings.scoring.formulas``) or a principle's rule (``applies_to``,
``require``) that does not parse, or that reads a name no initiative has, would make
every ``explain``, ``score --by`` and ``plan --by`` fail later, or a check guess. So the
loader compiles them all and reports each broken one as an ``invalid-plan`` problem at the
offending token's line and column inside the string, with a "did you mean" for a
mistyped field name. ``okrkit validate`` then fails and ``okrkit check`` reports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from okrkit.errors import Problem
from okrkit.expr import ExpressionSyntaxError, compile_expression, is_initiative_name
from okrkit.expr.location import expression_location
from okrkit.expr.namespace import INITIATIVE_NAMES
from okrkit.suggest import suggest

if TYPE_CHECKING:
    from okrkit.model import Plan
    from okrkit.model.aggregate import Location


def _expressions(plan: Plan) -> Iterator[tuple[str, str, Location]]:
    """(what, text, where the text was written) for every expression of ``plan``."""
    for name, text in sorted(plan.settings.scoring.formulas.items()):
        yield f"formula `{name}`", text, plan.where_setting("scoring", "formulas", name)
    for p in plan.principles:
        if p.rule is None:
            continue
        for part in ("applies_to", "require"):
            text = getattr(p.rule, part)
            yield f"principle {p.id!r}: rule {part}", text, plan.where(p, "rule", part)


def _known_names(plan: Plan) -> set[str]:
    """Every name an expression can read in ``plan``: the initiative fields and the
    ``fields.*`` the plan's initiatives use."""
    names = set(INITIATIVE_NAMES)
    for i in plan.initiatives:
        names.update("fields." + k for k in i.fields)
    return names


def _offset(text: str, name: str) -> int:
    """Where ``name`` first stands in ``text`` as a whole dotted name (else 0)."""
    m = re.search(r"(?<![\w.])" + re.escape(name) + r"(?![\w])", text)
    return m.start() if m else max(text.find(name), 0)


def expression_problems(plan: Plan) -> list[Problem]:
    """One problem for each formula or rule of ``plan`` that cannot be evaluated."""
    problems: list[Problem] = []
    known: set[str] | None = None
    for what, text, base in _expressions(plan):
        try:
            expression = compile_expression(text)
        except ExpressionSyntaxError as exc:
            where = expression_location(base, text, exc.offset)
            problems.append(Problem(where, f"{what} does not parse: {exc.message}"))
            continue
        unknown = sorted(n for n in expression.names if not is_initiative_name(n))
        if not unknown:
            continue
        if known is None:
            known = _known_names(plan)
        name = unknown[0]
        where = expression_location(base, text, _offset(text, name))
        hint = suggest(name, known)
        if not hint and "." not in name:
            hint = " (custom numbers are read as `fields.<name>`)"
        problems.append(
            Problem(where, f"{what} reads `{name}`, which is not a field of an initiative{hint}")
        )
    return problems
