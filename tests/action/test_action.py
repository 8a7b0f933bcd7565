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
def workspace(tmp_path: Path) -> Path:
    """A checked-out plan repository: a clean plan (okrkit init's starter for AS_OF) in
    ``clean/`` and the example plan on which every check fires in ``bad/``."""
    ws = tmp_path / "ws"
    subprocess.run(
        [sys.executable, "-m", "okrkit", "init", str(ws / "clean"), "--as-of", AS_OF],
        check=True,
        capture_output=True,
    )
    shutil.copytree(ROOT / "examples" / "all-checks" / "plan", ws / "bad")
    return ws


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
