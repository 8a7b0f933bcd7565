"""The GitLab CI/CD component (templates/okrkit-check.yml), run locally.

The file is two YAML documents, as GitLab reads a component: the ``spec`` header, then the
job. The tests check that every input is declared and used, substitute the inputs as GitLab
does (``$[[ inputs.NAME ]]``), and run the job's ``script`` lines in one shell, as a runner
does, with the job's variables, on a clean plan and on the plan on which every check fires.
The install line is checked and then skipped: the okrkit of this test run is first on PATH
(as the tests of the GitHub Action do).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPONENT = ROOT / "templates" / "okrkit-check.yml"
AS_OF = "2026-02-15"
INPUT = re.compile(r"\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]")
JOB = "okrkit-check"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def documents() -> tuple[dict[str, Any], dict[str, Any], str]:
    """(spec header, the jobs with their input references, the jobs document's text)."""
    text = COMPONENT.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    assert sep, "a component is a spec header, ---, then the jobs"
    spec, jobs = yaml.safe_load_all(text)
    assert set(spec) == {"spec"}
    assert yaml.safe_load(head) == spec
    return spec["spec"], jobs, body


def substituted(given: dict[str, str]) -> dict[str, Any]:
    """The jobs document with the inputs interpolated: ``given`` over the defaults; an
    input without a default must be given, as GitLab requires."""
    spec, _, body = documents()
    values: dict[str, str] = {}
    for name, decl in spec["inputs"].items():
        if name in given:
            value = given[name]
            if "options" in decl:
                assert value in decl["options"], (name, value)
        else:
            assert "default" in decl, f"input {name} has no default: it must be given"
            value = str(decl["default"])
        values[name] = value

    def one(m: re.Match[str]) -> str:
        return values[m.group(1)]

    jobs: dict[str, Any] = yaml.safe_load(INPUT.sub(one, body))
    return jobs


def test_every_input_is_declared_described_and_used() -> None:
    spec, jobs, body = documents()
    declared = set(spec["inputs"])
    used = set(INPUT.findall(body))
    assert used == declared
    assert {"path", "args", "fail-on", "as-of", "ref", "repository"} <= declared
    for name, decl in spec["inputs"].items():
        assert decl.get("description"), name
    assert "default" not in spec["inputs"]["ref"]  # the commit to install must be chosen
    assert "<owner>" in spec["inputs"]["repository"]["default"]
    job = jobs[JOB]
    assert job["artifacts"]["reports"]["junit"] == "okrkit-junit.xml"
    assert job["artifacts"]["when"] == "always"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_job(workspace: Path, install: bool = False, **inputs: str) -> Run:
    """The job's script in one bash, with its variables; without ``install`` the pip line
    is replaced by the okrkit of this test run (first on PATH)."""
    given = {"ref": "0123456789abcdef0123456789abcdef01234567", **inputs}
    job = substituted(given)[JOB]
    lines: list[str] = []
    for line in job["script"]:
        if line.startswith("pip install"):
            assert '"okrkit @ git+${OKRKIT_REPOSITORY}@${OKRKIT_REF}"' in line
            if not install:
                continue
        lines.append(line)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OKRKIT_")}
    env.update({k: str(v) for k, v in job["variables"].items()})
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env["OKRKIT_CACHE_DIR"] = str(workspace / ".cache")
    script = "set -e\n" + "\n".join(lines) + "\n"
    proc = subprocess.run(
        ["bash", "-c", script], cwd=workspace, env=env, capture_output=True, text=True
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def workspace(ci_workspace: Path) -> Path:
    """``clean/`` and ``bad/`` plans (tests/conftest.py's ``ci_workspace``)."""
    assert AS_OF == "2026-02-15"  # the date the shared workspace's starter is written for
    return ci_workspace


def junit(ws: Path) -> ET.Element:
    return ET.parse(ws / "okrkit-junit.xml").getroot()


def failures(root: ET.Element) -> int:
    return len(root.findall(".//failure"))


REPO = "https://github.com/example/okrkit"


def test_a_clean_plan_passes_with_a_junit_report(workspace: Path) -> None:
    got = run_job(workspace, repository=REPO, path="clean", **{"as-of": AS_OF})
    assert got.code == 0, got.stderr
    root = junit(workspace)
    assert root.findall(".//testcase") and failures(root) == 0
    assert "All checks passed" in got.stdout  # the text run, in the job log


def test_a_plan_with_errors_fails_with_the_findings_in_junit_and_the_log(
    workspace: Path,
) -> None:
    got = run_job(workspace, repository=REPO, path="bad", **{"as-of": AS_OF})
    assert got.code == 1, got.stderr
    root = junit(workspace)
    assert failures(root) > 0
    assert "OKR" in got.stdout  # the text run: one line per finding in the job log
    assert "Traceback" not in got.stderr


def test_fail_on_and_args_reach_okrkit(workspace: Path) -> None:
    never = run_job(workspace, repository=REPO, path="bad", **{"as-of": AS_OF, "fail-on": "never"})
    assert never.code == 0, never.stderr
    assert failures(junit(workspace)) == 0  # only findings at or above fail-on fail
    selected = run_job(
        workspace, repository=REPO, path="bad", args="--select OKR0", **{"as-of": AS_OF}
    )
    assert "OKR1" not in selected.stdout and "OKR3" not in selected.stdout


def test_a_plan_that_cannot_be_found_exits_2(workspace: Path) -> None:
    got = run_job(workspace, repository=REPO, path="missing", **{"as-of": AS_OF})
    assert got.code == 2
    assert "missing" in got.stderr and "Traceback" not in got.stderr


def test_the_repository_placeholder_stops_the_job_before_installing(workspace: Path) -> None:
    got = run_job(workspace, install=True, path="clean")
    assert got.code == 2
    assert "set the component's repository input" in got.stderr
    assert "<owner>" in got.stderr
    assert not (workspace / "okrkit-junit.xml").exists()
