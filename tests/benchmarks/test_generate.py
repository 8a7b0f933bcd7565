"""The benchmark plan generator: deterministic, the requested shape, a valid plan."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from okrkit.model.plan import PlanFile

ROOT = Path(__file__).resolve().parents[2]


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "okrkit_bench_generate", ROOT / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def _docs(folder: Path) -> dict[str, Any]:
    return {name: yaml.load(data, Loader=yaml.CSafeLoader) for name, data in _files(folder).items()}


@pytest.fixture(scope="module")
def plan200(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("plan200")
    summary = gen.generate(200, 7, out)
    return out, summary


def _initiatives(docs: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for d in docs.values() for i in d.get("initiatives", [])]


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    gen.generate(300, 11, tmp_path / "a", cycles=2)
    gen.generate(300, 11, tmp_path / "b", cycles=2)
    gen.generate(300, 12, tmp_path / "c", cycles=2)
    a, b, c = (_files(tmp_path / x) for x in "abc")
    assert a == b
    assert a.keys() == c.keys()
    assert a != c


def test_cycles_change_only_dependencies(tmp_path: Path) -> None:
    gen.generate(300, 5, tmp_path / "plain")
    summary = gen.generate(300, 5, tmp_path / "cyclic", cycles=3)
    assert summary.cycles == 3
    plain = _docs(tmp_path / "plain")
    cyclic = _docs(tmp_path / "cyclic")
    for name in plain:
        for x, y in zip(
            plain[name].get("initiatives", []), cyclic[name].get("initiatives", []), strict=True
        ):
            x.pop("depends_on", None)
            y.pop("depends_on", None)
            assert x == y


def test_counts_and_one_file_per_team(plan200: tuple[Path, Any]) -> None:
    out, summary = plan200
    docs = _docs(out)
    team_files = [n for n in docs if n.startswith("teams/")]
    assert summary.teams == 10
    assert len(team_files) == 10
    assert summary.files == len(docs) == 11
    initiatives = _initiatives(docs)
    assert len(initiatives) == summary.initiatives == 200
    assert len({i["id"] for i in initiatives}) == 200
    for name in team_files:
        doc = docs[name]
        (team,) = doc["teams"]
        assert name == f"teams/{team['id']}.yaml"
        assert all(i["team"] == team["id"] for i in doc["initiatives"])
        assert all(o["team"] == team["id"] for o in doc["objectives"])
        assert len(doc["initiatives"]) == 20
    top = docs["okrkit.yaml"]
    assert {"vision", "periods", "settings"} <= top.keys()
    assert sum(p["target_share"] for p in top["vision"]["pillars"]) <= 1


def test_uneven_sizes_and_explicit_team_count(tmp_path: Path) -> None:
    summary = gen.generate(1003, 1, tmp_path, teams=7)
    docs = _docs(tmp_path)
    sizes = sorted(len(d.get("initiatives", [])) for n, d in docs.items() if n != "okrkit.yaml")
    assert summary.files == 8
    assert sum(sizes) == 1003
    assert sizes[-1] - sizes[0] <= 1


def test_about_two_dependencies_that_resolve_and_form_no_cycle(plan200: tuple[Path, Any]) -> None:
    out, summary = plan200
    initiatives = _initiatives(_docs(out))
    by_id = {i["id"]: i for i in initiatives}
    edges = [(i["id"], d) for i in initiatives for d in i.get("depends_on", [])]
    assert len(edges) == summary.dependencies
    assert 1.7 <= len(edges) / len(initiatives) <= 2.3
    assert all(d in by_id for _, d in edges)
    cross = sum(1 for a, b in edges if by_id[a]["team"] != by_id[b]["team"])
    assert cross == summary.cross_team_dependencies
    assert 0.1 <= cross / len(edges) <= 0.4
    assert _has_cycle(by_id) is False


def test_injected_cycles_are_cycles(tmp_path: Path) -> None:
    gen.generate(200, 7, tmp_path, cycles=2)
    by_id = {i["id"]: i for i in _initiatives(_docs(tmp_path))}
    assert _has_cycle(by_id) is True


def _has_cycle(by_id: dict[str, dict[str, Any]]) -> bool:
    """Kahn's algorithm: a cycle leaves nodes with unmet dependencies."""
    pending = {k: len(v.get("depends_on", [])) for k, v in by_id.items()}
    dependents: dict[str, list[str]] = {}
    for k, v in by_id.items():
        for d in v.get("depends_on", []):
            dependents.setdefault(d, []).append(k)
    ready = [k for k, n in pending.items() if n == 0]
    done = 0
    while ready:
        k = ready.pop()
        done += 1
        for j in dependents.get(k, []):
            pending[j] -= 1
            if pending[j] == 0:
                ready.append(j)
    return done != len(by_id)


def test_every_estimate_filled_and_mixes_present(plan200: tuple[Path, Any]) -> None:
    out, _ = plan200
    initiatives = _initiatives(_docs(out))
    for i in initiatives:
        assert i["effort_weeks"] and i["duration_weeks"]
        assert set(i["rice"]) >= {"reach", "impact", "confidence", "effort"}
        assert set(i["ice"]) == {"impact", "confidence", "ease"}
        assert set(i["wsjf"]) == {
            "business_value",
            "time_criticality",
            "risk_reduction",
            "job_size",
        }
        assert "per_week" in i["cost_of_delay"]
        assert i["key_results"]
        assert ("timebox_weeks" in i) == (i["kind"] == "experiment")
    kinds = Counter(i["kind"] for i in initiatives)
    statuses = Counter(i["status"] for i in initiatives)
    assert set(kinds) == {"feature", "enabler", "debt", "experiment"}
    assert {"proposed", "committed", "in_progress", "done"} <= set(statuses)


def test_key_results_mix_directions_and_have_checkins(tmp_path: Path) -> None:
    summary = gen.generate(1000, 3, tmp_path)
    docs = _docs(tmp_path)
    krs = [kr for d in docs.values() for o in d.get("objectives", []) for kr in o["key_results"]]
    assert len(krs) == summary.key_results
    assert {kr["direction"] for kr in krs} == {
        "increase",
        "decrease",
        "at_least",
        "at_most",
        "milestone",
    }
    checkins = [c for kr in krs for c in kr.get("checkins", [])]
    assert len(checkins) == summary.checkins > len(krs) // 2
    assert all(str(c["date"]) < gen.AS_OF and 0 <= c["confidence"] <= 1 for c in checkins)


def test_capacity_leaves_a_cut_line(tmp_path: Path) -> None:
    gen.generate(1000, 2, tmp_path)
    over = cut = periods = 0
    for name, doc in _docs(tmp_path).items():
        if name == "okrkit.yaml":
            continue
        (team,) = doc["teams"]
        for period, capacity in team["capacity"].items():
            work = [
                PlanFile.model_validate({"initiatives": [i]}).initiatives[0]
                for i in doc["initiatives"]
                if i["period"] == period and i["status"] not in ("done", "dropped")
            ]
            forced = sum(i.effort or 0 for i in work if i.status != "proposed")
            proposed = sum(i.effort or 0 for i in work if i.status == "proposed")
            periods += 1
            over += capacity < forced - 1e-9
            cut += forced <= capacity < forced + proposed
    assert 0.03 * periods <= over <= 0.2 * periods  # about one team in ten over-commits
    assert cut >= 0.7 * periods  # most have room for some, not all, of their proposals


def test_files_validate_against_the_model(plan200: tuple[Path, Any]) -> None:
    out, _ = plan200
    for doc in _docs(out).values():
        PlanFile.model_validate(doc)


def test_generated_plan_loads_clean_with_okrkit(plan200: tuple[Path, Any]) -> None:
    try:
        from okrkit.load import load_plan
    except ImportError:
        pytest.skip("okrkit.load is not there yet")
    out, summary = plan200
    plan = load_plan(out, use_cache=False)
    assert len(plan.initiatives) == summary.initiatives
    assert len(plan.teams) == summary.teams
    assert len(plan.periods) == 2


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan"
    assert gen.main(["--initiatives", "40", "--seed", "2", "--out", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["initiatives"] == 40
    assert summary["files"] == 3
    assert gen.main(["--initiatives", "40", "--out", str(out)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert gen.main(["--initiatives", "40", "--out", str(out), "--force"]) == 0


@pytest.mark.parametrize(
    ("command", "as_of"),
    [
        ("validate", False),
        ("score", False),
        ("deps", False),
        ("plan", False),
        ("check", True),
        ("status", True),
    ],
)
def test_every_benchmarked_command_runs_on_a_generated_plan(
    plan200: tuple[Path, Any], run_cli: Any, command: str, as_of: bool
) -> None:
    out, _ = plan200
    args = [command, str(out), *(["--as-of", gen.AS_OF] if as_of else [])]
    result = run_cli(*args)
    assert "internal error" not in result.stderr
    assert result.exit_code in ((0, 1) if command == "check" else (0,)), result.stderr
    assert result.stdout.strip()
