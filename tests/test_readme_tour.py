"""The README's tour shows what the example plan means on the day it is written for."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
DAY = "2026-02-15"


def _tour() -> list[str]:
    text = README.read_text(encoding="utf-8")
    block = text.split("## A tour", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def _dated_commands() -> set[str]:
    """The commands with an ``--as-of`` option, read from the CLI itself."""
    import typer.main

    from okrkit.cli import app

    group = typer.main.get_command(app)
    return {
        name
        for name, command in group.commands.items()  # type: ignore[attr-defined]
        if any("--as-of" in getattr(p, "opts", ()) for p in command.params)
    }


def test_every_dated_command_on_the_example_says_its_day() -> None:
    """Without --as-of the tour shows today's view of a plan written for 2026-02-15: every
    key result stale and missed, every initiative late (#9)."""
    dated = _dated_commands()
    assert {"plan", "status", "deps", "roadmap", "forecast", "check", "report"} <= dated
    on_example = [
        line for line in _tour() if re.match(r"okrkit (\S+) ", line) and "examples/acme" in line
    ]
    assert len(on_example) >= 10
    for line in on_example:
        command = line.split()[1]
        if command in dated:
            assert f"--as-of {DAY}" in line, line
