"""Append a check-in to a key result by a minimal text edit of its plan file.

The file is not re-serialised: ruamel.yaml's round-trip composer finds where the key
result's ``checkins`` list ends, and the new item is inserted there as text, in the
style of that list (flow ``- {date: ..., value: ...}`` items or block items). Every
other byte stays as it was: comments, key order, quoting, indentation, line endings
(LF, CRLF or CR), a byte-order mark, a missing final newline.

Before anything is written the edit is verified: the new text is parsed by the same
YAML 1.2 reader the loader uses, and it must equal the old data plus exactly the new
check-in. Then the file is replaced atomically, and only if it did not change on disk
since it was read (:mod:`okrkit.edit.atomic`).
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from okrkit.edit.atomic import ConcurrentEditError, Snapshot, atomic_write_text
from okrkit.errors import OkrkitError, UsageError
from okrkit.model.aggregate import Plan
from okrkit.model.plan import Checkin, KeyResult

BOM = "\ufeff"


class EditError(OkrkitError):
    """The edit cannot be made safely; the file is untouched."""


# --- option values ---------------------------------------------------------------


def parse_value(text: str) -> float:
    """A check-in value: a finite number (``42``, ``-3.5``, ``1e3``)."""
    try:
        if "_" in text:  # float() takes "1_000"; YAML and most people do not
            raise ValueError(text)
        value = float(text)
    except ValueError:
        raise UsageError(f"okrkit: VALUE: not a number: {text!r}") from None
    if not math.isfinite(value):
        raise UsageError(f"okrkit: VALUE: not a finite number: {text!r}")
    return value


_PERCENT = re.compile(r"^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*%\s*$")


def parse_confidence(text: str) -> float:
    """A confidence: a fraction from 0 to 1, or a percentage such as ``70%``."""
    m = _PERCENT.match(text)
    try:
        value = float(m.group(1)) / 100.0 if m else float(text)
    except ValueError:
        value = math.nan
    if not (0.0 <= value <= 1.0):
        raise UsageError(
            f"okrkit: --confidence: {text!r} is not a fraction from 0 to 1 (or a percentage)"
        )
    return value


# --- formatting the new item -----------------------------------------------------


def format_number(value: float) -> str:
    """A number that YAML 1.2 reads back exactly: ``42``, ``0.7``, ``0.00001``, ``1e+300``.

    Whole numbers below 10^15 are written as integers, short decimals without an
    exponent, anything else as Python's shortest round-trip form (always a float).
    """
    if value == 0:
        return "0"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        plain = format(Decimal(text), "f")
        if "." in plain and len(plain) <= 20:
            return plain
    return text


_PRINTABLE = re.compile(
    "[\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quote(text: str) -> str:
    """A YAML double-quoted scalar for any text: quotes, ``: ``, ``#``, newlines, unicode."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _PRINTABLE.fullmatch(ch):
            out.append(ch)
        else:
            code = ord(ch)
            if 0xD800 <= code <= 0xDFFF:
                raise UsageError("okrkit: --note: the text is not valid Unicode")
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
    out.append('"')
    return "".join(out)


def _fields(entry: Checkin) -> list[tuple[str, str]]:
    fields = [("date", entry.date.isoformat()), ("value", format_number(entry.value))]
    if entry.confidence is not None:
        fields.append(("confidence", format_number(entry.confidence)))
    if entry.note is not None:
        fields.append(("note", quote(entry.note)))
    return fields


def flow_item(entry: Checkin) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in _fields(entry)) + "}"


def block_item(entry: Checkin, dash_col: int, key_col: int) -> list[str]:
    """Lines of a block-style item: ``- date: ...`` then the other keys under ``date``."""
    fields = _fields(entry)
    gap = max(1, key_col - dash_col - 1)
    lines = [" " * dash_col + "-" + " " * gap + f"{fields[0][0]}: {fields[0][1]}"]
    lines.extend(" " * key_col + f"{k}: {v}" for k, v in fields[1:])
    return lines


# --- reading positions -----------------------------------------------------------


def _compose(text: str, where: str) -> Any:
    from ruamel.yaml import YAML

    try:
        return YAML(typ="rt").compose(text)
    except Exception as exc:  # the loader read this file, so this is unexpected
        raise EditError(f"okrkit: {where}: cannot read the file for editing: {exc}") from None


def _is(node: Any, kind: str) -> bool:
    return type(node).__name__ == kind


def _get(mapping: Any, key: str) -> tuple[Any, Any] | None:
    for k, v in mapping.value:
        if _is(k, "ScalarNode") and k.value == key:
            return k, v
    return None


def _empty_scalar(node: Any) -> bool:
    return (
        _is(node, "ScalarNode")
        and node.value == ""
        and node.style is None
        and node.start_mark.index == node.end_mark.index
    )


def _content_end(node: Any, text: str) -> int:
    """Index just after the last character that belongs to ``node`` (not trailing space)."""
    if _is(node, "ScalarNode"):
        end = node.end_mark.index
        if node.style in ("|", ">"):  # block scalars end after their line breaks
            while end > node.start_mark.index and text[end - 1] in " \t\r\n":
                end -= 1
        return int(end)
    if getattr(node, "flow_style", False) or not node.value:
        return int(node.end_mark.index)
    if _is(node, "MappingNode"):
        key, value = node.value[-1]
        if _empty_scalar(value):  # "key:" with nothing after it: ends at the colon
            return text.index(":", key.end_mark.index) + 1
        return _content_end(value, text)
    return _content_end(node.value[-1], text)


def _line_bounds(text: str, index: int) -> tuple[int, int]:
    """Start index of the line holding ``index``, and its column."""
    start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    return start, index - start


def _eol(text: str) -> str:
    m = re.search(r"\r\n|\n|\r", text)
    return m.group(0) if m else "\n"


def _insert_lines_after(text: str, index: int, lines: list[str], eol: str) -> tuple[str, int]:
    """Insert whole lines after the line holding ``index``; returns (text, first new line).

    A file without a final newline keeps none: the break goes before the new lines.
    """
    brk = "\r" if eol == "\r" else "\n"
    nl = text.find(brk, index)
    if nl == -1:
        pos = len(text)
        new = text + eol + eol.join(lines)
        return new, _line_no(new, pos + len(eol))
    pos = nl + 1
    return text[:pos] + "".join(line + eol for line in lines) + text[pos:], _line_no(text, pos)


def _line_no(text: str, index: int) -> int:
    brk = "\r" if "\n" not in text and "\r" in text else "\n"
    return text.count(brk, 0, index) + 1


def _dash_col(text: str, item: Any) -> int | None:
    """Column of the ``-`` that introduces a block sequence item, if it starts its line."""
    i = item.start_mark.index - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] != "-":
        return None
    line_start, col = _line_bounds(text, i)
    if text[line_start:i].strip(" "):
        return None
    return col


def _style_in_file(root: Any, text: str) -> tuple[bool, int, int] | None:
    """Style of the first non-empty ``checkins`` list in the file: (flow items?, gaps)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if _is(node, "MappingNode"):
            found = _get(node, "checkins")
            if found is not None:
                key, seq = found
                if _is(seq, "SequenceNode") and seq.value and not seq.flow_style:
                    item = seq.value[-1]
                    dash = _dash_col(text, item)
                    if dash is not None:
                        flow = bool(getattr(item, "flow_style", False))
                        return flow, dash - key.start_mark.column, item.start_mark.column - dash
            stack.extend(v for _, v in reversed(node.value))
        elif _is(node, "SequenceNode"):
            stack.extend(reversed(node.value))
    return None


# --- the edit --------------------------------------------------------------------


@dataclass(frozen=True)
class TextEdit:
    text: str
    line: int
    """Line of the new check-in in the edited file."""


def insert_checkin(
    text: str, path: tuple[str | int, ...], kr_id: str, entry: Checkin, *, where: str = "<plan>"
) -> TextEdit:
    """Return ``text`` with ``entry`` appended to the ``checkins`` of the key result at ``path``.

    ``text`` is the file's text without a byte-order mark. Raises
    :class:`ConcurrentEditError` if ``path`` does not hold key result ``kr_id`` (the file
    changed since the plan was loaded), :class:`EditError` for a layout it cannot edit.
    """
    root = _compose(text, where)
    node = root
    parent_key: Any = None
    for step in path:
        if isinstance(step, int):
            if not _is(node, "SequenceNode") or step >= len(node.value):
                node = None
                break
            node = node.value[step]
        else:
            found = _get(node, step) if _is(node, "MappingNode") else None
            if found is None:
                node = None
                break
            parent_key, node = found
    ident = _get(node, "id") if node is not None and _is(node, "MappingNode") else None
    if ident is None or ident[1].value != kr_id:
        raise ConcurrentEditError(
            f"okrkit: {where} changed on disk while okrkit was reading it; nothing was written "
            "(run the command again)"
        )
    kr = node
    eol = _eol(text)
    found = _get(kr, "checkins")

    def new_block_lines(dash_base: int) -> list[str]:
        """Item lines for a new list whose key starts at column ``dash_base``."""
        style = _style_in_file(root, text)
        if style is None:  # the file has no check-ins yet: indent like key_results
            kr_dash = _dash_col(text, kr)
            offset = kr_dash - parent_key.start_mark.column if kr_dash is not None else 2
            flow, gap = True, 2
        else:
            flow, offset, gap = style
        dash = dash_base + max(0, offset)
        if flow:
            return [" " * dash + "-" + " " * max(1, gap - 1) + flow_item(entry)]
        return block_item(entry, dash, dash + max(2, gap))

    if found is None:
        if kr.flow_style:
            key, value = kr.value[-1]
            at = _content_end(value, text)
            new = text[:at] + f", checkins: [{flow_item(entry)}]" + text[at:]
            return TextEdit(new, _line_no(text, at))
        col = kr.start_mark.column
        lines = [" " * col + "checkins:", *new_block_lines(col)]
        new, line = _insert_lines_after(text, _content_end(kr, text), lines, eol)
        return TextEdit(new, line + 1)

    key, seq = found
    if not _is(seq, "SequenceNode"):
        raise EditError(
            f"okrkit: {where}:{key.start_mark.line + 1}:{key.start_mark.column + 1}: "
            "checkins is not a list"
        )
    if seq.flow_style:
        start, end = seq.start_mark.index, seq.end_mark.index
        if not seq.value:
            inner = text[start + 1 : end - 1]
            if kr.flow_style or "\n" in inner or "\r" in inner or "#" in inner:
                at = start + 1
                new = text[:at] + flow_item(entry) + text[at:]
                return TextEdit(new, _line_no(text, at))
            # "checkins: []" in a block mapping becomes a block list
            colon = text.index(":", key.end_mark.index)
            cut = text[: colon + 1] + text[end:]
            new, line = _insert_lines_after(
                cut, colon + 1, new_block_lines(key.start_mark.column), eol
            )
            return TextEdit(new, line)
        last = seq.value[-1]
        at = _content_end(last, text)
        _, last_col = _line_bounds(text, last.start_mark.index)
        starts_line = not text[
            _line_bounds(text, last.start_mark.index)[0] : last.start_mark.index
        ].strip()
        if last.start_mark.line != seq.start_mark.line and starts_line:
            new = text[:at] + "," + eol + " " * last_col + flow_item(entry) + text[at:]
            return TextEdit(new, _line_no(text, at) + 1)
        new = text[:at] + ", " + flow_item(entry) + text[at:]
        return TextEdit(new, _line_no(text, at))

    last = seq.value[-1]
    dash = _dash_col(text, last)
    if dash is None:
        raise EditError(
            f"okrkit: {where}:{last.start_mark.line + 1}:{last.start_mark.column + 1}: "
            "cannot tell how this checkins list is indented; add the check-in by hand"
        )
    if getattr(last, "flow_style", False) or not _is(last, "MappingNode"):
        gap = last.start_mark.column - dash
        lines = [" " * dash + "-" + " " * max(1, gap - 1) + flow_item(entry)]
    else:
        lines = block_item(entry, dash, last.start_mark.column)
    new, line = _insert_lines_after(text, _content_end(last, text), lines, eol)
    return TextEdit(new, line)


# --- verification ----------------------------------------------------------------


def verify_edit(
    old: str, new: str, path: tuple[str | int, ...], entry: Checkin, *, where: str
) -> None:
    """Check that ``new`` reads as ``old`` plus exactly ``entry`` at ``path``'s checkins."""
    from pydantic import ValidationError

    from okrkit.load.yaml12 import YamlError, parse

    def fail(why: str) -> EditError:
        return EditError(
            f"okrkit: {where}: the edit would {why}; nothing was written "
            "(please report this with the file)"
        )

    try:
        before, _ = parse(old)
        after, _ = parse(new)
    except YamlError as exc:
        raise fail(f"not parse (line {exc.line}: {exc.message})") from None
    expected = copy.deepcopy(before)
    node = expected
    for step in path:
        node = node[step]
    checkins = node.setdefault("checkins", [])
    if not isinstance(checkins, list):
        raise fail("change a checkins value that is not a list")
    got = after
    try:
        for step in path:
            got = got[step]
        item = got["checkins"][-1]
    except (KeyError, IndexError, TypeError):
        raise fail("lose the new check-in") from None
    try:
        parsed = Checkin.model_validate(item)
    except ValidationError as exc:
        raise fail(f"write an invalid check-in ({exc.error_count()} problems)") from None
    if parsed != entry:
        raise fail("write a different check-in than asked")
    checkins.append(item)
    if after != expected:
        raise fail("change more than the new check-in")


# --- the command's core ----------------------------------------------------------


@dataclass(frozen=True)
class CheckinResult:
    file: str
    line: int
    key_result: KeyResult
    """The key result with the new check-in appended."""


def record_checkin(
    plan: Plan,
    kr_id: str,
    entry: Checkin,
    *,
    today: dt.date,
) -> CheckinResult:
    """Append ``entry`` to key result ``kr_id`` in its plan file, atomically.

    Raises :class:`~okrkit.errors.UsageError` for an unknown key result or a date after
    ``today``, :class:`ConcurrentEditError` if the file changes on disk meanwhile, and
    :class:`EditError` if the edit cannot be made safely. On any error the file is
    untouched.
    """
    kr = plan.key_result_by_id.get(kr_id)
    if kr is None:
        from okrkit.load.messages import suggest

        raise UsageError(
            f"okrkit: unknown key result {kr_id!r}{suggest(kr_id, plan.key_result_by_id)}"
        )
    if entry.date > today:
        raise UsageError(
            f"okrkit: --date: {entry.date.isoformat()} is in the future (today is "
            f"{today.isoformat()})"
        )
    origin = plan.origin(kr)
    if origin is None:
        raise EditError(f"okrkit: key result {kr_id!r} was not read from a file")
    where = plan.files[origin.file_index]
    file = Path(where)
    try:
        raw, snapshot = Snapshot.read(file)
    except OSError as exc:
        raise EditError(f"okrkit: cannot read {where}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise EditError(
            f"okrkit: {where}: okrkit edits UTF-8 files only; save the file as UTF-8"
        ) from None
    bom = text.startswith(BOM)
    body = text[1:] if bom else text
    edit = insert_checkin(body, origin.path, kr_id, entry, where=where)
    verify_edit(body, edit.text, origin.path, entry, where=where)
    atomic_write_text(file, (BOM if bom else "") + edit.text, expected_stat=snapshot)
    updated = kr.model_copy(update={"checkins": [*kr.checkins, entry]})
    return CheckinResult(where, edit.line, updated)
