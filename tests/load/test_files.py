"""What the loader reads: regular files only, bounded by what is read, nothing skipped.

Each case once hung, crashed or passed on half a plan: a named pipe ``x.yaml`` in a plan
folder (every command hung), a link ``x.yaml`` to ``/dev/zero`` (read without bound), a
sub-folder that cannot be read (skipped without a word), a file name with a byte that is
not UTF-8 (``check`` crashed printing it), a file just under the size limit (peaked near
800 MB).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from okrkit.errors import PlanLoadError
from okrkit.load import files, load_plan
from okrkit.load.files import find_plan_files, read_bytes

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from measure import run_okrkit

ROOT = Path(__file__).resolve().parents[2]
PLAN = (ROOT / "tests" / "load" / "corpus" / "unknown-key.yaml").read_text(encoding="utf-8")
GOOD = "teams:\n  - {id: payments, capacity: {}}\n"


def _messages(exc: pytest.ExceptionInfo[PlanLoadError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """okrkit in a separate process; its peak memory in KB is ``.peak_kb``."""
    proc, peak = run_okrkit(*args, cwd=cwd, env={"OKRKIT_CACHE_DIR": str(cwd / ".cache")})
    proc.peak_kb = peak  # type: ignore[attr-defined]
    return proc


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_in_a_plan_folder_is_an_error_not_a_hang(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "a.yaml").write_text(GOOD, encoding="utf-8")
    os.mkfifo(plan / "x.yaml")
    for command in ("validate", "check", "score"):
        proc = _run(command, "plan", cwd=tmp_path)
        assert proc.returncode in (1, 2), proc.stderr
        text = proc.stderr + proc.stdout
        assert "plan/x.yaml:1:1: a named pipe, not a plan file: only regular files are read" in text
        assert "Traceback" not in text


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_reading_a_named_pipe_does_not_block(tmp_path: Path) -> None:
    """Even when a pipe takes a file's place after the folder was listed."""
    os.mkfifo(tmp_path / "x.yaml")
    with pytest.raises(PlanLoadError) as exc:
        read_bytes(tmp_path / "x.yaml", "x.yaml")
    assert _messages(exc) == [
        "x.yaml:1:1: a named pipe, not a plan file: only regular files are read"
    ]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_a_device_is_an_error(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    (plan / "sub").mkdir(parents=True)
    (plan / "a.yaml").write_text(GOOD, encoding="utf-8")
    (plan / "sub" / "z.yaml").symlink_to("/dev/zero")
    (plan / "sub" / "gone.yml").symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(PlanLoadError) as exc:
        find_plan_files(plan)
    where = files.display_path(plan / "sub")
    assert _messages(exc) == [
        f"{where}/gone.yml:1:1: cannot read: a broken link",
        f"{where}/z.yaml:1:1: a device, not a plan file: only regular files are read",
    ]
    proc = _run("validate", "plan", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.peak_kb < 200 * 1024  # type: ignore[attr-defined]


def test_a_link_to_a_plan_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text(GOOD, encoding="utf-8")
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "a.yaml").symlink_to(tmp_path / "real.txt")
    assert [t.id for t in load_plan(plan, use_cache=False).teams] == ["payments"]


def test_an_unreadable_sub_folder_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan"
    (plan / "locked").mkdir(parents=True)
    (plan / "a.yaml").write_text(GOOD, encoding="utf-8")
    (plan / "locked" / "b.yaml").write_text(GOOD, encoding="utf-8")
    real = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:  # as if chmod 000 (root reads all)
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(PlanLoadError) as exc:
        load_plan(plan, use_cache=False)
    where = files.display_path(plan / "locked")
    assert _messages(exc) == [f"{where}:1:1: cannot read the folder: Permission denied"]


def test_reads_are_bounded_by_what_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose size ``stat`` does not know (here one of /proc) is still bounded."""
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 64)
    path = tmp_path / "grows.yaml"
    path.write_text("x" * 65, encoding="utf-8")
    with pytest.raises(PlanLoadError) as exc:
        read_bytes(path, "grows.yaml")
    assert _messages(exc) == ["grows.yaml:1:1: file is 65 bytes; the limit is 64"]
    proc = Path("/proc/self/status")
    if proc.exists() and proc.stat().st_size == 0:
        with pytest.raises(PlanLoadError) as exc:
            read_bytes(proc, "status.yaml")
        assert _messages(exc) == ["status.yaml:1:1: file is over 64 bytes, the limit"]


def test_a_file_just_under_the_limit_is_refused_in_little_memory(tmp_path: Path) -> None:
    size = files.MAX_FILE_BYTES - 16
    path = tmp_path / "big.yaml"
    with path.open("w", encoding="ascii") as fh:
        fh.write("teams: [\n")
        block = " " * (1 << 20)
        left = size - 20
        while left > 0:
            fh.write(block[:left])
            left -= len(block)
        fh.write(": : bad\n")
    proc = _run("validate", "big.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("big.yaml:") and proc.stderr.count("\n") == 1
    assert proc.peak_kb < 200 * 1024  # type: ignore[attr-defined]


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.truncate(files.MAX_FILE_BYTES + 1)  # sparse: no disk used
    proc = _run("validate", "huge.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (
        f"huge.yaml:1:1: file is {files.MAX_FILE_BYTES + 1} bytes; "
        f"the limit is {files.MAX_FILE_BYTES}\n"
    )


def test_a_file_name_that_is_not_utf8_is_printed(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    plan = tmp_path / "plan"
    plan.mkdir()
    name = os.fsdecode(b"bad\xff.yaml")
    try:
        (plan / name).write_text(PLAN, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses names that are not UTF-8")
    for args in (("validate",), ("check", "--as-of", "2026-02-01")):
        result = run_cli(*args, "plan", "--no-cache", cwd=tmp_path)
        assert result.exit_code in (1, 2)
        assert "internal error" not in result.stderr
        out = result.stdout + result.stderr
        assert "plan/bad\\xff.yaml:3:5: " in out
