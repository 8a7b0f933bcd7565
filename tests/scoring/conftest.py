"""Build plans in memory for scoring tests, without YAML (fast enough for hypothesis)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from okrkit.model import Initiative, Plan, Settings, SourceMap


def make_plan(initiatives: list[dict[str, Any]], settings: dict[str, Any] | None = None) -> Plan:
    items = [Initiative.model_validate({"title": d["id"], "team": "t", **d}) for d in initiatives]
    return Plan(
        files=["mem.yaml"],
        vision=None,
        periods=[],
        teams=[],
        objectives=[],
        initiatives=items,
        settings=Settings.model_validate(settings or {}),
        source=SourceMap(["mem.yaml"], [dict]),
        origins={},
    )


@pytest.fixture(scope="session", name="make_plan")
def _make_plan_fixture() -> Callable[..., Plan]:
    return make_plan
