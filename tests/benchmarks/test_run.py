"""The benchmark runner's machinery: running children, failures, verdicts, the report.

No timing assertions: these check what is measured and how it is reported, not how fast.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    path = ROOT / "benchmarks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


run = _load("run")
floor = _load("parse_floor")

PY = sys.executable


def test_run_once_reports_exit_code_stderr_and_memory() -> None:
    r = run.run_once(
        [PY, "-c", "import sys; b = bytearray(60_000_000); sys.exit('boom')"], {}, timeout=60
    )
    assert r.exit_code == 1
    assert "boom" in r.stderr
    assert r.rss_mb > 50
    assert r.cpu > 0
    assert r.seconds > 0


def test_run_once_kills_at_the_timeout() -> None:
    r = run.run_once([PY, "-c", "import time; time.sleep(30)"], {}, timeout=0.5)
    assert r.exit_code < 0
    assert "timeout" in r.stderr


def test_expected_exit_codes_are_not_failures(tmp_path: Path) -> None:
    runner = run.Runner(timeout=60, verbose=False)
    ok = runner.measure(
        "check", 10, "cold", [PY, "-c", "raise SystemExit(1)"], 2, expected=(0, 1), cache="fresh"
    )
    assert ok.ok
    assert ok.exit_codes == [1, 1]
    assert len(ok.times) == len(ok.rss_mb) == 2
    bad = runner.measure(
        "score", 10, "cold", [PY, "-c", "import sys; sys.exit('okrkit: no such thing')"], 3
    )
    assert not bad.ok
    assert bad.exit_codes == [1]  # stops at the first failure
    assert bad.error == "run 1: exit 1: okrkit: no such thing"


def test_cold_runs_get_an_empty_cache_and_warm_runs_share_a_primed_one() -> None:
    runner = run.Runner(timeout=60, verbose=False)
    script = (
        "import os, pathlib, sys\n"
        "d = pathlib.Path(os.environ['OKRKIT_CACHE_DIR'])\n"
        "seen = d.exists() and any(d.iterdir())\n"
        "d.mkdir(parents=True, exist_ok=True)\n"
        "(d / 'entry').write_text('x')\n"
        "sys.exit(3 if seen else 0)\n"
    )
    cold = runner.measure("c", 1, "cold", [PY, "-c", script], 3, cache="fresh")
    assert cold.exit_codes == [0, 0, 0]
    warm = runner.measure(
        "c", 1, "warm", [PY, "-c", script], 2, cache="shared", prime=True, expected=(0, 3)
    )
    assert warm.exit_codes == [3, 3]


def _m(name: str, size: int | None, mode: str, times: list[float], rss: float = 100.0) -> Any:
    m = run.Measurement(name, size, mode, ["x"])
    m.times = times
    m.rss_mb = [rss] * len(times)
    m.cpu = [x / 2 for x in times]
    m.exit_codes = [0] * len(times)
    return m


def _verdicts(results: list[object], sizes: list[int]) -> dict[str, bool | None]:
    runner = run.Runner(timeout=1, verbose=False)
    runner.results = results
    return {t.text: t.passed for t in run.targets(runner, sizes)}


def test_target_verdicts() -> None:
    results = [
        _m("typer app --help", None, "ref", [0.20, 0.21, 0.22]),
        _m("okrkit --help", None, "ref", [0.23, 0.24, 0.25]),  # 1.14x
        _m("okrkit --version", None, "ref", [0.3, 0.3, 0.3]),  # 1.43x
        _m("check", 1000, "cold", [0.9, 0.95, 2.0]),
        _m("check", 1000, "warm", [0.6, 0.6, 0.6]),
        _m("validate", 10000, "cold", [3.0]),
        _m("parse floor (ruamel C)", 10000, "ref", [2.0]),
        _m("check", 10000, "cold", [5.0]),
        _m("check", 10000, "warm", [1.0]),
        _m("check", 100000, "cold", [50.0], rss=3000),
        _m("check", 100000, "warm", [13.0]),
        _m("score --format table", 10000, "warm", [3.0]),
        _m("score --format json", 10000, "warm", [1.0]),
    ]
    v = _verdicts(results, [1000, 10000, 100000])
    assert v["`okrkit --help` ≤ 1.2× typer app `--help`"] is True
    assert v["`okrkit --version` ≤ 1.2× typer app `--help`"] is False
    assert v["cold `check`, 1,000 initiatives < 1 s"] is True  # the median, not the worst run
    assert v["warm `check`, 1,000 initiatives < 0.5 s"] is False
    assert v["cold `check`, 10,000 initiatives < 6 s"] is True
    assert v["warm `check`, 100,000 initiatives < 15 s"] is True
    assert v["peak memory, 100,000 initiatives < 2.5 GB = 2,560 MB (any command)"] is False
    assert v["cold load (`validate`) ≤ 2× parse floor, 10,000"] is True
    assert v["cold load (`validate`) ≤ 2× parse floor, 1,000"] is None
    assert v["growth 10,000 → 100,000 ≤ 12× (every command)"] is False  # check warm grew 13x
    assert v["`score` table < 2× its JSON time, 10,000"] is False


def test_growth_passes_only_when_every_command_was_measured() -> None:
    results = [
        _m("check", 10000, "cold", [5.0]),
        _m("check", 100000, "cold", [40.0]),
        _m("check", 10000, "warm", [1.0]),
        _m("check", 100000, "warm", [9.0]),
    ]
    v = _verdicts(results, [10000, 100000])
    assert v["growth 10,000 → 100,000 ≤ 12× (every command)"] is None  # validate etc. missing


def test_report_lists_failures_and_figures() -> None:
    runner = run.Runner(timeout=1, verbose=False)
    failed = run.Measurement("plan", 1000, "cold", ["x"], exit_codes=[2], error="run 1: exit 2: x")
    runner.results = [
        _m("validate", 1000, "cold", [1.0, 2.0, 3.0]),
        _m("validate", 1000, "warm", [0.5, 0.4, 0.6]),
        failed,
        _m("python -c pass", None, "ref", [0.02]),
    ]
    text = run.markdown(runner, [1000], {"python": "3.11"}, ["--sizes", "1000"])
    cold = "| 2.000 | 1.000–3.000 (3) | 1.000 "
    warm = "| 0.500 | 0.400–0.600 (3) | 0.250 "
    assert f"| `validate` | 1,000 {cold}{warm}| 100 |" in text
    assert "| `plan` | 1,000 | FAILED |" in text
    assert "- `plan` (cold, n=1000): run 1: exit 2: x" in text
    assert "| python -c pass |  | 0.020 | 0.020–0.020 (1) | 0.010 | 100 |" in text


def test_plans_are_reused_until_the_generator_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = run.Runner(timeout=1, verbose=False)
    plan = run.ensure_plan(60, 4, tmp_path, runner)
    assert (plan / "okrkit.yaml").exists()
    stamp = json.loads((tmp_path / "n60-s4.json").read_text())
    assert stamp["initiatives"] == 60
    marker = plan / "teams" / "marker.yaml"
    marker.write_text("x: 1\n")
    assert run.ensure_plan(60, 4, tmp_path, runner) == plan
    assert marker.exists()  # reused
    cyclic = run.ensure_plan(60, 4, tmp_path, runner, cycles=2)
    assert cyclic.name == "n60-s4-c2"
    assert json.loads((tmp_path / "n60-s4-c2.json").read_text())["cycles"] == 2
    monkeypatch.setattr(run.generate, "GENERATOR_VERSION", 999)
    run.ensure_plan(60, 4, tmp_path, runner)
    assert not marker.exists()  # regenerated


def test_command_line_adds_as_of_only_where_taken() -> None:
    with_as_of = run.command_argv(["okrkit"], "check", Path("p"), "  --as-of  TEXT")
    assert with_as_of == ["okrkit", "check", "p", "--as-of", run.generate.AS_OF]
    assert run.command_argv(["okrkit"], "deps", Path("p"), "  --format") == ["okrkit", "deps", "p"]


@pytest.mark.parametrize("lib", ["ruamel", "pyyaml"])
def test_parse_floor_loads_every_file(
    tmp_path: Path, lib: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run.generate.generate(45, 1, tmp_path)
    assert len(floor.plan_files(tmp_path)) == 3
    assert floor.main([str(tmp_path), "--lib", lib]) == 0
    assert capsys.readouterr().out.strip() == "45"


def test_warm_runs_reuse_the_cache_the_last_cold_run_filled(tmp_path: Path) -> None:
    runner = run.Runner(timeout=60, verbose=False)
    log = tmp_path / "runs.log"
    script = (
        "import os, pathlib, sys\n"
        "d = pathlib.Path(os.environ['OKRKIT_CACHE_DIR'])\n"
        "seen = d.exists() and any(d.iterdir())\n"
        "d.mkdir(parents=True, exist_ok=True)\n"
        "(d / 'entry').write_text('x')\n"
        f"open({str(log)!r}, 'a').write('run\\n')\n"
        "sys.exit(3 if seen else 0)\n"
    )
    filled = tmp_path / "filled"
    argv = [PY, "-c", script]
    cold = runner.measure("c", 1, "cold", argv, 2, cache="fresh", cache_dir=filled)
    assert cold.exit_codes == [0, 0]
    assert (filled / "entry").exists()
    warm = runner.measure(
        "c", 1, "warm", argv, 2, cache="shared", prime=True, cache_dir=filled, expected=(3,)
    )
    assert warm.exit_codes == [3, 3]
    assert log.read_text().count("run") == 4  # no priming run was needed


def test_command_line_end_to_end(tmp_path: Path) -> None:
    fake = tmp_path / "fake_okrkit.py"
    fake.write_text(
        "import sys\n"
        "if '--help' in sys.argv: print('usage: --as-of DATE --format')\n"
        "sys.exit(0 if sys.argv[1:2] != ['deps'] else 2)\n"
    )
    out_json = tmp_path / "out.json"
    out_md = tmp_path / "out.md"
    code = run.main(
        [
            "--sizes", "30", "--runs", "1", "--commands", "validate,deps",
            "--plans", str(tmp_path / "plans"), "--okrkit", f"{PY} {fake}",
            "--no-reference", "--quiet", "--json", str(out_json), "--markdown", str(out_md),
            "--no-precompile",
        ]
    )  # fmt: skip
    assert code == 1  # deps failed
    payload = json.loads(out_json.read_text())
    assert payload["complete"] is True
    by = {(m["name"], m["mode"]): m for m in payload["results"]}
    assert by["validate", "cold"]["ok"] and by["validate", "warm"]["ok"]
    assert by["validate", "cold"]["argv"][-2:] == ["--as-of", run.generate.AS_OF]
    assert by["deps", "cold"]["error"].startswith("run 1: exit 2")
    assert ("deps", "warm") not in by
    assert "| `deps` | 30 | FAILED |" in out_md.read_text()


def test_edited_plan_changes_one_file_per_run_and_restores_it(tmp_path: Path) -> None:
    run.generate.generate(60, 1, tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.yaml")}
    with run.edited_plan(tmp_path) as edit:
        edit(0)
        first = {p: p.read_bytes() for p in before}
        edit(1)
        second = {p: p.read_bytes() for p in before}
    changed = [p for p in before if first[p] != before[p]]
    assert len(changed) == 1
    assert first[changed[0]].startswith(before[changed[0]])
    assert second[changed[0]] != first[changed[0]]
    assert {p: p.read_bytes() for p in before} == before


def test_diff_targets() -> None:
    results = [
        _m("diff, two versions", 1000, "cold", [2.0, 2.5, 9.0]),
        _m("check", 10000, "cold", [5.0]),
        _m("diff, two versions", 10000, "cold", [13.0]),  # 2.6x
    ]
    v = _verdicts(results, [1000, 10000])
    assert v["cold `diff` of two 1,000-initiative plans < 3 s"] is True
    assert v["cold `diff` of two 10,000-initiative plans ≤ 2.5× cold `check` of one"] is False
    assert _verdicts([], [1000])["cold `diff` of two 1,000-initiative plans < 3 s"] is None


def test_changed_copy_edits_a_few_reaches_deterministically(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    (plan / "teams").mkdir(parents=True)
    (plan / "okrkit.yaml").write_text("version: 1\n")
    for n in range(4):
        body = "".join(f"  - rice: {{reach: {k + 1}}}\n" for k in range(20))
        (plan / "teams" / f"t{n}.yaml").write_text(body)
    one = run.changed_copy(plan, tmp_path / "a")
    two = run.changed_copy(plan, tmp_path / "b")
    changed = [
        f.name
        for f in sorted((one / "teams").glob("*.yaml"))
        if f.read_text() != (plan / "teams" / f.name).read_text()
    ]
    assert changed == ["t0.yaml", "t1.yaml", "t2.yaml"]
    assert (one / "teams" / "t0.yaml").read_text().count("reach: 30}") == 1  # 10th: 10 -> 30
    assert all(
        (one / "teams" / f.name).read_text() == f.read_text()
        for f in sorted((two / "teams").glob("*.yaml"))
    )
    assert (one / "okrkit.yaml").read_text() == "version: 1\n"
