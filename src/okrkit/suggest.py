"""The one "did you mean" lookup: the known name closest to a mistyped one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word`` when one is close enough (a likely typo), else None."""
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1)
    return matches[0] if matches else None


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a choice is close to ``word``, else ``""``."""
    match = closest(word, choices)
    return f" (did you mean {match!r}?)" if match else ""
