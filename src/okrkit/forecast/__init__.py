"""Forecasts: how sure the ranking is, and how likely the plan is to land.

:func:`okrkit.forecast.core.make_forecast` samples every estimate range of the plan
(numpy, seeded) and reports the ranking under uncertainty (:mod:`okrkit.forecast.ranking`)
and the delivery of the shared schedule under uncertainty
(:mod:`okrkit.forecast.delivery`). Range distributions are in
:mod:`okrkit.forecast.distributions` (pure Python, no numpy needed for percentiles). The
model and its formulas are documented in ``docs/forecast.md``.

The package imports nothing at start-up: import the submodule you need.
"""
