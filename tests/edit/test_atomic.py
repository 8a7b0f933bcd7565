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
