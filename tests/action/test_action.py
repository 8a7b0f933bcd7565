"""The GitHub Action (action.yml + action/okrkit-check.sh), run locally.

The composite action's steps are the script's ``install`` and ``check``; these tests run
that very script with the environment GitHub sets (GITHUB_ACTION_PATH,
GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_ACTIONS=true and the INPUT_* variables the
action passes), with the okrkit of this test run first on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "action" / "okrkit-check.sh"
AS_OF = "2026-02-15"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str


def run_action(tmp_root: Path, cwd: Path, **inputs: str) -> Run:
    tmp = Path(tempfile.mkdtemp(dir=tmp_root))
    summary = tmp / "summary.md"
    outputs = tmp / "outputs.txt"
    summary.write_text("previous step's summary\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_"))}
    env.update(
        GITHUB_ACTION_PATH=str(ROOT),
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_OUTPUT=str(outputs),
        GITHUB_ACTIONS="true",
        PATH=os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
    )
    for name, value in inputs.items():
        if name == "__github":  # extra GITHUB_* variables, e.g. a pull request's base
            env.update(json.loads(value))
            continue
        env["INPUT_" + name.upper()] = value
    proc = subprocess.run(
        ["bash", str(SCRIPT), "check"], cwd=cwd, env=env, capture_output=True, text=True
    )
    pairs = (
        [line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines()]
        if outputs.exists()
        else []
    )
    return Run(
        proc.returncode,
        proc.stdout,
        proc.stderr,
        dict(pairs),
        summary.read_text(encoding="utf-8"),
    )


@pytest.fixture
def workspace(ci_workspace: Path) -> Path:
    """``clean/`` and ``bad/`` plans (tests/conftest.py's ``ci_workspace``)."""
    assert AS_OF == "2026-02-15"  # the date the shared workspace's starter is written for
    return ci_workspace


def json_counts(ws: Path, plan: str) -> dict[str, int]:
    proc = subprocess.run(
        [sys.executable, "-m", "okrkit", "check", plan, "--as-of", AS_OF, "-f", "json"],
        cwd=ws,
        capture_output=True,
        text=True,
    )
    counts: dict[str, int] = json.loads(proc.stdout)["summary"]
    return counts


def test_a_clean_plan_passes_with_zero_counts_and_a_summary(
    tmp_path: Path, workspace: Path
) -> None:
    got = run_action(tmp_path, workspace, path="clean", as_of=AS_OF, sarif="okrkit.sarif")
    assert got.code == 0, got.stderr
    assert got.outputs == {"errors": "0", "warnings": "0", "infos": "0"}
    # appended after what earlier steps wrote, never replacing it
    assert got.summary.startswith("previous step's summary\n## okrkit check passed")
    assert "::error" not in got.stdout and "::warning" not in got.stdout
    sarif = json.loads((workspace / "okrkit.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"] == []


def test_a_plan_with_errors_fails_with_counts_annotations_and_summary(
    tmp_path: Path, workspace: Path
) -> None:
    want = json_counts(workspace, "bad")
    assert want["error"] > 0 and want["warning"] > 0
    got = run_action(tmp_path, workspace, path="bad", as_of=AS_OF, sarif="out/okrkit.sarif")
    assert got.code == 1
    assert got.outputs == {
        "errors": str(want["error"]),
        "warnings": str(want["warning"]),
        "infos": str(want["info"]),
    }
    annotations = [line for line in got.stdout.splitlines() if line.startswith("::")]
    assert sum(line.startswith("::error file=bad/") for line in annotations) == want["error"]
    assert "## okrkit check failed" in got.summary
    assert f"| {want['error']} | {want['warning']} | {want['info']} |" in got.summary
    sarif = json.loads((workspace / "out" / "okrkit.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == sum(want.values())


def test_fail_on_and_args_reach_okrkit(tmp_path: Path, workspace: Path) -> None:
    never = run_action(tmp_path, workspace, path="bad", as_of=AS_OF, fail_on="never")
    assert never.code == 0 and int(never.outputs["errors"]) > 0
    # --select narrows every output alike: only the dependency checks run here
    only = run_action(
        tmp_path, workspace, path="bad", as_of=AS_OF, args="--select dependency-cycle"
    )
    assert only.outputs["warnings"] == "0" and only.code == 1
    assert "dependency-cycle" in only.summary and "orphan-initiative" not in only.summary


def test_no_sarif_by_default_and_a_missing_plan_says_why(tmp_path: Path, workspace: Path) -> None:
    got = run_action(tmp_path, workspace, path="clean", as_of=AS_OF)
    assert got.code == 0 and not list(workspace.rglob("*.sarif"))
    missing = run_action(tmp_path, workspace, path="nowhere", as_of=AS_OF)
    assert missing.code == 2 and missing.outputs == {}
    assert "### okrkit check could not run" in missing.summary
    assert "nowhere" in missing.summary and "nowhere" in missing.stderr
    bad_option = run_action(tmp_path, workspace, path="clean", fail_on="sometimes")
    assert bad_option.code == 2 and "--fail-on" in bad_option.summary


def test_the_action_calls_the_script_with_every_input() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    inputs = set(action["inputs"])
    assert {"path", "args", "fail-on", "sarif", "as-of"} <= inputs
    assert set(action["outputs"]) == {"errors", "warnings", "infos"}
    steps = action["runs"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs == [
        'bash "$GITHUB_ACTION_PATH/action/okrkit-check.sh" install',
        'bash "$GITHUB_ACTION_PATH/action/okrkit-check.sh" check',
    ]
    check = next(s for s in steps if s.get("id") == "check")
    passed = {k.removeprefix("INPUT_").lower().replace("_", "-") for k in check["env"]}
    assert passed == inputs - {"python-version"}
    for out in action["outputs"].values():
        assert out["value"].startswith("${{ steps.check.outputs.")


def test_the_install_step_installs_from_the_action_checkout(tmp_path: Path) -> None:
    """``install`` into a fresh environment (dependencies from this one, so offline)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    env = dict(os.environ)
    env.update(
        GITHUB_ACTION_PATH=str(ROOT),
        OKRKIT_PYTHON=str(bindir / "python"),
        PIP_NO_DEPS="1",
        PATH=str(bindir) + os.pathsep + env.get("PATH", ""),
    )
    proc = subprocess.run(
        ["bash", str(SCRIPT), "install"], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("okrkit ")
    assert (bindir / "okrkit").exists()


# --- baseline and diff (okrkit diff, check --baseline) -----------------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
CYCLE = "    depends_on: [{b}]\n"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, check=True, capture_output=True
    )


@pytest.fixture
def pull_request(tmp_path: Path, workspace: Path) -> Path:
    """A clone whose branch ``feature`` adds a dependency cycle to the clean plan, with
    ``main`` (the pull request's base) on the remote ``origin``, as actions/checkout leaves
    a pull request's workspace (shallow: only the feature commit is fetched)."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    origin = tmp_path / "origin"
    shutil.copytree(workspace / "clean", origin / "plan")
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-q", "-m", "plan")
    _git(origin, "checkout", "-q", "-b", "feature")
    plan = next(
        p for p in sorted((origin / "plan").rglob("*.yaml")) if "initiatives:" in p.read_text()
    )
    text = plan.read_text(encoding="utf-8")
    ids = [
        line.split("id:", 1)[1].strip() for line in text.splitlines() if line.startswith("  - id:")
    ]
    a, b = ids[-2], ids[-1]
    # b waits on a and a on b: a cycle, a new error the base did not have
    text = text.replace(f"  - id: {a}\n", f"  - id: {a}\n" + CYCLE.format(b=b), 1)
    text = text.replace(f"  - id: {b}\n", f"  - id: {b}\n" + CYCLE.format(b=a), 1)
    plan.write_text(text, encoding="utf-8")
    _git(origin, "commit", "-q", "-am", "a cycle")
    work = tmp_path / "checkout"
    subprocess.run(
        [
            "git",
            "clone",
            "-q",
            "--depth",
            "1",
            "--branch",
            "feature",
            f"file://{origin}",
            str(work),
        ],
        check=True,
        capture_output=True,
    )
    return work


def test_on_a_pull_request_only_new_findings_fail_and_the_diff_heads_the_summary(
    tmp_path: Path, pull_request: Path
) -> None:
    got = run_action_with(
        tmp_path, pull_request, {"GITHUB_BASE_REF": "main"}, path="plan", as_of=AS_OF
    )
    assert got.code == 1, got.stderr
    assert got.outputs["errors"] == "1"  # the cycle, reported once, as new
    summary = got.summary.removeprefix("previous step's summary\n")
    assert summary.startswith("**okrkit diff** `origin/main` → `plan`: ")
    assert "new cycle" in summary and "<details>" in summary
    assert "## okrkit check failed" in summary
    assert "Baseline origin/main: only new findings are reported" in summary


def test_baseline_none_and_diff_false(tmp_path: Path, pull_request: Path) -> None:
    env = {"GITHUB_BASE_REF": "main"}
    off = run_action_with(tmp_path, pull_request, env, path="plan", as_of=AS_OF, baseline="none")
    assert "okrkit diff" not in off.summary and "Baseline" not in off.summary
    quiet = run_action_with(tmp_path, pull_request, env, path="plan", as_of=AS_OF, diff="false")
    assert "**okrkit diff**" not in quiet.summary and "Baseline origin/main" in quiet.summary


def test_an_explicit_baseline_and_a_bad_one(tmp_path: Path, pull_request: Path) -> None:
    same = run_action_with(tmp_path, pull_request, {}, path="plan", as_of=AS_OF, baseline="HEAD")
    assert same.code == 0 and same.outputs["errors"] == "0"
    assert "No difference." in same.summary
    bad = run_action_with(tmp_path, pull_request, {}, path="plan", as_of=AS_OF, baseline="nope")
    assert bad.code == 2
    assert "### okrkit diff could not run" in bad.summary
    assert "fetch-depth: 0" in bad.summary  # a shallow checkout: one line says what to do


def run_action_with(tmp_root: Path, cwd: Path, github: dict[str, str], **inputs: str) -> Run:
    """run_action with extra GITHUB_* variables (the base branch of a pull request)."""
    return run_action(tmp_root, cwd, **inputs, __github=json.dumps(github))
