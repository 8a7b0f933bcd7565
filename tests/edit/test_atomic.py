"""atomic_write_text: exact bytes, permissions kept, all-or-nothing, refuses stale writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from okrkit.edit import atomic
from okrkit.edit.atomic import (
    ConcurrentEditError,
    Snapshot,
    WriteError,
    atomic_write_text,
)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_bytes_exactly(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    text = "\ufeffa: 1\r\nb: é\r\nno final newline"
    atomic_write_text(path, text)
    assert path.read_bytes() == text.encode("utf-8")
    assert leftovers(tmp_path) == []


def test_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("old\n")
    path.chmod(0o640)
    atomic_write_text(path, "new\n")
    assert path.read_text() == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_new_file_gets_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write_text(tmp_path / "out.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == 0o640


def test_symlink_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    atomic_write_text(link, "new\n")
    assert link.is_symlink()
    assert real.read_text() == "new\n"


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_failure_mid_write_leaves_original_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"original: 1\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if step == "write":
        real_write = os.write

        def half(fd: int, data: bytes) -> int:  # write a few bytes, then fail
            real_write(fd, bytes(data[:3]))
            monkeypatch.setattr(atomic.os, "write", boom)
            return 3

        monkeypatch.setattr(atomic.os, "write", half)
    else:
        monkeypatch.setattr(atomic.os, step, boom)
    with pytest.raises(WriteError, match="No space left on device"):
        atomic_write_text(path, "a much longer replacement text\n" * 100)
    assert path.read_bytes() == b"original: 1\n"
    assert leftovers(tmp_path) == []


def test_interrupt_mid_write_leaves_original_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"original: 1\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(path, "new\n")
    assert path.read_bytes() == b"original: 1\n"
    assert leftovers(tmp_path) == []


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="cannot write"):
        atomic_write_text(tmp_path / "nope" / "out.txt", "x")


def test_refuses_when_file_changed_since_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"a: 1\n")
    _, snap = Snapshot.read(path)
    path.write_bytes(b"a: 2\n")  # someone else saved the file
    with pytest.raises(ConcurrentEditError, match="changed on disk"):
        atomic_write_text(path, "a: 3\n", expected_stat=snap)
    assert path.read_bytes() == b"a: 2\n"
    assert leftovers(tmp_path) == []


def test_refuses_when_file_was_deleted(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"a: 1\n")
    _, snap = Snapshot.read(path)
    path.unlink()
    with pytest.raises(ConcurrentEditError):
        atomic_write_text(path, "a: 3\n", expected_stat=snap)
    assert not path.exists()


def test_same_bytes_rewritten_is_not_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"a: 1\n")
    _, snap = Snapshot.read(path)
    os.utime(path, ns=(1, 1))  # touched, same content
    atomic_write_text(path, "a: 3\n", expected_stat=snap)
    assert path.read_bytes() == b"a: 3\n"


def test_stat_result_as_expectation(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"a: 1\n")
    st = path.stat()
    atomic_write_text(path, "a: 2\n", expected_stat=st)
    assert path.read_bytes() == b"a: 2\n"
    with pytest.raises(ConcurrentEditError):
        atomic_write_text(path, "a: 3\n", expected_stat=st)  # the inode changed


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_owner_kept_when_root(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("old\n")
    os.chown(path, 12345, 12346)
    atomic_write_text(path, "new\n")
    st = path.stat()
    assert (st.st_uid, st.st_gid) == (12345, 12346)


# --- the folder lock, stale temporary files, special files (issue 11) --------------


def test_stale_temp_files_are_removed_on_the_next_write(tmp_path: Path) -> None:
    """A process killed between creating its temporary file and the rename leaves one."""
    stale = [tmp_path / ".plan.yaml.0123456789ab.tmp", tmp_path / ".other.yaml.abcdefabcdef.tmp"]
    for p in stale:
        p.write_text("half a plan")
    keep = [tmp_path / ".plan.yaml.tmp", tmp_path / "notes.0123456789ab.tmp", tmp_path / "x.yaml"]
    for p in keep:
        p.write_text("not ours")
    atomic_write_text(tmp_path / "plan.yaml", "a: 1\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [p.name for p in keep] + ["plan.yaml"]
    )


def test_temp_file_is_unnamed_while_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where O_TMPFILE works, a kill while writing leaves no file at all."""
    if atomic._open_unnamed(tmp_path) is None:
        pytest.skip("O_TMPFILE is not supported here")
    seen: list[list[str]] = []
    real_fsync = os.fsync

    def look(fd: int) -> None:
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", look)
    atomic_write_text(tmp_path / "plan.yaml", "a: 1\n")
    assert seen[0] == []  # the data was flushed with no file of that name in the folder
    assert not [n for names in seen for n in names if atomic.TEMP_NAME.match(n)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_unnamed_file_that_cannot_be_linked_falls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_link = os.link

    def refuse(src: str, *args: object, **kwargs: object) -> None:
        if src.startswith("/proc/"):
            raise OSError(18, "Invalid cross-device link")
        real_link(src, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "link", refuse)
    path = tmp_path / "plan.yaml"
    path.write_text("old\n")
    atomic_write_text(path, "new\n")
    assert path.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_lock_is_reentrant_and_released(tmp_path: Path) -> None:
    import fcntl

    with atomic.folder_lock(tmp_path) as held:
        assert held
        with atomic.folder_lock(tmp_path) as again:
            assert again
        atomic_write_text(tmp_path / "a.txt", "x")  # takes the same lock: no deadlock
        fd = os.open(tmp_path, os.O_RDONLY)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free again
    finally:
        os.close(fd)


def test_lock_wait_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    monkeypatch.setattr(atomic, "LOCK_TIMEOUT_SECONDS", 0.05)
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another okrkit holds the folder
        with pytest.raises(WriteError, match="another okrkit process"):
            atomic_write_text(tmp_path / "a.txt", "x")
    finally:
        os.close(fd)
    assert not (tmp_path / "a.txt").exists()


def test_locked_file_serialises_read_modify_write(tmp_path: Path) -> None:
    """Two processes appending under ``locked_file`` never lose each other's line."""
    import subprocess
    import sys
    import textwrap

    path = tmp_path / "plan.yaml"
    path.write_text("")
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from okrkit.edit.atomic import locked_file
        for i in range(25):
            with locked_file(Path(sys.argv[1])) as f:
                f.replace(f.data.decode() + sys.argv[2] + str(i) + "\\n")
        """
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path), tag]) for tag in ("a", "b")]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    lines = path.read_text().splitlines()
    assert sorted(lines) == sorted([f"{t}{i}" for t in "ab" for i in range(25)])


def test_refuses_to_replace_a_folder_or_special_file(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="it is a folder"):
        atomic_write_text(tmp_path, "x")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(WriteError, match="not a regular file"):
        atomic_write_text(fifo, "x")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_write_output_writes_into_a_named_pipe(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic.write_output(fifo, "report\n")
    reader.join(timeout=10)
    assert got == [b"report\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe, not a regular file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_write_output_keeps_a_device(tmp_path: Path) -> None:
    """A private null device in a temp folder stands in for /dev/null and /dev/full."""
    dev = tmp_path / "null"
    os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    atomic.write_output(dev, "report\n")
    assert stat.S_ISCHR(os.stat(dev).st_mode)
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    with pytest.raises(WriteError, match="No space left on device"):
        atomic.write_output(full, "report\n")
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_write_output_replaces_a_regular_file(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    out.write_text("old\n")
    atomic.write_output(out, "new\n")
    assert out.read_text() == "new\n"
