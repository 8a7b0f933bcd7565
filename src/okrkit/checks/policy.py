"""OKR900: the vision's principles, enforced as policy rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from okrkit.checks.base import Check, CheckContext, Issue, NoOptions
from okrkit.checks.result import PRINCIPLE_PREFIX
from okrkit.errors import ConfigError

_REPORTED_MISSING: dict[str, tuple[str, ...]] = {
    "timebox_weeks": ("experiment-without-timebox",),
}
"""Fields whose absence a built-in check reports: a principle finding for the same missing
field on the same initiative covers that check's finding (one problem, one finding)."""

if TYPE_CHECKING:
    from okrkit.expr.compiler import Expression
    from okrkit.model import Plan
    from okrkit.model.plan import Principle


class PrincipleViolation(Check[NoOptions]):
    """
    ## What it checks
    Each principle of the vision with a `rule`: every initiative (not done or dropped)
    for which `applies_to` is true must make `require` true. Both are expressions in
    the language of the scoring formulas (see `docs/scoring.md`). A violation is
    reported at the initiative, named `principle:<id>`, with the rule's `severity`
    (default `error`); its message is the principle's statement, then the initiative
    and the clause of `require` that failed with its values (`timebox_weeks 8 > 6`).
    When `require` reads a field the initiative lacks, that is a violation naming the
    field (and `experiment-without-timebox` does not report the same missing
    `timebox_weeks` again); when `applies_to` does, the rule does not apply. A rule that does not
    parse is a configuration error (exit code 2).

    ## Why it matters
    Principles written only as prose are forgotten at the first deadline. A rule
    makes the vision's constraints part of every review.

    ## Example
    ```yaml
    vision:
      statement: Learn fast.
      principles:
        - id: short-experiments
          statement: Experiments are small and time-boxed.
          rule:
            applies_to: "kind == 'experiment'"
            require: "timebox_weeks <= 6 and effort_weeks <= 4"
    initiatives:
      - {id: ai-search, title: Try semantic search, team: web, kind: experiment,
         timebox_weeks: 12, effort_weeks: 10}
    ```

    ## Use instead
    ```yaml
      - {id: ai-search, title: Try semantic search, team: web, kind: experiment,
         timebox_weeks: 4, effort_weeks: 3}
    ```
    """

    code = "OKR900"
    name = "principle"
    summary = "An initiative breaks a rule of one of the vision's principles."

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        from okrkit.expr import ExpressionError, MissingField
        from okrkit.expr.why import failing_clause
        from okrkit.scoring.ranking import plan_namespace

        plan = ctx.plan
        rules = _compile_rules(plan)
        if not rules:
            return
        for i in plan.initiatives:
            if i.status in ("done", "dropped"):
                continue
            namespace = plan_namespace(plan, i)
            for p, applies_to, require in rules:
                try:
                    applies = bool(applies_to.evaluate(namespace))
                except ExpressionError:
                    applies = False
                if not applies:
                    continue
                covers: tuple[str, ...] = ()
                try:
                    ok = bool(require.evaluate(namespace))
                    clause = None if ok else failing_clause(require.text, namespace)
                    detail = f" Initiative {i.id!r} fails `{' '.join(require.text.split())}`" + (
                        f": {clause}." if clause else "."
                    )
                except MissingField as exc:
                    ok = False
                    detail = f" Initiative {i.id!r} has no {exc.name}."
                    covers = _REPORTED_MISSING.get(exc.name, ())
                except ExpressionError as exc:
                    ok = False
                    detail = f" The rule fails for {i.id!r}: {exc.message}."
                if not ok:
                    assert p.rule is not None
                    yield Issue(
                        plan.where(i),
                        p.statement.strip() + detail,
                        i.id,
                        name=PRINCIPLE_PREFIX + p.id,
                        severity=p.rule.severity,
                        covers=covers,
                    )


def _compile_rules(plan: Plan) -> list[tuple[Principle, Expression, Expression]]:
    """(principle, applies_to, require) for each principle with a rule, compiled once.

    A rule that does not parse, or reads a name that is not a field of an initiative,
    is a :class:`~okrkit.errors.ConfigError` at the rule: it can never be true or
    false for the right reason, so the whole check run stops rather than guess.
    """
    from okrkit.expr import ExpressionSyntaxError, compile_expression, is_initiative_name

    rules = []
    for p in plan.principles:
        if p.rule is None:
            continue
        compiled = []
        for part in ("applies_to", "require"):
            text = getattr(p.rule, part)
            try:
                expression = compile_expression(text)
            except ExpressionSyntaxError as exc:
                raise ConfigError(
                    plan.where(p, "rule", part),
                    f"principle {p.id!r}: rule {part} does not parse: {exc.message} "
                    f"(at character {exc.offset + 1})",
                ) from None
            unknown = sorted(n for n in expression.names if not is_initiative_name(n))
            if unknown:
                raise ConfigError(
                    plan.where(p, "rule", part),
                    f"principle {p.id!r}: rule {part} reads {unknown[0]!r}, "
                    "which is not a field of an initiative",
                )
            compiled.append(expression)
        rules.append((p, compiled[0], compiled[1]))
    return rules
