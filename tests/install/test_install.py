"""okrkit as a user installs it: a wheel built from the repository in a clean environment,
and the pre-commit hooks through ``pre-commit try-repo``.

Slow (each builds an environment from the package registry, as CI can reach it; nothing
else from the internet), so each environment is built once per module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "lock.txt"


def run(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=False, cwd=cwd, env=env
    )


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A clean virtual environment (no system site-packages) with okrkit installed from
    one wheel built from this repository; its ``bin`` folder."""
    base = tmp_path_factory.mktemp("wheel")
    built = run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", base / "dist", ROOT
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (base / "dist").glob("okrkit-*.whl")
    venv = base / "venv"
    assert run(sys.executable, "-m", "venv", venv).returncode == 0
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    got = run(
        bindir / "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-c",
        LOCK,
        wheel,
    )
    assert got.returncode == 0, got.stderr
    yield bindir


def test_the_wheel_holds_the_package_data(wheel_env: Path) -> None:
    import zipfile

    (wheel,) = (wheel_env.parent.parent / "dist").glob("okrkit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "okrkit/py.typed" in names
    in_tree = sorted(
        str(p.relative_to(ROOT / "src")).replace(os.sep, "/")
        for p in (ROOT / "src" / "okrkit").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    )
    assert in_tree and set(in_tree) <= set(names)


def test_the_wheel_runs_check_on_a_copy_of_the_example(wheel_env: Path, tmp_path: Path) -> None:
    plan = tmp_path / "acme"
    shutil.copytree(ROOT / "examples" / "acme", plan)
    env = {**os.environ, "OKRKIT_CACHE_DIR": str(tmp_path / "cache")}
    got = run(wheel_env / "okrkit", "check", plan, "--as-of", "2026-02-15", cwd=tmp_path, env=env)
    assert got.returncode == 0, got.stderr
    assert "Found 0 errors" in got.stderr + got.stdout
    # the environment is clean: okrkit comes from the wheel, without scipy or numpy
    probe = "import okrkit, sys; print(okrkit.__file__); import scipy"
    got = run(wheel_env / "python", "-c", probe, env=env)
    assert str(wheel_env.parent) in got.stdout and "No module named 'scipy'" in got.stderr
    assert run(wheel_env / "okrkit", "schema", env=env).stdout.startswith("{")


@pytest.fixture(scope="module")
def precommit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("pre-commit needs git")
    pytest.importorskip("pre_commit", reason="pre-commit is in the test extras")
    return tmp_path_factory.mktemp("pre-commit-home")


def plan_repo(path: Path, *, cycle: bool) -> Path:
    """A git repository holding okrkit init's starter plan (optionally with a cycle)."""
    assert run(sys.executable, "-m", "okrkit", "init", path).returncode == 0
    if cycle:
        plan = path / "okrkit.yaml"
        text = plan.read_text(encoding="utf-8")
        text = text.replace(
            "    key_results: [delivery-hours]\n    effort_weeks: 6\n",
            "    key_results: [delivery-hours]\n    depends_on: [same-day-dispatch]\n"
            "    effort_weeks: 6\n",
            1,
        )
        assert "depends_on: [same-day-dispatch]" in text
        plan.write_text(text, encoding="utf-8")
    for args in (("init", "-q"), ("add", "-A")):
        assert run("git", *args, cwd=path).returncode == 0
    return path


@pytest.mark.parametrize("cycle", [False, True], ids=["clean", "cycle"])
def test_pre_commit_try_repo(precommit_home: Path, tmp_path: Path, cycle: bool) -> None:
    repo = plan_repo(tmp_path / "plan", cycle=cycle)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(precommit_home),
        "OKRKIT_CACHE_DIR": str(tmp_path / "cache"),
        "PIP_CONSTRAINT": str(LOCK),
    }
    env.pop("GITHUB_ACTIONS", None)
    got = run(
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        ROOT,
        "okrkit-check",
        "--all-files",
        cwd=repo,
        env=env,
    )
    out = got.stdout + got.stderr
    if cycle:
        assert got.returncode == 1, out
        assert "okrkit check" in out and "Failed" in out and "dependency-cycle" in out
    else:
        assert got.returncode == 0, out
        assert "Passed" in out
