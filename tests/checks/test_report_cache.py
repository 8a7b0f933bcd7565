"""The content-keyed cache of check reports: a hit only when nothing it depends on changed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from okrkit.checks import engine
from okrkit.checks.engine import check_path

SOURCE = Path(__file__).resolve().parents[2] / "examples" / "all-checks" / "plan"
AS_OF = dt.date(2026, 2, 15)


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OKRKIT_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "plan"
    shutil.copytree(SOURCE, target)
    monkeypatch.chdir(tmp_path)
    return Path("plan")


def _forbid_running(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("the checks ran: expected a cache hit")

    monkeypatch.setattr(engine, "run_checks", boom)


def test_unchanged_plan_is_served_from_the_cache(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = check_path(plan, AS_OF)
    assert first.findings
    _forbid_running(monkeypatch)
    second = check_path(plan, AS_OF)
    assert second == first


@pytest.mark.parametrize("change", ["file", "as_of", "select", "ignore"])
def test_any_change_is_a_miss(plan: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    check_path(plan, AS_OF)
    calls: list[int] = []
    real = engine.run_checks

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "run_checks", counting)
    kwargs: dict[str, object] = {}
    as_of = AS_OF
    if change == "file":
        f = sorted(plan.rglob("*.yaml"))[0]
        f.write_text(f.read_text() + "\n# an edit\n")
    elif change == "as_of":
        as_of = AS_OF + dt.timedelta(days=1)
    elif change == "select":
        kwargs["select"] = ["orphan-initiative"]
    else:
        kwargs["ignore"] = ["orphan-initiative"]
    check_path(plan, as_of, **kwargs)  # type: ignore[arg-type]
    assert calls == [1]


def test_no_cache_writes_and_reads_nothing(plan: Path, tmp_path: Path) -> None:
    check_path(plan, AS_OF, use_cache=False)
    assert not (tmp_path / "cache").exists()


def test_damaged_entry_is_ignored(plan: Path, tmp_path: Path) -> None:
    first = check_path(plan, AS_OF)
    for entry in (tmp_path / "cache").glob("check-*.json"):
        entry.write_text('{"findings": [1]}')
    assert check_path(plan, AS_OF) == first
