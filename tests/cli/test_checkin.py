"""``okrkit checkin``: appends one line to the right file and leaves every other byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from okrkit.cli.checkin import parse_confidence, parse_note, parse_value
from okrkit.errors import UsageError

ROOT = Path(__file__).resolve().parents[2]
ACME = ROOT / "examples" / "acme"


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    dest = tmp_path / "acme"
    shutil.copytree(ACME, dest)
    return dest


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_checkin_appends_one_line(run_cli, acme: Path) -> None:
    before = snapshot(acme)
    result = run_cli(
        "checkin",
        "ledger-write-latency",
        "120",
        acme,
        "--confidence",
        "0.75",
        "--note",
        'flag at 50%: "fast" # yes',
        "--date",
        "2026-02-15",
    )
    assert result.exit_code == 0, result.stderr
    after = snapshot(acme)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == ["teams/ledger.yaml"]
    old_lines = before["teams/ledger.yaml"].decode().splitlines(keepends=True)
    new_lines = after["teams/ledger.yaml"].decode().splitlines(keepends=True)
    added = (
        "          - {date: 2026-02-15, value: 120, confidence: 0.75, "
        'note: "flag at 50%: \\"fast\\" # yes"}\n'
    )
    i = new_lines.index(added)
    assert old_lines == new_lines[:i] + new_lines[i + 1 :]
    assert f"ledger.yaml:{i + 1}: recorded ledger-write-latency = 120 on 2026-02-15" in (
        result.stdout
    )
    # decrease 250 -> 50 at 120: (250 - 120) / 200 = 65%, expected 45/90 days
    assert "progress 65%, grade 0.65, expected 50%, on_track, confidence 0.75" in result.stdout

    status = run_cli("status", acme, "--as-of", "2026-02-15", "-f", "json")
    assert '"current": 120.0' in status.stdout


def test_negative_value_and_default_options(run_cli, acme: Path) -> None:
    result = run_cli("checkin", "payout-cost-cents", "-2.5", acme, "--date", "2026-02-01")
    assert result.exit_code == 0, result.stderr
    text = (acme / "teams" / "payments.yaml").read_text()
    assert "- {date: 2026-02-01, value: -2.5}\n" in text


def test_checkin_on_a_key_result_without_checkins(run_cli, acme: Path) -> None:
    result = run_cli("checkin", "warehouse-query-p95", "20", acme, "--date", "2026-02-14")
    assert result.exit_code == 0, result.stderr
    assert "progress 50%" in result.stdout
    status = run_cli("status", acme, "--as-of", "2026-02-15", "-f", "json")
    assert status.exit_code == 0
    assert '"last_checkin": "2026-02-14"' in status.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ledger-write-latency", "fast"), "VALUE: not a number: 'fast'"),
        (("ledger-write-latency", "nan"), "VALUE: not a finite number"),
        (("ledger-write-laytency", "1"), "unknown key result 'ledger-write-laytency'"),
        (("ledger-write-latency", "1", "--date", "2999-01-01"), "is in the future"),
        (
            ("ledger-write-latency", "1", "--date", "yesterday"),
            "--date: expected a date YYYY-MM-DD, got",
        ),
        (("ledger-write-latency", "1", "--confidence", "2"), "--confidence: '2' is not"),
    ],
)
def test_refusals_leave_every_file_untouched(
    run_cli, acme: Path, args: tuple[str, ...], message: str
) -> None:
    before = snapshot(acme)
    result = run_cli("checkin", args[0], args[1], acme, *args[2:])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(acme) == before


def test_plan_that_does_not_load_is_untouched(run_cli, acme: Path) -> None:
    broken = acme / "teams" / "data.yaml"
    broken.write_bytes(broken.read_bytes() + b"\nbogus_section: 1\n")
    before = snapshot(acme)
    result = run_cli("checkin", "ledger-write-latency", "1", acme, "--date", "2026-02-01")
    assert result.exit_code == 2
    assert "data.yaml" in result.stderr
    assert snapshot(acme) == before


def test_crlf_single_file_plan(run_cli, tmp_path: Path) -> None:
    text = (
        "periods:\n  - {id: Q1, start: 2026-01-01, end: 2026-03-31}\n"
        "objectives:\n  - id: o\n    title: O\n    period: Q1\n    key_results:\n"
        "      - id: k\n        title: K\n        direction: increase\n"
        "        baseline: 0\n        target: 10\n"
    ).replace("\n", "\r\n")
    path = tmp_path / "okrkit.yaml"
    path.write_bytes(text.encode())
    result = run_cli("checkin", "k", "5", path, "--date", "2026-02-15", "--confidence", "80%")
    assert result.exit_code == 0, result.stderr
    assert (
        path.read_bytes()
        == (
            text
            + "        checkins:\r\n          - {date: 2026-02-15, value: 5, confidence: 0.8}\r\n"
        ).encode()
    )
    assert "progress 50%, grade 0.5, expected 50%, on_track, confidence 0.8" in result.stdout


# --- option parsing (the CLI's job) ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"), [("42", 42.0), ("-3.5", -3.5), ("1e3", 1000.0), (" 0.25 ", 0.25)]
)
def test_parse_value(text: str, value: float) -> None:
    assert parse_value(text) == value


@pytest.mark.parametrize("text", ["abc", "", "nan", "inf", "-Infinity", "1_000", "12%", "0x10"])
def test_parse_value_rejects(text: str) -> None:
    with pytest.raises(UsageError, match="VALUE"):
        parse_value(text)


@pytest.mark.parametrize(("text", "value"), [("0.7", 0.7), ("70%", 0.7), ("0", 0.0), ("1", 1.0)])
def test_parse_confidence(text: str, value: float) -> None:
    assert parse_confidence(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["1.5", "-0.1", "high", "150%", "nan"])
def test_parse_confidence_rejects(text: str) -> None:
    with pytest.raises(UsageError, match="--confidence"):
        parse_confidence(text)


def test_parse_note_refuses_a_lone_surrogate() -> None:
    assert parse_note('a "b" # c') == 'a "b" # c'
    with pytest.raises(UsageError, match="--note"):
        parse_note("bad \udc80")


def test_formats_kept_in_step_with_the_reporter() -> None:
    from okrkit.cli.checkin import FORMATS as CLI_FORMATS
    from okrkit.report.checkin import FORMATS

    assert CLI_FORMATS == FORMATS


# --- the confirmation ------------------------------------------------------------


def test_huge_value_is_recorded_once_and_confirmed(run_cli, acme: Path) -> None:
    """Regression: ``checkin 1e22`` wrote the check-in, then failed to print (exit 2)."""
    result = run_cli("checkin", "ledger-write-latency", "1e22", acme, "--date", "2026-02-15")
    assert result.exit_code == 0, result.stderr
    assert "recorded ledger-write-latency = 1e+22 on 2026-02-15" in result.stdout
    text = (acme / "teams" / "ledger.yaml").read_text()
    assert text.count("value: 1e+22") == 1


def test_confirmation_that_fails_to_render_writes_nothing(
    run_cli, acme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from okrkit.report import checkin as reporter

    def broken(*args: object) -> str:
        raise ValueError("cannot render")

    monkeypatch.setattr(reporter, "render", broken)
    before = snapshot(acme)
    result = run_cli("checkin", "ledger-write-latency", "1", acme, "--date", "2026-02-15")
    assert result.exit_code == 2
    assert "internal error" in result.stderr
    assert snapshot(acme) == before


def test_json_confirmation_matches_status(run_cli, acme: Path) -> None:
    import json

    result = run_cli(
        "checkin", "ledger-write-latency", "120", acme, "--date", "2026-02-15", "-f", "json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["file"].endswith("teams/ledger.yaml")
    assert data["checkin"] == {
        "date": "2026-02-15",
        "value": 120.0,
        "confidence": None,
        "note": None,
    }
    status = json.loads(run_cli("status", acme, "--as-of", "2026-02-15", "-f", "json").stdout)
    krs = {k["id"]: k for o in status["objectives"] for k in o["key_results"]}
    assert data["key_result"] == krs["ledger-write-latency"]


def test_one_file_of_a_folder_plan_says_pass_the_folder(
    run_cli, acme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(acme.parent)
    before = snapshot(acme)
    result = run_cli(
        "checkin",
        "ledger-write-latency",
        "1",
        Path("acme/teams/ledger.yaml"),
        "--date",
        "2026-02-15",
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "okrkit: acme/teams/ledger.yaml is one file of the plan in acme/, and alone it is not "
        "a whole plan; pass the folder: okrkit checkin ledger-write-latency 1 acme/\n"
    )
    assert snapshot(acme) == before
    # a file that loads alone but lacks the key result gets the same hint
    result = run_cli("checkin", "ledger-write-latency", "1", Path("acme/vision.yaml"))
    assert result.exit_code == 2
    assert "pass the folder: okrkit checkin ledger-write-latency 1 acme/" in result.stderr


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("json", "json")])
def test_confirmation_golden(
    run_cli, golden, acme: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, suffix: str
) -> None:
    monkeypatch.chdir(acme.parent)
    result = run_cli(
        "checkin",
        "ledger-write-latency",
        "120",
        Path("acme"),
        "--confidence",
        "70%",
        "--note",
        "new write path at 50%",
        "--date",
        "2026-02-15",
        "--format",
        fmt,
    )
    assert result.exit_code == 0, result.stderr
    golden(f"checkin/acme.{suffix}", result.stdout)
