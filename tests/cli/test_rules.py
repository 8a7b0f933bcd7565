"""``okrkit rule NAME`` on a terminal renders its Markdown (rich); piped, into a file or
with NO_COLOR it prints the Markdown source (cli/rules.py ``render_markdown``)."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from collections.abc import Callable

import pytest

from okrkit.checks.registry import get_check
from okrkit.cli.rules import render_markdown
from okrkit.report.rules import rule_markdown

ANSI = re.compile(r"\x1b\[[0-9;]*m")
SOURCE = rule_markdown(get_check("pillar-share-drift"))  # type: ignore[arg-type]


def test_not_a_terminal_is_the_markdown_source() -> None:
    assert render_markdown(SOURCE, terminal=False) == SOURCE
    assert render_markdown(SOURCE, terminal=False, width=40) == SOURCE


def test_a_terminal_gets_rendered_markdown(golden: Callable[[str, str], None]) -> None:
    text = render_markdown(SOURCE, terminal=True, width=80)
    assert ANSI.search(text)
    plain = ANSI.sub("", text)
    golden("check/rule-pillar-share-drift.terminal.txt", plain)
    lines = plain.splitlines()
    assert all(len(line) <= 80 and line == line.rstrip() for line in lines)
    assert "pillar-share-drift (OKR206)" in plain
    assert "What it checks" in plain and "## What it checks" not in plain
    assert "|---|" not in plain and "```" not in plain  # a table and code blocks, drawn
    assert re.search(r"tolerance\s.*\bfloat\b", plain)  # the options table's row
    narrow = ANSI.sub("", render_markdown(SOURCE, terminal=True, width=50))
    assert max(len(line) for line in narrow.splitlines()) <= 50


def _run_on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """Run ``okrkit ARGS`` with its standard output on a pseudo-terminal; what it wrote."""
    master, slave = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "okrkit", *args],
        stdout=slave,
        stderr=subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "80", **env},
    ) as proc:
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=120) == 0
    os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses a Linux pseudo-terminal")
def test_rule_command_on_a_terminal_piped_and_with_no_color() -> None:
    on_tty = _run_on_a_terminal("rule", "pillar-share-drift", env={})
    assert ANSI.search(on_tty)
    assert ANSI.sub("", on_tty) == ANSI.sub("", render_markdown(SOURCE, terminal=True, width=80))

    no_color = _run_on_a_terminal("rule", "pillar-share-drift", env={"NO_COLOR": "1"})
    assert no_color == SOURCE

    piped = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.argv = ['okrkit', 'rule', 'pillar-share-drift']\n"
            "from okrkit.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('rich' in sys.modules, file=sys.stderr)",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert piped.stdout == SOURCE
    assert piped.stderr == "False\n"  # rich is imported only for a terminal
