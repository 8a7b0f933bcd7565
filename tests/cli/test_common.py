"""The CLI's shared pieces: list options and how errors are shown."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from okrkit.cli._common import Names, error_lines
from okrkit.errors import ConfigError, OkrkitError, PlanLoadError, Problem, UsageError
from okrkit.model.aggregate import Location

ACME = Path(__file__).resolve().parents[2] / "examples" / "acme"


@pytest.mark.parametrize(
    ("text", "names"),
    [("a", ("a",)), ("a,b", ("a", "b")), (" a , ,b,", ("a", "b")), ("", ())],
)
def test_names_parse_a_comma_separated_list(text: str, names: tuple[str, ...]) -> None:
    assert Names.parse(text) == names
    assert Names.parse(Names.parse(text)) == names


def test_error_lines_add_the_prefix_and_the_option() -> None:
    at = Location("p.yaml", 3, 5)
    assert error_lines(OkrkitError("cannot write x")) == ["okrkit: cannot write x"]
    assert error_lines(UsageError("no initiative 'q'", param="focus")) == [
        "okrkit: --focus: no initiative 'q'"
    ]
    assert error_lines(UsageError("no team 'x'", param="cross_team")) == [
        "okrkit: --cross-team: no team 'x'"
    ]
    assert error_lines(UsageError("needs two", param="methods")) == ["okrkit: --compare: needs two"]
    assert error_lines(ConfigError(at, "bad")) == ["p.yaml:3:5: bad"]
    assert error_lines(PlanLoadError([Problem(at, "bad")])) == ["p.yaml:3:5: bad"]


class TestOutputWidth:
    def test_columns_wins(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from okrkit.cli._common import output_width

        monkeypatch.setenv("COLUMNS", "80")
        assert output_width(None) == 80

    def test_tiny_columns_has_a_floor(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from okrkit.cli._common import output_width

        monkeypatch.setenv("COLUMNS", "5")
        assert output_width(None) == 40

    def test_piped_without_columns_is_unlimited(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        from okrkit.cli._common import output_width

        monkeypatch.delenv("COLUMNS", raising=False)
        assert output_width(None) is None

    def test_junk_columns_is_ignored(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from okrkit.cli._common import output_width

        monkeypatch.setenv("COLUMNS", "wide")
        assert output_width(None) is None


@pytest.mark.parametrize("command", ["score", "plan", "status", "deps", "roadmap", "report"])
def test_one_file_of_a_folder_plan_says_pass_the_folder(
    run_cli, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command that loads a plan says it once, in one line (not 16 "unknown period"
    lines): the file is one part of the plan in its folder."""
    import shutil

    shutil.copytree(ACME, tmp_path / "acme")
    monkeypatch.chdir(tmp_path)
    result = run_cli(command, Path("acme/teams/risk.yaml"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(
        "okrkit: acme/teams/risk.yaml is one file of the plan in acme/, and alone it is not a "
        "whole plan (16 problems, the first: unknown period '2026-Q1'); pass the folder: acme/"
    ), result.stderr


def test_a_broken_single_file_plan_keeps_its_own_errors(run_cli, tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text("version: 1\nperiods: [{id: q1}]\n", encoding="utf-8")
    result = run_cli("score", tmp_path / "plan.yaml")
    assert result.exit_code == 2
    assert "pass the folder" not in result.stderr
    assert "plan.yaml:2:" in result.stderr


@pytest.mark.parametrize(("option", "value"), [("--team", "ledgr"), ("--period", "2026-q1")])
def test_an_unknown_option_id_has_one_wording_in_every_command(
    run_cli, option: str, value: str
) -> None:
    """Every command taking ``--team``/``--period`` says an unknown one the same way, with
    did-you-mean (deps once had a wording of its own)."""
    import typer

    from okrkit.cli import app

    group = typer.main.get_command(app)
    takers = sorted(
        name
        for name, cmd in group.commands.items()  # type: ignore[attr-defined]
        if any(option in getattr(p, "opts", ()) for p in cmd.params)
    )
    assert len(takers) >= 3, takers
    said = {}
    for name in takers:
        result = run_cli(name, ACME, option, value)
        assert result.exit_code == 2, (name, result.stdout)
        said[name] = result.stderr
    assert len(set(said.values())) == 1, said
    assert "did you mean" in next(iter(said.values()))


@pytest.mark.parametrize("value", ["20260215", "2026-W07-1", "2026W071", "2026-02-30", "2026-2-15"])
@pytest.mark.parametrize(
    ("command", "option"),
    [
        (("status",), "--as-of"),
        (("plan",), "--as-of"),
        (("checkin", "ledger-write-latency", "1"), "--date"),
    ],
)
def test_a_date_option_takes_only_yyyy_mm_dd(
    run_cli, tmp_path: Path, command: tuple[str, ...], option: str, value: str
) -> None:
    """The other ISO forms Python's date parser accepts are not a different day: they are
    refused as the plan refuses them (#38)."""
    shutil.copytree(ACME, tmp_path / "acme")
    result = run_cli(*command, tmp_path / "acme", option, value)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"okrkit: {option}: expected a date YYYY-MM-DD, got '{value}'\n"


@pytest.mark.parametrize(
    "command",
    [("validate",), ("check", "--as-of", "2026-01-05"), ("plan", "--as-of", "2026-01-05")],
)
def test_both_default_plans_say_which_is_read(
    run_cli: Callable[..., Any], tmp_path: Path, command: tuple[str, ...]
) -> None:
    import datetime as dt

    from okrkit.scaffold import starter_plan

    shutil.copytree(ACME, tmp_path / "plan")
    (tmp_path / "okrkit.yaml").write_text(starter_plan(dt.date(2026, 1, 5)), encoding="utf-8")
    warning = (
        "okrkit: both okrkit.yaml and plan/ exist here; reading okrkit.yaml"
        " (pass plan/ to read the folder)"
    )
    r = run_cli(*command, cwd=tmp_path)
    assert r.stderr.splitlines()[0] == warning
    assert r.stderr.count(warning) == 1
    # a path given, or only one default present: no warning
    assert warning not in run_cli(*command, "plan", cwd=tmp_path).stderr
    (tmp_path / "okrkit.yaml").unlink()
    assert warning not in run_cli(*command, cwd=tmp_path).stderr


def test_shadowed_default_is_a_fact_of_the_folder(tmp_path: Path) -> None:
    from okrkit.load.files import shadowed_default

    assert shadowed_default(tmp_path) is None
    (tmp_path / "plan").mkdir()
    assert shadowed_default(tmp_path) is None
    (tmp_path / "okrkit.yaml").write_text("version: 1\n")
    assert shadowed_default(tmp_path) == tmp_path / "plan"
