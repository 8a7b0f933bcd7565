"""Loading plans: discovery, joining files, YAML 1.2 meaning, positions, the cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from okrkit.errors import PlanLoadError
from okrkit.load import load_plan, load_plan_text
from okrkit.load.yaml12 import parse
from okrkit.model import Range

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "acme"

MINIMAL = """\
periods:
  - {id: 2026-Q1, start: 2026-01-01, end: 2026-03-31}
teams:
  - {id: payments, capacity: {2026-Q1: 60}}
"""


def test_example_loads_clean() -> None:
    plan = load_plan(EXAMPLE)
    assert len(plan.teams) == 6
    assert len(plan.objectives) >= 10
    assert len(plan.key_result_by_id) >= 25
    assert len(plan.initiatives) >= 40
    assert {p.id for p in plan.periods} == {"2026-Q1", "2026-Q2"}
    cross = [
        (i.id, d)
        for i in plan.initiatives
        for d in i.depends_on
        if plan.initiative_by_id[d].team != i.team
    ]
    assert len(cross) >= 5
    kinds = {i.kind for i in plan.initiatives}
    assert kinds == {"feature", "enabler", "debt", "experiment"}
    assert sum(len(kr.checkins) for _, kr in plan.key_results()) >= 20


def test_folder_files_are_read_in_sorted_order_and_joined(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.yml").write_text("teams:\n  - {id: z}\n")
    (tmp_path / "a.yaml").write_text(MINIMAL)
    (tmp_path / "c.yaml").write_text("teams:\n  - {id: c}\n")
    (tmp_path / ".hidden.yaml").write_text("not: [valid")
    (tmp_path / "notes.txt").write_text("ignored")
    plan = load_plan(tmp_path)
    assert [t.id for t in plan.teams] == ["payments", "z", "c"]
    assert [Path(f).name for f in plan.files] == ["a.yaml", "z.yml", "c.yaml"]


def test_default_path_prefers_okrkit_yaml_then_plan_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "teams.yaml").write_text("teams:\n  - {id: from-folder}\n")
    assert [t.id for t in load_plan(None).teams] == ["from-folder"]
    (tmp_path / "okrkit.yaml").write_text("teams:\n  - {id: from-file}\n")
    assert [t.id for t in load_plan(None).teams] == ["from-file"]


def test_yaml_1_2_scalars_keep_their_meaning() -> None:
    data, _ = parse("a: no\nb: off\nc: yes\nd: true\ne: 0o17\nf: 1_000\ng: ~\nh: 2026-01-01\n")
    assert data == {
        "a": "no",
        "b": "off",
        "c": "yes",
        "d": True,
        "e": 15,
        "f": "1_000",
        "g": None,
        "h": "2026-01-01",
    }


def test_a_team_called_no_is_a_team() -> None:
    plan = load_plan_text("teams:\n  - {id: no, name: Norway}\n")
    assert plan.teams[0].id == "no"


def test_numbers_as_ids_are_text() -> None:
    plan = load_plan_text("teams:\n  - {id: 2026}\n")
    assert plan.teams[0].id == "2026"


def test_estimates_ranges_and_percentages() -> None:
    plan = load_plan_text(
        MINIMAL
        + """\
initiatives:
  - id: a
    title: A
    team: payments
    effort_weeks: {low: 4, high: 8}
    duration_weeks: {low: 2, likely: 3, high: 6}
    rice: {reach: 100, impact: 2, confidence: "80%", effort: 1}
"""
    )
    ini = plan.initiatives[0]
    assert isinstance(ini.effort_weeks, Range)
    assert ini.effort == 6.0
    assert ini.duration == 3.0
    assert ini.rice is not None and ini.rice.confidence == pytest.approx(0.8)


def test_duration_defaults_to_effort() -> None:
    plan = load_plan_text(
        MINIMAL + "initiatives:\n  - {id: a, title: A, team: payments, effort_weeks: 5}\n"
    )
    assert plan.initiatives[0].duration == 5.0


def test_defaults() -> None:
    plan = load_plan_text(
        MINIMAL
        + "objectives:\n  - id: o\n    title: O\n    key_results:\n      - {id: k, title: K}\n"
        + "initiatives:\n  - {id: a, title: A, team: payments}\n"
    )
    ini = plan.initiatives[0]
    assert (ini.kind, ini.status) == ("feature", "proposed")
    assert plan.teams[0].wip_limit == 1
    assert plan.key_result_by_id["k"].weight == 1.0


def test_where_points_at_values_and_keys() -> None:
    text = (
        MINIMAL
        + "initiatives:\n  - id: a\n    title: A\n    team: payments\n    rice: {reach: 100}\n"
    )
    plan = load_plan_text(text, "p.yaml")
    ini = plan.initiatives[0]
    assert str(plan.where(ini)) == "p.yaml:6:5"
    assert str(plan.where(ini, "rice", "reach")) == "p.yaml:9:19"
    assert str(plan.where(ini, "rice", key=True)) == "p.yaml:9:5"
    # a missing field falls back to the deepest part that exists
    assert str(plan.where(ini, "rice", "impact")) == "p.yaml:9:11"
    assert str(plan.where(plan.teams[0], "capacity", "2026-Q1")) == "p.yaml:4:40"


def test_positions_survive_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKRKIT_CACHE_DIR", str(tmp_path / "cache"))
    cold = load_plan(EXAMPLE)
    assert list((tmp_path / "cache").glob("*.json"))
    warm = load_plan(EXAMPLE)
    for a, b in zip(cold.initiatives, warm.initiatives, strict=True):
        assert a == b
        assert plan_where(cold, a) == plan_where(warm, b)


def plan_where(plan, ini):  # type: ignore[no-untyped-def]
    return str(plan.where(ini, "cost_of_delay", "per_week"))


def test_edited_file_is_a_cache_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKRKIT_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "okrkit.yaml"
    f.write_text("teams:\n  - {id: a}\n")
    assert load_plan(f).teams[0].id == "a"
    f.write_text("teams:\n  - {id: b}\n")
    assert load_plan(f).teams[0].id == "b"


def test_corrupt_cache_entry_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKRKIT_CACHE_DIR", str(tmp_path / "cache"))
    f = tmp_path / "okrkit.yaml"
    f.write_text("teams:\n  - {id: a}\n")
    load_plan(f)
    for entry in (tmp_path / "cache").glob("*.json"):
        entry.write_text("{not json")
    assert load_plan(f).teams[0].id == "a"


def test_no_cache_env_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OKRKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("OKRKIT_NO_CACHE", "1")
    load_plan(EXAMPLE)
    assert not (tmp_path / "cache").exists()


def test_one_vision_per_plan(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("vision: {statement: A}\n")
    (tmp_path / "b.yaml").write_text("vision: {statement: B}\n")
    with pytest.raises(PlanLoadError) as err:
        load_plan(tmp_path)
    (problem,) = err.value.problems
    assert problem.code == "duplicate-id"
    assert "the vision is already defined in" in problem.message


def test_a_second_vision_is_one_problem_not_one_per_objective(tmp_path: Path) -> None:
    """Objectives naming the second vision's pillars are not reported again."""
    (tmp_path / "a.yaml").write_text("vision: {statement: A, pillars: [{id: p1, name: P}]}\n")
    (tmp_path / "b.yaml").write_text(
        "vision: {statement: B, pillars: [{id: p2, name: Q}]}\n"
        "objectives:\n"
        + "".join(f"  - {{id: o{n}, title: O, pillar: p2}}\n" for n in range(6))
        + "  - {id: typo, title: O, pillar: p3}\n"
    )
    with pytest.raises(PlanLoadError) as err:
        load_plan(tmp_path)
    codes = [(p.code, p.message.split(" (")[0]) for p in err.value.problems]
    assert codes[0][0] == "duplicate-id"
    assert codes[1:] == [("unknown-reference", "unknown pillar 'p3'")]


def test_settings_merge_across_files_but_not_twice(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("settings:\n  scoring: {method: wsjf}\n")
    (tmp_path / "b.yaml").write_text("settings:\n  status: {stale_after_days: 7}\n")
    plan = load_plan(tmp_path)
    assert plan.settings.scoring.method == "wsjf"
    assert plan.settings.status.stale_after_days == 7
    assert plan.where_setting("status", "stale_after_days").file.endswith("b.yaml")
    (tmp_path / "c.yaml").write_text("settings:\n  scoring: {method: rice}\n")
    with pytest.raises(PlanLoadError) as err:
        load_plan(tmp_path)
    assert "settings.scoring is already set in" in err.value.problems[0].message


def test_problem_codes() -> None:
    with pytest.raises(PlanLoadError) as err:
        load_plan_text(
            "teams:\n  - {id: a}\n  - {id: a}\ninitiatives:\n  - {id: x, title: X, team: b}\n"
        )
    codes = [p.code for p in err.value.problems]
    assert codes == ["duplicate-id", "unknown-reference"]
    with pytest.raises(PlanLoadError) as err:
        load_plan_text("teams: [\n")
    assert [p.code for p in err.value.problems] == ["yaml-syntax"]


@pytest.mark.parametrize(("written", "said"), [("2", "2"), ("0", "0"), ('"1"', "'1'")])
def test_another_format_version_says_which_okrkit_reads(written: str, said: str) -> None:
    """Not "expected one of 1" (#37): the version okrkit reads, and the plan's."""
    with pytest.raises(PlanLoadError) as err:
        load_plan_text(f"version: {written}\nteams: [{{id: a}}]\n")
    (problem,) = err.value.problems
    assert problem.message == f"okrkit reads format version 1; this plan says {said}"
    assert (problem.location.line, problem.location.column) == (1, 10)


def test_unreadable_file(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    f = tmp_path / "okrkit.yaml"
    f.write_text("teams: []\n")
    f.chmod(0)
    with pytest.raises(PlanLoadError) as err:
        load_plan(f)
    assert "cannot read the file" in err.value.problems[0].message


def test_bom_and_crlf(tmp_path: Path) -> None:
    f = tmp_path / "okrkit.yaml"
    f.write_bytes(b"\xef\xbb\xbfteams:\r\n  - {id: a}\r\n")
    assert load_plan(f).teams[0].id == "a"


def test_position_index_round_trip_and_refuses_damage() -> None:
    from okrkit.model import Position

    _, pos = parse("a: 1\nb: [x, {c: 2}]\n")
    again = Position.from_bytes(pos.to_bytes())
    for path in [("a",), ("b", 1, "c"), ("b", 0), ("b", 1, "missing")]:
        assert again.locate(path) == pos.locate(path)
        assert again.locate(path, key=True) == pos.locate(path, key=True)
    # a key holding NUL cannot be stored; the blob is refused and the file parsed again
    _, odd = parse('"d\\0e": 3\n')
    with pytest.raises(ValueError):
        Position.from_bytes(odd.to_bytes())
    with pytest.raises(ValueError):
        Position.from_bytes(b"\x01")
