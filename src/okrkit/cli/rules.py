"""`okrkit rules` and `okrkit rule` (placeholder: the check issue replaces this module)."""

from __future__ import annotations


def rules() -> None:
    raise NotImplementedError("rules")


def rule(name: str) -> None:
    raise NotImplementedError("rule")
