"""The scoring methods: RICE, ICE, WSJF, CD3 and the plan's own formulas.

Every method reads an initiative's namespace (:func:`okrkit.expr.initiative_namespace`)
and gives a :class:`Outcome`: the score, the *value* (numerator) and the *size*
(denominator) of the ratio methods, and the inputs it read. An initiative that lacks an
input is never scored as 0: the method raises :class:`Missing` naming every missing input.

Definitions and sources: ``docs/scoring.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from okrkit.expr import Expression, ExpressionError, MissingField

BUILTIN_METHODS = ("rice", "ice", "wsjf", "cd3")

Kind = Literal["linear", "inverse", "other"]
"""How a score moves with one input: ``a * x + b``, ``k / x``, or neither."""


@dataclass(frozen=True)
class Outcome:
    score: float
    value: float | None
    size: float | None
    inputs: dict[str, float | str]


class Missing(Exception):
    """The initiative lacks inputs (``missing``), or the formula failed (``reason``)."""

    def __init__(self, missing: list[str], reason: str | None = None):
        super().__init__(reason or ", ".join(missing))
        self.missing = missing
        self.reason = reason


@dataclass(frozen=True)
class Bound:
    """The valid range of an input, for sensitivity: ``low <= x <= high``."""

    low: float = 0.0
    high: float | None = None
    low_open: bool = False

    def contains(self, x: float) -> bool:
        if x < self.low or (self.low_open and x <= self.low):
            return False
        return self.high is None or x <= self.high

    def describe(self) -> str:
        if self.high is not None:
            return f"{self.low:g}-{self.high:g}"
        return f"> {self.low:g}" if self.low_open else f">= {self.low:g}"


_NON_NEGATIVE = Bound()
_POSITIVE = Bound(low_open=True)
_FRACTION = Bound(0.0, 1.0)
_TEN = Bound(1.0, 10.0)


@dataclass(frozen=True)
class Method:
    """A built-in scoring method."""

    name: str
    required: tuple[str, ...]
    shown: tuple[str, ...] = ()
    """Inputs shown with the score but not used in it (CD3's urgency)."""
    kinds: Mapping[str, Kind] = field(default_factory=dict)
    bounds: Mapping[str, Bound] = field(default_factory=dict)

    @property
    def numeric_inputs(self) -> tuple[str, ...]:
        return self.required

    def formula(self, settings: Mapping[str, Any]) -> str:
        raise NotImplementedError

    def compute(self, values: Mapping[str, float], settings: Mapping[str, Any]) -> Outcome:
        raise NotImplementedError

    def substituted(self, values: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
        """The formula with the numbers filled in."""
        raise NotImplementedError

    def evaluate(self, ns: Mapping[str, Any], settings: Mapping[str, Any]) -> Outcome:
        missing = [n for n in self.required if ns.get(n) is None]
        if missing:
            raise Missing(missing)
        values = {n: float(ns[n]) for n in self.required}
        outcome = self.compute(values, settings)
        if not math.isfinite(outcome.score) or not math.isfinite(outcome.value or 0.0):
            raise Missing([], "the score overflows (inputs too large)")
        for n in self.shown:
            if ns.get(n) is not None:
                outcome.inputs[n] = ns[n]
        return outcome


def _g(x: float) -> str:
    """A number in a derivation: up to 6 significant digits, no exponent for normal sizes."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.6g}"


class Rice(Method):
    def formula(self, settings: Mapping[str, Any]) -> str:
        return "rice.reach * rice.impact * rice.confidence / rice.effort"

    def compute(self, values: Mapping[str, float], settings: Mapping[str, Any]) -> Outcome:
        r, i, c, e = (values[n] for n in self.required)
        value = r * i * c
        return Outcome(value / e, value, e, dict(values))

    def substituted(self, values: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
        r, i, c, e = (_g(values[n]) for n in self.required)
        return f"{r} * {i} * {c} / {e}"


class Ice(Method):
    def formula(self, settings: Mapping[str, Any]) -> str:
        how = settings.get("ice", "product")
        if how == "average":
            return "(ice.impact + ice.confidence + ice.ease) / 3"
        if how == "sum":
            return "ice.impact + ice.confidence + ice.ease"
        return "ice.impact * ice.confidence * ice.ease"

    def compute(self, values: Mapping[str, float], settings: Mapping[str, Any]) -> Outcome:
        i, c, e = (values[n] for n in self.required)
        how = settings.get("ice", "product")
        if how == "average":
            score = (i + c + e) / 3.0
        elif how == "sum":
            score = i + c + e
        else:
            score = i * c * e
        return Outcome(score, score, None, dict(values))

    def substituted(self, values: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
        i, c, e = (_g(values[n]) for n in self.required)
        how = settings.get("ice", "product")
        if how == "average":
            return f"({i} + {c} + {e}) / 3"
        if how == "sum":
            return f"{i} + {c} + {e}"
        return f"{i} * {c} * {e}"


class Wsjf(Method):
    def formula(self, settings: Mapping[str, Any]) -> str:
        if settings.get("scales"):
            return (
                "(wsjf.business_value / s1 + wsjf.time_criticality / s2"
                " + wsjf.risk_reduction / s3) / (wsjf.job_size / s4),"
                " s = smallest value of each column"
            )
        return "(wsjf.business_value + wsjf.time_criticality + wsjf.risk_reduction) / wsjf.job_size"

    def compute(self, values: Mapping[str, float], settings: Mapping[str, Any]) -> Outcome:
        scales: Mapping[str, float] = settings.get("scales") or {}
        bv, tc, rr, js = (values[n] / scales.get(n, 1.0) for n in self.required)
        value = bv + tc + rr
        return Outcome(value / js, value, js, dict(values))

    def substituted(self, values: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
        scales: Mapping[str, float] = settings.get("scales") or {}
        parts = []
        for n in self.required:
            s = scales.get(n, 1.0)
            parts.append(f"{_g(values[n])}/{_g(s)}" if scales else _g(values[n]))
        return f"({parts[0]} + {parts[1]} + {parts[2]}) / {parts[3]}"


class Cd3(Method):
    def formula(self, settings: Mapping[str, Any]) -> str:
        return "cost_of_delay.per_week / duration_weeks"

    def compute(self, values: Mapping[str, float], settings: Mapping[str, Any]) -> Outcome:
        cod, d = (values[n] for n in self.required)
        return Outcome(cod / d, cod, d, dict(values))

    def substituted(self, values: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
        cod, d = (_g(values[n]) for n in self.required)
        return f"{cod} / {d}"


RICE = Rice(
    "rice",
    ("rice.reach", "rice.impact", "rice.confidence", "rice.effort"),
    kinds={
        "rice.reach": "linear",
        "rice.impact": "linear",
        "rice.confidence": "linear",
        "rice.effort": "inverse",
    },
    bounds={
        "rice.reach": _NON_NEGATIVE,
        "rice.impact": _NON_NEGATIVE,
        "rice.confidence": _FRACTION,
        "rice.effort": _POSITIVE,
    },
)
ICE = Ice(
    "ice",
    ("ice.impact", "ice.confidence", "ice.ease"),
    kinds={"ice.impact": "linear", "ice.confidence": "linear", "ice.ease": "linear"},
    bounds={"ice.impact": _TEN, "ice.confidence": _TEN, "ice.ease": _TEN},
)
WSJF = Wsjf(
    "wsjf",
    ("wsjf.business_value", "wsjf.time_criticality", "wsjf.risk_reduction", "wsjf.job_size"),
    kinds={
        "wsjf.business_value": "linear",
        "wsjf.time_criticality": "linear",
        "wsjf.risk_reduction": "linear",
        "wsjf.job_size": "inverse",
    },
    bounds={
        "wsjf.business_value": _NON_NEGATIVE,
        "wsjf.time_criticality": _NON_NEGATIVE,
        "wsjf.risk_reduction": _NON_NEGATIVE,
        "wsjf.job_size": _POSITIVE,
    },
)
CD3 = Cd3(
    "cd3",
    ("cost_of_delay.per_week", "duration_weeks"),
    shown=("cost_of_delay.urgency", "cost_of_delay.deadline"),
    kinds={"cost_of_delay.per_week": "linear", "duration_weeks": "inverse"},
    bounds={"cost_of_delay.per_week": _NON_NEGATIVE, "duration_weeks": _POSITIVE},
)

BUILTINS: dict[str, Method] = {m.name: m for m in (RICE, ICE, WSJF, CD3)}


class Formula:
    """A custom formula from ``settings.scoring.formulas``: value = score, no size."""

    def __init__(self, name: str, expression: Expression):
        self.name = name
        self.expression = expression
        self.required = tuple(sorted(expression.names))
        self.kinds: Mapping[str, Kind] = {}
        bounds: dict[str, Bound] = {"effort_weeks": _POSITIVE, "duration_weeks": _POSITIVE}
        for m in BUILTINS.values():
            bounds.update(m.bounds)
        self.bounds: Mapping[str, Bound] = bounds

    @property
    def numeric_inputs(self) -> tuple[str, ...]:
        return self.required

    def formula(self, settings: Mapping[str, Any]) -> str:
        return self.expression.text.strip()

    def evaluate(self, ns: Mapping[str, Any], settings: Mapping[str, Any]) -> Outcome:
        try:
            result = self.expression.evaluate(ns)
        except MissingField:
            missing = [n for n in self.required if ns.get(n) is None]
            raise Missing(missing) from None
        except ExpressionError as exc:
            raise Missing([], exc.message) from None
        if isinstance(result, bool) or not isinstance(result, (int, float)):
            kind = "true/false" if isinstance(result, bool) else "text"
            raise Missing([], f"the formula gives {kind}, not a number")
        score = float(result)
        # a list (``tags``) is a label the formula tests, not an input to show or vary
        inputs: dict[str, float | str] = {
            n: ns[n] for n in self.required if n in ns and not isinstance(ns[n], (tuple, list))
        }
        return Outcome(score, score, None, inputs)

    def substituted(self, values: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
        return substitute(self.expression.text.strip(), values)


def substitute(text: str, values: Mapping[str, Any]) -> str:
    """``text`` with each dotted name replaced by its value (strings quoted)."""
    import io
    import tokenize

    out: list[str] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text.replace("\n", " ")).readline))
    except (tokenize.TokenError, SyntaxError):
        return text
    i = 0
    pos = 0
    flat = text.replace("\n", " ")
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == tokenize.NAME:
            # gather a dotted name
            j = i
            parts = [tok.string]
            while (
                j + 2 < len(tokens)
                and tokens[j + 1].string == "."
                and tokens[j + 2].type == tokenize.NAME
            ):
                parts.append(tokens[j + 2].string)
                j += 2
            name = ".".join(parts)
            start = tok.start[1]
            end = tokens[j].end[1]
            if name in values:
                v = values[name]
                out.append(flat[pos:start])
                if isinstance(v, (tuple, list)):
                    out.append("[" + ", ".join(repr(x) for x in v) + "]")
                else:
                    out.append(repr(v) if isinstance(v, str) else _g(float(v)))
                pos = end
            i = j + 1
            continue
        i += 1
    out.append(flat[pos:])
    return "".join(out)
