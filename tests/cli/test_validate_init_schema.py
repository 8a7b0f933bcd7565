"""`okrkit validate`, `okrkit init`, `okrkit schema`, `--version`, `--help`."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from okrkit import __version__
from okrkit.scaffold import schema_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "acme"


def test_version(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"okrkit {__version__}\n"


def test_help_lists_every_command(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("--help")
    assert result.exit_code == 0
    for command in (
        "validate", "init", "schema", "score", "explain", "deps", "plan",
        "check", "rules", "rule", "status", "checkin", "forecast",
    ):  # fmt: skip
        assert f" {command} " in result.stdout


def test_help_imports_no_heavy_modules() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from okrkit.cli import app\n"
        "heavy = [m for m in ('pydantic', 'networkx', 'scipy', 'numpy', 'yaml', 'ruamel')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_validate_example(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("validate", EXAMPLE)
    assert result.exit_code == 0
    assert result.stdout.startswith("valid: 7 files, 6 teams")


def test_validate_json(run_cli, write_plan) -> None:  # type: ignore[no-untyped-def]
    bad = write_plan("teams:\n  - {id: a, wip_limit: 0}\n")
    result = run_cli("validate", bad, "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert data["problems"][0]["line"] == 2
    assert data["problems"][0]["code"] == "invalid-plan"


def test_bad_format_option(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("validate", EXAMPLE, "--format", "xml")
    assert result.exit_code == 2
    assert "--format: 'xml' is not one of: text, json" in result.stderr


def test_schema_is_committed_and_fresh() -> None:
    committed = (ROOT / "schema" / "okrkit-plan.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run: okrkit schema > schema/okrkit-plan.schema.json"


def test_schema_validates_the_example() -> None:
    import yaml

    schema = json.loads(schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for f in sorted(EXAMPLE.rglob("*.yaml")):
        data = yaml.load(f.read_text(), Loader=yaml.BaseLoader)  # all scalars as text
        # BaseLoader keeps every scalar a string; re-read with okrkit's YAML 1.2 parser
        from okrkit.load.yaml12 import parse

        data, _ = parse(f.read_text())
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, f"{f}: {errors[0].message}"


def test_schema_output(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "s.json"
    result = run_cli("schema", "--output", out)
    assert result.exit_code == 0
    assert out.read_text() == schema_text()


def test_init_writes_a_valid_plan_and_refuses_to_overwrite(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "repo"
    result = run_cli("init", target, "--as-of", "2026-11-21")
    assert result.exit_code == 0
    plan_file = target / "okrkit.yaml"
    text = plan_file.read_text()
    assert text.startswith("# yaml-language-server: $schema=okrkit.schema.json")
    # 41 days of 2026-Q4 are left: the starter plan is for the next quarter
    assert "{id: 2027-Q1, start: 2027-01-01, end: 2027-03-31}" in text
    assert run_cli("validate", plan_file).exit_code == 0
    before = plan_file.read_bytes()
    again = run_cli("init", target, "--as-of", "2026-11-21")
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    assert plan_file.read_bytes() == before


def test_init_bad_date(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("init", tmp_path, "--as-of", "2026-02-30")
    assert result.exit_code == 2
    assert "--as-of: expected a date YYYY-MM-DD, got" in result.stderr
    assert not (tmp_path / "okrkit.yaml").exists()


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "okrkit", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout == f"okrkit {__version__}\n"


def test_init_plans_the_current_quarter_early_in_it(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("init", tmp_path, "--as-of", "2026-10-20").exit_code == 0
    assert (
        "{id: 2026-Q4, start: 2026-10-01, end: 2026-12-31}"
        in (tmp_path / "okrkit.yaml").read_text()
    )
    result = run_cli("check", tmp_path / "okrkit.yaml", "--as-of", "2026-10-20", "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr


def test_init_plan_passes_every_check(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("init", tmp_path, "--as-of", "2026-11-21").exit_code == 0
    result = run_cli("check", tmp_path / "okrkit.yaml", "--as-of", "2026-11-21", "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["findings"] == []


SETTINGS_PROBLEMS = """\
version: 1
settings:
  scoring:
    formulas:
      txt: "fields.area * 2"
  checks:
    orphan-initiativ: off
    stale-key-result: {severity: warn}
teams: [{id: t}]
initiatives:
  - {id: a, title: A, team: t, fields: {area: infra}}
"""


def test_validate_refuses_what_check_refuses_all_at_once(run_cli, tmp_path) -> None:
    """A plan `validate` passes, `check` passes too: settings.checks typos and a formula
    reading a text field were refused by check (or explain) only."""
    plan = tmp_path / "okrkit.yaml"
    plan.write_text(SETTINGS_PROBLEMS, encoding="utf-8")
    said = {}
    for command in ("validate", "check"):
        result = run_cli(command, plan)
        assert result.exit_code == 2, (command, result.stdout)
        said[command] = result.stderr
    assert said["validate"] == said["check"]
    lines = said["validate"].splitlines()
    assert [line.split(": ", 1)[0].rsplit(":", 2)[-2:] for line in lines] == [
        ["5", "13"],
        ["7", "5"],
        ["8", "34"],
    ]
    assert "`fields.area` is text" in lines[0]
    assert "did you mean 'orphan-initiative'" in lines[1]
    data = json.loads(run_cli("validate", plan, "-f", "json").stdout)
    assert data["valid"] is False and len(data["problems"]) == 3


def test_init_refuses_a_folder_that_already_holds_a_plan(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # a new okrkit.yaml beside plan/ would silently shadow it (okrkit reads the file first)
    repo = tmp_path / "repo"
    (repo / "plan").mkdir(parents=True)
    (repo / "plan" / "teams.yaml").write_text("teams: []\n")
    r = run_cli("init", ".", "--as-of", "2026-02-15", cwd=repo)
    assert r.exit_code == 2
    assert r.stderr == (
        "okrkit: plan/: a plan is already here; a new okrkit.yaml beside it would hide it"
        " (okrkit reads okrkit.yaml first); to start another plan, run"
        " `okrkit init NEW-FOLDER`\n"
    )
    assert sorted(p.name for p in repo.iterdir()) == ["plan"]  # nothing written
    default = run_cli("init", "--as-of", "2026-02-15", cwd=repo)  # no DIR: the same folder
    assert default.exit_code == 2 and "a plan is already here" in default.stderr
    # an explicit new folder is fine
    new = run_cli("init", "other", "--as-of", "2026-02-15", cwd=repo)
    assert new.exit_code == 0, new.stderr
    assert (repo / "other" / "okrkit.yaml").is_file()
    # a folder with okrkit.yaml is refused too, with the same way out
    again = run_cli("init", "other", "--as-of", "2026-02-15", cwd=repo)
    assert again.exit_code == 2
    assert "already exists" in again.stderr and "okrkit init NEW-FOLDER" in again.stderr


@pytest.mark.parametrize(
    ("formula", "refused"),
    [
        ('"effort_weeks > 5"', "gives true/false for initiative a"),
        ('"2 if effort_weeks > 5 else 1"', None),
        ('"effort_weeks * 2"', None),
    ],
)
def test_a_formula_must_give_numbers(run_cli, tmp_path, formula: str, refused) -> None:
    """`score --by` once said "No initiative has the inputs" for a yes/no formula that
    validate had passed; validate and check now refuse it at the formula's line."""
    plan = tmp_path / "okrkit.yaml"
    plan.write_text(
        "version: 1\nsettings:\n  scoring:\n    formulas:\n"
        f"      f: {formula}\n"
        "teams: [{id: t}]\ninitiatives:\n"
        "  - {id: a, title: A, team: t, effort_weeks: 3}\n"
        "  - {id: b, title: B, team: t, effort_weeks: 8}\n",
        encoding="utf-8",
    )
    for command in ("validate", "check"):
        result = run_cli(command, plan)
        if refused is None:
            assert result.exit_code == 0, result.stderr
        else:
            assert result.exit_code == 2
            assert refused in result.stderr
            assert result.stderr.startswith(f"{plan}:5:") or result.stderr.startswith(
                "okrkit.yaml:5:"
            )


def test_the_valid_line_wraps_at_the_width(run_cli) -> None:
    """acme's count line is 81 columns: on an 80-column terminal it wraps, indented;
    piped it stays one line."""
    acme = Path(__file__).resolve().parents[2] / "examples" / "acme"
    piped = run_cli("validate", acme).stdout
    assert piped.count("\n") == 1 and len(piped.rstrip("\n")) > 80
    narrow = run_cli("validate", acme, env={"COLUMNS": "80"}).stdout
    lines = narrow.rstrip("\n").split("\n")
    assert len(lines) == 2 and all(len(line) <= 80 for line in lines)
    assert lines[1].startswith("  ") and " ".join(narrow.split()) == " ".join(piped.split())
