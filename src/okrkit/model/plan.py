"""The plan format, version 1, as pydantic models.

These names are the public interface of a plan file: field names, enum values and
defaults are documented in ``docs/format.md`` and in the JSON Schema that
``okrkit schema`` prints. Change them only with a new format version.

The models describe one *file*: every top-level section is optional, and the
loader joins the sections of all files into one :class:`okrkit.model.Plan`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, get_args

from annotated_types import Ge, Gt, Le
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    WithJsonSchema,
    model_validator,
)

from okrkit.model.scalars import free_form, plain, written_text

FORMAT_VERSION = 1

Text = Annotated[str, BeforeValidator(written_text)]
"""Text. A plain scalar that reads as a number (``1.0``, ``1e20``) is the text written."""

Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:/-]*$",
        description="Letters, digits and `_ . : / -`, starting with a letter or digit.",
    ),
    BeforeValidator(written_text),
]

Direction = Literal["increase", "decrease", "at_least", "at_most", "milestone"]
Kind = Literal["feature", "enabler", "debt", "experiment"]
Status = Literal["proposed", "committed", "in_progress", "done", "dropped"]
OPEN_STATUSES: tuple[str, ...] = ("proposed", "committed", "in_progress")
"""The work still to decide or under way: what is scheduled, ranked by default and
forecast (``done`` and ``dropped`` work is out). The one list; others alias it."""
STATUSES: tuple[str, ...] = get_args(Status)
"""Every initiative status, derived from :data:`Status` (``--status`` choices)."""
Commitment = Literal["committed", "aspirational"]
Urgency = Literal["standard", "fixed_date", "expedite", "intangible"]
Severity = Literal["error", "warning", "info"]
Indicator = Literal["leading", "lagging"]

_PERCENT = re.compile(r"^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*%\s*$")


def percent_fraction(text: str) -> float | None:
    """The fraction a percentage such as ``"80%"`` stands for (0.8); ``None`` if not one.

    The one reading of percentages: plan fields and command options both use it.
    """
    m = _PERCENT.match(text)
    return float(m.group(1)) / 100.0 if m else None


def _percent_to_fraction(value: Any) -> Any:
    """Accept ``"80%"`` for a fraction; anything else passes through unchanged."""
    if isinstance(value, str):
        fraction = percent_fraction(value)
        if fraction is not None:
            return fraction
    return value


Num = Annotated[float, Strict()]
"""A number. Strict, so YAML's ``true``/``false`` are refused (Python counts them as 1 and
0) and so are numbers written as text; all constraints are checked natively by pydantic."""


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        allow_inf_nan=False,
        ser_json_inf_nan="constants",  # the cache stores `.nan` in settings.checks as NaN
        coerce_numbers_to_str=True,
        validate_default=False,
        populate_by_name=False,
        str_strip_whitespace=False,
    )


# --- estimates -------------------------------------------------------------------


class Range(_Model):
    """An uncertain estimate: ``{low, high}`` or ``{low, likely, high}``."""

    low: Num
    likely: Num | None = None
    high: Num

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.low > self.high:
            raise ValueError("low must not be greater than high")
        if self.likely is not None and not (self.low <= self.likely <= self.high):
            raise ValueError("likely must lie between low and high")
        return self

    @property
    def point(self) -> float:
        """The point value: ``likely``, else the midpoint."""
        if self.likely is not None:
            return self.likely
        # halves first: exact, and finite even for {low: 1e308, high: 1e308}
        return self.low / 2.0 + self.high / 2.0


Estimate = Num | Range
"""A number or a :class:`Range`. Use :func:`point` for its point value."""


def point(value: Estimate | None) -> float | None:
    """The point value of an estimate (``None`` stays ``None``)."""
    if value is None:
        return None
    if isinstance(value, Range):
        return value.point
    return float(value)


class PositiveRange(Range):
    low: Annotated[Num, Gt(0.0)]


class NonNegativeRange(Range):
    low: Annotated[Num, Ge(0.0)]


class FractionRange(Range):
    low: Annotated[Num, Ge(0.0), Le(1.0)]
    likely: Annotated[Num, Ge(0.0), Le(1.0)] | None = None
    high: Annotated[Num, Ge(0.0), Le(1.0)]


class TenScaleRange(Range):
    low: Annotated[Num, Ge(1.0), Le(10.0)]
    likely: Annotated[Num, Ge(1.0), Le(10.0)] | None = None
    high: Annotated[Num, Ge(1.0), Le(10.0)]


Positive = Annotated[Num, Gt(0.0)] | PositiveRange

MAX_WEEKS = 1e9
"""Largest number of weeks (effort, duration, time-box, capacity) a plan may state.

About 19 million years: anything larger is a typo, and schedules are exact integers of a
millionth of a week, which a larger figure would overflow."""


class WeeksRange(PositiveRange):
    low: Annotated[Num, Gt(0.0), Le(MAX_WEEKS)]
    likely: Annotated[Num, Gt(0.0), Le(MAX_WEEKS)] | None = None
    high: Annotated[Num, Gt(0.0), Le(MAX_WEEKS)]


Weeks = Annotated[Num, Gt(0.0), Le(MAX_WEEKS)] | WeeksRange
"""A positive number of weeks, or a range of them, at most :data:`MAX_WEEKS`."""
"""An estimate greater than 0 (efforts, durations, job sizes)."""
NonNegative = Annotated[Num, Ge(0.0)] | NonNegativeRange
_FRACTION_JSON_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "number", "minimum": 0.0, "maximum": 1.0},
        {"type": "string", "pattern": r"^\s*([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*%\s*$"},
    ]
}
Fraction = Annotated[
    float,
    Strict(),
    Ge(0.0),
    Le(1.0),
    BeforeValidator(_percent_to_fraction),
    WithJsonSchema(_FRACTION_JSON_SCHEMA),
]
"""A fraction in [0, 1]; ``"80%"`` is accepted."""
FractionEstimate = Fraction | FractionRange
"""A fraction or a range of fractions; ``"80%"`` is accepted."""
TenScale = Annotated[Num, Ge(1.0), Le(10.0)] | TenScaleRange
"""An estimate on the 1-10 scale (ICE)."""


# --- fields every kind of element can carry -------------------------------------

Tag = Annotated[
    str,
    Field(
        min_length=1,
        max_length=50,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:/+-]*$",
        description="A short label: letters, digits and `_ . : / + -`, no spaces.",
    ),
    BeforeValidator(written_text),
]
Url = Annotated[
    str,
    Field(
        min_length=3,
        max_length=2000,
        pattern=r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$",
        description="A URL with its scheme (`https://…`, `mailto:…`).",
    ),
]
Meta = Annotated[dict[str, Any], BeforeValidator(free_form)]
"""Free-form data an organisation carries with an element: never validated, kept as
written and passed through to the JSON outputs."""


class Link(_Model):
    """A link with a title: ``{title, url}``."""

    title: Text
    url: Url


LinkItem = Url | Link
"""A URL, or ``{title, url}``."""


def _owner() -> Any:
    return Field(default=None, description="Who answers for it: a person, a role or a team.")


def _links() -> Any:
    return Field(
        default_factory=list,
        description="Tracker issues, documents, dashboards: URLs or `{title, url}`.",
    )


def _tags() -> Any:
    return Field(default_factory=list, description="Short labels for filtering and policy rules.")


def _meta() -> Any:
    return Field(
        default_factory=dict,
        description="Free-form data, never validated, passed through to JSON outputs.",
    )


def link_parts(link: LinkItem) -> tuple[str | None, str]:
    """``(title or None, url)`` of a link item."""
    if isinstance(link, Link):
        return link.title, link.url
    return None, link


def links_json(links: list[LinkItem]) -> list[dict[str, str | None]]:
    """Links as every JSON output shows them: ``{"title": ... or null, "url": ...}``."""
    return [{"title": t, "url": u} for t, u in map(link_parts, links)]


def extras_json(element: Any) -> dict[str, Any]:
    """The ``owner``, ``tags``, ``links`` and ``meta`` an element has, as every JSON output
    shows them (keys for fields its kind does not have are left out)."""
    out: dict[str, Any] = {}
    if hasattr(element, "owner"):
        out["owner"] = element.owner
    if hasattr(element, "tags"):
        out["tags"] = list(element.tags)
    if hasattr(element, "links"):
        out["links"] = links_json(element.links)
    if hasattr(element, "meta"):
        out["meta"] = element.meta
    return out


# --- vision ----------------------------------------------------------------------


class PolicyRule(_Model):
    """A rule that ``okrkit check`` enforces for a principle."""

    applies_to: Text = Field(
        default="true",
        description="Expression: which initiatives the rule applies to (default: all).",
    )
    require: Text = Field(description="Expression every matching initiative must satisfy.")
    severity: Severity = "error"


class Principle(_Model):
    id: Id
    statement: Text
    rule: PolicyRule | None = None
    meta: Meta = _meta()


class Pillar(_Model):
    id: Id
    name: Text
    description: Text | None = None
    target_share: Num | None = Field(
        default=None, ge=0.0, le=1.0, description="Share of planned effort this pillar should get."
    )
    links: list[LinkItem] = _links()
    meta: Meta = _meta()


class Vision(_Model):
    statement: Text
    narrative: Text | None = None
    horizon: dt.date | None = None
    principles: list[Principle] = Field(default_factory=list)
    pillars: list[Pillar] = Field(default_factory=list)
    links: list[LinkItem] = _links()
    meta: Meta = _meta()

    @model_validator(mode="after")
    def _shares(self) -> Vision:
        total = sum(p.target_share or 0.0 for p in self.pillars)
        if total > 1.0 + 1e-9:
            raise ValueError(f"pillar target shares add up to {total:g}, more than 1")
        return self


# --- periods and teams -----------------------------------------------------------


class Period(_Model):
    id: Id
    start: dt.date
    end: dt.date
    meta: Meta = _meta()

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("end must not be before start")
        return self

    @property
    def weeks(self) -> float:
        return ((self.end - self.start).days + 1) / 7.0


class Team(_Model):
    id: Id
    name: Text | None = None
    capacity: dict[str, Annotated[Num, Ge(0.0), Le(MAX_WEEKS)]] = Field(
        default_factory=dict, description="Person-weeks available, per period id."
    )
    wip_limit: Annotated[int, Strict()] = Field(
        default=1, ge=1, description="Initiatives in progress at once."
    )
    lead: Text | None = Field(default=None, description="Who leads the team.")
    meta: Meta = _meta()


# --- objectives and key results --------------------------------------------------


class Checkin(_Model):
    date: dt.date
    value: Num
    confidence: Fraction | None = None
    note: Text | None = None
    meta: Meta = _meta()


class KeyResult(_Model):
    id: Id
    title: Text
    metric: Text | None = None
    unit: Text | None = None
    direction: Direction | None = None
    baseline: Num | None = None
    target: Num | None = None
    current: Num | None = None
    weight: Num = Field(default=1.0, gt=0.0)
    indicator: Indicator | None = Field(
        default=None,
        description="`leading` (moves early, steers the work) or `lagging` (the outcome).",
    )
    owner: Text | None = _owner()
    tags: list[Tag] = _tags()
    links: list[LinkItem] = _links()
    meta: Meta = _meta()
    checkins: list[Checkin] = Field(default_factory=list)


class Objective(_Model):
    id: Id
    title: Text
    description: Text | None = None
    pillar: Text | None = None
    team: Text | None = None
    period: Text | None = None
    commitment: Commitment = "committed"
    owner: Text | None = _owner()
    tags: list[Tag] = _tags()
    links: list[LinkItem] = _links()
    meta: Meta = _meta()
    key_results: list[KeyResult] = Field(default_factory=list)


# --- initiatives -----------------------------------------------------------------


class Rice(_Model):
    reach: NonNegative | None = None
    impact: NonNegative | None = None
    confidence: FractionEstimate | None = None
    effort: Positive | None = Field(default=None, description="Person-months (> 0).")


class Ice(_Model):
    impact: TenScale | None = None
    confidence: TenScale | None = None
    ease: TenScale | None = None


class Wsjf(_Model):
    business_value: NonNegative | None = None
    time_criticality: NonNegative | None = None
    risk_reduction: NonNegative | None = None
    job_size: Positive | None = None


class CostOfDelay(_Model):
    per_week: NonNegative | None = None
    urgency: Urgency = "standard"
    deadline: dt.date | None = None


class Initiative(_Model):
    id: Id
    title: Text
    description: Text | None = None
    team: Text
    kind: Kind = "feature"
    status: Status = "proposed"
    period: Text | None = None
    key_results: list[Text] = Field(default_factory=list)
    depends_on: list[Text] = Field(default_factory=list)
    effort_weeks: Weeks | None = Field(default=None, description="Person-weeks of work.")
    duration_weeks: Weeks | None = Field(
        default=None, description="Calendar weeks once started (default: effort_weeks)."
    )
    started: dt.date | None = Field(default=None, description="When work began.")
    remaining_weeks: NonNegative | None = Field(
        default=None,
        description="In-progress work: calendar weeks still to go from --as-of "
        "(default: its full duration from `started`).",
    )
    rice: Rice | None = None
    ice: Ice | None = None
    wsjf: Wsjf | None = None
    cost_of_delay: CostOfDelay | None = None
    timebox_weeks: Annotated[Num, Gt(0.0), Le(MAX_WEEKS)] | None = None
    fields: dict[str, Num | str] = Field(
        default_factory=dict,
        description="Custom values for formulas and policy rules: numbers or text.",
    )
    owner: Text | None = _owner()
    tags: list[Tag] = _tags()
    links: list[LinkItem] = _links()
    meta: Meta = _meta()

    @property
    def effort(self) -> float | None:
        """Point value of ``effort_weeks``."""
        return point(self.effort_weeks)

    @property
    def duration(self) -> float | None:
        """Point value of ``duration_weeks``, else of ``effort_weeks``."""
        d = point(self.duration_weeks)
        return d if d is not None else point(self.effort_weeks)


# --- settings --------------------------------------------------------------------

IceCombination = Literal["product", "average", "sum"]


class ScoringSettings(_Model):
    method: Text = "rice"
    ice: IceCombination = "product"
    formulas: dict[str, Text] = Field(default_factory=dict)
    compare_threshold: int | None = Field(
        default=None,
        ge=0,
        description=(
            "Rank difference that flags a method-dependent rank "
            "(default: a quarter of the initiatives compared, at least 3)."
        ),
    )


class StatusSettings(_Model):
    at_risk_band: float = Field(default=0.15, ge=0.0, le=1.0)
    stale_after_days: int = Field(default=21, ge=1)


class PlanningSettings(_Model):
    time_limit_seconds: float = Field(default=10.0, gt=0.0)
    priority_inversion_gap: int = Field(default=5, ge=1)
    reserve_debt_share: float = Field(
        default=0.0,
        ge=0.0,
        le=1.0,
        description="Share of each team's capacity kept for debt work before anything "
        "else competes for it.",
    )


class ForecastSettings(_Model):
    distribution: Literal["pert", "triangular", "lognormal"] = Field(
        default="pert",
        description=(
            "How `okrkit forecast` reads an estimate range: pert (beta, the default),"
            " triangular, or lognormal (low and high as the 5th and 95th percentiles)."
        ),
    )


class Settings(_Model):
    scoring: ScoringSettings = Field(default_factory=ScoringSettings)
    status: StatusSettings = Field(default_factory=StatusSettings)
    planning: PlanningSettings = Field(default_factory=PlanningSettings)
    forecast: ForecastSettings = Field(default_factory=ForecastSettings)
    checks: Annotated[dict[str, Any], BeforeValidator(plain)] = Field(
        default_factory=dict,
        description="Per-check configuration: `off`, or a mapping with `severity` and options.",
    )


# --- one file --------------------------------------------------------------------


class PlanFile(_Model):
    """What one plan file may hold: any of the top-level sections."""

    version: Literal[1] | None = Field(default=None, description="Plan format version.")
    vision: Vision | None = None
    periods: list[Period] = Field(default_factory=list)
    teams: list[Team] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    initiatives: list[Initiative] = Field(default_factory=list)
    settings: Settings | None = None
