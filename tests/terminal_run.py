"""Run okrkit with its standard output on a pseudo-terminal, as a user at a terminal sees
it (colour and the terminal's width are decided by ``isatty``, which ``CliRunner`` is not).
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path


def run_in_terminal(
    *args: str, cwd: Path, env: dict[str, str] | None = None, columns: int = 80
) -> tuple[int, str]:
    """(exit code, what the terminal received with ``\\r\\n`` read as ``\\n``).

    ``COLUMNS`` is set to ``columns`` (so the width does not depend on the pty's size);
    ``NO_COLOR`` is removed unless ``env`` sets it.
    """
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    full.update({"COLUMNS": str(columns), **(env or {})})
    master, slave = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "okrkit", *args],
        cwd=cwd,
        env=full,
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.DEVNULL,
    ) as proc:
        os.close(slave)
        chunks = []
        while True:  # read while it runs: a full pty buffer would block the child
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        os.close(master)
        code = proc.wait(timeout=120)
    return code, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
