"""Load a plan: find its files, parse them, validate them, join them, resolve references.

Every problem in every file is collected before anything is raised, so a user sees all
of them at once, each as ``file:line:col: message``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from okrkit.errors import PlanLoadError, Problem
from okrkit.gcpause import gc_paused
from okrkit.load import cache as _cache
from okrkit.load.files import display_path, find_plan_files, read_bytes, utf8_bytes
from okrkit.load.messages import problems_from_validation
from okrkit.load.yaml12 import YamlError, parse
from okrkit.model.aggregate import Location, Origin, Plan, Position, SourceMap
from okrkit.model.plan import PlanFile, Settings
from okrkit.suggest import suggest

__all__ = ["PlanLoadError", "load_plan", "load_plan_text", "parse_file_text"]


class _ParsedFile:
    """One file on its way in: parsed data (cold) or cached JSON (warm)."""

    __slots__ = ("cache", "data", "json", "key", "model", "path", "positions", "where")

    def __init__(
        self,
        where: str,
        data: Any,
        positions: Position | None,
        key: str | None,
        path: Path | None = None,
    ):
        self.where = where
        self.path = path
        self.data = data
        self.positions = positions
        self.key = key
        self.cache: Path | None = None  # the cache folder, when caching
        self.json: bytes | None = None
        self.model: PlanFile | None = None


def parse_file_text(text: str | bytes, where: str) -> tuple[Any, Position]:
    """Parse one file's text; raise :class:`PlanLoadError` for YAML problems."""
    try:
        data, positions = parse(text)
    except YamlError as exc:
        raise PlanLoadError(
            [Problem(Location(where, exc.line, exc.column), exc.message, "yaml-syntax")]
        ) from None
    if data is None:
        raise PlanLoadError(
            [
                Problem(
                    Location(where, 1, 1),
                    "file is empty: a plan file holds a mapping of sections "
                    "(vision, periods, teams, objectives, initiatives, settings)",
                )
            ]
        )
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise PlanLoadError(
            [
                Problem(
                    Location(where, *positions.locate(())),
                    f"the top level is {kind}; a plan file holds a mapping of sections "
                    "(vision, periods, teams, objectives, initiatives, settings)",
                )
            ]
        )
    return data, positions


def _validate(pf: _ParsedFile, positions_of: Any) -> list[Problem]:
    from pydantic import ValidationError

    try:
        if pf.json is not None:
            pf.model = PlanFile.model_validate_json(pf.json)
        else:
            pf.model = PlanFile.model_validate(pf.data)
            if pf.cache is not None and pf.key is not None:
                # The cache holds the validated file, so text fields keep the text that
                # was written (a title `1e20`) and a warm run reads exactly what a cold
                # one did; a file with problems is not cached.
                _cache.put(pf.cache, pf.key, _cache.dump_model(pf.model))
    except ValidationError as exc:
        if pf.json is not None:
            # Word the problems from the YAML itself, the same way with or without the
            # cache (a damaged cache entry also lands here, and is simply not used).
            pf.json = None
            if pf.data is None and pf.path is not None:
                text = utf8_bytes(read_bytes(pf.path, pf.where), pf.where)
                pf.data, pf.positions = parse_file_text(text, pf.where)
            return _validate(pf, positions_of)
        return problems_from_validation(exc, pf.data, positions_of(), pf.where)
    pf.data = None  # the models hold it all now
    pf.json = None
    return []


def _read(path: Path, directory: Path | None, raw: bytes | None = None) -> _ParsedFile:
    where = display_path(path)
    if raw is None:
        raw = read_bytes(path, where)
    key = _cache.key_for(raw) if directory is not None else None
    if directory is not None and key is not None:
        cached = _cache.get(directory, key)
        if cached is not None:
            pf = _ParsedFile(where, None, None, key, path)
            pf.json = cached
            pf.cache = directory
            return pf
    text = utf8_bytes(raw, where)
    del raw  # held once: the parser reads these very bytes (or their UTF-8 conversion)
    data, positions = parse_file_text(text, where)
    pf = _ParsedFile(where, data, positions, key, path)
    pf.cache = directory  # written once the file validates (see _validate)
    return pf


def _positions_loader(pf: _ParsedFile) -> Any:
    """A function that returns the file's position tree: from memory, the cache, or a parse.

    A tree that had to be computed is stored in the cache for the next run.
    """

    def load() -> Position:
        directory = pf.cache
        if pf.positions is not None:
            if directory is not None and pf.key is not None:
                _cache.put_positions(directory, pf.key, pf.positions)
            return pf.positions
        if directory is not None and pf.key is not None:
            cached = _cache.get_positions(directory, pf.key)
            if cached is not None:
                pf.positions = cached
                return cached
        if pf.path is None:
            return Position([""], [1, 1, 1, 1])
        raw = utf8_bytes(read_bytes(pf.path, pf.where), pf.where)
        _, pos = parse_file_text(raw, pf.where)
        pf.positions = pos
        if directory is not None and pf.key is not None:
            _cache.put_positions(directory, pf.key, pos)
        return pos

    return load


def load_plan(
    path: str | Path | None = None,
    *,
    use_cache: bool = True,
    contents: Mapping[Path, bytes] | None = None,
) -> Plan:
    """Load the plan at ``path`` (a file or a folder; default ``okrkit.yaml``, then ``plan/``).

    ``contents``, when a caller has already read the plan's files, maps each of them (as
    :func:`~okrkit.load.files.find_plan_files` lists them, in that order) to its bytes, so
    they are not found and read again. Raises :class:`PlanLoadError` with every problem
    found, sorted by file and line.
    """
    paths = list(contents) if contents is not None else find_plan_files(path)
    directory = _cache.cache_dir() if use_cache else None
    with gc_paused(freeze=True):
        parsed: list[_ParsedFile] = []
        problems: list[Problem] = []
        for p in paths:
            try:
                parsed.append(_read(p, directory, None if contents is None else contents[p]))
            except PlanLoadError as exc:
                problems.extend(exc.problems)
        # files that did not parse are reported; the others are still validated
        return _assemble(parsed, problems)


def load_plan_text(text: str, name: str = "okrkit.yaml") -> Plan:
    """Load a plan held in one string, as if it were a file called ``name``."""
    with gc_paused(freeze=True):
        data, positions = parse_file_text(text, name)
        return _assemble([_ParsedFile(name, data, positions, None)], [])


def _assemble(parsed: list[_ParsedFile], problems: list[Problem]) -> Plan:
    loaders = [_positions_loader(pf) for pf in parsed]
    for pf, positions_of in zip(parsed, loaders, strict=True):
        problems.extend(_validate(pf, positions_of))
    files = [pf.where for pf in parsed]
    source = SourceMap(files, loaders)
    if problems:
        raise PlanLoadError(problems)
    plan = _join(parsed, source)
    from okrkit.load.expressions import expression_problems

    broken = expression_problems(plan)
    if broken:
        raise PlanLoadError(broken)
    return plan


def _join(parsed: list[_ParsedFile], source: SourceMap) -> Plan:
    """Join the parsed files into one :class:`~okrkit.model.Plan`, or raise every problem.

    It decides where each element came from (file and path, kept in ``origins`` so every
    later message can point at its line), which file sets each settings key (a key set in
    two files is a ``duplicate-id`` problem, not a silent override), duplicate ids per
    kind, and references that name nothing (``unknown-reference``, with a "did you mean").
    Problems are collected, not raised one by one, so ``okrkit validate`` lists them all
    in one run; the plan is built only when there are none.
    """
    problems: list[Problem] = []
    origins: dict[int, Origin] = {}
    vision = None
    vision_at: int | None = None
    # Pillars of a second vision: that vision is the error; objectives naming its
    # pillars are not reported again as unknown pillars (one problem, one finding).
    shadowed_pillars: set[str] = set()
    periods: list[Any] = []
    teams: list[Any] = []
    objectives: list[Any] = []
    initiatives: list[Any] = []
    settings_raw: dict[str, Any] = {}
    settings_files: dict[str, int] = {}

    def loc(index: int, path: tuple[Any, ...], key: bool = False) -> Location:
        return source.locate(index, path, key=key)

    for index, pf in enumerate(parsed):
        model = pf.model
        assert model is not None
        if model.vision is not None:
            if vision is not None and vision_at is not None:
                problems.append(
                    Problem(
                        loc(index, ("vision",), key=True),
                        f"the vision is already defined in {loc(vision_at, ('vision',), key=True)}"
                        "; a plan has one vision",
                        "duplicate-id",
                    )
                )
                shadowed_pillars.update(p.id for p in model.vision.pillars)
            else:
                vision, vision_at = model.vision, index
                origins[id(vision)] = Origin(index, ("vision",))
                for i, pr in enumerate(vision.principles):
                    origins[id(pr)] = Origin(index, ("vision", "principles", i))
                for i, pi in enumerate(vision.pillars):
                    origins[id(pi)] = Origin(index, ("vision", "pillars", i))
        for i, period in enumerate(model.periods):
            origins[id(period)] = Origin(index, ("periods", i))
            periods.append(period)
        for i, team in enumerate(model.teams):
            origins[id(team)] = Origin(index, ("teams", i))
            teams.append(team)
        for i, obj in enumerate(model.objectives):
            origins[id(obj)] = Origin(index, ("objectives", i))
            objectives.append(obj)
            for j, kr in enumerate(obj.key_results):
                origins[id(kr)] = Origin(index, ("objectives", i, "key_results", j))
        for i, ini in enumerate(model.initiatives):
            origins[id(ini)] = Origin(index, ("initiatives", i))
            initiatives.append(ini)
        if model.settings is not None:
            for key in sorted(
                model.settings.model_fields_set, key=list(Settings.model_fields).index
            ):
                if key in settings_files:
                    first = loc(settings_files[key], ("settings", key), key=True)
                    problems.append(
                        Problem(
                            loc(index, ("settings", key), key=True),
                            f"settings.{key} is already set in {first}",
                            "duplicate-id",
                        )
                    )
                    continue
                settings_files[key] = index
                settings_raw[key] = getattr(model.settings, key)

    settings = Settings.model_validate(settings_raw) if settings_raw else Settings()

    def where(element: Any, *path: Any, key: bool = False) -> Location:
        o = origins[id(element)]
        return source.locate(o.file_index, o.path + path, key=key)

    # duplicate ids, per kind
    def unique(kind: str, items: list[Any]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for item in items:
            first = seen.get(item.id)
            if first is not None:
                problems.append(
                    Problem(
                        where(item, "id"),
                        f"duplicate {kind} id {item.id!r} (first defined at {where(first, 'id')})",
                        "duplicate-id",
                    )
                )
            else:
                seen[item.id] = item
        return seen

    pillar_ids = unique("pillar", vision.pillars if vision else [])
    unique("principle", vision.principles if vision else [])
    period_ids = unique("period", periods)
    team_ids = unique("team", teams)
    unique("objective", objectives)
    kr_ids = unique("key result", [kr for o in objectives for kr in o.key_results])
    initiative_ids = unique("initiative", initiatives)

    def ref(kind: str, known: dict[str, Any], value: str, element: Any, *path: Any) -> None:
        if value not in known:
            problems.append(
                Problem(
                    where(element, *path),
                    f"unknown {kind} {value!r}{suggest(value, known)}",
                    "unknown-reference",
                )
            )

    for team in teams:
        for period_id in team.capacity:
            ref("period", period_ids, period_id, team, "capacity", period_id)
    for obj in objectives:
        if obj.pillar is not None and obj.pillar not in shadowed_pillars:
            ref("pillar", pillar_ids, obj.pillar, obj, "pillar")
        if obj.team is not None:
            ref("team", team_ids, obj.team, obj, "team")
        if obj.period is not None:
            ref("period", period_ids, obj.period, obj, "period")
    for ini in initiatives:
        ref("team", team_ids, ini.team, ini, "team")
        if ini.period is not None:
            ref("period", period_ids, ini.period, ini, "period")
        for j, kr in enumerate(ini.key_results):
            ref("key result", kr_ids, kr, ini, "key_results", j)
        for j, dep in enumerate(ini.depends_on):
            ref("initiative", initiative_ids, dep, ini, "depends_on", j)

    if problems:
        raise PlanLoadError(problems)
    return Plan(
        files=[pf.where for pf in parsed],
        vision=vision,
        periods=periods,
        teams=teams,
        objectives=objectives,
        initiatives=initiatives,
        settings=settings,
        source=source,
        origins=origins,
        settings_files=settings_files,
    )
