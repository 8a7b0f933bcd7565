"""okrkit's reader (libyaml events, YAML 1.2 rules) and its editor's (ruamel.yaml) agree.

Generated documents hold plain, quoted and block scalars with awkward characters, NEL,
LS and PS among them (libyaml breaks lines at them, YAML 1.2 does not, ruamel.yaml does in
some places). Whenever okrkit's reader accepts a document, ruamel.yaml reads the same data
with every key on the same line and column; a document the reader refuses is refused
with one located message. Before the fix, 113 of 8,000 such documents read differently.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.load.yaml12 import YamlError, parse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from strategies import examples

BREAKS = ["\u0085", "\u2028", "\u2029"]
WORD = st.text(alphabet="abcxyz", min_size=1, max_size=5)
ODD = st.sampled_from([*BREAKS, " ", "-", ".", "é", "#", "1", "\u00a0"])
PIECE = st.one_of(WORD, ODD)


@st.composite
def plain(draw: st.DrawFn) -> str:
    body = "".join(draw(st.lists(PIECE, min_size=1, max_size=6)))
    return draw(WORD) + body.rstrip(" ") + draw(WORD)


@st.composite
def double_quoted(draw: st.DrawFn) -> str:
    escapes = st.sampled_from(["\\L", "\\N", "\\P", "\\u2028", "\\t", '\\"', "\\\\"])
    parts = draw(st.lists(st.one_of(PIECE, escapes), max_size=6))
    return '"' + "".join(parts) + '"'


@st.composite
def single_quoted(draw: st.DrawFn) -> str:
    return "'" + "".join(draw(st.lists(PIECE, max_size=6))).replace("'", "''") + "'"


scalar = st.one_of(plain(), double_quoted(), single_quoted())


@st.composite
def document(draw: st.DrawFn) -> str:
    keys = draw(st.lists(WORD, min_size=1, max_size=4, unique=True))
    lines: list[str] = []
    for key in keys:
        shape = draw(st.integers(0, 4))
        if shape == 0:
            lines.append(f"{key}: {draw(scalar)}")
        elif shape == 1:
            items = draw(st.lists(scalar, min_size=1, max_size=3))
            lines.append(f"{key}: [{', '.join(items)}]")
        elif shape == 2:
            lines.append(f"{key}:")
            for item in draw(st.lists(scalar, min_size=1, max_size=3)):
                lines.append(f"  - {item}")
        elif shape == 3:
            lines.append(f"{key}: |")
            for _ in range(draw(st.integers(1, 3))):
                lines.append("  " + "".join(draw(st.lists(PIECE, min_size=1, max_size=4))))
        else:
            lines.append(f"{key}: {draw(scalar)}  # {''.join(draw(st.lists(PIECE, max_size=4)))}")
    return "\n".join(lines) + "\n"


def _plain_data(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain_data(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain_data(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def _ruamel(text: str) -> tuple[Any, dict[str, tuple[int, int]]]:
    from ruamel.yaml import YAML

    data = YAML(typ="rt").load(text)
    keys = {str(k): (line + 1, col + 1) for k, (line, col, *_) in data.lc.data.items()}
    return _plain_data(data), keys


@settings(max_examples=examples(300), deadline=None)
@given(text=document())
def test_reader_and_editor_agree(text: str) -> None:
    try:
        data, positions = parse(text)
    except YamlError as exc:
        assert exc.line >= 1 and exc.column >= 1 and "\n" not in exc.message
        return
    theirs, key_at = _ruamel(text)
    assert data == theirs, text
    for key in data:
        line, col = positions.locate((key,), key=True)
        assert (line, col) == key_at[key], (key, text)


def test_line_breaks_of_yaml_1_1_are_refused_at_their_place() -> None:
    for char, code in zip(BREAKS, ("U+0085", "U+2028", "U+2029"), strict=True):
        try:
            parse(f"a: 1\nb: x{char}y\n")
        except YamlError as exc:
            assert (exc.line, exc.column) == (2, 5)
            assert exc.message.startswith(f"character {code} (")
        else:
            raise AssertionError(f"{code} was read")


def test_escaped_in_double_quotes_they_are_text() -> None:
    data, _ = parse('a: "x\\Ly\\Nz\\P"\n')
    assert data == {"a": "x\u2028y\u0085z\u2029"}
