"""Replace a file atomically, so an interrupted write never leaves a truncated file.

The new text goes to a temporary file in the same folder (so the rename cannot cross
file systems), is flushed and fsynced, takes the permissions of the file it replaces,
and is renamed over it with :func:`os.replace`; then the folder is fsynced so the
rename itself survives a crash. A failure at any step removes the temporary file and
leaves the original untouched.

Text is written as UTF-8 bytes exactly as given: no newline translation, so CRLF
files stay CRLF and a missing final newline stays missing.

Optimistic concurrency: pass ``expected_stat`` (a :class:`Snapshot` taken when the file
was read, or an :class:`os.stat_result`) and the file is re-checked just before the
rename; if it changed, nothing is written and :class:`ConcurrentEditError` is raised.
A writer that changes the file in the microseconds between that check and the rename
is not detected; POSIX offers no portable compare-and-swap rename.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from okrkit.errors import OkrkitError


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


def _target(path: Path) -> Path:
    """The file to replace: a symlink is followed, so the link itself stays a link."""
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


def atomic_write_text(
    path: Path, text: str, *, expected_stat: Snapshot | os.stat_result | None = None
) -> None:
    """Write ``text`` (UTF-8, bytes exactly as given) to ``path`` atomically.

    Keeps the permission bits of an existing file, and its owner and group where the
    process may set them (a new file gets ``0o666`` less the umask, as ``open()`` would
    give it). Raises :class:`ConcurrentEditError` if
    ``expected_stat`` is given and the file no longer matches it, :class:`WriteError`
    if the file cannot be written; in both cases the original is untouched and no
    temporary file is left behind.
    """
    path = _target(Path(path))
    folder = path.parent
    data = text.encode("utf-8")
    try:
        old: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise WriteError(f"okrkit: cannot write {path}: {exc.strerror or exc}") from None

    tmp: Path | None = None
    try:
        fd, tmp = _create_temp(folder, path.name)
        try:
            if old is not None:
                os.chmod(tmp, stat.S_IMODE(old.st_mode))
                _keep_owner(tmp, old)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if expected_stat is not None and not _unchanged(path, expected_stat):
            raise ConcurrentEditError(
                f"okrkit: {path} changed on disk while okrkit was editing it; nothing was "
                "written (run the command again)"
            )
        os.replace(tmp, path)
        tmp = None
        _fsync_dir(folder)
    except OSError as exc:
        raise WriteError(f"okrkit: cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _keep_owner(tmp: Path, old: os.stat_result) -> None:
    """Give the new file the old one's owner and group, where we may (e.g. as root)."""
    chown = getattr(os, "chown", None)
    if chown is None:
        return
    st = os.stat(tmp)
    if (st.st_uid, st.st_gid) != (old.st_uid, old.st_gid):
        with contextlib.suppress(OSError):
            chown(tmp, old.st_uid, old.st_gid)


def _create_temp(folder: Path, name: str) -> tuple[int, Path]:
    """Create ``.<name>.<random>.tmp`` next to the target, exclusively, mode 0o666 & ~umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = folder / f".{name}.{os.urandom(6).hex()}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temporary file in {folder}")
