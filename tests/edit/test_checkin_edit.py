"""okrkit.edit.checkin: the new check-in is inserted as text; every other byte stays."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrkit.edit import checkin as editmod
from okrkit.edit.atomic import ConcurrentEditError
from okrkit.edit.checkin import (
    EditError,
    format_number,
    insert_checkin,
    quote,
    record_checkin,
    verify_edit,
)
from okrkit.errors import UsageError
from okrkit.load import load_plan
from okrkit.load.yaml12 import parse
from okrkit.model.plan import Checkin

D = dt.date(2026, 2, 15)
FULL = Checkin(date=D, value=42, confidence=0.7, note="ok")
BARE = Checkin(date=D, value=42)
KR0 = ("objectives", 0, "key_results", 0)

HEAD = "objectives:\n  - id: o\n    title: O\n    key_results:\n"

CASES: dict[str, tuple[str, Checkin, str]] = {
    "block items, comments kept": (
        HEAD
        + "      - id: kr   # the one\n"
        + "        title: K\n"
        + "        checkins:\n"
        + "          - date: 2026-01-10\n"
        + "            value: 3   # first\n"
        + "          # between\n"
        + "      - id: other\n"
        + "        title: X\n",
        FULL,
        HEAD
        + "      - id: kr   # the one\n"
        + "        title: K\n"
        + "        checkins:\n"
        + "          - date: 2026-01-10\n"
        + "            value: 3   # first\n"
        + "          - date: 2026-02-15\n"
        + "            value: 42\n"
        + "            confidence: 0.7\n"
        + '            note: "ok"\n'
        + "          # between\n"
        + "      - id: other\n"
        + "        title: X\n",
    ),
    "flow items": (
        HEAD
        + "      - id: kr\n"
        + "        title: 'K: quoted'\n"
        + "        checkins:\n"
        + "          - {date: 2026-01-10, value: 3, note: 'old'}\n",
        BARE,
        HEAD
        + "      - id: kr\n"
        + "        title: 'K: quoted'\n"
        + "        checkins:\n"
        + "          - {date: 2026-01-10, value: 3, note: 'old'}\n"
        + "          - {date: 2026-02-15, value: 42}\n",
    ),
    "indentless sequence": (
        "objectives:\n- id: o\n  title: O\n  key_results:\n  - id: kr\n    title: K\n"
        + "    checkins:\n    - date: 2026-01-10\n      value: 3\n",
        BARE,
        "objectives:\n- id: o\n  title: O\n  key_results:\n  - id: kr\n    title: K\n"
        + "    checkins:\n    - date: 2026-01-10\n      value: 3\n"
        + "    - date: 2026-02-15\n      value: 42\n",
    ),
    "four-space indentation, wide gap": (
        "objectives:\n    -   id: o\n        title: O\n        key_results:\n"
        + "            -   id: kr\n                title: K\n                checkins:\n"
        + "                    -   {date: 2026-01-10, value: 3}\n",
        BARE,
        "objectives:\n    -   id: o\n        title: O\n        key_results:\n"
        + "            -   id: kr\n                title: K\n                checkins:\n"
        + "                    -   {date: 2026-01-10, value: 3}\n"
        + "                    -   {date: 2026-02-15, value: 42}\n",
    ),
    "no checkins yet: key added at the key result's indentation": (
        HEAD + "      - id: kr\n        title: K\n        target: 10  # goal\n\n"
        "      - id: other\n        title: X\n",
        FULL,
        HEAD + "      - id: kr\n        title: K\n        target: 10  # goal\n"
        "        checkins:\n"
        '          - {date: 2026-02-15, value: 42, confidence: 0.7, note: "ok"}\n'
        "\n      - id: other\n        title: X\n",
    ),
    "no checkins yet, copies the file's block style": (
        HEAD
        + "      - id: kr\n        title: K\n"
        + "      - id: other\n        title: X\n        checkins:\n"
        + "        - date: 2026-01-10\n          value: 3\n",
        BARE,
        HEAD
        + "      - id: kr\n        title: K\n        checkins:\n"
        + "        - date: 2026-02-15\n          value: 42\n"
        + "      - id: other\n        title: X\n        checkins:\n"
        + "        - date: 2026-01-10\n          value: 3\n",
    ),
    "no checkins yet, last value a block scalar": (
        HEAD + "      - id: kr\n        title: K\n        metric: |\n          line one\n\n"
        "  # end\n",
        BARE,
        HEAD + "      - id: kr\n        title: K\n        metric: |\n          line one\n"
        "        checkins:\n          - {date: 2026-02-15, value: 42}\n\n  # end\n",
    ),
    "no checkins yet, last value empty": (
        HEAD + "      - id: kr\n        title: K\n        unit:\n# c\n",
        BARE,
        HEAD + "      - id: kr\n        title: K\n        unit:\n"
        "        checkins:\n          - {date: 2026-02-15, value: 42}\n# c\n",
    ),
    "empty flow list becomes a block list": (
        HEAD + "      - id: kr\n        checkins: []  # none yet\n        title: K\n",
        BARE,
        HEAD + "      - id: kr\n        checkins:  # none yet\n"
        "          - {date: 2026-02-15, value: 42}\n        title: K\n",
    ),
    "flow list on one line": (
        HEAD
        + "      - id: kr\n        title: K\n        checkins: [{date: 2026-01-10, value: 3}]\n",
        BARE,
        HEAD + "      - id: kr\n        title: K\n"
        "        checkins: [{date: 2026-01-10, value: 3}, {date: 2026-02-15, value: 42}]\n",
    ),
    "flow list over several lines": (
        HEAD + "      - id: kr\n        title: K\n        checkins: [\n"
        "          {date: 2026-01-10, value: 3},\n        ]\n",
        BARE,
        HEAD + "      - id: kr\n        title: K\n        checkins: [\n"
        "          {date: 2026-01-10, value: 3},\n          {date: 2026-02-15, value: 42},\n"
        "        ]\n",
    ),
    "flow key result": (
        HEAD + "      - {id: kr, title: K}  # compact\n",
        BARE,
        HEAD + "      - {id: kr, title: K, checkins: [{date: 2026-02-15, value: 42}]}  # compact\n",
    ),
    "no final newline": (
        HEAD + "      - id: kr\n        title: K\n        checkins:\n"
        "          - {date: 2026-01-10, value: 3}",
        BARE,
        HEAD + "      - id: kr\n        title: K\n        checkins:\n"
        "          - {date: 2026-01-10, value: 3}\n          - {date: 2026-02-15, value: 42}",
    ),
    "CRLF line endings": (
        (
            HEAD + "      - id: kr\n        title: K\n        checkins:\n"
            "          - {date: 2026-01-10, value: 3}\n      - id: x\n        title: X\n"
        ).replace("\n", "\r\n"),
        BARE,
        (
            HEAD + "      - id: kr\n        title: K\n        checkins:\n"
            "          - {date: 2026-01-10, value: 3}\n          - {date: 2026-02-15, value: 42}\n"
            "      - id: x\n        title: X\n"
        ).replace("\n", "\r\n"),
    ),
    "CRLF, no checkins, no final newline": (
        (HEAD + "      - id: kr\n        title: K").replace("\n", "\r\n"),
        BARE,
        (
            HEAD + "      - id: kr\n        title: K\n        checkins:\n"
            "          - {date: 2026-02-15, value: 42}"
        ).replace("\n", "\r\n"),
    ),
    "second key result of a later objective": (
        HEAD + "      - id: a\n        title: A\n"
        "  - id: p\n    title: P\n    key_results:\n      - id: b\n        title: B\n"
        "      - id: kr\n        title: K\n        checkins:\n"
        "          - {date: 2026-01-10, value: 3}\n",
        BARE,
        HEAD + "      - id: a\n        title: A\n"
        "  - id: p\n    title: P\n    key_results:\n      - id: b\n        title: B\n"
        "      - id: kr\n        title: K\n        checkins:\n"
        "          - {date: 2026-01-10, value: 3}\n          - {date: 2026-02-15, value: 42}\n",
    ),
}

PATHS = {"second key result of a later objective": ("objectives", 1, "key_results", 1)}


@pytest.mark.parametrize("name", list(CASES))
def test_insert_is_byte_for_byte(name: str) -> None:
    before, entry, after = CASES[name]
    path = PATHS.get(name, KR0)
    edit = insert_checkin(before, path, "kr", entry)
    assert edit.text == after
    verify_edit(before, edit.text, path, entry, where="t.yaml")
    new_line = edit.text.replace("\r\n", "\n").split("\n")[edit.line - 1]
    assert "2026-02-15" in new_line


def test_wrong_id_at_path_means_the_file_changed() -> None:
    text = HEAD + "      - id: someone-else\n        title: K\n"
    with pytest.raises(ConcurrentEditError, match="changed on disk"):
        insert_checkin(text, KR0, "kr", BARE)


def test_verify_catches_changes_beyond_the_new_item() -> None:
    old = HEAD + "      - id: kr\n        title: K\n"
    new = (
        HEAD
        + "      - id: kr\n        title: changed\n        checkins:\n"
        + ("          - {date: 2026-02-15, value: 42}\n")
    )
    with pytest.raises(EditError, match="change more than the new check-in"):
        verify_edit(old, new, KR0, BARE, where="t.yaml")
    wrong = new.replace("title: changed", "title: K").replace("42", "43")
    with pytest.raises(EditError, match="different check-in"):
        verify_edit(old, wrong, KR0, BARE, where="t.yaml")


# --- hostile layouts (issue 11) -------------------------------------------------

HOSTILE: dict[str, tuple[str, str]] = {
    "title written .nan": (
        "objectives:\n  - id: o\n    title: .nan\n    key_results:\n"
        "      - id: kr\n        title: K\n",
        "objectives:\n  - id: o\n    title: .nan\n    key_results:\n"
        "      - id: kr\n        title: K\n        checkins:\n"
        "          - {date: 2026-02-15, value: 42}\n",
    ),
    "key:<TAB>value": (
        HEAD + "      - id:\tkr\n        title:\tK  \t# tab before a comment\n",
        HEAD + "      - id:\tkr\n        title:\tK  \t# tab before a comment\n"
        "        checkins:\n          - {date: 2026-02-15, value: 42}\n",
    ),
    "value:<TAB>item in the last check-in": (
        HEAD + "      - id: kr\n        title: K\n        checkins:\n"
        "          - date:\t2026-01-10\n            value:\t3\t# tab\n",
        HEAD + "      - id: kr\n        title: K\n        checkins:\n"
        "          - date:\t2026-01-10\n            value:\t3\t# tab\n"
        "          - date: 2026-02-15\n            value: 42\n",
    ),
    "keep-chomping title last, first check-in": (
        HEAD + "      - id: kr\n        title: |+\n          hello\n\n\n"
        "  - id: o2\n    title: O2\n",
        HEAD + "      - id: kr\n        title: |+\n          hello\n\n\n"
        "        checkins:\n          - {date: 2026-02-15, value: 42}\n"
        "  - id: o2\n    title: O2\n",
    ),
    "keep-chomping title last, end of file": (
        HEAD + "      - id: kr\n        title: >+\n          hello\n\n",
        HEAD + "      - id: kr\n        title: >+\n          hello\n\n"
        "        checkins:\n          - {date: 2026-02-15, value: 42}\n",
    ),
    "keep-chomping note in the last check-in": (
        HEAD + "      - id: kr\n        title: K\n        checkins:\n"
        "          - date: 2026-01-10\n            value: 3\n            note: |2+\n"
        "              x\n\n",
        HEAD + "      - id: kr\n        title: K\n        checkins:\n"
        "          - date: 2026-01-10\n            value: 3\n            note: |2+\n"
        "              x\n\n          - date: 2026-02-15\n            value: 42\n",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_layouts_take_a_checkin(name: str) -> None:
    before, after = HOSTILE[name]
    edit = insert_checkin(before, KR0, "kr", BARE, where="t.yaml")
    assert edit.text == after
    got = verify_edit(before, edit.text, KR0, BARE, where="t.yaml")
    assert got[-1] == BARE


SHARED = (
    "objectives:\n  - id: o\n    title: O\n    key_results:\n"
    "      - id: kr\n        title: K\n        checkins: &c\n"
    "          - {date: 2026-01-10, value: 3}\n"
    "      - id: other\n        title: X\n        checkins: *c\n"
)


@pytest.mark.parametrize("which", [0, 1])
def test_checkins_shared_through_an_alias_are_refused(which: int) -> None:
    kr = ["kr", "other"][which]
    path = ("objectives", 0, "key_results", which)
    with pytest.raises(EditError, match=r"t.yaml:\d+:9: the check-ins of .* YAML alias"):
        insert_checkin(SHARED, path, kr, BARE, where="t.yaml")


def test_verify_counts_a_change_seen_through_an_alias() -> None:
    """The expected data must not share lists the way the reader's result does."""
    new = SHARED.replace("value: 3}\n", "value: 3}\n          - {date: 2026-02-15, value: 42}\n", 1)
    with pytest.raises(EditError, match="change more than the new check-in"):
        verify_edit(SHARED, new, KR0, BARE, where="t.yaml")


def test_unreadable_layout_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    text = HEAD + "      - id: kr\n        title: K\n"
    monkeypatch.setattr(editmod, "_ruamel_view", lambda t: t + "  bad: [\n")
    with pytest.raises(EditError) as info:
        insert_checkin(text, KR0, "kr", BARE, where="t.yaml")
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("t.yaml:")


def test_same_data_is_strict_about_types_and_order() -> None:
    assert editmod.same_data({"a": float("nan")}, {"a": float("nan")})
    assert not editmod.same_data({"a": 1}, {"a": True})
    assert not editmod.same_data({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert not editmod.same_data([1.0], [1])


# --- values and quoting ----------------------------------------------------------

NOTES = [
    "plain",
    "a: b",
    "x # not a comment",
    "'single' and \"double\"",
    "back\\slash",
    "line one\nline two\n",
    "tab\there",
    "- dash first",
    "{braces} [brackets], commas",
    "yes",
    "null",
    "123",
    "émoji 🚀 中文",
    "\u2028 line separator \x85 next line \ufeff bom \x7f del \x00 nul",
    "   leading and trailing   ",
    "",
]


@pytest.mark.parametrize("note", NOTES)
def test_notes_round_trip(note: str) -> None:
    data, _ = parse(f"note: {quote(note)}\n")
    assert data == {"note": note}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))))
def test_any_note_round_trips(note: str) -> None:
    data, _ = parse(f"- {{note: {quote(note)}}}\n")
    assert data == [{"note": note}]


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_numbers_read_back_exactly(value: float) -> None:
    data, _ = parse(f"v: {format_number(value)}\n")
    assert data["v"] == value


# --- record_checkin on real files ------------------------------------------------

VISION = """\
vision:
  statement: v
  pillars:
    - {id: p, name: P}
periods:
  - {id: Q1, start: 2026-01-01, end: 2026-03-31}
teams:
  - {id: t}
"""

TEAM = """\
# team file: comments stay
objectives:
  - id: o
    title: O
    pillar: p
    team: t
    period: Q1
    key_results:
      - id: kr
        title: "K"
        direction: increase
        baseline: 0
        target: 100
        checkins:
          - {date: 2026-01-10, value: 10, confidence: 0.5}   # first
"""


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "a-vision.yaml").write_text(VISION)
    (tmp_path / "plan" / "team.yaml").write_bytes(TEAM.encode())
    return tmp_path / "plan"


def test_record_checkin_in_a_multi_file_plan(plan_dir: Path, monkeypatch) -> None:
    monkeypatch.chdir(plan_dir.parent)
    vision_before = (plan_dir / "a-vision.yaml").read_bytes()
    (plan_dir / "team.yaml").chmod(0o600)
    plan = load_plan(Path("plan"), use_cache=False)
    result = record_checkin(plan, "kr", FULL)
    after = (plan_dir / "team.yaml").read_bytes()
    assert after == TEAM.encode() + (
        b'          - {date: 2026-02-15, value: 42, confidence: 0.7, note: "ok"}\n'
    )
    assert (plan_dir / "a-vision.yaml").read_bytes() == vision_before
    assert (result.file, result.line) == ("plan/team.yaml", 16)
    assert [c.value for c in result.key_result.checkins] == [10, 42]
    assert oct((plan_dir / "team.yaml").stat().st_mode & 0o777) == oct(0o600)
    reloaded = load_plan(Path("plan"), use_cache=False)
    assert reloaded.key_result_by_id["kr"].checkins[-1] == FULL
    assert sorted(p.name for p in plan_dir.iterdir()) == ["a-vision.yaml", "team.yaml"]


def test_bom_is_kept(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = "\ufeff" + VISION + TEAM.split("\n", 1)[1]
    Path("okrkit.yaml").write_bytes(text.encode("utf-8"))
    plan = load_plan(Path("okrkit.yaml"), use_cache=False)
    record_checkin(plan, "kr", BARE)
    assert Path("okrkit.yaml").read_bytes() == (
        text + "          - {date: 2026-02-15, value: 42}\n"
    ).encode("utf-8")


def test_concurrent_change_writes_nothing(plan_dir: Path, monkeypatch) -> None:
    plan = load_plan(plan_dir, use_cache=False)
    target = plan_dir / "team.yaml"
    real_verify = editmod.verify_edit

    def someone_saves(*args, **kwargs):  # another writer saves while okrkit works
        real_verify(*args, **kwargs)
        target.write_text(TEAM + "# edited elsewhere\n")

    monkeypatch.setattr(editmod, "verify_edit", someone_saves)
    with pytest.raises(ConcurrentEditError, match="changed on disk"):
        record_checkin(plan, "kr", BARE)
    assert target.read_text() == TEAM + "# edited elsewhere\n"
    assert sorted(p.name for p in plan_dir.iterdir()) == ["a-vision.yaml", "team.yaml"]


def test_file_changed_between_load_and_edit(plan_dir: Path) -> None:
    plan = load_plan(plan_dir, use_cache=False)
    changed = TEAM.replace("id: kr", "id: renamed")
    (plan_dir / "team.yaml").write_text(changed)
    with pytest.raises(ConcurrentEditError):
        record_checkin(plan, "kr", BARE)
    assert (plan_dir / "team.yaml").read_text() == changed


def test_refusals_leave_the_file_untouched(plan_dir: Path) -> None:
    plan = load_plan(plan_dir, use_cache=False)
    before = (plan_dir / "team.yaml").read_bytes()
    with pytest.raises(UsageError, match="unknown key result 'kx'"):
        record_checkin(plan, "kx", BARE)
    assert (plan_dir / "team.yaml").read_bytes() == before


CR_BEFORE = (
    HEAD + "      - id: kr\n        title: K\n        checkins:\n"
    "          - {date: 2026-01-10, value: 3}\n      - id: x\n        title: X\n"
).replace("\n", "\r")


def test_old_mac_line_endings() -> None:
    edit = insert_checkin(CR_BEFORE, KR0, "kr", BARE)
    assert edit.text == CR_BEFORE.replace(
        "value: 3}\r", "value: 3}\r          - {date: 2026-02-15, value: 42}\r"
    )
    verify_edit(CR_BEFORE, edit.text, KR0, BARE, where="t.yaml")


entries = st.builds(
    Checkin,
    date=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
    value=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e30, max_value=1e30),
    confidence=st.none() | st.floats(min_value=0, max_value=1),
    note=st.none() | st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
)


@settings(max_examples=100, deadline=None)
@given(name=st.sampled_from(sorted(CASES)), entry=entries)
def test_any_checkin_in_any_layout_reads_back_exactly(name: str, entry: Checkin) -> None:
    before = CASES[name][0]
    path = PATHS.get(name, KR0)
    edit = insert_checkin(before, path, "kr", entry)
    verify_edit(before, edit.text, path, entry, where="t.yaml")  # raises on any difference
    # and the text outside the inserted part is unchanged
    assert edit.text.startswith(before[: before.index("id: kr")])
