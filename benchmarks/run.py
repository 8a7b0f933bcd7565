"""Time okrkit's commands as whole processes on synthetic plans of growing size.

    python benchmarks/run.py --sizes 1000,10000 --runs 5
    python benchmarks/run.py --sizes 1000,10000,100000 --runs 5,5,1 --json out.json

For each size the runner generates a plan with ``generate.py`` (or reuses the one under
``benchmarks/plans/`` made by the same generator version and seed), then runs each
command as a subprocess, output to ``/dev/null``:

- cold: a fresh, empty ``OKRKIT_CACHE_DIR`` for every run (a first run in CI);
- warm: one priming run fills a cache folder, then every timed run reuses it.

It reports the median wall time, the spread (min-max) and the peak resident memory of
each child (``os.wait4``), next to reference figures measured in the same run:
``python -c pass``, a minimal typer app's ``--help``, and the parsing floor (the same
YAML files loaded with ruamel's C-based safe loader alone, and with PyYAML's
``CSafeLoader`` for information). With ``check`` measured cold, it also times a cold
``okrkit diff`` of the plan and a changed copy (:func:`changed_copy`). Then it checks the
targets of the performance issues.

Exit status: 0 when every command ran with an expected exit code (``check`` may exit 1
with findings), 1 when some did not (they are listed), 2 for a usage error. A missed
performance target does not change the exit status: benchmarks are not tests.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (the sibling script, importable once HERE is on the path)

COMMANDS = ("validate", "score", "deps", "plan", "roadmap", "check", "status")
EXPECTED_EXIT = {"check": (0, 1)}
"""Exit codes that are not failures: ``check`` exits 1 when it finds something."""

TYPER_APP = '''\
import typer

app = typer.Typer(add_completion=False)


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"hello {name}")


@app.command()
def bye(name: str = "world") -> None:
    """Say goodbye."""
    print(f"bye {name}")


app()
'''


# --- measuring -----------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    rss_mb: float
    exit_code: int
    stderr: str
    cpu: float  # user + system CPU seconds of the child


@dataclass
class Measurement:
    """Several timed runs of one command line."""

    name: str
    size: int | None
    mode: str  # cold, warm or ref
    argv: list[str]
    times: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.times)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def spread(self) -> tuple[float, float] | None:
        return (min(self.times), max(self.times)) if self.times else None

    @property
    def median_cpu(self) -> float | None:
        return statistics.median(self.cpu) if self.cpu else None

    @property
    def peak_rss_mb(self) -> float | None:
        return max(self.rss_mb) if self.rss_mb else None

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(
            ok=self.ok,
            median=self.median,
            min=self.spread[0] if self.spread else None,
            max=self.spread[1] if self.spread else None,
            peak_rss_mb=self.peak_rss_mb,
            median_cpu=self.median_cpu,
        )
        return out


def run_once(argv: Sequence[str], env: dict[str, str], timeout: float) -> Run:
    """Run ``argv`` with output to /dev/null; wall time, peak RSS and exit code of the child."""
    with tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - began
        proc.returncode = os.waitstatus_to_exitcode(status)  # tell Popen it is reaped
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    code = proc.returncode
    if code < 0:
        stderr = f"killed by signal {-code}" + (" (timeout)" if seconds >= timeout else "")
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Run(seconds, rss, code, stderr, usage.ru_utime + usage.ru_stime)


class Runner:
    def __init__(self, *, timeout: float, verbose: bool) -> None:
        self.timeout = timeout
        self.verbose = verbose
        self.results: list[Measurement] = []
        self.checkpoint: Callable[[], None] = lambda: None
        """Called after every measurement (the command line saves what it has so far)."""
        # PYTHONDONTWRITEBYTECODE goes too: an installed okrkit has its bytecode compiled,
        # so the figures must not include compiling okrkit's sources on every start.
        self.base_env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in ("OKRKIT_DEBUG", "GITHUB_ACTIONS", "OKRKIT_CACHE_DIR", "PYTHONDONTWRITEBYTECODE")
        }

    def log(self, text: str) -> None:
        if self.verbose:
            print(text, file=sys.stderr, flush=True)

    def measure(
        self,
        name: str,
        size: int | None,
        mode: str,
        argv: list[str],
        runs: int,
        *,
        expected: Sequence[int] = (0,),
        cache: str = "none",
        prime: bool = False,
        cache_dir: Path | None = None,
        before_run: Callable[[int], None] | None = None,
    ) -> Measurement:
        """Time ``runs`` runs.

        ``cache``: ``none``; ``fresh``, a new empty cache folder for every run (the last
        one is kept as ``cache_dir`` when given: a cold run fills a cache exactly as a
        priming run does); ``shared``, one folder (``cache_dir`` or a temporary one),
        filled first by a priming run when ``prime`` and it is still empty.
        ``before_run(i)`` is called before timed run ``i`` (to edit the plan).
        """
        m = Measurement(name, size, mode, argv)
        self.results.append(m)
        with tempfile.TemporaryDirectory(prefix="okrkit-bench-") as tmp:
            env = dict(self.base_env)
            shared = cache_dir or Path(tmp) / "shared"
            if cache == "shared":
                env["OKRKIT_CACHE_DIR"] = str(shared)
                filled = shared.is_dir() and any(shared.iterdir())
                if prime and not filled:
                    r = run_once(argv, env, self.timeout)
                    if r.exit_code not in expected:
                        m.error = _failure("priming run", r)
                        self.log(f"  {name} {mode} n={size}: FAILED {m.error}")
                        return m
            for i in range(runs):
                if before_run is not None:
                    before_run(i)
                if cache == "fresh":
                    fresh = Path(tmp) / f"cold-{i}"
                    env["OKRKIT_CACHE_DIR"] = str(fresh)
                r = run_once(argv, env, self.timeout)
                if cache == "fresh":
                    if cache_dir is not None and r.exit_code in expected:
                        shutil.rmtree(cache_dir, ignore_errors=True)
                        if fresh.is_dir():
                            shutil.move(str(fresh), str(cache_dir))
                    shutil.rmtree(fresh, ignore_errors=True)
                m.exit_codes.append(r.exit_code)
                if r.exit_code not in expected:
                    m.error = _failure(f"run {i + 1}", r)
                    break
                m.times.append(r.seconds)
                m.rss_mb.append(r.rss_mb)
                m.cpu.append(r.cpu)
        status = f"FAILED {m.error}" if m.error else f"{m.median:.3f}s, {m.peak_rss_mb:.0f} MB"
        self.log(f"  {name:<22} {mode:<5} n={size}: {status}")
        self.checkpoint()
        return m

    def measure_interleaved(
        self, items: Sequence[tuple[str, list[str]]], runs: int
    ) -> list[Measurement]:
        """Reference runs taken in turns (A B C A B C ...), so that a noisy neighbour on a
        shared machine slows each of them alike and their ratios stay fair."""
        ms = [Measurement(name, None, "ref", argv) for name, argv in items]
        self.results.extend(ms)
        env = dict(self.base_env)
        for i in range(runs):
            for m in ms:
                if m.error:
                    continue
                r = run_once(m.argv, env, self.timeout)
                m.exit_codes.append(r.exit_code)
                if r.exit_code != 0:
                    m.error = _failure(f"run {i + 1}", r)
                    continue
                m.times.append(r.seconds)
                m.rss_mb.append(r.rss_mb)
                m.cpu.append(r.cpu)
        self.checkpoint()
        for m in ms:
            status = f"FAILED {m.error}" if m.error else f"{m.median:.3f}s, {m.peak_rss_mb:.0f} MB"
            self.log(f"  {m.name:<22} ref: {status}")
        return ms

    def find(self, name: str, size: int | None, mode: str) -> Measurement | None:
        for m in self.results:
            if m.name == name and m.size == size and m.mode == mode and m.ok:
                return m
        return None


def _failure(what: str, r: Run) -> str:
    lines = [ln for ln in r.stderr.strip().splitlines() if ln.strip()]
    last = lines[-1] if lines else "(no output on stderr)"
    return f"{what}: exit {r.exit_code}: {last[:300]}"


# --- what to run ---------------------------------------------------------------------


def okrkit_argv(spec: str | None) -> list[str]:
    """The okrkit command: ``--okrkit``, else the console script next to this Python.

    Not the first ``okrkit`` on ``PATH``: a version manager's shim (pyenv) adds its own
    start-up time to every figure.
    """
    if spec:
        return shlex.split(spec)
    script = Path(sysconfig.get_path("scripts")) / "okrkit"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "okrkit"]


def precompile(env: dict[str, str]) -> str:
    """Compile okrkit's bytecode as ``pip install`` does; returns what was done."""
    code = (
        "import compileall, os, okrkit; d = os.path.dirname(okrkit.__file__); "
        "ok = compileall.compile_dir(d, quiet=1); print(d if ok else '')"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    where = proc.stdout.strip()
    return f"precompiled ({where})" if proc.returncode == 0 and where else "not precompiled"


def help_text(okrkit: list[str], command: str) -> str:
    try:
        proc = subprocess.run(
            [*okrkit, command, "--help"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "COLUMNS": "200"},
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return proc.stdout if proc.returncode == 0 else ""


def command_argv(
    okrkit: list[str], command: str, plan: Path, help_out: str, extra: Sequence[str] = ()
) -> list[str]:
    argv = [*okrkit, command, str(plan)]
    if "--as-of" in help_out:
        argv += ["--as-of", generate.AS_OF]
    return argv + list(extra)


def ensure_plan(size: int, seed: int, plans: Path, runner: Runner, cycles: int = 0) -> Path:
    """The plan folder for ``size``, ``seed`` and ``cycles``, generated unless a current
    one exists."""
    name = f"n{size}-s{seed}" + (f"-c{cycles}" if cycles else "")
    out = plans / name
    stamp = plans / f"{name}.json"
    if out.is_dir() and stamp.exists():
        try:
            meta = json.loads(stamp.read_text())
        except ValueError:
            meta = {}
        if meta.get("generator_version") == generate.GENERATOR_VERSION:
            return out
    runner.log(f"generating {size} initiatives (seed {seed}) into {out}")
    stamp.unlink(missing_ok=True)
    summary = generate.generate(size, seed, out, cycles=cycles, force=True)
    stamp.write_text(
        json.dumps({"generator_version": generate.GENERATOR_VERSION, **asdict(summary)}, indent=2)
        + "\n"
    )
    return out


@contextlib.contextmanager
def edited_plan(plan: Path) -> Iterator[Callable[[int], None]]:
    """A function that edits one team file of ``plan`` differently for each run (a
    comment line, so every cache keyed by content misses for that file, as after a
    real edit); the file is restored afterwards."""
    files = sorted((plan / "teams").glob("*.yaml"))
    target = files[len(files) // 2] if files else plan / "okrkit.yaml"
    original = target.read_bytes()

    def edit(i: int) -> None:
        target.write_bytes(original + f"# benchmark edit {i}\n".encode())

    try:
        yield edit
    finally:
        target.write_bytes(original)


def changed_copy(plan: Path, dest: Path) -> Path:
    """A copy of ``plan`` as a pull request might leave it, for ``okrkit diff``: in the
    first three team files every tenth RICE reach is tripled (rank moves, cut lines and
    findings move; most files are the same). Deterministic; returns ``dest``."""
    import re

    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(plan, dest)
    count = 0

    def triple(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"reach: {float(m.group(1)) * 3:g}" if count % 10 == 0 else m.group(0)

    for f in sorted((dest / "teams").glob("*.yaml"))[:3]:
        f.write_text(
            re.sub(r"reach: ([0-9.]+)", triple, f.read_text(encoding="utf-8")), encoding="utf-8"
        )
    return dest


# --- machine -------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    try:
        info["nproc"] = len(os.sched_getaffinity(0))
    except AttributeError:
        info["nproc"] = os.cpu_count()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    with contextlib.suppress(OSError):
        info["load_average"] = [round(x, 2) for x in os.getloadavg()]
    try:
        from importlib.metadata import version

        info["okrkit"] = version("okrkit")
        info["ruamel.yaml"] = version("ruamel.yaml")
        info["ruamel.yaml.clib"] = version("ruamel.yaml.clib")
        info["PyYAML"] = version("PyYAML")
    except Exception:  # an uninstalled package only loses a line of the report
        pass
    with contextlib.suppress(OSError):
        info["commit"] = subprocess.run(
            ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    return info


# --- targets -------------------------------------------------------------------------


@dataclass
class Target:
    text: str
    measured: str
    passed: bool | None  # None: not measured in this run


def _fmt(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def targets(r: Runner, sizes: Sequence[int]) -> list[Target]:
    out: list[Target] = []

    typer_help = r.find("typer app --help", None, "ref")
    for name in ("okrkit --help", "okrkit --version"):
        m = r.find(name, None, "ref")
        if typer_help and m and typer_help.median and m.median:
            ratio = m.median / typer_help.median
            out.append(Target(f"`{name}` ≤ 1.2× typer app `--help`", f"{ratio:.2f}×", ratio <= 1.2))
        else:
            out.append(Target(f"`{name}` ≤ 1.2× typer app `--help`", "not measured", None))

    limits = {
        1000: (1.0, 0.5),
        10000: (6.0, 2.0),
        100000: (60.0, 15.0),
    }
    for size, (cold_limit, warm_limit) in limits.items():
        for mode, limit in (("cold", cold_limit), ("warm", warm_limit)):
            m = r.find("check", size, mode)
            text = f"{mode} `check`, {size:,} initiatives < {limit:g} s"
            if m and m.median is not None:
                out.append(Target(text, f"{_fmt(m.median)} s", m.median < limit))
            else:
                out.append(Target(text, "not measured", None))

    big = [m for m in r.results if m.size == 100000 and m.ok and m.mode in ("cold", "warm")]
    if big:
        peak = max(m.peak_rss_mb or 0 for m in big)
        out.append(
            Target(
                "peak memory, 100,000 initiatives < 2.5 GB = 2,560 MB (any command)",
                f"{peak:,.0f} MB",
                peak < 2.5 * 1024,
            )
        )
    else:
        out.append(
            Target("peak memory, 100,000 initiatives < 2.5 GB = 2,560 MB", "not measured", None)
        )

    for size in sizes:
        load = r.find("validate", size, "cold")
        floor = r.find("parse floor (ruamel C)", size, "ref")
        text = f"cold load (`validate`) ≤ 2× parse floor, {size:,}"
        if load and floor and load.median and floor.median:
            ratio = load.median / floor.median
            out.append(Target(text, f"{ratio:.2f}×", ratio <= 2.0))
        else:
            out.append(Target(text, "not measured", None))

    if 10000 in sizes and 100000 in sizes:
        worst: tuple[float, str] | None = None
        missing = []
        for command in COMMANDS:
            for mode in ("cold", "warm"):
                a, b = r.find(command, 10000, mode), r.find(command, 100000, mode)
                if a and b and a.median and b.median:
                    g = b.median / a.median
                    if worst is None or g > worst[0]:
                        worst = (g, f"{command} {mode}")
                else:
                    missing.append(f"{command} {mode}")
        text = "growth 10,000 → 100,000 ≤ 12× (every command)"
        if worst:
            note = f"worst {worst[0]:.1f}× ({worst[1]})"
            if missing:
                note += f"; not measured: {', '.join(missing)}"
            passed = False if worst[0] > 12 else None if missing else True
            out.append(Target(text, note, passed))
        else:
            out.append(Target(text, "not measured", None))
    else:
        out.append(Target("growth 10,000 → 100,000 ≤ 12×", "needs both sizes", None))

    d = r.find("diff, two versions", 1000, "cold")
    text = "cold `diff` of two 1,000-initiative plans < 3 s"
    if d and d.median is not None:
        out.append(Target(text, f"{_fmt(d.median)} s", d.median < 3.0))
    else:
        out.append(Target(text, "not measured", None))
    d, c = r.find("diff, two versions", 10000, "cold"), r.find("check", 10000, "cold")
    text = "cold `diff` of two 10,000-initiative plans ≤ 2.5× cold `check` of one"
    if d and c and d.median and c.median:
        ratio = d.median / c.median
        out.append(Target(text, f"{ratio:.2f}×", ratio <= 2.5))
    else:
        out.append(Target(text, "not measured", None))

    table = r.find("score --format table", 10000, "warm")
    js = r.find("score --format json", 10000, "warm")
    text = "`score` table < 2× its JSON time, 10,000"
    if table and js and table.median and js.median:
        ratio = table.median / js.median
        out.append(Target(text, f"{ratio:.2f}×", ratio < 2.0))
    else:
        out.append(Target(text, "not measured", None))
    return out


# --- report --------------------------------------------------------------------------


def markdown(r: Runner, sizes: Sequence[int], info: dict[str, Any], argv: Sequence[str]) -> str:
    lines = [
        f"Measured {info.get('date', '')} on {info.get('cpu', 'unknown CPU')}, "
        f"{info.get('nproc')} CPUs, {info.get('memory_gb', '?')} GB, Python {info['python']}, "
        f"okrkit {info.get('okrkit', '?')} (commit {info.get('commit', '?')}); "
        f"load average at start {info.get('load_average', '?')}, "
        f"at the end {info.get('load_average_end', '?')}; "
        f"okrkit bytecode {info.get('bytecode', '?').split(' (')[0]}.",
        "",
        f"Command: `python benchmarks/run.py {shlex.join(argv)}`",
        "",
        "### Commands",
        "",
        "Median wall time of the whole process in seconds, (min–max) over the runs, the "
        "median CPU time (user + system: less disturbed by other work on a shared machine), "
        "and the peak resident memory of the largest run (MB = 2^20 bytes).",
        "",
        "| command | initiatives | cold (s) | cold spread | cold CPU (s) | warm (s) "
        "| warm spread | warm CPU (s) | peak RSS (MB) |",
        "|---|---:|---:|---|---:|---:|---|---:|---:|",
    ]
    names = [m.name for m in r.results if m.mode in ("cold", "warm")]
    ordered = list(dict.fromkeys(names))
    for size in sizes:
        for name in ordered:
            cells = []
            rss: list[float] = []
            found = False
            for mode in ("cold", "warm"):
                m = next(
                    (x for x in r.results if x.name == name and x.size == size and x.mode == mode),
                    None,
                )
                if m is None:
                    cells += ["–", "", ""]
                    continue
                found = True
                if not m.ok:
                    cells += ["FAILED", "", ""]
                    continue
                lo, hi = m.spread or (0.0, 0.0)
                cells += [
                    _fmt(m.median),
                    f"{_fmt(lo)}–{_fmt(hi)} ({len(m.times)})",
                    _fmt(m.median_cpu),
                ]
                rss.append(m.peak_rss_mb or 0)
            if found:
                peak = f"{max(rss):.0f}" if rss else "–"
                lines.append(f"| `{name}` | {size:,} | {' | '.join(cells)} | {peak} |")
    lines += [
        "",
        "### Reference figures (same run)",
        "",
        "| what | initiatives | median (s) | spread | CPU (s) | peak RSS (MB) |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for m in r.results:
        if m.mode != "ref":
            continue
        n = f"{m.size:,}" if m.size else ""
        if not m.ok:
            lines.append(f"| {m.name} | {n} | FAILED | | | |")
            continue
        lo, hi = m.spread or (0.0, 0.0)
        lines.append(
            f"| {m.name} | {n} | {_fmt(m.median)} | {_fmt(lo)}–{_fmt(hi)} ({len(m.times)}) "
            f"| {_fmt(m.median_cpu)} | {m.peak_rss_mb:.0f} |"
        )
    lines += ["", "### Targets", "", "| target | measured | result |", "|---|---|---|"]
    for t in targets(r, sizes):
        verdict = "pass" if t.passed else "**FAIL**" if t.passed is False else "not measured"
        lines.append(f"| {t.text} | {t.measured} | {verdict} |")
    failures = [m for m in r.results if m.error]
    if failures:
        lines += ["", "### Failures", ""]
        lines += [f"- `{m.name}` ({m.mode}, n={m.size}): {m.error}" for m in failures]
    return "\n".join(lines) + "\n"


# --- main ----------------------------------------------------------------------------


def _ints(text: str) -> list[int]:
    try:
        return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of integers: {text!r}"
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        description="Time okrkit's commands on synthetic plans (see benchmarks/README.md)."
    )
    parser.add_argument("--sizes", type=_ints, default=[1000, 10000], help="Default 1000,10000.")
    parser.add_argument(
        "--runs", type=_ints, default=[5], help="Runs per measurement, or one number per size."
    )
    parser.add_argument(
        "--commands", default=",".join(COMMANDS), help=f"Default: {','.join(COMMANDS)}."
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cycles", type=int, default=0, help="Dependency cycles in each plan (default 0)."
    )
    parser.add_argument("--plans", type=Path, default=HERE / "plans", help="Plan folder cache.")
    parser.add_argument("--okrkit", default=None, help="The okrkit command line to time.")
    parser.add_argument("--no-reference", action="store_true", help="Skip the reference figures.")
    parser.add_argument("--no-cold", action="store_true", help="Skip the cold runs.")
    parser.add_argument("--no-warm", action="store_true", help="Skip the warm runs.")
    parser.add_argument("--timeout", type=float, default=900.0, help="Seconds per run.")
    parser.add_argument("--json", type=Path, default=None, help="Write every figure as JSON.")
    parser.add_argument("--markdown", type=Path, default=None, help="Write the report here too.")
    parser.add_argument("--quiet", action="store_true", help="No progress on stderr.")
    parser.add_argument(
        "--no-precompile",
        action="store_true",
        help="Do not compile okrkit's bytecode first (it is, by default, as pip does).",
    )
    args = parser.parse_args(args_list)

    sizes: list[int] = args.sizes
    runs_per = args.runs if len(args.runs) == len(sizes) else [args.runs[0]] * len(sizes)
    if len(args.runs) not in (1, len(sizes)) or min(runs_per) < 1:
        parser.error("--runs: one number, or one per size")
    commands = [c.strip() for c in args.commands.split(",") if c.strip()]
    unknown = [c for c in commands if c not in COMMANDS]
    if unknown:
        parser.error(f"--commands: unknown {', '.join(unknown)} (known: {', '.join(COMMANDS)})")

    okrkit = okrkit_argv(args.okrkit)
    r = Runner(timeout=args.timeout, verbose=not args.quiet)
    info = machine()
    info["bytecode"] = "not precompiled" if args.no_precompile else precompile(r.base_env)

    def save(final: bool = False) -> None:
        """Write what is measured so far, so a long run that is stopped still has figures."""
        if final:
            info["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
        if args.markdown:
            args.markdown.write_text(markdown(r, sizes, info, args_list))
        if args.json:
            payload = {
                "machine": info,
                "argv": args_list,
                "complete": final,
                "results": [m.as_json() for m in r.results],
                "targets": [asdict(t) for t in targets(r, sizes)],
            }
            args.json.write_text(json.dumps(payload, indent=2) + "\n")

    r.checkpoint = save
    args.plans.mkdir(parents=True, exist_ok=True)
    helps = {c: help_text(okrkit, c) for c in [*commands, "diff"]}
    score_help = helps.get("score") or help_text(okrkit, "score")
    ref_runs = max(20, max(runs_per))

    with tempfile.TemporaryDirectory(prefix="okrkit-bench-ref-") as tmp:
        if not args.no_reference:
            r.log("reference figures")
            app = Path(tmp) / "typer_app.py"
            app.write_text(TYPER_APP)
            py = sys.executable
            r.measure_interleaved(
                [
                    ("python -c pass", [py, "-c", "pass"]),
                    ("typer app --help", [py, str(app), "--help"]),
                    ("okrkit --help", [*okrkit, "--help"]),
                    ("okrkit --version", [*okrkit, "--version"]),
                ],
                ref_runs,
            )

        for size, runs in zip(sizes, runs_per, strict=True):
            plan = ensure_plan(size, args.seed, args.plans, r, args.cycles)
            r.log(f"{size:,} initiatives, {runs} run(s) each")
            if not args.no_reference:
                floor = [sys.executable, str(HERE / "parse_floor.py"), str(plan)]
                r.measure("parse floor (ruamel C)", size, "ref", floor, runs)
                r.measure("parse floor (PyYAML C)", size, "ref", [*floor, "--lib", "pyyaml"], runs)
            for command in commands:
                argv_c = command_argv(okrkit, command, plan, helps[command])
                expected = EXPECTED_EXIT.get(command, (0,))
                filled = Path(tmp) / f"cache-{size}-{command}"
                if not args.no_cold:
                    cold = r.measure(
                        command,
                        size,
                        "cold",
                        argv_c,
                        runs,
                        expected=expected,
                        cache="fresh",
                        cache_dir=filled,
                    )
                    if cold.error and not cold.times:
                        continue  # it does not run: no point in warm runs
                if not args.no_warm:
                    r.measure(
                        command,
                        size,
                        "warm",
                        argv_c,
                        runs,
                        expected=expected,
                        cache="shared",
                        prime=True,
                        cache_dir=filled,
                    )
                    if command == "check":
                        with edited_plan(plan) as edit:
                            r.measure(
                                "check, one file edited",
                                size,
                                "warm",
                                argv_c,
                                runs,
                                expected=expected,
                                cache="shared",
                                prime=True,
                                cache_dir=filled,
                                before_run=edit,
                            )
                shutil.rmtree(filled, ignore_errors=True)
            if "check" in commands and not args.no_cold and "BASE" in helps.get("diff", "BASE"):
                # okrkit diff of the plan and a changed copy, cold: the target compares it
                # with a cold check of one plan
                head = changed_copy(plan, Path(tmp) / f"changed-{size}")
                r.measure(
                    "diff, two versions",
                    size,
                    "cold",
                    [*okrkit, "diff", str(plan), str(head), "--as-of", generate.AS_OF],
                    runs,
                    cache="fresh",
                    cache_dir=Path(tmp) / f"cache-{size}-diff",
                )
                shutil.rmtree(head, ignore_errors=True)
            if size == 10000 and "--format" in score_help and not args.no_reference:
                for fmt in ("table", "json"):
                    argv_s = command_argv(okrkit, "score", plan, score_help, ("--format", fmt))
                    r.measure(
                        f"score --format {fmt}",
                        size,
                        "warm",
                        argv_s,
                        runs,
                        cache="shared",
                        prime=True,
                    )

    save(final=True)
    print(markdown(r, sizes, info, args_list))
    failed = [m for m in r.results if m.error]
    if failed:
        print(f"{len(failed)} measurement(s) failed; see Failures above.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
