"""One list of formats per command: the reporter registry's.

A command module keeps its ``--format`` choices as a plain tuple so ``okrkit --help``
imports no reporter; this test holds every such tuple, and the option's help text, to
the registry its reporters live in, so the three cannot drift apart.
"""

from __future__ import annotations

import importlib

import pytest
import typer.main

from okrkit.cli import app

# command -> (CLI module, reporter module holding the registry)
COMMANDS = {
    "check": ("okrkit.cli.check", "okrkit.report.findings"),
    "checkin": ("okrkit.cli.checkin", "okrkit.report.checkin"),
    "deps": ("okrkit.cli.deps", "okrkit.report.deps"),
    "diff": ("okrkit.cli.diff", "okrkit.report.diff"),
    "explain": ("okrkit.cli.explain", "okrkit.report.explain"),
    "forecast": ("okrkit.cli.forecast", "okrkit.report.forecast"),
    "plan": ("okrkit.cli.plan", "okrkit.report.plan"),
    "roadmap": ("okrkit.cli.roadmap", "okrkit.report.roadmap"),
    "score": ("okrkit.cli.score", "okrkit.report.score"),
    "status": ("okrkit.cli.status", "okrkit.report.status"),
}


def _registry(module: str) -> tuple[str, ...]:
    mod = importlib.import_module(module)
    formats = tuple(mod.FORMATS)
    renderers = getattr(mod, "RENDERERS", None)
    if renderers is not None:
        assert set(renderers) == set(formats), module
    return formats


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_format_choices_and_help_come_from_the_registry(command: str) -> None:
    cli_module, report_module = COMMANDS[command]
    formats = _registry(report_module)
    assert tuple(importlib.import_module(cli_module).FORMATS) == formats
    click_command = typer.main.get_command(app).commands[command]  # type: ignore[attr-defined]
    (option,) = [p for p in click_command.params if "--format" in getattr(p, "opts", ())]
    for name in formats:
        assert name in (option.help or ""), (command, name)


def test_every_command_with_a_format_option_is_listed() -> None:
    group = typer.main.get_command(app)
    with_format = {
        name
        for name, cmd in group.commands.items()  # type: ignore[attr-defined]
        if any("--format" in getattr(p, "opts", ()) for p in cmd.params)
    }
    assert with_format - {"rules", "validate", "report", "init", "schema"} == set(COMMANDS)
