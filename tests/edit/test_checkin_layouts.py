"""Generated plan layouts: the editor gives the right answer or refuses in one line.

Hypothesis builds key results in many hand-written styles (indentation, zero-indented
sequences, tabs between a key and its value, comments, block scalars that keep or strip
their trailing lines, ``.nan`` and number-like titles, every shape of ``checkins``,
CRLF, a missing final newline, lists shared through an alias) and records a check-in.
Every layout the loader reads must take the check-in, verified by the loader's reader;
only a list shared through an alias, or a block text ending the file with no line break,
is refused, with one line. A deeper run: ``OKRKIT_LAYOUT_EXAMPLES=5000``.
"""

from __future__ import annotations

import datetime as dt
import os

from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from okrkit.edit.checkin import EditError, insert_checkin, verify_edit
from okrkit.load.yaml12 import YamlError, parse
from okrkit.model.plan import Checkin

ENTRY = Checkin(date=dt.date(2026, 2, 15), value=42, confidence=0.5, note="n: #x")

TITLES = [
    "K",
    ".nan",
    "1e20",
    '"quoted: K"',
    "'single'",
    "|+\n{i}  hello\n\n",
    "|\n{i}  hello\n",
    ">-\n{i}  folded\n{i}  text\n",
    "|2+\n{i}  kept\n\n\n",
]

CHECKINS = [
    None,
    "[]",
    "[]   # none yet",
    "[{{date: 2026-01-10, value: 3}}]",
    "[\n{i}  {{date: 2026-01-10, value: 3}},\n{i}  {{date: 2026-01-20, value: 4}}\n{i}]",
    "\n{i}  - {{date: 2026-01-10, value: 3}}   # first",
    "\n{i}- {{date: 2026-01-10, value: 3}}",
    "\n{i}  - date: 2026-01-10\n{i}    value: 3",
    "\n{i}  - date: 2026-01-10\n{i}    value: 3\n{i}    note: |+\n{i}      kept\n",
    "\n{i}  -   date: 2026-01-10\n{i}      value: 3\n{i}  # trailing comment",
]


@st.composite
def layouts(draw: st.DrawFn) -> tuple[str, bool]:
    """A plan text with key result ``kr`` at objectives[0].key_results[0]; shared?"""
    unit = draw(st.sampled_from([2, 4]))
    zero_seq = draw(st.booleans())  # "key_results:\n  - id: kr" (sequence not indented)
    sep = draw(st.sampled_from([" ", "\t", " \t", "  "]))
    comment = draw(st.sampled_from(["", "  # c", "\t# c"]))
    title = draw(st.sampled_from(TITLES))
    checkins = draw(st.sampled_from(CHECKINS))
    shared = draw(st.integers(0, 5)) == 0 and checkins is not None and checkins.startswith("\n")
    id_first = draw(st.booleans())
    tail = draw(st.sampled_from(["", "other", "objective", "comment"]))

    lines = ["objectives:", f"- id:{sep}o{comment}", "  title: O", "  key_results:"]
    dash = " " * (2 if zero_seq else 2 + unit)  # "- " of the key results
    k = dash + "  "  # their keys
    fields = [f"metric:{sep}m{comment}", f"title: {title.format(i=k)}".rstrip("\n")]
    if checkins is not None:
        body = checkins.format(i=k)
        anchor = " &c" if shared else ""
        fields.append(f"checkins:{anchor}{'' if body.startswith(chr(10)) else ' '}{body}")
    fields = [f"id:{sep}kr{comment}", *fields] if id_first else [*fields, f"id: kr{comment}"]
    text = "\n".join(lines) + "\n" + dash + "- " + ("\n" + k).join(fields)
    if not text.endswith("\n"):
        text += "\n"
    if shared:
        text += f"{dash}- id: kr2\n{k}title: K2\n{k}checkins: *c\n"
    elif tail == "other":
        text += f"{dash}- id: kr2\n{k}title: K2\n"
    if tail == "objective":
        text += "- id: o2\n  title: O2\n"
    elif tail == "comment":
        text += "# the end\n"
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no final line break
    return text, shared


@settings(max_examples=int(os.environ.get("OKRKIT_LAYOUT_EXAMPLES", "300")), deadline=None)
@given(layout=layouts())
def test_generated_layouts_take_a_checkin_or_refuse_in_one_line(layout: tuple[str, bool]) -> None:
    text, shared = layout
    try:
        data, _ = parse(text)
    except YamlError:
        assume(False)  # not a plan the loader reads
        return
    assume(isinstance(data, dict))
    path = ("objectives", 0, "key_results", 0)
    try:
        edit = insert_checkin(text, path, "kr", ENTRY, where="t.yaml")
        verify_edit(text, edit.text, path, ENTRY, where="t.yaml")
    except EditError as exc:
        assert "\n" not in str(exc)
        if "ends the file without a line break" in str(exc):
            # "|" or "|+" text ending the file with no line break: any line added after
            # it would become part of that text, so refusing is the only right answer
            assert not text.endswith(("\n", "\r"))
            event("refused: block text at the end of a file without a line break")
            return
        assert shared, f"refused a layout the loader reads: {exc}\n---\n{text}"
        event("refused: list shared through an alias")
        return
    assert not shared, "a list shared through an alias was edited"
    event("edited")
    after, _ = parse(edit.text)
    assert after["objectives"][0]["key_results"][0]["checkins"][-1]["value"] == 42
