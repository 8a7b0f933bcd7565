"""Read YAML fast, by YAML 1.2 rules, and remember where every key and value was.

Why this design (measured, see docs/performance.md):

- ruamel.yaml's round-trip loader keeps positions but is 6-10x slower than a C parser;
  its C-based safe loader drops positions. PyYAML's libyaml event parser is faster still
  and gives a mark (line, column) for every event.
- PyYAML resolves plain scalars by YAML 1.1 (``no``/``off`` become booleans), while
  ruamel, which ``okrkit checkin`` uses to edit, follows YAML 1.2. So we consume the
  *events* and resolve scalars ourselves by the YAML 1.2 core schema: a plan means the
  same when it is read and when it is edited.
- Building from events (rather than PyYAML's recursive composer) lets us refuse hostile
  input early: nesting deeper than :data:`MAX_DEPTH` (the composer crashes the
  interpreter at ~100,000 levels), alias expansion beyond :data:`MAX_ALIAS_NODES`
  ("billion laughs"), duplicate keys, language-specific tags, several documents and
  integers with thousands of digits.

The result is plain data (dict, list, str, int, float, bool, None) and a flat
:class:`~okrkit.model.aggregate.Position` index: the line and column of every value and
key, by path.
"""

from __future__ import annotations

import re
from array import array
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from okrkit.model.aggregate import PATH_SEP, Position
from okrkit.model.scalars import written_float, written_int

try:  # libyaml, when PyYAML was built with it (the PyPI wheels are)
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback, same events
    from yaml import SafeLoader as _Loader

MAX_DEPTH = 64
"""Deepest nesting accepted. A plan needs about eight levels."""

MAX_ALIAS_NODES = 100_000
"""Values that aliases may stand for, in all; more is refused as an alias bomb."""

MAX_INT_DIGITS = 40
"""Longest integer accepted (beyond this is a typo or an attack)."""

_TAG = "tag:yaml.org,2002:"

_INT10 = re.compile(r"[-+]?[0-9]+")
_INT8 = re.compile(r"0o[0-7]+")
_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_MAYBE_SPECIAL = frozenset("0123456789+-.~nNtTfF")


class YamlError(Exception):
    """A problem in the YAML text itself, at a 1-based line and column."""

    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def _int(text: str, line: int, col: int) -> int:
    digits = text.lstrip("+-")
    if len(digits) > MAX_INT_DIGITS:
        raise YamlError(line, col, f"number has {len(digits)} digits; that is too large")
    return int(text, 0) if text[:2] in ("0o", "0x") else int(text)


def resolve_plain(text: str, line: int, col: int) -> Any:
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if text and text[0] not in _MAYBE_SPECIAL:
        return text
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    # A number keeps its written text when str() would not give it back (see
    # okrkit.model.scalars): a text field such as a title or an id reads as written.
    if _INT10.fullmatch(text):
        return written_int(_int(text, line, col), text)
    if _INT8.fullmatch(text):
        return written_int(_int("0o" + text[2:], line, col), text)
    if _INT16.fullmatch(text):
        return written_int(_int(text, line, col), text)
    if _FLOAT.fullmatch(text):
        if len(text) > 400:
            raise YamlError(line, col, "number is too long")
        return written_float(float(text), text)
    if _INF.fullmatch(text):
        return written_float(float("-inf") if text[0] == "-" else float("inf"), text)
    if _NAN.fullmatch(text):
        return written_float(float("nan"), text)
    return text


def _tagged(tag: str, text: str, line: int, col: int) -> Any:
    if tag in ("!", _TAG + "str"):
        return text
    if tag == _TAG + "int":
        value = resolve_plain(text, line, col)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise YamlError(line, col, f"!!int value {text!r} is not an integer")
    if tag == _TAG + "float":
        value = resolve_plain(text, line, col)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        raise YamlError(line, col, f"!!float value {text!r} is not a number")
    if tag == _TAG + "bool":
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise YamlError(line, col, f"!!bool value {text!r} is not true or false")
    if tag == _TAG + "null":
        return None
    raise YamlError(line, col, f"tag {_short_tag(tag)} is not allowed in a plan")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _check_collection_tag(tag: str | None, expected: str, line: int, col: int) -> None:
    if tag is None or tag == "!" or tag == _TAG + expected:
        return
    raise YamlError(line, col, f"tag {_short_tag(tag)} is not allowed in a plan")


def _size(value: Any) -> int:
    """How many values ``value`` stands for (used to bound alias expansion)."""
    count = 0
    stack = [value]
    while stack:
        v = stack.pop()
        count += 1
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
        if count > MAX_ALIAS_NODES:
            break
    return count


_NO_KEY = object()


def parse(text: str | bytes) -> tuple[Any, Position]:
    """Parse one YAML document (text, or UTF-8 bytes) into (data, positions).

    One loop over libyaml's events with an explicit stack of frames, not a recursive
    composer: it decides each scalar's type by the YAML 1.2 core schema (so a plan means
    what ``okrkit checkin`` will edit), records the line and column of every key and
    value by path, and refuses hostile input as it reads (too deep, too many alias nodes,
    duplicate keys, foreign tags, a second document) before it can cost memory or time.
    One function because the per-event work is the loader's hot loop, where a function
    call per event is a cost every plan pays (``docs/performance.md`` has the loader's
    figures).

    Raises :class:`YamlError` for syntax errors and for input refused as hostile.
    An empty document gives ``(None, <root at 1:1>)``. Bytes are handed to libyaml as
    they are (text would be encoded to UTF-8 again: one more copy of a large file).
    """
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    _refuse_unicode_breaks(data)
    paths: list[str] = []
    ints = array("i")  # 4 bytes a number: a 100,000-initiative plan has 35 million
    # A frame: [container, path, pending_key, key_line, key_col, anchor, is_mapping, line, col]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    alias_nodes = 0
    documents = 0
    root: Any = None
    have_root = False
    sep = PATH_SEP
    try:
        for ev in yaml.parse(data, Loader=_Loader):
            t = type(ev)
            if t is ScalarEvent:
                m = ev.start_mark
                line = m.line + 1
                col = m.column + 1
                tag = ev.tag
                if ev.style:  # quoted or block scalar: always a string unless tagged
                    value: Any = ev.value if tag is None else _tagged(tag, ev.value, line, col)
                elif tag is None:
                    value = resolve_plain(ev.value, line, col)
                else:
                    value = _tagged(tag, ev.value, line, col)
                if ev.anchor is not None:
                    anchors[ev.anchor] = (value, 1)
                key_text = ev.value
            elif t is MappingStartEvent or t is SequenceStartEvent:
                m = ev.start_mark
                line = m.line + 1
                col = m.column + 1
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(line, col, f"nesting is deeper than {MAX_DEPTH} levels")
                is_map = t is MappingStartEvent
                _check_collection_tag(ev.tag, "map" if is_map else "seq", line, col)
                # where this collection sits in its parent
                if stack:
                    parent = stack[-1]
                    if parent[6]:
                        if parent[2] is _NO_KEY:
                            raise YamlError(line, col, "a key must be plain text, not a collection")
                        path = f"{parent[1]}{sep}{parent[2]}" if parent[1] else parent[2]
                        key_line, key_col = parent[3], parent[4]
                    else:
                        index = str(len(parent[0]))
                        path = f"{parent[1]}{sep}{index}" if parent[1] else index
                        key_line, key_col = line, col
                else:
                    path, key_line, key_col = "", line, col
                paths.append(path)
                ints.extend((line, col, key_line, key_col))
                stack.append(
                    [{} if is_map else [], path, _NO_KEY, 0, 0, ev.anchor, is_map, line, col]
                )
                continue
            elif t is MappingEndEvent or t is SequenceEndEvent:
                frame = stack.pop()
                value = frame[0]
                if frame[5] is not None:
                    anchors[frame[5]] = (value, _size(value))
                if stack:
                    _attach(stack[-1], value)
                else:
                    root, have_root = value, True
                continue
            elif t is AliasEvent:
                m = ev.start_mark
                line = m.line + 1
                col = m.column + 1
                target = anchors.get(ev.anchor)
                if target is None:
                    raise YamlError(line, col, f"unknown alias *{ev.anchor}")
                value, size = target
                alias_nodes += size
                if alias_nodes > MAX_ALIAS_NODES:
                    raise YamlError(
                        line, col, "aliases expand to too much data (a 'billion laughs' bomb?)"
                    )
                key_text = None
            elif t is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    m = ev.start_mark
                    raise YamlError(
                        m.line + 1, m.column + 1, "a plan file holds one YAML document, not several"
                    )
                continue
            else:
                continue

            # a scalar or an alias: a key, a mapping value, a list item or the root
            if not stack:
                root, have_root = value, True
                paths.append("")
                ints.extend((line, col, line, col))
                continue
            frame = stack[-1]
            if frame[6]:
                if frame[2] is _NO_KEY:
                    if key_text is None:
                        raise YamlError(line, col, "a key must be plain text")
                    if key_text in frame[0]:
                        first = _key_line(paths, ints, frame[1], key_text)
                        raise YamlError(
                            line, col, f"duplicate key {key_text!r} (first at line {first})"
                        )
                    frame[2] = key_text
                    frame[3] = line
                    frame[4] = col
                    continue
                key = frame[2]
                paths.append(f"{frame[1]}{sep}{key}" if frame[1] else key)
                ints.extend((line, col, frame[3], frame[4]))
                frame[0][key] = value
                frame[2] = _NO_KEY
            else:
                index = str(len(frame[0]))
                paths.append(f"{frame[1]}{sep}{index}" if frame[1] else index)
                ints.extend((line, col, line, col))
                frame[0].append(value)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        message = exc.problem or "invalid YAML"
        if exc.context:
            message = f"{message} ({exc.context})"
        raise YamlError(line, col, f"YAML syntax: {message}") from None
    except yaml.reader.ReaderError as exc:  # control characters and the like
        pos = min(max(exc.position, 0), len(data))  # libyaml counts bytes
        line = data.count(b"\n", 0, pos) + 1
        start = data.rfind(b"\n", 0, pos) + 1
        col = len(data[start:pos].decode("utf-8", "replace")) + 1
        char = exc.character
        code = f"U+{ord(char) if isinstance(char, str) else char:04X}"
        raise YamlError(line, col, f"character {code} is not allowed in YAML text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        raise YamlError(line, col, f"YAML syntax: {exc}") from None
    except RecursionError:  # pragma: no cover - depth is capped above
        raise YamlError(1, 1, f"nesting is deeper than {MAX_DEPTH} levels") from None
    if not have_root:
        return None, Position([""], [1, 1, 1, 1])
    return root, Position(paths, ints)


_UNICODE_BREAKS = {
    b"\xc2\x85": ("U+0085", "next line", "\\N"),
    b"\xe2\x80\xa8": ("U+2028", "line separator", "\\L"),
    b"\xe2\x80\xa9": ("U+2029", "paragraph separator", "\\P"),
}


def _refuse_unicode_breaks(data: bytes) -> None:
    """Refuse NEL, LS and PS written as they are.

    YAML 1.2 does not count them as line breaks; libyaml (YAML 1.1) does, and ruamel.yaml,
    which ``okrkit checkin`` edits with, does in some places and not in others. A plan
    that holds one would mean different things to okrkit's reader and to its editor, with
    different line numbers, so it is refused at the character. Inside a double-quoted
    string the escape (``\\L``, ``\\u2028``) is fine.
    """
    found = [(i, raw) for raw in _UNICODE_BREAKS if (i := data.find(raw)) >= 0]
    if not found:
        return
    pos, raw = min(found)
    line = data.count(b"\n", 0, pos) + 1
    start = data.rfind(b"\n", 0, pos) + 1
    col = len(data[start:pos].decode("utf-8", "replace")) + 1
    code, name, escape = _UNICODE_BREAKS[raw]
    raise YamlError(
        line,
        col,
        f"character {code} ({name}) is not allowed: YAML readers disagree on whether it "
        f"ends a line; inside double quotes write {escape}",
    )


def _key_line(paths: list[str], ints: array[int], prefix: str, key: str) -> int:
    """The line where ``key`` was first written in the mapping at ``prefix``."""
    target = f"{prefix}{PATH_SEP}{key}" if prefix else key
    for i in range(len(paths) - 1, -1, -1):
        if paths[i] == target:
            return ints[4 * i + 2]
    return 0


def _attach(frame: list[Any], value: Any) -> None:
    """Put a finished collection into its parent frame (its position is already recorded)."""
    if frame[6]:
        frame[0][frame[2]] = value
        frame[2] = _NO_KEY
    else:
        frame[0].append(value)
