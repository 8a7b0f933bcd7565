"""Command outputs quoted in the docs are the real outputs of those commands.

Each entry names a doc and the command line it shows after ``$ ``; the block below that
line, up to the closing fence, must be what the command prints (run from the repository
root). A line ``...`` or ``-> ...`` (indented or not) in a block stands for lines left
out: each piece between them must appear in the output, in order. ``pytest
--update-golden`` rewrites the blocks from the real output (a piece keeps its first line
as the anchor and its length).
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

EXAMPLES: list[tuple[str, str]] = [
    ("docs/commands/score.md", "okrkit score examples/acme --by cd3 --period 2026-Q2 --top 3"),
    ("docs/commands/score.md", "okrkit score examples/acme --compare rice,wsjf,cd3 --top 3"),
    (
        "docs/commands/score.md",
        "COLUMNS=80 okrkit score examples/acme --by cd3 --period 2026-Q2 --top 3",
    ),
    (
        "docs/commands/plan.md",
        "COLUMNS=80 okrkit plan examples/acme --period 2026-Q1 --as-of 2026-02-15",
    ),
    (
        "docs/commands/deps.md",
        "okrkit deps examples/acme --focus same-day-payouts --as-of 2026-01-01",
    ),
    (
        "docs/commands/roadmap.md",
        "COLUMNS=80 okrkit roadmap examples/acme --as-of 2026-01-01 --team payments",
    ),
]


def _pieces(block: list[str]) -> tuple[list[list[str]], list[str]]:
    """The parts of ``block`` between ``...`` lines, and those lines."""
    pieces: list[list[str]] = [[]]
    gaps: list[str] = []
    for line in block:
        if line.strip() in ("...", "-> ..."):
            pieces.append([])
            gaps.append(line)
        else:
            pieces[-1].append(line)
    return pieces, gaps


def _find(lines: list[str], piece: list[str], start: int) -> int:
    for k in range(start, len(lines) - len(piece) + 1):
        if lines[k : k + len(piece)] == piece:
            return k
    return -1


@pytest.mark.parametrize(("doc", "command"), EXAMPLES)
def test_docs_example_is_real(
    run_cli, request: pytest.FixtureRequest, doc: str, command: str
) -> None:
    words = shlex.split(command)
    env = {}
    while "=" in words[0]:
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    assert words[0] == "okrkit"
    result = run_cli(*words[1:], cwd=ROOT, env=env or None)
    assert result.exit_code in (0, 1), result.stderr
    real = result.stdout.splitlines()

    path = ROOT / doc
    text = path.read_text(encoding="utf-8")
    head = f"$ {command}\n"
    assert head in text, f"{doc} shows no `{head.strip()}`"
    start = text.index(head) + len(head)
    end = text.index("```\n", start)
    block = text[start:end].splitlines()
    pieces, gaps = _pieces(block)

    if request.config.getoption("--update-golden"):
        if len(pieces) == 1:
            new = real
        else:
            new, at = [], 0
            for n, piece in enumerate(pieces):
                k = real.index(piece[0], at) if piece else at
                if n:
                    new.append(gaps[n - 1])
                new += real[k : k + len(piece)]
                at = k + len(piece)
        text = text[:start] + "".join(line + "\n" for line in new) + text[end:]
        path.write_text(text, encoding="utf-8", newline="\n")
        return

    if len(pieces) == 1:
        assert block == real, f"{doc}: the example of `{command}` is not its output"
        return
    at = 0
    for piece in pieces:
        k = _find(real, piece, at)
        assert k >= 0, f"{doc}: this part of `{command}` is not in its output: {piece}"
        at = k + len(piece)
