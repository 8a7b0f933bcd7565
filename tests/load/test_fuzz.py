"""Fuzzing: mutated example plans and generated plans never escape okrkit's error handling.

Inputs are the example plans (``examples/``), the broken-plan corpus and generated plans
(``tests/strategies.py``), mutated by byte flips, line deletions and duplications, type
swaps (a value replaced by a list, a mapping, a boolean, a huge or odd number) and
unicode oddities (NEL, LS, PS, BOM, NUL, bidi controls, lone surrogate bytes, tabs).

- The loader raises only okrkit's own error type (:class:`PlanLoadError`).
- The CLI never prints a traceback or "internal error", and exits 0, 1 or 2.

Example counts are small in CI; ``OKRKIT_FUZZ_SCALE=50 pytest tests/load/test_fuzz.py``
runs fifty times more (see CONTRIBUTING.md, "Fuzz and property tests").
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrkit.errors import PlanLoadError
from okrkit.load import load_plan

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from strategies import examples, plan_yaml

ROOT = Path(__file__).resolve().parents[2]
_HOSTILE = {"billion-laughs.yaml", "deep-flow.yaml", "deep-block.yaml", "huge-int.yaml"}
SEEDS = sorted(
    p.read_bytes()
    for p in [
        *(ROOT / "examples").rglob("*.yaml"),
        *(ROOT / "tests" / "load" / "corpus").glob("*.yaml"),
    ]
    if p.name not in _HOSTILE and p.stat().st_size < 40_000
)

SWAPS = [
    b"[]",
    b"{}",
    b"true",
    b"null",
    b"~",
    b"1e400",
    b"-1e308",
    b"1e308",
    b".nan",
    b".inf",
    b"-0",
    b"0x",
    b"'x'",
    b"9" * 45,
    b"[1, [2, [3]]]",
    b"{low: 1e308, high: 1e308}",
    b"{low: 5, high: 1}",
    b"9999-12-31",
    b"0001-01-01",
    b"2026-02-30",
    b"*nothing",
    b"&a x",
    b"!!python/object:os.system x",
    b"|+\n  text\n\n",
    b'"\\ud800"',
]
ODDITIES = [
    "\u0085",  # NEL
    "\u2028",  # LS
    "\u2029",  # PS
    "\ufeff",  # BOM / zero-width no-break space
    "\u200b",
    "\u202e",  # right-to-left override
    "\x00",
    "\t",
    "\r",
    "\r\n",
    "é",
    "\U0001f680",
]
ODD_BYTES = [*(o.encode("utf-8") for o in ODDITIES), b"\xed\xa0\x80", b"\xff", b"\xc3"]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 3)) == 0:
        data = draw(plan_yaml()).encode("utf-8")
    else:
        data = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        lines = data.split(b"\n")
        kind = draw(st.integers(0, 5))
        if kind == 0 and data:  # byte flip
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1 :]
        elif kind == 1 and len(lines) > 1:  # delete a line
            del lines[draw(st.integers(0, len(lines) - 1))]
            data = b"\n".join(lines)
        elif kind == 2:  # duplicate a line
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            data = b"\n".join(lines)
        elif kind == 3:  # type swap: the value after a "key: "
            i = draw(st.integers(0, len(lines) - 1))
            head, sep, _ = lines[i].partition(b": ")
            if sep:
                lines[i] = head + sep + draw(st.sampled_from(SWAPS))
                data = b"\n".join(lines)
        elif kind == 4 and data:  # unicode oddity
            i = draw(st.integers(0, len(data)))
            data = data[:i] + draw(st.sampled_from(ODD_BYTES)) + data[i:]
        else:  # a line swapped with another
            if len(lines) > 1:
                i = draw(st.integers(0, len(lines) - 1))
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
                data = b"\n".join(lines)
    return data


@settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=mutated())
def test_the_loader_raises_only_its_own_error(data: bytes, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("fuzz") / "okrkit.yaml"
    path.write_bytes(data)
    try:
        load_plan(path, use_cache=False)
    except PlanLoadError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert "\n" not in problem.message and problem.location.line >= 1


COMMANDS = [
    ("validate",),
    ("score", "--format", "json"),
    ("explain", "a"),
    ("deps",),
    ("plan", "--format", "json", "--as-of", "2026-02-01"),
    ("status", "--as-of", "2026-02-01"),
    ("check", "--as-of", "2026-02-01", "--format", "json"),
]


@pytest.mark.filterwarnings("ignore")
@settings(
    max_examples=examples(12),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=mutated(), command=st.sampled_from(COMMANDS))
def test_the_cli_never_escapes(  # type: ignore[no-untyped-def]
    data: bytes, command: tuple[str, ...], run_cli, tmp_path_factory
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "okrkit.yaml"
    path.write_bytes(data)
    result = run_cli(*command, path, "--no-cache")
    assert result.exit_code in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
