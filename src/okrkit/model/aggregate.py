"""The whole plan: every file's sections joined, with indexes and source positions."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
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

PATH_SEP = "\x1f"
"""Joins the segments of a path into one key of a :class:`Position` index."""


class Position:
    """Where every key and value of one file was written: a flat, compact index.

    ``paths[i]`` is a node's path (segments joined by :data:`PATH_SEP`; the document root
    is ``""``), and ``ints[4*i : 4*i + 4]`` its value's line and column and its key's
    line and column (a list item's "key" is the item itself), all 1-based. Flat, so the
    cache stores it as one JSON list and one array of integers, which load far faster
    than a tree of small lists.
    """

    __slots__ = ("_index", "ints", "paths")

    def __init__(self, paths: list[str], ints: Sequence[int]):
        self.paths = paths
        self.ints = ints
        self._index: dict[str, int] | None = None

    def locate(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``path``, or of its deepest existing part.

        With ``key=True`` and a path that exists, the position of its key.
        """
        index = self._index
        if index is None:
            index = self._index = dict(zip(self.paths, range(len(self.paths)), strict=True))
        parts = [str(seg) for seg in path]
        for n in range(len(parts), -1, -1):
            i = index.get(PATH_SEP.join(parts[:n]))
            if i is not None:
                base = 4 * i
                if key and n == len(parts):
                    return self.ints[base + 2], self.ints[base + 3]
                return self.ints[base], self.ints[base + 1]
        return (1, 1)

    def to_bytes(self) -> bytes:
        """A compact serialisation: the paths joined by NUL, then the integers (int32, LE).

        A path that itself holds a NUL (a quoted YAML key can) makes the two parts
        disagree in length, and :meth:`from_bytes` refuses the blob; the caller then
        parses the file again.
        """
        import array
        import struct
        import sys

        head = "\0".join(self.paths).encode("utf-8", "surrogatepass")
        ints = array.array("i", self.ints)
        if sys.byteorder == "big":
            ints.byteswap()
        return struct.pack("<I", len(head)) + head + ints.tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes) -> Position:
        """Read what :meth:`to_bytes` wrote; ``ValueError`` if it is damaged."""
        import array
        import struct
        import sys

        if len(blob) < 4:
            raise ValueError("truncated position index")
        (n,) = struct.unpack_from("<I", blob)
        paths = blob[4 : 4 + n].decode("utf-8", "surrogatepass").split("\0")
        ints = array.array("i")
        ints.frombytes(blob[4 + n :])
        if sys.byteorder == "big":
            ints.byteswap()
        if len(ints) != 4 * len(paths):
            raise ValueError("damaged position index")
        return cls(paths, ints)


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
        line, col = self.table(index).locate(path, key=key)
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
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    """Derived data that several analyses of one run share (scoring namespaces, rankings),
    computed once. A loaded plan is treated as read-only; a changed plan is loaded again."""

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
