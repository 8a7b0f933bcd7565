"""A check's options class and group come from its declaration, not from repeated fields."""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from okrkit.checks.base import Check, CheckContext, CheckOptions, Issue, NoOptions, group_of
from okrkit.checks.registry import CHECKS, GROUPS


class _Limit(CheckOptions):
    limit: int = 3


class _Limited(Check[_Limit]):
    code = "OKR499"
    name = "limited"
    summary = "A test check."

    def run(self, ctx: CheckContext, options: _Limit) -> Iterator[Issue]:
        return iter(())


class _Subclass(_Limited):
    code = "OKR199"


def test_options_come_from_the_type_argument_and_group_from_the_code() -> None:
    assert _Limited.Options is _Limit
    assert _Limited.group == "hygiene"
    assert _Subclass.Options is _Limit  # inherited
    assert _Subclass.group == "graph"  # its own code decides


def test_options_reject_unknown_keys_and_are_frozen() -> None:
    with pytest.raises(ValidationError):
        _Limit.model_validate({"limt": 2})
    opts = _Limit()
    with pytest.raises(ValidationError):
        opts.limit = 4  # type: ignore[misc]


@pytest.mark.parametrize(
    ("code", "group"),
    [("OKR001", "loading"), ("OKR206", "alignment"), ("OKR305", "capacity"), ("OKR900", "policy")],
)
def test_group_of(code: str, group: str) -> None:
    assert group_of(code) == group


@pytest.mark.parametrize("code", ["OKR5", "OKR501", "XYZ201", "OKR2x1"])
def test_a_code_outside_the_groups_is_refused_when_the_class_is_made(code: str) -> None:
    with pytest.raises(ValueError, match="OKR"):
        types.new_class("Bad", (Check[NoOptions],), exec_body=lambda ns: ns.update(code=code))


@pytest.mark.parametrize("check", CHECKS, ids=[c.name for c in CHECKS])
def test_every_check_runs_with_its_own_options_type(check: type[Check[CheckOptions]]) -> None:
    assert check.group in GROUPS
    assert issubclass(check.Options, CheckOptions)
    if check.run is not Check.run:  # the loading checks do not run
        assert typing.get_type_hints(check.run)["options"] is check.Options, check.name
    source = inspect.getsource(check)
    assert "assert isinstance" not in source
    assert "    group = " not in source and "    Options = " not in source


def test_every_group_has_a_title_in_the_docs() -> None:
    from okrkit.checks.base import GROUP_BY_HUNDREDS

    assert list(GROUPS) == list(GROUP_BY_HUNDREDS.values())
    for digit, group in GROUP_BY_HUNDREDS.items():
        assert GROUPS[group].startswith(f"OKR{digit}"), group
