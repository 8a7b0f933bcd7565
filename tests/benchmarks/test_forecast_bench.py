"""The forecast benchmark: ranges are injected, both halves run and report their figures."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_benchmark_measures_a_generated_plan_with_ranges(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location(
            "okrkit_bench_forecast", ROOT / "benchmarks" / "forecast.py"
        )
        assert spec is not None and spec.loader is not None
        bench = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench)
        from generate import generate  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = tmp_path / "plan"
    generate(60, 1, folder)
    bench.with_ranges(folder)
    text = "".join(f.read_text(encoding="utf-8") for f in folder.rglob("*.yaml"))
    assert "reach: {low:" in text and "duration_weeks: {low:" in text
    out = bench.measure(folder, dt.date(2026, 1, 5), 200)
    assert out["ranking_samples"] == out["delivery_samples"] == 200
    assert out["ranked"] > 0 and out["scheduled"] > 0
    assert out["notes"] == []
