"""The whole plan: every file's sections joined, with indexes and source positions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from okrkit.model.plan import (
    Initiative,
    KeyResult,
    Objective,
    Period,
    Pillar,
    Principle,
    Settings,
    Team,
    Vision,
)

Path = tuple[str | int, ...]
"""A path into one file's YAML tree: mapping keys and list indexes."""

Position = list[Any]
"""A position tree from :mod:`okrkit.load.yaml12`: ``[line, column]`` for a scalar,
``[line, column, {key: [key_line, key_column, child]}]`` for a mapping and
``[line, column, [child, ...]]`` for a sequence (1-based)."""


def locate_in_tree(tree: Position, path: Path, *, key: bool = False) -> tuple[int, int]:
    """Line and column of ``path`` in a position tree, or of its deepest existing part.

    With ``key=True`` and a path that ends at a mapping entry, the key's position.
    """
    node = tree
    best = (node[0], node[1])
    last = len(path) - 1
    for i, seg in enumerate(path):
        children = node[2] if len(node) > 2 else None
        if isinstance(children, dict) and isinstance(seg, str) and seg in children:
            key_line, key_col, child = children[seg]
            if key and i == last:
                return (key_line, key_col)
            node = child
        elif (
            isinstance(children, list)
            and isinstance(seg, int)
            and not isinstance(seg, bool)
            and 0 <= seg < len(children)
        ):
            node = children[seg]
        else:
            break
        best = (node[0], node[1])
    return best


@dataclass(frozen=True, order=True)
class Location:
    """A place in a plan file (1-based line and column)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Origin:
    """Where a plan element was read from: a file index and the path to it."""

    file_index: int
    path: Path


class SourceMap:
    """Maps (file index, path) to positions; each file's table is loaded on first use."""

    def __init__(self, files: list[str], loaders: list[Callable[[], Position]]):
        self.files = files
        self._loaders = loaders
        self._tables: dict[int, Position] = {}

    def table(self, index: int) -> Position:
        table = self._tables.get(index)
        if table is None:
            table = self._loaders[index]()
            self._tables[index] = table
        return table

    def locate(self, index: int, path: Path, *, key: bool = False) -> Location:
        """The position of ``path`` in file ``index``, or of its deepest existing parent."""
        line, col = locate_in_tree(self.table(index), path, key=key)
        return Location(self.files[index], line, col)


@dataclass(eq=False)
class Plan:
    """A loaded plan. Build it with :func:`okrkit.load.load_plan`."""

    files: list[str]
    vision: Vision | None
    periods: list[Period]
    teams: list[Team]
    objectives: list[Objective]
    initiatives: list[Initiative]
    settings: Settings
    source: SourceMap
    origins: dict[int, Origin] = field(repr=False)
    settings_files: dict[str, int] = field(default_factory=dict, repr=False)
    """Which file each top-level key of ``settings`` came from."""

    def __post_init__(self) -> None:
        self.period_by_id: dict[str, Period] = {p.id: p for p in self.periods}
        self.team_by_id: dict[str, Team] = {t.id: t for t in self.teams}
        self.objective_by_id: dict[str, Objective] = {o.id: o for o in self.objectives}
        self.initiative_by_id: dict[str, Initiative] = {i.id: i for i in self.initiatives}
        self.key_result_by_id: dict[str, KeyResult] = {}
        self.objective_of: dict[str, Objective] = {}
        for o in self.objectives:
            for kr in o.key_results:
                self.key_result_by_id.setdefault(kr.id, kr)
                self.objective_of.setdefault(kr.id, o)
        pillars = self.vision.pillars if self.vision else []
        principles = self.vision.principles if self.vision else []
        self.pillar_by_id: dict[str, Pillar] = {p.id: p for p in pillars}
        self.principle_by_id: dict[str, Principle] = {p.id: p for p in principles}

    # --- navigation ------------------------------------------------------------

    @property
    def pillars(self) -> list[Pillar]:
        return self.vision.pillars if self.vision else []

    @property
    def principles(self) -> list[Principle]:
        return self.vision.principles if self.vision else []

    def key_results(self) -> Iterator[tuple[Objective, KeyResult]]:
        for o in self.objectives:
            for kr in o.key_results:
                yield o, kr

    def dependents(self) -> dict[str, list[str]]:
        """For each initiative id, the ids of the initiatives that depend on it."""
        out: dict[str, list[str]] = {}
        for i in self.initiatives:
            for d in i.depends_on:
                out.setdefault(d, []).append(i.id)
        return out

    # --- positions -------------------------------------------------------------

    def origin(self, element: Any) -> Origin | None:
        return self.origins.get(id(element))

    def where(self, element: Any, *path: str | int, key: bool = False) -> Location:
        """Where ``element`` (or ``element.<path>``) was written.

        Falls back to the deepest part of the path that exists in the file, so a
        finding about a missing field points at the element that lacks it.
        """
        origin = self.origins.get(id(element))
        if origin is None:
            return Location(self.files[0] if self.files else "<plan>", 1, 1)
        return self.source.locate(origin.file_index, origin.path + tuple(path), key=key)

    def where_setting(self, *path: str | int, key: bool = False) -> Location:
        """Where ``settings.<path>`` was written (the settings of any file)."""
        if path and isinstance(path[0], str) and path[0] in self.settings_files:
            index = self.settings_files[path[0]]
            return self.source.locate(index, ("settings", *path), key=key)
        if self.settings_files:
            index = min(self.settings_files.values())
            return self.source.locate(index, ("settings",), key=key)
        return Location(self.files[0] if self.files else "<plan>", 1, 1)
