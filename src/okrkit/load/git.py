"""Read a plan as it was at a git revision, through git itself.

``okrkit diff BASE`` and ``okrkit check --baseline BASE`` compare the plan with the
same plan at ``BASE``. This module asks git (a subprocess, never a shell) for the files
of the plan at that revision: the same files :func:`~okrkit.load.files.find_plan_files`
would find in a checkout of it (a YAML file, or a folder's ``.yaml``/``.yml`` files
without hidden ones, in sorted order), from any folder of the repository.

Files are named ``REV:path`` with ``path`` relative to the repository's root, as git
names them (``git show origin/main:plan/teams.yaml``).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from okrkit.errors import UsageError
from okrkit.load.files import DEFAULT_DIR, DEFAULT_FILE, MAX_FILE_BYTES, YAML_SUFFIXES

SHALLOW_HINT = (
    "this is a shallow clone: fetch more history (actions/checkout with `fetch-depth: 0`, "
    "or `git fetch --unshallow`)"
)


@dataclass(frozen=True)
class RevisionFiles:
    """The files of a plan at a revision, ready for ``load_plan(contents=...)``."""

    revision: str
    """The revision as the user wrote it."""
    commit: str
    """The full commit id it names."""
    contents: dict[Path, bytes]
    """``Path("REV:path")`` -> bytes, in load order."""
    work_names: dict[str, str] = field(default_factory=dict)
    """Each file's name (``REV:path``) -> the name the same file has in the working tree,
    relative to the current folder (for reports that point at today's files)."""


class GitError(UsageError):
    """git is missing, the folder is not in a repository, or the revision is unknown."""


class NoPlanAtRevision(GitError):
    """The revision exists but holds no plan at the path (a change that adds the plan)."""


def _git(args: Sequence[str], cwd: Path, *, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise GitError("git is not installed; BASE must then be a plan file or folder") from None
    if done.returncode != 0:
        raise _Failed(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


class _Failed(Exception):
    pass


def is_shallow(cwd: Path) -> bool:
    try:
        return _git(["rev-parse", "--is-shallow-repository"], cwd).strip() == b"true"
    except _Failed:
        return False


def resolve_commit(revision: str, cwd: Path) -> str:
    """The commit id ``revision`` names, or :class:`GitError` with one line saying why."""
    if revision.startswith("-"):
        raise GitError(f"{revision!r} is not a revision")
    try:
        _git(["rev-parse", "--show-toplevel"], cwd)
    except _Failed:
        raise GitError(
            f"{revision!r} is not a plan file or folder, and {cwd} is not inside a git repository"
        ) from None
    try:
        out = _git(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], cwd
        )
    except _Failed:
        if is_shallow(cwd):
            raise GitError(
                f"revision {revision!r} is not in this repository; {SHALLOW_HINT}"
            ) from None
        raise GitError(
            f"{revision!r} is neither a plan file or folder nor a git revision"
        ) from None
    return out.decode().strip()


def _in_tree(commit: str, cwd: Path, rel: str) -> list[tuple[str, str, str]]:
    """(type, object id, path) of the tree entries at or under ``rel`` (recursive)."""
    out = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", rel or "."], cwd)
    entries: list[tuple[str, str, str]] = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        _mode, kind, oid = meta.decode().split(" ")
        entries.append((kind, oid, name.decode("utf-8", "surrogateescape")))
    return entries


def _plan_entries(entries: list[tuple[str, str, str]], rel: str) -> list[tuple[str, str]] | None:
    """(object id, path) of the plan's files among ``entries``: ``rel`` itself when it is a
    file, else the YAML files under it that are not hidden, in find_plan_files order.
    None when nothing is at ``rel``."""
    for kind, oid, name in entries:
        if name == rel and kind == "blob":
            return [(oid, name)]
    prefix = rel + "/" if rel else ""
    found: list[tuple[str, str, str]] = []
    for kind, oid, name in entries:
        if kind != "blob" or not name.startswith(prefix):
            continue
        inner = PurePosixPath(name[len(prefix) :])
        if any(part.startswith(".") for part in inner.parts):
            continue
        if inner.name.endswith(YAML_SUFFIXES):
            found.append((inner.as_posix(), oid, name))
    if not found and not any(name.startswith(prefix) for _, _, name in entries):
        return None
    found.sort()
    return [(oid, name) for _, oid, name in found]


def _cat(oids: Sequence[str], cwd: Path) -> list[bytes]:
    if not oids:
        return []
    out = _git(["cat-file", "--batch"], cwd, stdin=("\n".join(oids) + "\n").encode())
    blobs: list[bytes] = []
    pos = 0
    for _ in oids:
        end = out.index(b"\n", pos)
        header = out[pos:end].split(b" ")
        size = int(header[2])
        blobs.append(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1
    return blobs


def read_revision(revision: str, path: str | Path | None, cwd: Path | None = None) -> RevisionFiles:
    """The files of the plan at ``path`` as they were at ``revision``.

    ``path`` is relative to ``cwd`` (default: the current folder), as on the command line;
    ``None`` means ``okrkit.yaml``, else ``plan/``, in that folder at the revision.
    """
    here = Path.cwd() if cwd is None else cwd
    commit = resolve_commit(revision, here)
    top = Path(_git(["rev-parse", "--show-toplevel"], here).decode().strip())
    real_top = top.resolve()
    candidates = [here / DEFAULT_FILE, here / DEFAULT_DIR] if path is None else [here / Path(path)]
    for candidate in candidates:
        absolute = Path(os.path.abspath(candidate))
        try:
            rel = absolute.resolve().relative_to(real_top).as_posix()
        except ValueError:
            try:
                rel = absolute.relative_to(top).as_posix()
            except ValueError:
                raise GitError(f"{path} is outside the git repository at {top}") from None
        rel = "" if rel == "." else rel
        entries = _in_tree(commit, here, rel)
        chosen = _plan_entries(entries, rel)
        if chosen is None:
            continue
        if not chosen:
            raise GitError(f"{revision}:{rel or '.'} holds no .yaml or .yml files")
        blobs = _cat([oid for oid, _ in chosen], here)
        contents: dict[Path, bytes] = {}
        work_names: dict[str, str] = {}
        for (_, name), blob in zip(chosen, blobs, strict=True):
            if len(blob) > MAX_FILE_BYTES:
                raise GitError(
                    f"{revision}:{name} is {len(blob)} bytes; the limit is {MAX_FILE_BYTES}"
                )
            label = f"{revision}:{name}"
            contents[Path(label)] = blob
            work_names[label] = Path(os.path.relpath(top / name, here)).as_posix()
        return RevisionFiles(revision, commit, contents, work_names)
    shown = (
        f"{DEFAULT_FILE} or {DEFAULT_DIR}/"
        if path is None
        else Path(os.path.relpath(Path(os.path.abspath(here / Path(path))), here)).as_posix()
    )
    raise NoPlanAtRevision(f"no plan at {revision}: {shown} does not exist in that revision")


@dataclass(frozen=True)
class BaseSource:
    """What ``BASE`` of ``okrkit diff BASE`` / ``check --baseline BASE`` names."""

    label: str
    """How reports name it: the revision, or the path as written."""
    path: Path | None = None
    """A plan file or folder on disk (BASE was a path)."""
    revision: RevisionFiles | None = None
    """The plan's files at a revision (BASE was a revision)."""

    @property
    def contents(self) -> dict[Path, bytes] | None:
        return self.revision.contents if self.revision is not None else None

    def sources(self) -> dict[str, str] | None:
        """File name -> text, for ignore comments of files that are not on disk."""
        if self.revision is None:
            return None
        from okrkit.load.files import decode

        return {
            p.as_posix(): decode(raw, p.as_posix()) for p, raw in self.revision.contents.items()
        }


def resolve_base(base: str, path: str | Path | None, cwd: Path | None = None) -> BaseSource:
    """``base`` is a plan file or folder when one exists at that path, else a git revision
    of the plan at ``path``."""
    here = Path.cwd() if cwd is None else cwd
    if base and (here / base).exists():
        return BaseSource(base, path=Path(base))
    return BaseSource(base, revision=read_revision(base, path, here))


def load_base(source: BaseSource) -> Any:
    """Load the plan ``source`` names (a :class:`~okrkit.model.Plan`).

    Never through the parsed-plan cache: files read from git are not files on disk, and
    a plan on disk that shares most files with the plan it is compared with would make
    the other one's files cache hits whose positions must then be parsed again."""
    from okrkit.load import load_plan

    if source.revision is not None:
        return load_plan(None, use_cache=False, contents=source.revision.contents)
    return load_plan(source.path, use_cache=False)
