"""Find a plan's files and read them as text."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from okrkit.errors import PlanLoadError, Problem
from okrkit.model.aggregate import Location

DEFAULT_FILE = "okrkit.yaml"
DEFAULT_DIR = "plan"
MAX_FILE_BYTES = 256 * 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")


def display_path(path: Path) -> str:
    """How a file is named in messages: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if rel.startswith(".."):
        return path.as_posix()
    return Path(rel).as_posix()


def _problem(where: str, message: str, code: str = "invalid-plan") -> PlanLoadError:
    return PlanLoadError([Problem(Location(where, 1, 1), message, code)])


def find_plan_files(path: str | Path | None) -> list[Path]:
    """The files of a plan: one file, or a folder's YAML files in sorted order.

    With no path, ``okrkit.yaml`` then ``plan/`` in the current folder.
    """
    if path is None:
        if Path(DEFAULT_FILE).is_file():
            return [Path(DEFAULT_FILE)]
        if Path(DEFAULT_DIR).is_dir():
            return find_plan_files(Path(DEFAULT_DIR))
        raise _problem(
            ".",
            f"no plan found: looked for {DEFAULT_FILE} and {DEFAULT_DIR}/ in the current folder",
        )
    p = Path(path)
    if p.is_file():
        return [p]
    if p.is_dir():
        found: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(p, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in filenames:
                if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                    found.append(Path(dirpath) / name)
        if not found:
            raise _problem(display_path(p), "folder holds no .yaml or .yml files")
        return sorted(found, key=lambda f: f.relative_to(p).as_posix())
    if p.exists():
        raise _problem(display_path(p), "not a file or folder")
    raise _problem(str(path), "no such file or folder")


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


def read_bytes(path: Path, where: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _problem(where, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
        return path.read_bytes()
    except PlanLoadError:
        raise
    except OSError as exc:
        raise _problem(where, f"cannot read the file: {exc.strerror or exc}") from None
