"""Append a check-in to a key result by a minimal text edit of its plan file.

The file is not re-serialised: ruamel.yaml's round-trip composer finds where the key
result's ``checkins`` list ends, and the new item is inserted there as text, in the
style of that list (flow ``- {date: ..., value: ...}`` items or block items). Every
other byte stays as it was: comments, key order, quoting, indentation, line endings
(LF, CRLF or CR), a byte-order mark, a missing final newline.

There is one insertion strategy per shape of the key result (see :func:`insert_checkin`):
a flow mapping without ``checkins``, a block mapping without ``checkins``, an empty flow
list, a flow list with items, a block list.

Before anything is written the edit is verified: the new text is parsed by the same
YAML 1.2 reader the loader uses, and it must equal the old data plus exactly the new
check-in. The file is read, edited, verified and replaced while holding its folder's
lock, and only if it did not change on disk since it was read
(:func:`okrkit.edit.atomic.locked_file`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from okrkit.edit.atomic import ConcurrentEditError, locked_file
from okrkit.errors import OkrkitError, UnknownIdError, UsageError
from okrkit.model.aggregate import Plan
from okrkit.model.plan import Checkin, KeyResult

BOM = "\ufeff"


class EditError(OkrkitError):
    """The edit cannot be made safely; the file is untouched."""


class _UnendedText(Exception):
    """A block scalar (not ``|-``) ends the file with no line break: nothing can follow it."""

    def __init__(self, node: ScalarNode):
        self.node = node


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
                raise UsageError("the note is not valid Unicode (a lone surrogate)")
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

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


def _ruamel_view(text: str) -> str:
    """``text`` with the tabs ruamel.yaml refuses as separators turned into spaces.

    YAML 1.2 (and the loader) allow a tab between tokens (``key:<TAB>value``,
    ``-<TAB>item``, before a comment); ruamel.yaml's scanner does not. Positions are
    all the editor takes from ruamel, and a tab becomes one space, so every index stays
    valid for the real text. A tab that starts a line's content after its indentation
    (block-scalar text) is kept, since it can decide that scalar's indentation; the
    verification step re-reads the real text with the loader's reader in any case.
    """
    if "\t" not in text:
        return text
    out = []
    for m in _LINE.finditer(text):
        line, brk = m.group(1), m.group(2)
        if "\t" in line:
            body = line.lstrip(" ")
            lead = len(line) - len(body)
            if body.strip(" \t"):
                kept = len(body) - len(body.lstrip("\t"))
                line = line[: lead + kept] + line[lead + kept :].replace("\t", " ")
            else:
                line = line.replace("\t", " ")
        out.append(line + brk)
        if not brk:
            break
    return "".join(out)


def _compose(text: str, where: str) -> Node:
    from ruamel.yaml import YAML

    try:
        node = YAML(typ="rt").compose(_ruamel_view(text))
    except Exception as exc:  # the loader read this file, so this is unexpected
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        at = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise EditError(
            f"{where}{at}: okrkit cannot edit this layout ({problem}); nothing was "
            "written (add the check-in by hand)"
        ) from None
    if not isinstance(node, Node):
        raise ConcurrentEditError(
            f"{where} changed on disk while okrkit was reading it; nothing was "
            "written (run the command again)"
        )
    return node


def _get(mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
    for k, v in mapping.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def _flow(node: Node) -> bool:
    return bool(getattr(node, "flow_style", False))


def _empty_scalar(node: Node) -> bool:
    return (
        isinstance(node, ScalarNode)
        and node.value == ""
        and node.style is None
        and node.start_mark.index == node.end_mark.index
    )


_BLOCK_HEADER = re.compile(r"[|>]([0-9+\-]*)")


def _chomping(node: ScalarNode, text: str) -> str:
    """A block scalar's chomping: ``+`` keep, ``-`` strip, ``""`` clip."""
    header = _BLOCK_HEADER.search(text, node.start_mark.index)
    indicators = header.group(1) if header is not None else ""
    return "+" if "+" in indicators else "-" if "-" in indicators else ""


def _content_end(node: Node, text: str) -> int:
    """Index just after the last character that belongs to ``node`` (not trailing space).

    For a keep-chomping block scalar that is its last line break (the blank lines
    before it are part of its value), so new lines go after them. A block scalar that
    keeps a final line break (``|``, ``|+``) but ends the file without one cannot be
    followed by anything without changing its value: :class:`_UnendedText`.
    """
    if isinstance(node, ScalarNode):
        end = node.end_mark.index
        if node.style in ("|", ">"):  # block scalars end after their line breaks
            chomping = _chomping(node, text)
            if chomping == "+" and end > 0 and text[end - 1] in "\r\n":
                return int(end - 1)
            while end > node.start_mark.index and text[end - 1] in " \t\r\n":
                end -= 1
            if chomping != "-" and not re.search("[\r\n]", text[end:]):
                raise _UnendedText(node)
        return int(end)
    if _flow(node) or not node.value:
        return int(node.end_mark.index)
    if isinstance(node, MappingNode):
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


def _line_no(text: str, index: int) -> int:
    brk = "\r" if "\n" not in text and "\r" in text else "\n"
    return text.count(brk, 0, index) + 1


def _dash_col(text: str, item: Node) -> int | None:
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


def _style_in_file(root: Node, text: str) -> tuple[bool, int, int] | None:
    """Style of the first non-empty ``checkins`` list in the file: (flow items?, gaps)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            found = _get(node, "checkins")
            if found is not None:
                key, seq = found
                if isinstance(seq, SequenceNode) and seq.value and not seq.flow_style:
                    item = seq.value[-1]
                    dash = _dash_col(text, item)
                    if dash is not None:
                        return (
                            _flow(item),
                            dash - key.start_mark.column,
                            item.start_mark.column - dash,
                        )
            stack.extend(v for _, v in reversed(node.value))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
    return None


def _shared(root: Node) -> set[int]:
    """Ids of nodes reached more than once: the targets of YAML aliases."""
    seen: set[int] = set()
    shared: set[int] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            shared.add(id(node))
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return shared


# --- the edit --------------------------------------------------------------------


@dataclass(frozen=True)
class TextEdit:
    text: str
    line: int
    """Line of the new check-in in the edited file."""


@dataclass(frozen=True)
class _Target:
    """The key result to edit, in a composed file."""

    text: str
    root: Node
    where: str
    parent_key: Node | None
    """The ``key_results`` key the key result is listed under."""
    kr: MappingNode
    entry: Checkin

    @property
    def eol(self) -> str:
        return _eol(self.text)

    def insert_lines_after(self, text: str, index: int, lines: list[str]) -> tuple[str, int]:
        """Insert whole lines after the line holding ``index``; (text, first new line).

        A file without a final newline keeps none: the break goes before the new lines.
        """
        eol = self.eol
        brk = "\r" if eol == "\r" else "\n"
        nl = text.find(brk, index)
        if nl == -1:
            pos = len(text)
            new = text + eol + eol.join(lines)
            return new, _line_no(new, pos + len(eol))
        pos = nl + 1
        return text[:pos] + "".join(line + eol for line in lines) + text[pos:], _line_no(text, pos)

    def new_list_lines(self, key_col: int) -> list[str]:
        """Item lines for a new block list whose key starts at column ``key_col``.

        Styled like the file's other check-ins; with none yet, flow items indented the
        way the key results are.
        """
        style = _style_in_file(self.root, self.text)
        if style is None:
            kr_dash = _dash_col(self.text, self.kr)
            parent_col = self.parent_key.start_mark.column if self.parent_key is not None else 0
            offset = kr_dash - parent_col if kr_dash is not None else 2
            flow, gap = True, 2
        else:
            flow, offset, gap = style
        dash = key_col + max(0, offset)
        if flow:
            return [" " * dash + "-" + " " * max(1, gap - 1) + flow_item(self.entry)]
        return block_item(self.entry, dash, dash + max(2, gap))


def _locate(
    text: str, path: tuple[str | int, ...], kr_id: str, entry: Checkin, where: str
) -> _Target:
    """Find key result ``kr_id`` at ``path``; refuse if it moved or its list is shared."""
    root = _compose(text, where)
    node: Node | None = root
    parent_key: Node | None = None
    chain: list[Node] = [root]
    for step in path:
        if isinstance(step, int):
            if not isinstance(node, SequenceNode) or step >= len(node.value):
                node = None
                break
            node = node.value[step]
        else:
            found = _get(node, step) if isinstance(node, MappingNode) else None
            if found is None:
                node = None
                break
            parent_key, node = found
        chain.append(node)
    ident = _get(node, "id") if isinstance(node, MappingNode) else None
    if ident is None or ident[1].value != kr_id or not isinstance(node, MappingNode):
        raise ConcurrentEditError(
            f"{where} changed on disk while okrkit was reading it; nothing was written "
            "(run the command again)"
        )
    found = _get(node, "checkins")
    if found is not None:
        chain.append(found[1])
    shared = _shared(root)
    if any(id(n) in shared for n in chain):
        at = found[0] if found is not None else node
        raise EditError(
            f"{where}:{at.start_mark.line + 1}:{at.start_mark.column + 1}: the check-ins "
            f"of {kr_id!r} are shared with another part of the plan through a YAML alias, so a "
            "new one would be recorded twice; nothing was written (write the list out for "
            "each key result, or add the check-in by hand)"
        )
    return _Target(text, root, where, parent_key, node, entry)


def insert_checkin(
    text: str, path: tuple[str | int, ...], kr_id: str, entry: Checkin, *, where: str = "<plan>"
) -> TextEdit:
    """Return ``text`` with ``entry`` appended to the ``checkins`` of the key result at ``path``.

    ``text`` is the file's text without a byte-order mark. Raises
    :class:`ConcurrentEditError` if ``path`` does not hold key result ``kr_id`` (the file
    changed since the plan was loaded), :class:`EditError` for a layout it cannot edit
    (including a ``checkins`` list shared through a YAML alias).
    """
    t = _locate(text, path, kr_id, entry, where)
    try:
        return _insert(t)
    except _UnendedText as exc:
        mark = exc.node.start_mark
        raise EditError(
            f"{where}:{mark.line + 1}:{mark.column + 1}: this block text (| or >) ends the file "
            "without a line break, so a line added after it would become part of it; nothing "
            "was written (end the file with a line break)"
        ) from None


def _insert(t: _Target) -> TextEdit:
    """Pick the insertion strategy for the shape of the key result and its list."""
    where = t.where
    found = _get(t.kr, "checkins")
    if found is None:
        return _add_to_flow_mapping(t) if t.kr.flow_style else _add_to_block_mapping(t)
    key, seq = found
    if not isinstance(seq, SequenceNode):
        raise EditError(
            f"{where}:{key.start_mark.line + 1}:{key.start_mark.column + 1}: checkins is not a list"
        )
    if not seq.flow_style:
        return _append_to_block_list(t, seq)
    if not seq.value:
        return _fill_empty_flow_list(t, key, seq)
    return _append_to_flow_list(t, seq)


def _add_to_flow_mapping(t: _Target) -> TextEdit:
    """``{id: kr, ...}`` gains ``, checkins: [{...}]`` before its ``}``."""
    _, value = t.kr.value[-1]
    at = _content_end(value, t.text)
    new = t.text[:at] + f", checkins: [{flow_item(t.entry)}]" + t.text[at:]
    return TextEdit(new, _line_no(t.text, at))


def _add_to_block_mapping(t: _Target) -> TextEdit:
    """A ``checkins:`` key with one item, after the key result's last line."""
    col = t.kr.start_mark.column
    lines = [" " * col + "checkins:", *t.new_list_lines(col)]
    new, line = t.insert_lines_after(t.text, _content_end(t.kr, t.text), lines)
    return TextEdit(new, line + 1)


def _fill_empty_flow_list(t: _Target, key: Node, seq: SequenceNode) -> TextEdit:
    """``checkins: []``: a block list in a block mapping, else the item inside ``[]``."""
    start, end = seq.start_mark.index, seq.end_mark.index
    inner = t.text[start + 1 : end - 1]
    if t.kr.flow_style or "\n" in inner or "\r" in inner or "#" in inner:
        at = start + 1
        new = t.text[:at] + flow_item(t.entry) + t.text[at:]
        return TextEdit(new, _line_no(t.text, at))
    colon = t.text.index(":", key.end_mark.index)
    cut = t.text[: colon + 1] + t.text[end:]
    new, line = t.insert_lines_after(cut, colon + 1, t.new_list_lines(key.start_mark.column))
    return TextEdit(new, line)


def _append_to_flow_list(t: _Target, seq: SequenceNode) -> TextEdit:
    """``[a, b]`` gains ``, {...}``, on a line of its own if the items are one a line."""
    text = t.text
    last = seq.value[-1]
    at = _content_end(last, text)
    line_start, last_col = _line_bounds(text, last.start_mark.index)
    starts_line = not text[line_start : last.start_mark.index].strip()
    if last.start_mark.line != seq.start_mark.line and starts_line:
        new = text[:at] + "," + t.eol + " " * last_col + flow_item(t.entry) + text[at:]
        return TextEdit(new, _line_no(text, at) + 1)
    new = text[:at] + ", " + flow_item(t.entry) + text[at:]
    return TextEdit(new, _line_no(text, at))


def _append_to_block_list(t: _Target, seq: SequenceNode) -> TextEdit:
    """A block list gains an item like its last one (flow or block), after it."""
    last = seq.value[-1]
    dash = _dash_col(t.text, last)
    if dash is None:
        raise EditError(
            f"{t.where}:{last.start_mark.line + 1}:{last.start_mark.column + 1}: "
            "cannot tell how this checkins list is indented; add the check-in by hand"
        )
    if _flow(last) or not isinstance(last, MappingNode):
        gap = last.start_mark.column - dash
        lines = [" " * dash + "-" + " " * max(1, gap - 1) + flow_item(t.entry)]
    else:
        lines = block_item(t.entry, dash, last.start_mark.column)
    new, line = t.insert_lines_after(t.text, _content_end(last, t.text), lines)
    return TextEdit(new, line)


# --- verification ----------------------------------------------------------------


def _unshared(value: Any) -> Any:
    """A deep copy in which no two places share an object (unlike ``copy.deepcopy``).

    The reader returns one object for an anchor and its aliases; the expected result
    must not, so that a change seen through an alias counts as a second change.
    """
    if isinstance(value, dict):
        return {k: _unshared(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unshared(v) for v in value]
    return value


def same_data(a: Any, b: Any) -> bool:
    """Equal as plan data: same types, same order of keys, NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return bool(b != b)
    return bool(a == b)


def verify_edit(
    old: str, new: str, path: tuple[str | int, ...], entry: Checkin, *, where: str
) -> list[Checkin]:
    """Check that ``new`` reads as ``old`` plus exactly ``entry`` at ``path``'s checkins.

    Returns the key result's check-ins as read back from ``new``.
    """
    from pydantic import ValidationError

    from okrkit.load.yaml12 import YamlError, parse

    def fail(why: str) -> EditError:
        return EditError(
            f"{where}: the edit would {why}; nothing was written (please report this with the file)"
        )

    try:
        before, _ = parse(old)
        after, _ = parse(new)
    except YamlError as exc:
        raise fail(f"not parse (line {exc.line}: {exc.message})") from None
    expected = _unshared(before)
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
        items = got["checkins"]
        item = items[-1]
    except (KeyError, IndexError, TypeError):
        raise fail("lose the new check-in") from None
    try:
        parsed = Checkin.model_validate(item)
    except ValidationError as exc:
        raise fail(f"write an invalid check-in ({exc.error_count()} problems)") from None
    if parsed != entry:
        raise fail("write a different check-in than asked")
    checkins.append(item)
    if not same_data(after, expected):
        raise fail("change more than the new check-in")
    try:
        return [Checkin.model_validate(c) for c in items]
    except ValidationError as exc:
        raise fail(f"leave invalid check-ins ({exc.error_count()} problems)") from None


# --- the command's core ----------------------------------------------------------


@dataclass(frozen=True)
class CheckinResult:
    file: str
    line: int
    key_result: KeyResult
    """The key result as the edited file holds it, the new check-in last."""


def record_checkin(
    plan: Plan,
    kr_id: str,
    entry: Checkin,
    *,
    before_write: Callable[[CheckinResult], object] | None = None,
) -> CheckinResult:
    """Append ``entry`` to key result ``kr_id`` in its plan file, atomically.

    The file is read, edited, verified and replaced while holding its folder's lock,
    so okrkit processes editing one file take turns and none loses another's check-in.
    ``before_write`` is called with the result before the file is replaced; if it
    raises, nothing is written (the CLI renders its confirmation there, so a failure to
    render cannot follow a write).

    Raises :class:`~okrkit.errors.UsageError` for an unknown key result,
    :class:`ConcurrentEditError` if the file changes on disk meanwhile, and
    :class:`EditError` if the edit cannot be made safely. On any error the file is
    untouched.
    """
    kr = plan.key_result_by_id.get(kr_id)
    if kr is None:
        raise UnknownIdError("key result", kr_id, plan.key_result_by_id)
    origin = plan.origin(kr)
    if origin is None:
        raise EditError(f"key result {kr_id!r} was not read from a file")
    where = plan.files[origin.file_index]
    with locked_file(Path(where)) as file:
        try:
            text = file.data.decode("utf-8")
        except UnicodeDecodeError:
            raise EditError(
                f"{where}: okrkit edits UTF-8 files only; save the file as UTF-8"
            ) from None
        bom = text.startswith(BOM)
        body = text[1:] if bom else text
        edit = insert_checkin(body, origin.path, kr_id, entry, where=where)
        checkins = verify_edit(body, edit.text, origin.path, entry, where=where)
        result = CheckinResult(where, edit.line, kr.model_copy(update={"checkins": checkins}))
        if before_write is not None:
            before_write(result)
        file.replace((BOM if bom else "") + edit.text)
    return result
