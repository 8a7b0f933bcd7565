"""The parsed-plan cache never changes what a plan means.

A text field keeps exactly the text that was written, cached or not: ``1.0`` used as an
id, a reference or a title stays ``1.0`` (it read ``1`` through the cache), a title
``1e20`` stays ``1e20`` (not ``100000000000000000000``). And, for any plan, every command
prints the same with the cache (cold, then warm) as without it.
"""

from __future__ import annotations

import copy
import pickle
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from okrkit.load import load_plan
from okrkit.load.yaml12 import parse
from okrkit.model.scalars import WrittenFloat, WrittenInt, plain, written_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from strategies import examples, plan_yaml

NUMBERS_AS_TEXT = """\
periods:
  - {id: 1.0, start: 2026-01-01, end: 2026-03-31}
teams:
  - {id: t, name: 0x1F, capacity: {1.0: 10}}
objectives:
  - id: o
    title: 1e20
    period: 1.0
    key_results:
      - {id: 1.0, title: 0.0, unit: .nan, baseline: 0, target: 10, direction: increase}
initiatives:
  - {id: a, title: 1.50, team: t, period: 1.0, key_results: [1.0], effort_weeks: 2}
"""


def _texts(path: Path, use_cache: bool) -> dict[str, str]:
    plan = load_plan(path, use_cache=use_cache)
    kr = plan.objectives[0].key_results[0]
    return {
        "period": plan.periods[0].id,
        "team name": str(plan.teams[0].name),
        "capacity key": next(iter(plan.teams[0].capacity)),
        "objective title": plan.objectives[0].title,
        "objective period": str(plan.objectives[0].period),
        "kr id": kr.id,
        "kr title": kr.title,
        "kr unit": str(kr.unit),
        "initiative title": plan.initiatives[0].title,
        "initiative period": str(plan.initiatives[0].period),
        "initiative kr": plan.initiatives[0].key_results[0],
    }


def test_text_fields_keep_the_written_text_cached_or_not(write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(NUMBERS_AS_TEXT)
    want = {
        "period": "1.0",
        "team name": "0x1F",
        "capacity key": "1.0",
        "objective title": "1e20",
        "objective period": "1.0",
        "kr id": "1.0",
        "kr title": "0.0",
        "kr unit": ".nan",
        "initiative title": "1.50",
        "initiative period": "1.0",
        "initiative kr": "1.0",
    }
    assert _texts(path, use_cache=False) == want
    assert _texts(path, use_cache=True) == want  # cold: writes the cache
    assert _texts(path, use_cache=True) == want  # warm: reads it


def test_checkin_finds_a_key_result_whose_id_reads_as_a_number(run_cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    path = write_plan(NUMBERS_AS_TEXT.replace("unit: .nan", "unit: 1e3"))
    assert run_cli("validate", path).exit_code == 0  # fills the cache
    assert run_cli("validate", path).exit_code == 0  # failed only when cached
    result = run_cli("checkin", "1.0", "5", path, "--date", "2026-02-01")
    assert result.exit_code == 0, result.stderr
    assert load_plan(path).objectives[0].key_results[0].checkins[-1].value == 5


def test_numbers_stay_numbers() -> None:
    data, _ = parse("a: 1e20\nb: 0x1F\nc: 1.0\nd: 5\ne: .nan\n")
    assert data["a"] == 1e20 and isinstance(data["a"], WrittenFloat) and data["a"].text == "1e20"
    assert data["b"] == 31 and isinstance(data["b"], WrittenInt) and data["b"].text == "0x1F"
    # str() already gives these back: they stay plain numbers
    assert type(data["c"]) is float and type(data["d"]) is int
    assert written_text(data["e"]) == ".nan"


def test_written_numbers_survive_copy_and_pickle() -> None:
    data, _ = parse("a: [1e20, 0x1F]\n")
    for clone in (copy.deepcopy(data), pickle.loads(pickle.dumps(data))):
        assert [written_text(v) for v in clone["a"]] == ["1e20", "0x1F"]
        assert clone == data


def test_free_form_settings_hold_plain_numbers() -> None:
    data, _ = parse("x: {maximum: 1e20, list: [0x10]}\n")
    out = plain(data)
    assert out == {"x": {"maximum": 1e20, "list": [16]}}
    assert type(out["x"]["maximum"]) is float and type(out["x"]["list"][0]) is int


COMMANDS = [
    ("validate", "--format", "json"),
    ("score", "--format", "json"),
    ("score",),
    ("deps", "--format", "json"),
    ("plan", "--format", "json"),
    ("status", "--format", "json", "--as-of", "2026-02-01"),
    ("check", "--format", "json", "--as-of", "2026-02-01"),
]


@pytest.mark.filterwarnings("ignore")
@settings(
    max_examples=examples(5),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=plan_yaml())
def test_every_command_prints_the_same_with_and_without_the_cache(
    text: str,
    run_cli,  # type: ignore[no-untyped-def]
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = tmp_path_factory.mktemp("plan")
    path = folder / "okrkit.yaml"
    path.write_text(text, encoding="utf-8")
    cache = str(tmp_path_factory.mktemp("cache"))
    for command in COMMANDS:
        args = (*command, path)
        without = run_cli(*args, "--no-cache")
        for _ in ("cold", "warm"):
            cached = run_cli(*args, env={"OKRKIT_CACHE_DIR": cache})
            assert (cached.exit_code, cached.stdout, cached.stderr) == (
                without.exit_code,
                without.stdout,
                without.stderr,
            ), (command, text)
        assert "Traceback" not in without.stderr


def test_the_generated_plans_load(tmp_path: Path) -> None:
    """The generator's plans are mostly valid: the property above compares real output."""
    from hypothesis import Phase, find

    found = find(
        plan_yaml(),
        lambda t: _loads(t, tmp_path),
        settings=settings(max_examples=50, database=None, phases=[Phase.generate]),
    )
    assert found.startswith("periods:")


def _loads(text: str, tmp: Path) -> bool:
    path = tmp / "p.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_plan(path, use_cache=False)
    except Exception:
        return False
    return True
