"""Fixtures shared by every test.

- ``run_cli(*args)``: run the okrkit CLI in-process; returns a result with
  ``exit_code``, ``stdout``, ``stderr``.
- ``write_plan(text, name="okrkit.yaml")``: write a plan file under a temp folder.
- ``golden(name, text)``: compare with ``tests/golden/<name>``; ``pytest --update-golden``
  rewrites the files instead.
- The parsed-plan cache goes to a per-test temp folder, never to the user's cache.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# CI (CI=true) draws the same examples on every run, so a green main stays green and a red
# run is reproducible; elsewhere hypothesis explores new examples each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite golden files from current output."
    )


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKRKIT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # A shell's COLUMNS would change the text views' layout (see cli._common.output_width);
    # tests that want a width set it themselves.
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("OKRKIT_DEBUG", raising=False)


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    from typer.testing import CliRunner

    from okrkit.cli import app
    from okrkit.cli._common import set_debug

    def run(
        *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
    ) -> CliResult:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        runner = CliRunner()
        result = runner.invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)
        set_debug(False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    def write(text: str, name: str = "okrkit.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update or not path.exists():
            if not update:
                pytest.fail(f"golden file {path} is missing; run pytest --update-golden")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert text == path.read_text(encoding="utf-8"), f"output differs from {path}"

    return check


# --- temporary git repositories (okrkit diff, check --baseline) ------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": "/dev/null",
}
DIFF_PLANS = Path(__file__).resolve().parent / "diff" / "plans"


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity and date; return its output."""
    import os
    import subprocess

    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """An empty git repository (skips the test when git is not installed)."""
    import shutil

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    return root


@pytest.fixture
def git_commit(git_repo: Path) -> Callable[..., str]:
    """Write files (relative path -> text; ``@name`` is tests/diff/plans/name) and commit."""

    def do(files: dict[str, str], message: str = "change") -> str:
        for rel, text in files.items():
            path = git_repo / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if text.startswith("@"):
                text = (DIFF_PLANS / text[1:]).read_text(encoding="utf-8")
            path.write_text(text, encoding="utf-8", newline="\n")
        git(git_repo, "add", "-A")
        git(git_repo, "commit", "-q", "-m", message)
        return git(git_repo, "rev-parse", "HEAD").strip()

    return do


# --- a real terminal (colour and width decided by the CLI itself) ----------------------


def run_in_terminal(
    *args: str | Path, columns: int = 80, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run ``python -m okrkit ARGS`` with stdout on a pseudo-terminal ``columns`` wide
    (in the repository root); returns the exit code and what the terminal received,
    with ``\\r\\n`` turned back into ``\\n``. Skips where there are no pseudo-terminals."""
    import subprocess
    import sys

    try:
        import fcntl
        import pty
        import struct
        import termios
    except ImportError:  # pragma: no cover - Windows
        pytest.skip("no pseudo-terminals on this platform")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    full_env.update(env or {})
    proc = subprocess.Popen(
        [sys.executable, "-m", "okrkit", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=full_env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait(timeout=60)
    assert proc.stderr is not None
    proc.stderr.close()
    return proc.returncode, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.fixture
def run_tty() -> Callable[..., tuple[int, str]]:
    """:func:`run_in_terminal` as a fixture."""
    return run_in_terminal


@pytest.fixture
def ci_workspace(tmp_path: Path) -> Path:
    """A plan repository's checkout as a CI job sees it: a clean plan (okrkit init's
    starter for 2026-02-15) in ``clean/``, the plan on which every check fires in
    ``bad/``. Shared by the GitHub Action and GitLab component tests."""
    import shutil
    import subprocess
    import sys

    ws = tmp_path / "ws"
    subprocess.run(
        [sys.executable, "-m", "okrkit", "init", str(ws / "clean"), "--as-of", "2026-02-15"],
        check=True,
        capture_output=True,
    )
    shutil.copytree(ROOT / "examples" / "all-checks" / "plan", ws / "bad")
    return ws
