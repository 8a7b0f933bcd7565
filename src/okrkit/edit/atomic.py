"""Replace a file atomically, so an interrupted write never leaves a truncated file.

The new text goes to a temporary file in the same folder (so the rename cannot cross
file systems), is flushed and fsynced, takes the permissions of the file it replaces,
and is renamed over it with :func:`os.replace`; then the folder is fsynced so the
rename itself survives a crash. A failure at any step removes the temporary file and
leaves the original untouched.

Where the system allows it (Linux ``O_TMPFILE``), the temporary file has no name while
it is written: it gets its name ``.<name>.<12 hex digits>.tmp`` only just before the
rename, so a process killed while writing leaves nothing behind. Elsewhere, and in the
few instructions between naming and renaming, a killed process can leave such a file;
the next okrkit write into that folder removes every file of that naming it finds
(under the folder lock, so none of them can still be in use by another okrkit).

Text is written as UTF-8 bytes exactly as given: no newline translation, so CRLF
files stay CRLF and a missing final newline stays missing.

Concurrency. Every write takes an exclusive lock on the target's folder
(:func:`folder_lock`, ``flock``), and :func:`locked_file` holds that lock across
reading a file, editing it, comparing it and renaming the new text over it, so two
okrkit processes editing one file take turns and neither loses the other's change.
Writers that are not okrkit (an editor, ``git pull``) do not take the lock; against them
the file is compared with what was read just before the rename (``expected_stat``: a
:class:`Snapshot` or an :class:`os.stat_result`) and nothing is written if it changed
(:class:`ConcurrentEditError`). Where ``flock`` is not available (Windows, some network
file systems) only that comparison protects the file.

Special files (a terminal, ``/dev/null``, a named pipe) cannot be replaced by renaming
without destroying them: :func:`write_output` writes into them in place instead.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from okrkit.errors import OkrkitError

LOCK_TIMEOUT_SECONDS = 30.0
"""How long a write waits for another okrkit writing into the same folder."""

TEMP_NAME = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp$")
"""okrkit's temporary files: ``.<name>.<12 hex digits>.tmp`` beside the target."""


class WriteError(OkrkitError):
    """The file could not be written; the original (if any) is untouched."""


class ConcurrentEditError(OkrkitError):
    """The file changed on disk since it was read; nothing was written."""


@dataclass(frozen=True)
class Snapshot:
    """What a file looked like when it was read: size, mtime, inode and a content hash."""

    size: int
    mtime_ns: int
    ino: int
    sha256: str

    @classmethod
    def of_bytes(cls, data: bytes, st: os.stat_result) -> Snapshot:
        return cls(st.st_size, st.st_mtime_ns, st.st_ino, hashlib.sha256(data).hexdigest())

    @classmethod
    def read(cls, path: Path) -> tuple[bytes, Snapshot]:
        """Read a file's bytes and a snapshot of them (one open, so both agree)."""
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            data = fh.read()
        return data, cls.of_bytes(data, st)


def target_of(path: Path) -> Path:
    """The file to replace: a symlink is followed, so the link itself stays a link."""
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _unchanged(path: Path, expected: Snapshot | os.stat_result) -> bool:
    try:
        if isinstance(expected, Snapshot):
            # the content decides: a ``touch`` or an editor saving the same bytes is harmless
            _, now = Snapshot.read(path)
            return (now.size, now.sha256) == (expected.size, expected.sha256)
        st = os.stat(path)
    except FileNotFoundError:
        return False
    return (st.st_size, st.st_mtime_ns, st.st_ino) == (
        expected.st_size,
        expected.st_mtime_ns,
        expected.st_ino,
    )


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. Windows cannot open a folder; the rename is still atomic
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


# --- the folder lock -------------------------------------------------------------

_held: dict[str, int] = {}
"""Folders this process holds the lock of, with how many nested holders."""


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[bool]:
    """Hold an exclusive ``flock`` on ``folder`` (re-entrant within this process).

    Yields whether the lock is really held: ``False`` where the system offers no lock
    (then only the content comparison protects a write). Waits up to
    :data:`LOCK_TIMEOUT_SECONDS` for another okrkit, then raises :class:`WriteError`.
    """
    key = os.path.realpath(folder)
    if key in _held:
        _held[key] += 1
        try:
            yield True
        finally:
            _held[key] -= 1
        return
    try:
        import fcntl
    except ImportError:  # Windows
        yield False
        return
    try:
        fd = os.open(key, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # an unreadable folder: no lock, but the write may still work
        yield False
        return
    try:
        if not _acquire(fcntl, fd, key):
            yield False
            return
        _held[key] = 1
        try:
            yield True
        finally:
            del _held[key]
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fcntl: object, fd: int, folder: str) -> bool:
    """Take the lock, waiting a bounded time; ``False`` if the file system has no locks."""
    flock = fcntl.flock  # type: ignore[attr-defined]
    mode = fcntl.LOCK_EX | fcntl.LOCK_NB  # type: ignore[attr-defined]
    deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
    pause = 0.001
    while True:
        try:
            flock(fd, mode)
            return True
        except BlockingIOError:
            pass
        except OSError as exc:
            if exc.errno in (errno.EINTR, errno.EAGAIN):
                continue
            return False  # ENOLCK, EOPNOTSUPP, EBADF (NFS): no locking here
        if time.monotonic() > deadline:
            raise WriteError(
                f"another okrkit process has been writing in {folder} for over "
                f"{LOCK_TIMEOUT_SECONDS:.0f} s; nothing was written (try again)"
            )
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def remove_stale_temps(folder: Path) -> list[str]:
    """Delete files of okrkit's temporary naming in ``folder``; returns their names.

    Call only while holding :func:`folder_lock` for ``folder``: every okrkit writing
    there holds that lock while its temporary file exists, so any found are left over
    from a process that was killed.
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not TEMP_NAME.match(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(entry.name)
    return removed


# --- writing ---------------------------------------------------------------------


def atomic_write_text(
    path: Path, text: str, *, expected_stat: Snapshot | os.stat_result | None = None
) -> None:
    """Write ``text`` (UTF-8, bytes exactly as given) to ``path`` atomically.

    Keeps the permission bits of an existing file, and its owner and group where the
    process may set them (a new file gets ``0o666`` less the umask, as ``open()`` would
    give it). Raises :class:`ConcurrentEditError` if ``expected_stat`` is given and the
    file no longer matches it, :class:`WriteError` if the file cannot be written; in
    both cases the original is untouched and no temporary file is left behind.
    Holds :func:`folder_lock` while writing, and removes stale temporary files.
    """
    path = target_of(Path(path))
    folder = path.parent
    data = text.encode("utf-8")
    try:
        old: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    if old is not None and not stat.S_ISREG(old.st_mode):
        what = "a folder" if stat.S_ISDIR(old.st_mode) else "not a regular file"
        raise WriteError(f"cannot write {path}: it is {what}")

    with folder_lock(folder) as locked:
        if locked:
            remove_stale_temps(folder)
        tmp: Path | None = None
        unnamed: int | None = None
        try:
            unnamed = _write_unnamed(folder, data, old)
            if unnamed is None:
                tmp = _write_named(folder, path.name, data, old)
            if expected_stat is not None and not _unchanged(path, expected_stat):
                raise ConcurrentEditError(
                    f"{path} changed on disk while okrkit was editing it; nothing "
                    "was written (run the command again)"
                )
            if tmp is None:  # name the unnamed file only now: one instant before the rename
                tmp = _link_unnamed(unnamed, folder, path.name)
            if tmp is None:  # the file system would not link it: write a named one
                tmp = _write_named(folder, path.name, data, old)
            os.replace(tmp, path)
            tmp = None
            _fsync_dir(folder)
        except OSError as exc:
            raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
        finally:
            if unnamed is not None:
                os.close(unnamed)
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _write_unnamed(folder: Path, data: bytes, old: os.stat_result | None) -> int | None:
    """Write ``data`` to an unnamed file in ``folder`` (``O_TMPFILE``); its descriptor.

    ``None`` where the system has no unnamed files (or no ``/proc`` to name one by later).
    """
    fd = _open_unnamed(folder)
    if fd is None:
        return None
    try:
        _fill(fd, data, old)
        if os.path.exists(f"/proc/self/fd/{fd}"):
            return fd
    except BaseException:
        os.close(fd)
        raise
    os.close(fd)
    return None


def _write_named(folder: Path, name: str, data: bytes, old: os.stat_result | None) -> Path:
    """Write ``data`` to a new ``.<name>.<hex>.tmp``; on any failure it is removed."""
    fd, tmp = _create_temp(folder, name)
    try:
        try:
            _fill(fd, data, old)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _link_unnamed(fd: int | None, folder: Path, name: str) -> Path | None:
    """Give the unnamed file ``fd`` a temporary name beside ``name`` (``None``: cannot)."""
    assert fd is not None
    # a folder descriptor makes os.link call linkat(), which follows the /proc link
    # (plain link() would try to link the symbolic link itself)
    folder_fd = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(100):
            tmp = _temp_name(folder, name)
            try:
                os.link(f"/proc/self/fd/{fd}", tmp.name, dst_dir_fd=folder_fd, follow_symlinks=True)
                return tmp
            except FileExistsError:
                continue
            except OSError:
                return None
    finally:
        os.close(folder_fd)
    raise FileExistsError(f"could not create a temporary file in {folder}")


def _fill(fd: int, data: bytes, old: os.stat_result | None) -> None:
    fchmod = getattr(os, "fchmod", None)
    if old is not None and fchmod is not None:
        fchmod(fd, stat.S_IMODE(old.st_mode))
        _keep_owner(fd, old)
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def _open_unnamed(folder: Path) -> int | None:
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag:
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o666)
    except OSError:  # the file system or kernel does not support it
        return None


def _keep_owner(fd: int, old: os.stat_result) -> None:
    """Give the new file the old one's owner and group, where we may (e.g. as root)."""
    chown = getattr(os, "fchown", None)
    if chown is None:
        return
    st = os.fstat(fd)
    if (st.st_uid, st.st_gid) != (old.st_uid, old.st_gid):
        with contextlib.suppress(OSError):
            chown(fd, old.st_uid, old.st_gid)


def _temp_name(folder: Path, name: str) -> Path:
    return folder / f".{name}.{os.urandom(6).hex()}.tmp"


def _create_temp(folder: Path, name: str) -> tuple[int, Path]:
    """Create ``.<name>.<random>.tmp`` next to the target, exclusively, mode 0o666 & ~umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = _temp_name(folder, name)
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temporary file in {folder}")


# --- read, edit, replace under one lock ------------------------------------------


class LockedFile:
    """A file read while holding its folder's lock; :meth:`replace` writes it back."""

    def __init__(self, path: Path, data: bytes, snapshot: Snapshot):
        self.path = path
        self.data = data
        self.snapshot = snapshot

    def replace(self, text: str) -> None:
        """Replace the file with ``text`` unless it changed since it was read."""
        atomic_write_text(self.path, text, expected_stat=self.snapshot)


@contextlib.contextmanager
def locked_file(path: Path) -> Iterator[LockedFile]:
    """Read ``path`` under its folder's lock, held until the block ends.

    Another okrkit editing the same file waits for the lock, then reads the file as
    this one left it: compare-and-replace is atomic between okrkit processes.
    Raises :class:`WriteError` if the file cannot be read.
    """
    real = target_of(Path(path))
    with folder_lock(real.parent):
        try:
            data, snapshot = Snapshot.read(real)
        except OSError as exc:
            raise WriteError(f"cannot read {path}: {exc.strerror or exc}") from None
        yield LockedFile(real, data, snapshot)


# --- command output --------------------------------------------------------------


def write_output(path: Path, text: str) -> None:
    """Write a command's output to ``path``.

    A regular file (or a new one) is replaced atomically; a special file (a terminal,
    ``/dev/null``, a named pipe) is written in place, as a shell's ``>`` would, since
    renaming over it would destroy it.
    """
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    if st is None or stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        atomic_write_text(path, text)
        return
    data = text.encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
