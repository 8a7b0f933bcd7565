"""``filter_ids``: what ``okrkit score --team/--status/--period`` keep."""

from __future__ import annotations

import pytest

from okrkit.errors import UsageError
from okrkit.load import load_plan_text
from okrkit.scoring import filter_ids

PLAN = """\
version: 1
teams: [{id: web}, {id: api}]
periods: [{id: q1, start: 2026-01-01, end: 2026-03-31}]
initiatives:
  - {id: a, title: A, team: web, period: q1}
  - {id: b, title: B, team: api, status: done}
  - {id: c, title: C, team: web, status: done, period: q1}
"""


def test_nothing_filters_by_default() -> None:
    assert filter_ids(load_plan_text(PLAN)) is None


@pytest.mark.parametrize(
    ("kw", "ids"),
    [
        ({"teams": ["web"]}, ["a", "c"]),
        ({"statuses": ["done"]}, ["b", "c"]),
        ({"periods": ["q1"]}, ["a", "c"]),
        ({"teams": ["web", "api"], "statuses": ["done"]}, ["b", "c"]),
        ({"teams": ["api"], "periods": ["q1"]}, []),
    ],
)
def test_every_filter_must_hold(kw: dict[str, list[str]], ids: list[str]) -> None:
    assert filter_ids(load_plan_text(PLAN), **kw) == ids


@pytest.mark.parametrize(
    ("kw", "param"), [({"teams": ["wbe"]}, "team"), ({"periods": ["q9"]}, "period")]
)
def test_an_unknown_team_or_period_names_its_parameter(
    kw: dict[str, list[str]], param: str
) -> None:
    with pytest.raises(UsageError) as info:
        filter_ids(load_plan_text(PLAN), **kw)
    assert info.value.param == param
    assert not str(info.value).startswith(("okrkit", "--"))
