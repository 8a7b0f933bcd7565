"""Run okrkit in a separate process and measure that process's peak memory.

The peak is read by a small fresh wrapper process, not by the test process: a child forked
from a test process that has grown starts with the parent's pages counted, and
``RUSAGE_CHILDREN`` of the test process keeps the largest child of the whole session.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_WRAPPER = """\
import resource, subprocess, sys
code = subprocess.run([sys.executable, "-m", "okrkit", *sys.argv[1:]]).returncode
sys.stderr.write(f"\\npeak-kb {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n")
sys.exit(code)
"""


def run_okrkit(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], int]:
    """(the finished process, its peak resident memory in KB)."""
    proc = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,  # a hang guard, not a timing assertion
        env={**os.environ, **(env or {})},
    )
    stderr, _, peak = proc.stderr.rpartition("\npeak-kb ")
    proc.stderr = stderr
    return proc, int(peak)
