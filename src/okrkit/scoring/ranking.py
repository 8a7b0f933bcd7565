"""Score a plan's initiatives by one method and rank them.

The tie rule, used everywhere a ranking is made: a higher score first; scores equal to
12 significant digits are a tie, broken by the higher value (numerator), then the smaller
size (denominator), then the id in ascending order. Ranks are 1, 2, 3, ... with no
gaps and no shared ranks, so every ranking is a strict, reproducible order that does not
depend on the order of the initiatives in the files.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from okrkit.errors import ConfigError, UnknownIdError, UsageError
from okrkit.expr import (
    ExpressionSyntaxError,
    compile_expression,
    initiative_namespace,
    is_initiative_name,
)
from okrkit.expr.location import expression_location
from okrkit.model.plan import OPEN_STATUSES, extras_json
from okrkit.scoring.methods import BUILTIN_METHODS, BUILTINS, WSJF, Formula, Method, Missing

if TYPE_CHECKING:
    from okrkit.model import Initiative, Plan

AnyMethod = Method | Formula

TIE_RULE = (
    "higher score first (equal to 12 significant digits is a tie), then higher value,"
    " then smaller size, then id ascending"
)


@dataclass(frozen=True)
class ScoredInitiative:
    rank: int
    id: str
    title: str
    team: str
    score: float
    value: float | None
    size: float | None
    inputs: dict[str, float | str]
    status: str = "proposed"
    period: str | None = None
    kind: str = "feature"
    effort: float | None = None
    """``effort_weeks`` (a range's midpoint), for capacity; not the method's size."""
    extras: dict[str, Any] = field(default_factory=dict)
    """owner, tags, links, meta (:func:`okrkit.model.plan.extras_json`)."""


@dataclass(frozen=True)
class Unscored:
    id: str
    title: str
    team: str
    missing: list[str]
    reason: str | None = None
    """Why a formula could not score it when nothing is missing (e.g. division by zero)."""
    status: str = "proposed"
    period: str | None = None
    kind: str = "feature"
    effort: float | None = None
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Ranking:
    method: str
    scored: list[ScoredInitiative]
    unscored: list[Unscored]
    formula: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    """What shaped the scores: ``ice`` (the combination), ``normalize`` and ``scales``."""

    @property
    def by_id(self) -> dict[str, ScoredInitiative]:
        return {s.id: s for s in self.scored}


def score_key(score: float) -> float:
    """The score as the tie rule compares it: rounded to 12 significant digits."""
    return float(f"{score:.12g}")


def tie_key(score: float, value: float | None, size: float | None, ident: str) -> tuple[Any, ...]:
    """Sort key of the tie rule (ascending sort = rank order)."""
    v = score_key(value) if value is not None else score_key(score)
    return (-score_key(score), -v, size is None, score_key(size) if size else 0.0, ident)


def available_methods(plan: Plan) -> list[str]:
    """The built-in methods, then the plan's formulas in name order."""
    return [*BUILTIN_METHODS, *sorted(plan.settings.scoring.formulas)]


def _formula(plan: Plan, name: str) -> Formula:
    text = plan.settings.scoring.formulas[name]
    base = plan.where_setting("scoring", "formulas", name)
    try:
        expression = compile_expression(text)
    except ExpressionSyntaxError as exc:
        where = expression_location(base, text, exc.offset)
        raise ConfigError(where, f"formula `{name}`: {exc.message}") from None
    unknown = sorted(n for n in expression.names if not is_initiative_name(n))
    if unknown:
        offset = _first_offset(text, unknown[0])
        where = expression_location(base, text, offset)
        hint = " (custom numbers are read as `fields.<name>`)" if "." not in unknown[0] else ""
        raise ConfigError(where, f"formula `{name}`: unknown name `{unknown[0]}`{hint}")
    text_fields = _text_fields(plan)
    for used in sorted(n for n in expression.names if n in text_fields):
        where = expression_location(base, text, _first_offset(text, used))
        owner, value = text_fields[used]
        raise ConfigError(
            where,
            f"formula `{name}`: `{used}` is text ({value!r} on initiative {owner}); "
            "a formula computes with numbers only (text fields are for policy rules)",
        )
    return Formula(name, expression)


def formula_errors(plan: Plan) -> list[ConfigError]:
    """Every problem of the plan's formulas that only the plan as a whole shows (a field
    read as a number but written as text), one per formula: ``validate`` and ``check``
    report them, so a formula is not first refused by ``explain`` or ``score --by``."""
    out: list[ConfigError] = []
    for name in sorted(plan.settings.scoring.formulas):
        try:
            formula = _formula(plan, name)
        except ConfigError as exc:
            out.append(exc)
            continue
        kind = _not_a_number(plan, formula)
        if kind is not None:
            owner, what = kind
            text = plan.settings.scoring.formulas[name]
            base = plan.where_setting("scoring", "formulas", name)
            out.append(
                ConfigError(
                    expression_location(base, text, 0),
                    f"formula `{name}` gives {what} for initiative {owner}, not a number "
                    "(a score must be a number: write `1 if ... else 0` for a yes/no)",
                )
            )
    return out


def _not_a_number(plan: Plan, formula: Formula) -> tuple[str, str] | None:
    """(initiative, "true/false" or "text") for the first initiative whose inputs the
    formula has and for which it gives no number; None when it always gives numbers."""
    from okrkit.expr.errors import ExpressionError

    if formula.expression.arithmetic:
        return None  # arithmetic on numbers gives a number: nothing to evaluate
    for i in plan.initiatives:
        try:
            result = formula.expression.evaluate(plan_namespace(plan, i))
        except ExpressionError:
            continue  # missing inputs or an error of arithmetic: score says so per row
        if isinstance(result, bool):
            return i.id, "true/false"
        if not isinstance(result, (int, float)):
            return i.id, "text"
    return None


def _text_fields(plan: Plan) -> dict[str, tuple[str, str]]:
    """``fields.<name>`` -> (first initiative, its text) for every field written as text."""
    out: dict[str, tuple[str, str]] = {}
    for i in plan.initiatives:
        for key, value in i.fields.items():
            if isinstance(value, str):
                out.setdefault("fields." + key, (i.id, value))
    return out


def _first_offset(text: str, name: str) -> int:
    i = text.find(name)
    return max(i, 0)


def get_method(plan: Plan, method: str | None) -> AnyMethod:
    """The method called ``method`` (``None``: the plan's default)."""
    scoring = plan.settings.scoring
    if method is None:
        name = scoring.method
        if name not in BUILTINS and name not in scoring.formulas:
            raise ConfigError(
                plan.where_setting("scoring", "method"),
                f"scoring method {name!r} is not one of: {', '.join(available_methods(plan))}",
            )
    else:
        name = method
    for f in scoring.formulas:
        if f in BUILTINS:
            raise ConfigError(
                plan.where_setting("scoring", "formulas", f, key=True),
                f"formula `{f}` has the name of a built-in method; rename it",
            )
    if name in BUILTINS:
        return BUILTINS[name]
    if name in scoring.formulas:
        return _formula(plan, name)
    raise UsageError(
        f"unknown scoring method {name!r}; choose from: {', '.join(available_methods(plan))}"
    )


def method_settings(plan: Plan, method: AnyMethod, normalize: bool = False) -> dict[str, Any]:
    if method.name == "ice":
        return {"ice": plan.settings.scoring.ice}
    if method.name == "wsjf":
        return {"normalize": normalize}
    return {}


def _wsjf_scales(namespaces: Iterable[Mapping[str, Any]]) -> dict[str, float]:
    """The smallest positive value of each WSJF column, over complete rows."""
    scales: dict[str, float] = {}
    for ns in namespaces:
        if any(ns.get(n) is None for n in WSJF.required):
            continue
        for n in WSJF.required:
            v = float(ns[n])
            if v > 0 and (n not in scales or v < scales[n]):
                scales[n] = v
    return {n: scales.get(n, 1.0) for n in WSJF.required}


def select(plan: Plan, ids: Iterable[str] | None) -> list[Initiative]:
    """The initiatives named by ``ids`` (all when ``None``), in file order."""
    if ids is None:
        return list(plan.initiatives)
    wanted = set(ids)
    unknown = sorted(wanted - plan.initiative_by_id.keys())
    if unknown:
        raise UnknownIdError("initiative", unknown[0], plan.initiative_by_id)
    return [i for i in plan.initiatives if i.id in wanted]


LIVE_STATUSES: tuple[str, ...] = OPEN_STATUSES
"""The work still to decide: what ``okrkit score`` ranks unless ``--status`` widens it."""


def filter_ids(
    plan: Plan,
    *,
    teams: Collection[str] = (),
    statuses: Collection[str] = (),
    periods: Collection[str] = (),
) -> list[str] | None:
    """Ids of the initiatives in one of ``teams``, one of ``statuses`` and one of
    ``periods``, in file order; an empty collection does not filter, and ``None`` means
    nothing filters (every initiative).

    A team or period the plan does not know is a :class:`~okrkit.errors.UsageError`
    (``param`` ``team`` or ``period``): a typo must not rank an empty list.
    """
    known_teams = set(plan.team_by_id) | {i.team for i in plan.initiatives}
    for t in teams:
        if t not in known_teams:
            raise UnknownIdError("team", t, known_teams, param="team")
    known_periods = set(plan.period_by_id) | {i.period for i in plan.initiatives if i.period}
    for p in periods:
        if p not in known_periods:
            raise UnknownIdError("period", p, known_periods, param="period")
    if not (teams or statuses or periods):
        return None
    return [
        i.id
        for i in plan.initiatives
        if (not teams or i.team in teams)
        and (not statuses or i.status in statuses)
        and (not periods or i.period in periods)
    ]


def score_plan(
    plan: Plan,
    method: str | None = None,
    *,
    normalize: bool = False,
    ids: Iterable[str] | None = None,
) -> Ranking:
    """Score and rank the initiatives (those in ``ids``, else all) by ``method``.

    ``method`` ``None`` is the plan's ``settings.scoring.method``. ``normalize`` rescales
    each WSJF column over the ranked initiatives so its smallest value is 1.
    """
    m = get_method(plan, method)
    whole = ids is None and not normalize
    if whole:
        cached = plan.memo.get(("ranking", m.name))
        if cached is not None:
            assert isinstance(cached, Ranking)
            return cached
    initiatives = select(plan, ids)
    namespaces = [plan_namespace(plan, i) for i in initiatives]
    ranking = rank_namespaces(plan, m, initiatives, namespaces, normalize=normalize)
    if whole:
        plan.memo[("ranking", m.name)] = ranking
    return ranking


def open_ids(plan: Plan, include: str | None = None) -> list[str]:
    """The work still to decide (``LIVE_STATUSES``), in plan order; ``include`` adds one
    more initiative whatever its status (``explain`` of done or dropped work)."""
    return [i.id for i in plan.initiatives if i.status in LIVE_STATUSES or i.id == include]


def open_ranking(plan: Plan, method: str | None = None, *, normalize: bool = False) -> Ranking:
    """The ranking every command shows: the work still to decide, as ``score`` ranks by
    default. ``explain``, the report's ranking and ``diff``'s rank changes read it, so a
    rank said in one is the rank said in all (done and dropped work ranks nowhere)."""
    m = get_method(plan, method)
    key = ("open-ranking", m.name, normalize)
    cached = plan.memo.get(key)
    if cached is not None:
        assert isinstance(cached, Ranking)
        return cached
    ranking = score_plan(plan, m.name, normalize=normalize, ids=open_ids(plan))
    plan.memo[key] = ranking
    return ranking


def plan_namespace(plan: Plan, initiative: Initiative) -> dict[str, Any]:
    """:func:`initiative_namespace`, computed once per initiative of a loaded plan."""
    cache: dict[str, tuple[Initiative, dict[str, Any]]] = plan.memo.setdefault("namespaces", {})
    hit = cache.get(initiative.id)
    if hit is not None and hit[0] is initiative:
        return hit[1]
    ns = initiative_namespace(initiative)
    cache[initiative.id] = (initiative, ns)
    return ns


def rank_namespaces(
    plan: Plan,
    m: AnyMethod,
    initiatives: list[Initiative],
    namespaces: list[dict[str, Any]],
    *,
    normalize: bool = False,
) -> Ranking:
    settings = method_settings(plan, m, normalize)
    if m.name == "wsjf" and normalize:
        settings["scales"] = _wsjf_scales(namespaces)
    rows: list[tuple[tuple[Any, ...], Initiative, Any]] = []
    unscored: list[Unscored] = []
    for initiative, ns in zip(initiatives, namespaces, strict=True):
        try:
            outcome = m.evaluate(ns, settings)
        except Missing as miss:
            unscored.append(
                Unscored(
                    initiative.id,
                    initiative.title,
                    initiative.team,
                    miss.missing,
                    miss.reason,
                    status=initiative.status,
                    period=initiative.period,
                    kind=initiative.kind,
                    effort=initiative.effort,
                    extras=extras_json(initiative),
                )
            )
            continue
        key = tie_key(outcome.score, outcome.value, outcome.size, initiative.id)
        rows.append((key, initiative, outcome))
    rows.sort(key=lambda r: r[0])
    scored = [
        ScoredInitiative(
            rank=n,
            id=i.id,
            title=i.title,
            team=i.team,
            score=o.score,
            value=o.value,
            size=o.size,
            inputs=o.inputs,
            status=i.status,
            period=i.period,
            kind=i.kind,
            effort=i.effort,
            extras=extras_json(i),
        )
        for n, (_, i, o) in enumerate(rows, start=1)
    ]
    unscored.sort(key=lambda u: u.id)
    return Ranking(m.name, scored, unscored, m.formula(settings), settings)


def value_size(
    plan: Plan, initiative: Initiative, method: str
) -> tuple[float | None, float | None]:
    """The value (numerator) and size (denominator) of ``initiative`` under ``method``.

    RICE: reach x impact x confidence and effort; WSJF: business value + time
    criticality + risk reduction and job size (absolute); CD3: cost of delay per week and
    duration in weeks. ICE and formulas: the score and ``None``. ``(None, None)`` when
    inputs are missing.
    """
    m = get_method(plan, method)
    try:
        outcome = m.evaluate(plan_namespace(plan, initiative), method_settings(plan, m))
    except Missing:
        return None, None
    return outcome.value, outcome.size


def missing_inputs(plan: Plan, initiative: Initiative, method: str) -> list[str]:
    """The inputs of ``method`` that ``initiative`` lacks, e.g. ``["rice.reach"]``."""
    if plan.initiative_by_id.get(initiative.id) is initiative:
        # one ranking of the whole plan answers for every initiative
        ranking = score_plan(plan, method)
        missing: dict[str, list[str]] | None = plan.memo.get(("missing", ranking.method))
        if missing is None:
            missing = {u.id: list(u.missing) for u in ranking.unscored}
            plan.memo[("missing", ranking.method)] = missing
        return list(missing.get(initiative.id, []))
    m = get_method(plan, method)
    try:
        m.evaluate(initiative_namespace(initiative), method_settings(plan, m))
    except Missing as miss:
        return list(miss.missing)
    return []
