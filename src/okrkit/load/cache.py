"""A content-keyed cache of parsed plan files.

The key is a SHA-256 of the file's bytes, the okrkit version and the parser's rules, so
an edited file is simply a miss and a stale entry can never be used. Entries are JSON
(never pickle): ``<key>.json`` holds the validated file (the model's fields that the file
set), which pydantic validates straight from the bytes. Storing the validated model rather
than the parsed YAML keeps a plan's meaning: a text field written ``1e20`` is the text
``1e20`` in the entry, where a JSON number would come back as ``100000000000000000000``.
Only files without problems are stored. ``<key>.pos`` holds the file's position index,
written only once a message has needed a line number in that file: most runs of a clean
plan never pay for positions, and a plan with findings reads them back instead of parsing
again.

Location: ``$OKRKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/okrkit``, else
``~/.cache/okrkit``. ``--no-cache`` or ``OKRKIT_NO_CACHE=1`` turns it off. A cache that
cannot be written is silently skipped: it only ever saves time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from okrkit import __version__
from okrkit.model.aggregate import Position

if TYPE_CHECKING:
    from pydantic import BaseModel

_SCHEME = "5"  # bump when the parser's output changes


def cache_dir() -> Path | None:
    if os.environ.get("OKRKIT_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("OKRKIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "okrkit"


def key_for(data: bytes) -> str:
    h = hashlib.sha256()
    h.update(f"okrkit {__version__} scheme {_SCHEME}\0".encode())
    h.update(data)
    return h.hexdigest()


def get(directory: Path, key: str) -> bytes | None:
    """The cached JSON bytes for ``key``, or ``None``."""
    try:
        with open(directory / f"{key}.json", "rb") as fh:
            return fh.read()
    except OSError:
        return None


def get_positions(directory: Path, key: str) -> Position | None:
    """The cached position index for ``key``, or ``None``."""
    try:
        with open(directory / f"{key}.pos", "rb") as fh:
            return Position.from_bytes(fh.read())
    except (OSError, ValueError):
        return None


def put_positions(directory: Path, key: str, positions: Position) -> None:
    """Store a file's position index; any failure is ignored."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _write(directory / f"{key}.pos", positions.to_bytes())
    except OSError:
        pass


def dump_model(model: BaseModel) -> bytes:
    """A validated plan file as the JSON that validates back to an equal model.

    Only the fields the file set are written, so ``model_fields_set`` survives too.
    """
    return model.model_dump_json(exclude_unset=True).encode("utf-8")


def put(directory: Path, key: str, payload: bytes) -> None:
    """Store ``payload`` under ``key``; any failure is ignored (the cache is optional)."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _write(directory / f"{key}.json", payload)
    except OSError:
        pass


def _write(path: Path, payload: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
