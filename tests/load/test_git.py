"""Reading a plan at a git revision (okrkit.load.git)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from okrkit.load.git import GitError, read_revision, resolve_base


def test_folder_plan_at_revision_from_a_subfolder(
    git_repo: Path, git_commit: Callable[..., str]
) -> None:
    git_commit(
        {
            "plan/b.yaml": "teams: []\n",
            "plan/a.yml": "periods: []\n",
            "plan/.hidden.yaml": "x",
            "plan/.git-like/c.yaml": "x",
            "plan/notes.txt": "x",
            "plan/sub/c.yaml": "objectives: []\n",
        }
    )
    (git_repo / "elsewhere").mkdir()
    files = read_revision("HEAD", "../plan", git_repo / "elsewhere")
    assert [p.as_posix() for p in files.contents] == [
        "HEAD:plan/a.yml",
        "HEAD:plan/b.yaml",
        "HEAD:plan/sub/c.yaml",
    ]
    assert files.contents[Path("HEAD:plan/b.yaml")] == b"teams: []\n"
    assert files.work_names["HEAD:plan/b.yaml"] == "../plan/b.yaml"
    assert len(files.commit) == 40


def test_default_plan_is_okrkit_yaml_then_plan(
    git_repo: Path, git_commit: Callable[..., str]
) -> None:
    git_commit({"plan/x.yaml": "teams: []\n"})
    assert list(read_revision("HEAD", None, git_repo).contents) == [Path("HEAD:plan/x.yaml")]
    git_commit({"okrkit.yaml": "teams: []\n"})
    assert list(read_revision("HEAD", None, git_repo).contents) == [Path("HEAD:okrkit.yaml")]


def test_a_path_that_exists_is_a_plan_not_a_revision(
    git_repo: Path, git_commit: Callable[..., str]
) -> None:
    git_commit({"okrkit.yaml": "teams: []\n"})
    assert resolve_base("okrkit.yaml", None, git_repo).path == Path("okrkit.yaml")
    assert resolve_base("HEAD", None, git_repo).revision is not None


def test_errors(git_repo: Path, git_commit: Callable[..., str], tmp_path: Path) -> None:
    git_commit({"okrkit.yaml": "teams: []\n"})
    with pytest.raises(GitError, match="neither a plan file or folder nor a git revision"):
        read_revision("nope", None, git_repo)
    with pytest.raises(GitError, match="is not a revision"):
        read_revision("--output=x", None, git_repo)
    outside = tmp_path / "outside"
    outside.mkdir()
    with pytest.raises(GitError, match="not inside a git repository"):
        read_revision("HEAD", None, outside)
