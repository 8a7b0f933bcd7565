"""Usage errors from the console script: one line and exit 2, never a boxed panel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ACME = Path(__file__).resolve().parents[2] / "examples" / "acme"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "okrkit", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": "80", "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["check", str(ACME), "--fial-on", "x"],
            "okrkit: No such option: --fial-on (Possible options: --as-of, --fail-on)"
            " (see 'okrkit check --help')",
        ),
        (
            ["chek"],
            "okrkit: No such command 'chek'. Did you mean 'check', 'checkin', 'schema'?"
            " (see 'okrkit --help')",
        ),
        (["explain"], "okrkit: Missing argument 'ID' (see 'okrkit explain --help')"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(args: list[str], line: str) -> None:
    done = _run(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == line + "\n"


def test_exit_codes_pass_through_the_entry_point() -> None:
    assert _run("--version").returncode == 0
    assert _run("check", str(ACME)).returncode == 0
    assert _run("check", str(ACME.parent / "all-checks" / "plan")).returncode == 1
    assert _run("validate", "/nonexistent").returncode == 2
