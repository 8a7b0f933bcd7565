"""Find a plan's files and read them as text.

Only regular files are read (a named pipe would block every command, a link to
``/dev/zero`` would never end), reads are bounded by what is actually read (not by what
``stat`` said a moment before), and every part of a plan that cannot be read (a folder
without permission, a broken link) is an error: a gate must not pass on half a plan.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from okrkit.errors import NoPlanError, PlanLoadError, Problem
from okrkit.model.aggregate import Location

DEFAULT_FILE = "okrkit.yaml"
DEFAULT_DIR = "plan"
MAX_FILE_BYTES = 100 * 1024 * 1024
"""Largest plan file read: 100 MiB.

A refused file, even one just under this size, is parsed with less than 200 MB in all."""
YAML_SUFFIXES = (".yaml", ".yml")


def printable(name: str) -> str:
    """A file name as text that any output can carry: bytes that are not UTF-8 (which
    Python keeps as lone surrogates) are shown as ``\\xff``."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def display_path(path: Path) -> str:
    """How a file is named in messages: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return printable(path.as_posix())
    if rel.startswith(".."):
        return printable(path.as_posix())
    return printable(Path(rel).as_posix())


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _problem(where: str, message: str, code: str = "invalid-plan") -> PlanLoadError:
    return PlanLoadError([Problem(Location(where, 1, 1), message, code)])


def shadowed_default(folder: str | Path = ".") -> Path | None:
    """The default plan that is *not* read because another wins: ``plan/`` when ``folder``
    holds both ``okrkit.yaml`` (read first) and ``plan/``; else ``None``. The caller says
    so (the core never prints)."""
    here = Path(folder)
    if (here / DEFAULT_FILE).is_file() and (here / DEFAULT_DIR).is_dir():
        return here / DEFAULT_DIR
    return None


def find_plan_files(path: str | Path | None) -> list[Path]:
    """The files of a plan: one file, or a folder's YAML files in sorted order.

    With no path, ``okrkit.yaml`` then ``plan/`` in the current folder.
    """
    if path is None:
        if Path(DEFAULT_FILE).is_file():
            return [Path(DEFAULT_FILE)]
        if Path(DEFAULT_DIR).is_dir():
            return find_plan_files(Path(DEFAULT_DIR))
        raise NoPlanError(
            f"no plan found: looked for {DEFAULT_FILE} and {DEFAULT_DIR}/ in the current "
            "folder; give the path of a plan file or folder, or start one with `okrkit init`"
        )
    p = Path(path)
    if p.is_file():
        return [p]
    if p.is_dir():
        return _folder_files(p)
    if p.exists():
        raise _problem(display_path(p), "not a file or folder")
    raise NoPlanError(f"{printable(str(path))}: no such file or folder")


def _folder_files(root: Path) -> list[Path]:
    found: list[Path] = []
    problems: list[Problem] = []

    def unreadable(exc: OSError) -> None:
        where = display_path(Path(exc.filename)) if exc.filename else display_path(root)
        problems.append(
            Problem(Location(where, 1, 1), f"cannot read the folder: {exc.strerror or exc}")
        )

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.endswith(YAML_SUFFIXES) or name.startswith("."):
                continue
            f = Path(dirpath) / name
            try:
                mode = f.stat().st_mode  # follows a link: what would be read
            except OSError as exc:
                why = "a broken link" if f.is_symlink() else (exc.strerror or str(exc))
                problems.append(Problem(Location(display_path(f), 1, 1), f"cannot read: {why}"))
                continue
            if not stat.S_ISREG(mode):
                problems.append(
                    Problem(
                        Location(display_path(f), 1, 1),
                        f"{_kind(mode)}, not a plan file: only regular files are read",
                    )
                )
                continue
            found.append(f)
    if problems:
        raise PlanLoadError(problems)
    if not found:
        raise NoPlanError(
            f"{display_path(root)}: folder holds no .yaml or .yml files "
            "(a plan folder holds the plan's YAML files; `okrkit init` starts one)"
        )
    return sorted(found, key=lambda f: f.relative_to(root).as_posix())


def decode(data: bytes, where: str) -> str:
    """Decode a plan file: UTF-8 (a BOM is allowed), or UTF-16/32 with a BOM."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        start = exc.start  # counts the BOM bytes too
        before = data[:start]
        line = before.count(b"\n") + 1
        col = start - (before.rfind(b"\n") + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise PlanLoadError(
            [
                Problem(
                    Location(where, line, col),
                    f"not valid {encoding.replace('-sig', '').upper()} text (byte 0x{bad}); "
                    "save the file as UTF-8",
                    "yaml-syntax",
                )
            ]
        ) from None


def utf8_bytes(data: bytes, where: str) -> bytes:
    """A plan file's bytes as UTF-8 for the parser, checked without a decoded copy.

    UTF-8 (a BOM is allowed) is checked a megabyte at a time and returned as it is, so a
    large file is held once, not three times (bytes, text, and the parser's own UTF-8).
    UTF-16/32 with a BOM are converted. Problems are reported as :func:`decode` does.
    """
    if data.startswith(
        (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        return decode(data, where).encode("utf-8")
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    step = 1 << 20
    for start in range(0, len(data), step):
        try:
            decoder.decode(view[start : start + step], final=start + step >= len(data))
        except UnicodeDecodeError:
            break  # decode() words it, with the line and column
    else:
        return data
    decode(data, where)  # raises
    raise AssertionError("unreachable: decode accepted what the decoder refused")


def read_bytes(path: Path, where: str) -> bytes:
    """The bytes of a plan file: a regular file of at most :data:`MAX_FILE_BYTES`.

    The file is opened without blocking (a named pipe put in its place cannot hang the
    run), checked on the open descriptor, and read up to one byte past the limit, so a
    file that grows while it is read is still refused.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _problem(where, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _problem(
                where, f"{_kind(info.st_mode)}, not a plan file: only regular files are read"
            )
        if info.st_size > MAX_FILE_BYTES:
            raise _problem(where, f"file is {info.st_size} bytes; the limit is {MAX_FILE_BYTES}")
        chunks: list[bytes] = []
        total = 0
        want = info.st_size + 1  # one read for the whole file, in the usual case
        while True:
            chunk = os.read(fd, min(want, MAX_FILE_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise _problem(where, f"file is over {MAX_FILE_BYTES} bytes, the limit")
            want = 1 << 20
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    except PlanLoadError:
        raise
    except OSError as exc:
        raise _problem(where, f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
