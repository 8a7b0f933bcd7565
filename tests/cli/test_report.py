"""``okrkit report``: the file it writes, its options and its errors."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ACME = ROOT / "examples" / "acme"
AS_OF = "2026-02-15"


def test_writes_the_default_file_in_the_current_folder(run_cli, tmp_path: Path) -> None:
    result = run_cli("report", ACME, "--as-of", AS_OF, cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "okrkit-report.html"
    assert out.is_file()
    assert result.stdout == ""
    assert "wrote okrkit-report.html" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_same_plan_and_date_same_bytes(run_cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert run_cli("report", ACME, "--as-of", AS_OF, "-o", a).exit_code == 0
    assert run_cli("report", ACME, "--as-of", AS_OF, "-o", b, "--no-cache").exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_dash_writes_to_stdout(run_cli) -> None:
    result = run_cli("report", ACME, "--as-of", AS_OF, "-o", "-", "--title", "Board pack")
    assert result.exit_code == 0, result.stderr
    assert "<title>Board pack</title>" in result.stdout


def test_as_of_moves_today(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert run_cli("report", ACME, "--as-of", "2026-03-10", "-o", out).exit_code == 0
    assert "today 2026-03-10" in out.read_text(encoding="utf-8")


def test_bad_options_exit_2_with_one_line(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    for args, words in (
        (("--period", "2030-Q9"), "--period: unknown period '2030-Q9'"),
        (("--by", "nope"), "nope"),
        (("--as-of", "yesterday"), "--as-of: expected a date YYYY-MM-DD, got"),
        (("--samples", "10"), "--samples: applies only with --forecast"),
        (("--seed", "3"), "--seed: applies only with --forecast"),
    ):
        result = run_cli("report", ACME, "-o", out, *args)
        assert result.exit_code == 2, args
        assert words in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
    assert not out.exists(), "nothing is written when the command fails"


def test_missing_plan_exit_2(run_cli, tmp_path: Path) -> None:
    result = run_cli("report", tmp_path / "nowhere", "-o", tmp_path / "r.html")
    assert result.exit_code == 2
    assert not (tmp_path / "r.html").exists()


def test_never_writes_over_a_plan_file(run_cli, tmp_path: Path) -> None:
    plan = tmp_path / "okrkit.yaml"
    plan.write_text("version: 1\n", encoding="utf-8")
    result = run_cli("report", plan, "-o", plan)
    assert result.exit_code == 2
    assert "is a file of the plan being read" in result.stderr
    assert plan.read_text(encoding="utf-8") == "version: 1\n"
