"""``# okrkit: ignore[name, ...]`` comments.

A comment on a line, or on the line above, silences findings of the named checks (by
name or code; ``principle`` silences every principle) reported at that line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from okrkit.checks.result import Finding
from okrkit.model.aggregate import Location

_IGNORE = re.compile(r"#\s*okrkit:\s*ignore\[([^\]\n]*)\]")


@dataclass
class Ignore:
    """One ignore comment; ``used`` collects the tokens that silenced something."""

    location: Location
    tokens: tuple[str, ...]
    used: set[str] = field(default_factory=set)


def scan(text: str, file: str) -> list[Ignore]:
    """Every ignore comment in ``text`` (fast when there is none)."""
    if "okrkit:" not in text:
        return []
    out: list[Ignore] = []
    line = 1
    last = 0
    for m in _IGNORE.finditer(text):
        start = m.start()
        line += text.count("\n", last, start)
        last = start
        line_start = text.rfind("\n", 0, start) + 1
        tokens = tuple(t.strip() for t in m.group(1).split(",") if t.strip())
        out.append(Ignore(Location(file, line, start - line_start + 1), tokens))
    return out


def read_ignores(files: Iterable[str], sources: Mapping[str, str] | None = None) -> list[Ignore]:
    """The ignore comments of every plan file (``sources`` overrides reading from disk)."""
    out: list[Ignore] = []
    for file in files:
        if sources is not None and file in sources:
            text = sources[file]
        else:
            try:
                text = Path(file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
        out.extend(scan(text, file))
    return out


def _matches(token: str, finding: Finding) -> bool:
    if token == finding.name or token.upper() == finding.code:
        return True
    return token == "principle" and finding.name.startswith("principle:")


class IgnoreIndex:
    """Ignore comments by (file, line), to silence findings in constant time each."""

    def __init__(self, ignores: list[Ignore]):
        self.ignores = ignores
        self._at: dict[tuple[str, int], list[Ignore]] = {}
        for ig in ignores:
            self._at.setdefault((ig.location.file, ig.location.line), []).append(ig)

    def silences(self, finding: Finding) -> bool:
        loc = finding.location
        hit = False
        for line in (loc.line, loc.line - 1):
            for ig in self._at.get((loc.file, line), ()):
                for token in ig.tokens:
                    if _matches(token, finding):
                        ig.used.add(token)
                        hit = True
        return hit
