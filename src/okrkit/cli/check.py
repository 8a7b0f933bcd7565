"""`okrkit check` (placeholder: the owning issue replaces this module)."""

from __future__ import annotations

from okrkit.cli._common import PathArg


def check(path: PathArg = None) -> None:
    raise NotImplementedError("check")
