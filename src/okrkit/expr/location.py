"""Turn an offset into an expression's text into a ``file:line:col`` in the plan file."""

from __future__ import annotations

from okrkit.model.aggregate import Location


def _read_lines(file: str) -> list[str] | None:
    try:
        with open(file, encoding="utf-8") as fh:
            return fh.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return None


def expression_location(base: Location, text: str, offset: int) -> Location:
    """Where character ``offset`` of ``text`` is, given that ``text`` starts at ``base``.

    ``base`` is the position of the YAML value (as :meth:`Plan.where` gives it). A quoted
    value starts one column after its quote; a block scalar (``|`` or ``>``) starts on the
    next line at its indentation. When the file cannot be read, the column is
    ``base.column + offset``.
    """
    offset = max(0, min(offset, len(text)))
    lines = _read_lines(base.file)
    first = ""
    if lines is not None and 0 < base.line <= len(lines):
        first = lines[base.line - 1][base.column - 1 :]
    if first[:1] in ("|", ">") and lines is not None:
        # block scalar: the text's lines are the following lines, at their indentation
        before = text[:offset]
        row = before.count("\n")
        col_in_line = offset - (before.rfind("\n") + 1)
        line_no = base.line + 1 + row
        indent = 0
        if base.line < len(lines):
            # the block's indentation is that of its first line
            first_line = lines[base.line]
            indent = len(first_line) - len(first_line.lstrip(" "))
        return Location(base.file, line_no, indent + col_in_line + 1)
    shift = 1 if first[:1] in ("'", '"') else 0
    before = text[:offset]
    if "\n" in before:
        row = before.count("\n")
        return Location(base.file, base.line + row, offset - before.rfind("\n"))
    return Location(base.file, base.line, base.column + shift + offset)
