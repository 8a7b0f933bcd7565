"""Where output goes and how a run ends: ``--output`` safety, stdout failures, Ctrl-C.

Each case was a defect of issue 11: ``-o /dev/full`` replaced the device with a regular
file, ``-o plan.yaml`` overwrote the plan with a report, a closed stdout, a full disk
or an ASCII-only encoding ended in "internal error", and Ctrl-C printed a traceback.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from okrkit.cli._common import error_lines, write_stdout
from okrkit.errors import OkrkitError

ROOT = Path(__file__).resolve().parents[2]
ACME = ROOT / "examples" / "acme"


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    dest = tmp_path / "acme"
    shutil.copytree(ACME, dest)
    return dest


def okrkit(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """Run okrkit as the user would, in a child process."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "okrkit", *map(str, args)], timeout=120, **kwargs
    )


# --- --output ----------------------------------------------------------------------


def test_output_refuses_a_file_of_the_plan(run_cli, acme: Path) -> None:
    target = acme / "teams" / "ledger.yaml"
    before = target.read_bytes()
    result = run_cli("status", acme, "--as-of", "2026-02-15", "-o", target)
    assert result.exit_code == 2
    assert result.stderr == (
        f"okrkit: --output: {target} is a file of the plan being read; nothing was written "
        "(choose another file)\n"
    )
    assert target.read_bytes() == before


# arguments each command with --output needs before its plan path
ARGS_BEFORE_PLAN = {"explain": ("same-day-dispatch",), "diff": ("base.yaml",)}
NO_PLAN = {"schema"}


def _commands_with_output() -> list[str]:
    import inspect

    from okrkit.cli import app

    names = []
    for info in app.registered_commands:
        if info.callback is not None and "output" in inspect.signature(info.callback).parameters:
            names.append(info.name or info.callback.__name__)
    return sorted(names)


@pytest.mark.parametrize("command", _commands_with_output())
def test_output_never_overwrites_a_plan_file(run_cli, tmp_path: Path, command: str) -> None:
    """Every command with --output, found from the app: a new one is covered too."""
    if command in NO_PLAN:
        pytest.skip(f"{command} reads no plan")
    from okrkit.scaffold import starter_plan

    plan = tmp_path / "team.yaml"  # not a default name: the plan comes from the argument
    plan.write_text(starter_plan(__import__("datetime").date(2026, 2, 15)))
    (tmp_path / "alias.yaml").symlink_to(plan)  # the same file under another name
    shutil.copy(plan, tmp_path / "base.yaml")  # diff's baseline
    before = plan.read_bytes()
    args = [tmp_path / a if a.endswith(".yaml") else a for a in ARGS_BEFORE_PLAN.get(command, ())]
    result = run_cli(command, *args, plan, "-o", tmp_path / "alias.yaml")
    assert result.exit_code == 2, result.stdout + result.stderr
    assert "is a file of the plan being read" in result.stderr
    assert plan.read_bytes() == before
    assert (tmp_path / "alias.yaml").is_symlink()


def test_output_into_a_named_pipe_keeps_the_pipe(run_cli, acme: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = run_cli("status", acme, "--as-of", "2026-02-15", "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert got and got[0].startswith(b"Status as of 2026-02-15")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_output_into_a_full_device_keeps_the_device(run_cli, acme: Path, tmp_path: Path) -> None:
    """A private copy of /dev/full (same device numbers) in a temp folder, never the real one."""
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    result = run_cli("status", acme, "--as-of", "2026-02-15", "-o", full)
    assert result.exit_code == 2
    assert result.stderr == f"okrkit: cannot write {full}: No space left on device\n"
    assert stat.S_ISCHR(os.stat(full).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme", "full"]


# --- standard output that cannot be written ----------------------------------------


class _Failing:
    encoding = "utf-8"

    def __init__(self, exc: BaseException):
        self.exc = exc

    def write(self, text: str) -> int:
        raise self.exc

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        raise ValueError("no descriptor")


@pytest.mark.parametrize(
    ("stream", "message"),
    [
        (None, "okrkit: cannot print the output: standard output is closed"),
        (
            _Failing(OSError(errno.ENOSPC, "No space left on device")),
            "okrkit: cannot print the output: no space left on device",
        ),
        (
            _Failing(OSError(errno.EBADF, "Bad file descriptor")),
            "okrkit: cannot print the output: standard output is closed",
        ),
        (
            _Failing(UnicodeEncodeError("ascii", "a→b", 1, 2, "ordinal not in range(128)")),
            "okrkit: cannot print the output: the output encoding (ascii) cannot show "
            "U+2192 (RIGHTWARDS ARROW); "
            "set PYTHONIOENCODING=utf-8 or use a UTF-8 locale",
        ),
    ],
)
def test_stdout_failures_are_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, stream: object, message: str
) -> None:
    monkeypatch.setattr(sys, "stdout", stream)
    with pytest.raises(OkrkitError) as info:
        write_stdout("a→b\n")
    assert error_lines(info.value) == [message]
    with pytest.raises(OkrkitError) as info:
        write_stdout("a→b\n", recorded=True)
    assert error_lines(info.value) == [message + "; the change was written"]


def test_closed_stdout_in_a_real_process() -> None:
    done = okrkit("validate", ACME, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))
    assert done.returncode == 2
    assert done.stderr == b"okrkit: cannot print the output: standard output is closed\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_in_a_real_process() -> None:
    with open("/dev/full", "w") as full:  # stdout redirected, as `> /dev/full`; never replaced
        done = okrkit("status", ACME, "--as-of", "2026-02-15", stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr == b"okrkit: cannot print the output: no space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("--help",), ("--version",), ("status", "--help")])
def test_full_disk_outside_a_command(args: tuple[str, ...]) -> None:
    """``--help`` and ``--version`` print before any command runs: same one line."""
    with open("/dev/full", "w") as full:
        done = okrkit(*args, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr == b"okrkit: cannot print the output: no space left on device\n"


def test_closed_stderr_and_failing_stdout_is_no_crash() -> None:
    with open("/dev/full" if Path("/dev/full").exists() else os.devnull, "w") as out:
        done = okrkit("validate", ACME, stdout=out, preexec_fn=lambda: os.close(2))
    assert done.returncode in (0, 2)  # nowhere to say why, but no crash (exit 1)


def test_ascii_only_encoding_in_a_real_process() -> None:
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    done = okrkit(
        "status",
        ACME,
        "--as-of",
        "2026-02-15",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(
        b"okrkit: cannot print the output: the output encoding (ascii) cannot show U+"
    )
    assert done.stderr.count(b"\n") == 1
    assert b"\\u" not in done.stderr, "the character by its name, not an escape"


def test_checkin_says_the_change_was_written_when_stdout_fails(acme: Path) -> None:
    done = okrkit(
        "checkin",
        "ledger-write-latency",
        "120",
        acme,
        "--date",
        "2026-02-15",
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 2
    assert done.stderr == (
        b"okrkit: cannot print the output: standard output is closed; the change was written\n"
    )
    assert "value: 120}" in (acme / "teams" / "ledger.yaml").read_text()


# --- Ctrl-C --------------------------------------------------------------------------


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("seed", [11, 12])
def test_ctrl_c_at_any_moment_is_one_line_and_130(acme: Path, seed: int) -> None:
    """Interrupt at random moments once okrkit's own code runs, imports included.

    ``-X importtime`` reports each import as it completes, so the interrupt can be aimed
    once typer starts to be imported (its first module, ``typer.colors``): surely past
    Python's own start-up (``site``, ``.pth`` files), which no program can guard, and into
    okrkit's (typer and the CLI modules, the app, option parsing, the core). Before the
    fix, an interrupt while typer was imported was a traceback.
    """
    rng = random.Random(seed)
    outcomes = {"interrupted": 0, "finished": 0}
    for _ in range(5):
        child = subprocess.Popen(
            [sys.executable, "-X", "importtime", "-m", "okrkit", "check", acme, "--no-cache"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            # a shell runs background jobs with SIGINT ignored, and an ignored signal is
            # inherited: give the child the default a terminal gives, whoever runs pytest
            preexec_fn=_default_sigint,
        )
        assert child.stderr is not None
        for line in child.stderr:
            if line.rstrip().endswith(b"typer.colors"):
                break
        time.sleep(rng.uniform(0, 0.3))
        child.send_signal(signal.SIGINT)
        _, rest = child.communicate(timeout=60)
        err = b"".join(
            line for line in rest.splitlines(keepends=True) if not line.startswith(b"import time:")
        )
        assert b"Traceback" not in err
        if child.returncode == 130:
            assert err == b"okrkit: interrupted\n"
            outcomes["interrupted"] += 1
        else:
            assert child.returncode in (0, 1), err
            outcomes["finished"] += 1
    assert outcomes["interrupted"] >= 1


def test_readme_quotes_the_real_encoding_message() -> None:
    from okrkit.cli._common import output_failure

    line = output_failure(UnicodeEncodeError("ascii", "→", 0, 1, "ordinal not in range(128)"))
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    said = line.split("the output encoding", 1)[1]
    assert said in " ".join(readme.split()), said
