"""The names an expression can read about one initiative."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from okrkit.model.plan import point

if TYPE_CHECKING:
    from okrkit.model.plan import Initiative

INITIATIVE_NAMES: frozenset[str] = frozenset(
    {
        "id",
        "title",
        "team",
        "kind",
        "status",
        "period",
        "effort_weeks",
        "duration_weeks",
        "timebox_weeks",
        "started",
        "rice.reach",
        "rice.impact",
        "rice.confidence",
        "rice.effort",
        "ice.impact",
        "ice.confidence",
        "ice.ease",
        "wsjf.business_value",
        "wsjf.time_criticality",
        "wsjf.risk_reduction",
        "wsjf.job_size",
        "cost_of_delay.per_week",
        "cost_of_delay.urgency",
        "cost_of_delay.deadline",
        "key_results",
        "depends_on",
        "owner",
        "tags",
    }
)
"""Every name :func:`initiative_namespace` can hold, besides ``fields.<name>``."""


def is_initiative_name(name: str) -> bool:
    """Whether ``name`` is a name an initiative can have (``fields.*`` always can)."""
    return name in INITIATIVE_NAMES or (name.startswith("fields.") and name.count(".") == 1)


def _put(ns: dict[str, Any], name: str, value: Any) -> None:
    if value is not None:
        ns[name] = value


def initiative_namespace(initiative: Initiative) -> dict[str, Any]:
    """An initiative's fields as a flat namespace of dotted names.

    Numbers are floats (an estimate range gives its point value: ``likely``, else the
    midpoint); ``kind``, ``status``, ``team``, ``period``, ``cost_of_delay.urgency`` are
    strings; dates (``started``, ``cost_of_delay.deadline``) are ISO strings
    (``"2026-03-31"``), which compare correctly as strings. ``key_results`` and
    ``depends_on`` are counts; ``tags`` is a tuple of strings (for ``"x" in tags``);
    ``fields.<name>`` is a float, or a string for a text field. ``duration_weeks``
    defaults to ``effort_weeks``. A field the initiative does not set is absent, so
    reading it raises ``MissingField``.
    """
    i = initiative
    ns: dict[str, Any] = {
        "id": i.id,
        "title": i.title,
        "team": i.team,
        "kind": i.kind,
        "status": i.status,
        "key_results": float(len(i.key_results)),
        "depends_on": float(len(i.depends_on)),
        "tags": tuple(i.tags),
    }
    _put(ns, "owner", i.owner)
    _put(ns, "period", i.period)
    _put(ns, "effort_weeks", point(i.effort_weeks))
    _put(ns, "duration_weeks", i.duration)
    _put(ns, "timebox_weeks", i.timebox_weeks)
    _put(ns, "started", i.started.isoformat() if i.started else None)
    if i.rice is not None:
        for name in ("reach", "impact", "confidence", "effort"):
            _put(ns, "rice." + name, point(getattr(i.rice, name)))
    if i.ice is not None:
        for name in ("impact", "confidence", "ease"):
            _put(ns, "ice." + name, point(getattr(i.ice, name)))
    if i.wsjf is not None:
        for name in ("business_value", "time_criticality", "risk_reduction", "job_size"):
            _put(ns, "wsjf." + name, point(getattr(i.wsjf, name)))
    if i.cost_of_delay is not None:
        c = i.cost_of_delay
        _put(ns, "cost_of_delay.per_week", point(c.per_week))
        _put(ns, "cost_of_delay.urgency", c.urgency)
        _put(ns, "cost_of_delay.deadline", c.deadline.isoformat() if c.deadline else None)
    for name, value in i.fields.items():
        ns["fields." + name] = value if isinstance(value, str) else float(value)
    return ns
