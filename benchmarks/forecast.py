"""Time ``okrkit forecast``'s two halves on a generated plan with estimate ranges.

    python benchmarks/forecast.py --initiatives 1000 --samples 10000

Generates a plan (``benchmarks/generate.py``), turns every RICE reach into the range
``{low: r/2, likely: r, high: 2r}`` and every duration into ``{low: 0.8d, likely: d,
high: 1.6d}`` (so every initiative is uncertain in both its rank and its finish), then
prints the CPU seconds of the point schedule, the ranking and the delivery forecast, the
samples each used and the process's peak memory. CPU seconds, not wall time: they hold on a
loaded machine. Figures are recorded in ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

_REACH = re.compile(r"^(\s+)reach: (\d+)$", re.M)
_DURATION = re.compile(r"^(\s+)duration_weeks: ([\d.]+)$", re.M)


def with_ranges(folder: Path) -> None:
    """Turn the generated point estimates of ``folder`` into ranges, in place."""
    for f in sorted(folder.rglob("*.yaml")):
        text = _REACH.sub(
            lambda m: (
                f"{m[1]}reach: {{low: {int(m[2]) // 2}, likely: {m[2]}, high: {int(m[2]) * 2}}}"
            ),
            f.read_text(encoding="utf-8"),
        )
        text = _DURATION.sub(
            lambda m: (
                f"{m[1]}duration_weeks: {{low: {float(m[2]) * 0.8:g}, likely: {m[2]},"
                f" high: {float(m[2]) * 1.6:g}}}"
            ),
            text,
        )
        f.write_text(text, encoding="utf-8")


def measure(folder: Path, as_of: dt.date, samples: int) -> dict[str, Any]:
    import okrkit.forecast.core as core
    from okrkit.load import load_plan
    from okrkit.planning import build_schedule

    plan = load_plan(folder, use_cache=False)
    t0 = time.process_time()
    build_schedule(plan, as_of=as_of)
    schedule = time.process_time() - t0
    spent: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        def inner(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            out = fn(*args, **kwargs)
            spent[name] = time.process_time() - start
            return out

        return inner

    ranking, delivery = core.forecast_ranking, core.forecast_delivery
    core.forecast_ranking = timed("ranking", ranking)  # type: ignore[assignment]
    core.forecast_delivery = timed("delivery", delivery)  # type: ignore[assignment]
    try:
        f = core.make_forecast(plan, as_of=as_of, samples=samples)
    finally:
        core.forecast_ranking, core.forecast_delivery = ranking, delivery
    return {
        "schedule_s": round(schedule, 2),
        "ranking_s": round(spent["ranking"], 2),
        "ranking_samples": f.ranking.samples,
        "ranked": len(f.ranking.bands),
        "delivery_s": round(spent["delivery"], 2),
        "delivery_samples": f.delivery.samples,
        "scheduled": len(f.delivery.items),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "notes": list(f.notes),
    }


def main(argv: Sequence[str] | None = None) -> int:
    import json

    from generate import generate

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--initiatives", "-n", type=int, required=True)
    p.add_argument("--samples", type=int, default=10_000)
    p.add_argument("--as-of", default="2026-01-05")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plan"
        generate(args.initiatives, 1, folder)
        with_ranges(folder)
        out = measure(folder, dt.date.fromisoformat(args.as_of), args.samples)
    print(json.dumps({"initiatives": args.initiatives, "samples": args.samples, **out}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
