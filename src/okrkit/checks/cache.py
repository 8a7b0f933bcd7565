"""A content-keyed cache of ``okrkit check`` reports.

CI and pre-commit run ``okrkit check`` again and again on plans that did not change.
Like linters that cache their results (ruff, mypy), okrkit stores each report as JSON
under the same cache folder as the parsed files (see :mod:`okrkit.load.cache`), keyed by
everything the report depends on:

- the path and content of every plan file, in load order;
- ``--as-of``, ``--select`` and ``--ignore``;
- okrkit's version and the size and modification time of each of its own modules, so
  an upgrade or a local edit of a check never serves an old answer.

Anything else (an unreadable entry, another key) is a miss, and the checks run. A plan
that does not load is not cached: it is quick to report anyway.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from okrkit import __version__

_SCHEME = "1"


@functools.cache
def _code_fingerprint() -> str:
    """The version and the size and mtime of every okrkit module (cheap: one stat each)."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(f"okrkit {__version__} {_SCHEME}".encode())
    for p in sorted(root.rglob("*.py")):
        st = p.stat()
        h.update(f"{p.relative_to(root).as_posix()} {st.st_size} {st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def report_key(
    files: Sequence[tuple[str, bytes]],
    as_of: dt.date,
    select: Sequence[str],
    ignore: Sequence[str],
    *,
    include_past: bool = False,
) -> str:
    """The cache key of a report: ``files`` are (display path, content) in load order."""
    h = hashlib.sha256(_code_fingerprint().encode())
    h.update(json.dumps([as_of.isoformat(), list(select), list(ignore), include_past]).encode())
    for name, content in files:
        h.update(name.encode("utf-8", "surrogatepass") + b"\0")
        h.update(hashlib.sha256(content).digest())
    return "check-" + h.hexdigest()
