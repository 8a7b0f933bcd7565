"""Fault tests for ``okrkit checkin``: SIGKILL at random moments, and racing writers.

Each run is a real okrkit process (forked from this already-warm test process, so a run
costs milliseconds, not an interpreter start) doing the whole command: load, lock, read,
edit, verify, write, confirm. The checks (issue 11):

- killed at a random moment, the plan file is byte-identical to before or to the correct
  result, and no temporary file is left behind once the next okrkit write has run (on
  Linux the temporary file is unnamed while written, so a kill almost never leaves one);
- two check-ins racing on one file both report success and both are in the file: never
  two successes with one check-in lost.

Counts are printed with ``pytest -s``; a deeper run: ``OKRKIT_FAULT_RUNS=2000``.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from okrkit.edit.atomic import TEMP_NAME

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")

KILL_RUNS = int(os.environ.get("OKRKIT_FAULT_RUNS", "60"))
RACE_ROUNDS = int(os.environ.get("OKRKIT_FAULT_RACES", "12"))

PLAN = """\
# a plan with comments, which must survive every edit
periods:
  - {id: Q1, start: 2026-01-01, end: 2026-03-31}
objectives:
  - id: o
    title: Ship it   # keep me
    period: Q1
    key_results:
      - id: kr
        title: K
        direction: increase
        baseline: 0
        target: 100
        checkins:
          - {date: 2026-01-10, value: 10}
      - id: other
        title: Other
        direction: increase
        baseline: 0
        target: 10
""" + "".join(
    f"  - id: filler-{i}\n    title: Filler {i}\n    period: Q1\n    key_results: []\n"
    for i in range(10)
)


def _child(args: list[str]) -> None:
    """In a forked child: run the CLI like the console script, then exit at once."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    code = 3
    try:
        from okrkit.cli import app

        app(args, prog_name="okrkit")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os._exit(code)


def _spawn(args: list[str], go: int | None = None) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        if go is not None:
            os.read(go, 1)  # wait for the starting gun
        _child(args)
    return pid


def _wait(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if TEMP_NAME.match(p.name))


def _args(path: Path, value: int, day: str = "2026-02-15") -> list[str]:
    return ["checkin", "kr", str(value), str(path), "--date", day, "--no-cache"]


@pytest.fixture(autouse=True)
def _warm() -> None:
    """Import everything a check-in needs before forking, so children start warm."""
    import okrkit.cli
    import okrkit.edit.checkin
    import okrkit.load
    import okrkit.progress
    import okrkit.report.checkin  # noqa: F401


def test_sigkill_at_random_moments(tmp_path: Path) -> None:
    plan = tmp_path / "okrkit.yaml"
    before = PLAN.encode()
    # the correct result, from an undisturbed run
    plan.write_bytes(before)
    assert _wait(_spawn(_args(plan, 42))) == 0
    after = plan.read_bytes()
    assert after != before and after.startswith(before.split(b"      - id: other")[0])
    start = time.monotonic()
    assert _wait(_spawn(_args(plan, 42))) == 0  # also times one whole run
    duration = time.monotonic() - start

    rng = random.Random(20261128)
    counts = {"before": 0, "after": 0, "temp left": 0, "finished": 0}
    for run in range(KILL_RUNS):
        plan.write_bytes(before)
        pid = _spawn(_args(plan, 42))
        # half the kills anywhere in the run, half in its last fifth (edit, verify, write)
        low = 0.0 if run % 2 == 0 else 0.8 * duration
        time.sleep(rng.uniform(low, duration * 1.05))
        os.kill(pid, signal.SIGKILL)
        status = _wait(pid)
        if status == 0:
            counts["finished"] += 1
        data = plan.read_bytes()
        assert data in (before, after), "the plan is neither as it was nor the full result"
        counts["before" if data == before else "after"] += 1
        left = _temps(tmp_path)
        if left:
            counts["temp left"] += 1
            # the next okrkit write into the folder removes what a killed one left
            plan.write_bytes(before)
            assert _wait(_spawn(_args(plan, 42))) == 0
            assert _temps(tmp_path) == []
            assert plan.read_bytes() == after
        assert sorted(p.name for p in tmp_path.iterdir()) == ["okrkit.yaml"]
    ms = duration * 1000
    print(f"\nSIGKILL: {KILL_RUNS} runs, one run {ms:.0f} ms: {counts}", file=sys.stderr)
    assert counts["before"] + counts["after"] == KILL_RUNS
    assert counts["temp left"] <= max(1, KILL_RUNS // 20)


def test_racing_checkins_are_both_kept(tmp_path: Path) -> None:
    plan = tmp_path / "okrkit.yaml"
    plan.write_bytes(PLAN.encode())
    successes = 0
    for round_ in range(RACE_ROUNDS):
        read, write = os.pipe()
        values = (1000 + 2 * round_, 1001 + 2 * round_)
        pids = [_spawn(_args(plan, v), go=read) for v in values]
        os.write(write, b"gg")  # both start at once
        codes = [_wait(pid) for pid in pids]
        os.close(read)
        os.close(write)
        text = plan.read_text()
        kept = [v for v in values if f"value: {v}}}" in text]
        assert codes == [0, 0], f"round {round_}: exit codes {codes}"
        assert kept == list(values), f"round {round_}: both reported success, kept {kept}"
        successes += 2
    text = plan.read_text()
    assert text.count("{date: 2026-02-15, value: ") == 2 * RACE_ROUNDS
    assert text.startswith(PLAN.split("      - id: other")[0].split("          - {date")[0])
    assert _temps(tmp_path) == []
    print(f"\nraces: {RACE_ROUNDS} rounds, {successes} successes, none lost", file=sys.stderr)


@pytest.fixture(scope="module")
def expected_after(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The plan after an undisturbed check-in (one run for the whole module)."""
    plan = tmp_path_factory.mktemp("expected") / "okrkit.yaml"
    plan.write_bytes(PLAN.encode())
    assert _wait(_spawn(_args(plan, 42))) == 0
    return plan.read_bytes()


@pytest.mark.parametrize(
    ("step", "when"),
    [
        (step, when)
        for step in ("write", "fsync", "link", "replace")
        for when in ("before", "after")
    ],
)
def test_sigkill_at_each_step_of_the_write(
    tmp_path: Path, expected_after: bytes, step: str, when: str
) -> None:
    """Deterministic kill points: just before or after each system call of the write.

    Random kills rarely land in the few microseconds of a system call; here the child
    kills itself there. The plan is before or after, never torn; a temporary file can
    only remain between naming it and the rename, and the next write removes it.
    """
    from okrkit.edit import atomic

    fd = atomic._open_unnamed(tmp_path)
    if fd is None:
        pytest.skip("the kill points below are those of the O_TMPFILE path (Linux)")
    os.close(fd)
    plan = tmp_path / "okrkit.yaml"
    before = PLAN.encode()
    after = expected_after
    plan.write_bytes(before)

    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        real = getattr(os, step)

        def killed(*args: object, **kwargs: object) -> object:
            if when == "before":
                os.kill(os.getpid(), signal.SIGKILL)
            result = real(*args, **kwargs)
            os.kill(os.getpid(), signal.SIGKILL)
            return result

        setattr(os, step, killed)
        _child(_args(plan, 42))
    assert _wait(pid) == -signal.SIGKILL, "the kill point was never reached"
    data = plan.read_bytes()
    assert data == (after if (step, when) == ("replace", "after") else before)
    left = _temps(tmp_path)
    if (step, when) in (("link", "after"), ("replace", "before")):
        assert len(left) == 1  # named an instant before the rename
    else:
        assert left == []
    plan.write_bytes(before)
    assert _wait(_spawn(_args(plan, 42))) == 0
    assert plan.read_bytes() == after
    assert sorted(p.name for p in tmp_path.iterdir()) == ["okrkit.yaml"]
