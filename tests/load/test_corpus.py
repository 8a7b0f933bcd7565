"""The corpus of broken and hostile plans: each gets exactly its expected lines, exit 2.

``tests/load/corpus/<case>`` is a plan file or folder; ``tests/load/expected/<case>.txt``
holds the stderr of ``okrkit validate <case>`` run from the corpus folder, one line per
problem. The lines are exact, except where the wording or position comes from a
dependency (the YAML parser), which a release may change: there ``{n}`` stands for a
number and ``{text}`` for any text on the line. okrkit's own words are never a wildcard.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from measure import run_okrkit

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
EXPECTED = HERE / "expected"
CASES = sorted(p.name for p in CORPUS.iterdir())

# Cases that attack the parser itself: run in a separate process with a hang guard,
# and measure the child's peak memory.
HOSTILE = [
    "billion-laughs.yaml",
    "deep-flow.yaml",
    "deep-flow-70.yaml",
    "deep-block.yaml",
    "huge-int.yaml",
    "python-tag.yaml",
    "non-utf8.yaml",
]


def _expected(case: str) -> str:
    name = case.removesuffix(".yaml")
    return (EXPECTED / f"{name}.txt").read_text(encoding="utf-8")


def _pattern(expected: str) -> re.Pattern[str]:
    """The expected text as a regular expression: literal but for ``{n}`` and ``{text}``."""
    parts = re.split(r"(\{n\}|\{text\})", expected)
    wild = {"{n}": "[0-9]+", "{text}": "[^\n]+"}
    return re.compile("".join(wild.get(p, re.escape(p)) for p in parts))


def assert_stderr(case: str, stderr: str) -> None:
    """okrkit's behaviour: the expected lines (see the module docstring), no traceback."""
    assert "Traceback" not in stderr
    expected = _expected(case)
    if "{n}" in expected or "{text}" in expected:
        assert _pattern(expected).fullmatch(stderr), (stderr, expected)
    else:
        assert stderr == expected


def test_pattern_is_literal_but_for_wildcards() -> None:
    pattern = _pattern("a.yaml:1:{n}: x (y) {text}\n")
    assert pattern.fullmatch("a.yaml:1:1007: x (y) anything at all\n")
    assert not pattern.fullmatch("a.yaml:1:1007: x y anything\n")
    assert not pattern.fullmatch("a.yaml:1:: x (y) z\n")
    assert not pattern.fullmatch("a.yaml:1:7: x (y) z\nb.yaml:1:1: extra line\n")


def test_every_case_has_expected_lines() -> None:
    names = {c.removesuffix(".yaml") for c in CASES}
    assert names == {p.stem for p in EXPECTED.glob("*.txt")}


@pytest.mark.parametrize("case", CASES)
def test_case_reports_exact_lines(case: str, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("validate", case, "--no-cache", cwd=CORPUS)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert_stderr(case, result.stderr)


@pytest.mark.parametrize("case", CASES)
def test_case_same_with_cache(case: str, run_cli) -> None:  # type: ignore[no-untyped-def]
    """Cold (cache written) and warm (cache read) runs word problems identically."""
    for _ in range(2):
        result = run_cli("validate", case, cwd=CORPUS)
        assert result.exit_code == 2
        assert_stderr(case, result.stderr)


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_input_is_bounded(case: str, tmp_path: Path) -> None:
    """A separate process: refuses the input, exits 2, stays far below 200 MB."""
    proc, peak_kb = run_okrkit(
        "validate", case, cwd=CORPUS, env={"OKRKIT_CACHE_DIR": str(tmp_path)}
    )
    assert proc.returncode == 2
    assert_stderr(case, proc.stderr)
    assert peak_kb < 200 * 1024


def test_missing_path(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("validate", "no/such/plan.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == "okrkit: no/such/plan.yaml: no such file or folder\n"


def test_no_plan_in_current_folder(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("validate", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "okrkit: no plan found: looked for okrkit.yaml and plan/ in the current folder; give "
        "the path of a plan file or folder, or start one with `okrkit init`\n"
    )
    assert ":1:1" not in result.stderr


def test_debug_shows_traceback(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("--debug", "validate", "empty.yaml", "--no-cache", cwd=CORPUS)
    assert result.exit_code == 2
    assert "Traceback" in result.stderr
