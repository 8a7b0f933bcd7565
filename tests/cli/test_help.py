"""``--help`` is plain text that names every value and fits 80 columns (cli/_help.py).

Walks every command of the app (a new command is covered without editing this file),
through the in-process runner at 80 columns and through the console script piped.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import typer.main

from okrkit.cli import app
from okrkit.cli._help import metavar_of, range_words

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
# typer's type labels and range notation, rich's boxes: none of it may show
NOISE = re.compile(r"<[a-z][a-z ]*>|list\[|range\]|\[x[<>]=|=x\]|\{[A-Z_]+\}|[\u2500-\u257f]")


def _check(text: str) -> None:
    assert text.startswith("Usage: okrkit")
    assert NOISE.search(text) is None, NOISE.search(text)
    for line in text.splitlines():
        assert len(line) <= 80, line
    assert "\x1b[" not in text  # no colour codes either


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_is_plain_and_fits_80_columns(run_cli, command: str) -> None:  # type: ignore[no-untyped-def]
    args = [command, "--help"] if command else ["--help"]
    result = run_cli(*args, env={"COLUMNS": "80"})
    assert result.exit_code == 0
    _check(result.stdout)


def test_help_piped_from_the_console_script() -> None:
    for args in (["--help"], ["score", "--help"], ["checkin", "-h"]):
        done = subprocess.run(
            [sys.executable, "-m", "okrkit", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env={"PATH": "/usr/bin:/bin"},  # no COLUMNS: piped, so no terminal width
        )
        assert done.returncode == 0, done.stderr
        _check(done.stdout)
        assert done.stderr == ""


def _option_line(text: str, option: str) -> str:
    return next(line for line in text.splitlines() if re.match(rf"\s+(-\w, )?{option}\b", line))


def test_values_have_names_a_user_understands(run_cli) -> None:  # type: ignore[no-untyped-def]
    score = run_cli("score", "--help", env={"COLUMNS": "80"}).stdout
    assert "Usage: okrkit score [OPTIONS] [PLAN]" in score
    assert re.match(r"\s+PLAN\s+Plan file or folder", _option_line(score, "PLAN"))
    assert "--team TEAM[,TEAM...] " in _option_line(score, "--team")
    assert "--compare METHOD[,METHOD...] " in _option_line(score, "--compare")
    assert "--top N " in _option_line(score, "--top")
    assert _option_line(score, "--top").endswith("[at least 1]")
    assert "-f, --format FORMAT " in _option_line(score, "--format")
    assert "-o, --output FILE " in _option_line(score, "--output")
    # a flag shows no value
    assert re.match(r"\s+--normalize\s{2,}WSJF", _option_line(score, "--normalize"))

    checkin = run_cli("checkin", "--help", env={"COLUMNS": "80"}).stdout
    assert "Usage: okrkit checkin [OPTIONS] KR_ID VALUE [PLAN]" in checkin
    assert "--date DATE " in _option_line(checkin, "--date")
    assert "[required]" not in checkin  # the usage line says it

    deps = run_cli("deps", "--help", env={"COLUMNS": "80"}).stdout
    assert "--as-of DATE " in _option_line(deps, "--as-of")
    assert "--focus ID " in _option_line(deps, "--focus")

    root = run_cli("--help", env={"COLUMNS": "80"}).stdout
    assert "--install-completion" in root
    assert "..." not in root.split("Commands:")[1]  # summaries wrap, never cut short
    assert "(Monte\n" in root or "(Monte Carlo)" in root


def test_help_wraps_to_a_narrow_terminal() -> None:
    # through the console script: the in-process runner forces click's width to 80
    done = subprocess.run(
        [sys.executable, "-m", "okrkit", "plan", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "60"},
    )
    assert done.returncode == 0
    assert max(len(line) for line in done.stdout.splitlines()) <= 60


def test_metavar_of_names_a_value() -> None:
    class Param:
        def __init__(self, name: str, annotation: object = str) -> None:
            self.name = name
            self.type_descriptor = type("D", (), {"annotation": annotation})()

    assert metavar_of(Param("as_of")) == "DATE"
    assert metavar_of(Param("output")) == "FILE"
    assert metavar_of(Param("depth", int)) == "N"
    assert metavar_of(Param("time_limit", float)) == "N"
    assert metavar_of(Param("period")) == "PERIOD"


def test_range_words() -> None:
    assert range_words(1, None) == "at least 1"
    assert range_words(None, 5) == "at most 5"
    assert range_words(0, 1) == "from 0 to 1"
    assert range_words(None, None) is None


def test_bare_okrkit_prints_the_help_not_a_one_line_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "okrkit"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2  # as click: no command is a usage error
    assert done.stderr.startswith("Usage: okrkit [OPTIONS] COMMAND [ARGS]...\n")
    assert "\nCommands:\n" in done.stderr
