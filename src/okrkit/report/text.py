"""Plain-text helpers shared by every reporter: aligned tables that fit a width.

Number formatting lives in :mod:`okrkit.fmt` (the core uses it too).

Tables are formatted by hand, not with rich: rich costs about half a millisecond a row,
and ``okrkit score`` on 10,000 initiatives must render as fast as its JSON.

Widths are terminal cells (:func:`display_width`): a CJK character or an emoji takes
two, a combining accent none. With a ``width``, a table wraps the columns it is allowed
to wrap instead of losing any; :func:`fit_widths` decides how far each one gives way.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

SEP = "  "
"""Between two columns."""


def char_width(char: str) -> int:
    """The terminal cells one character takes: 2 for wide (CJK, emoji), 0 for combining."""
    if unicodedata.combining(char) or char in "\u200b\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """The terminal cells ``text`` takes (ASCII: its length)."""
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


def pad(text: str, width: int, align: str = "l") -> str:
    """``text`` padded with spaces to ``width`` cells, left (``l``) or right (``r``)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if align == "r" else text + fill


def _hard_split(word: str, width: int) -> list[str]:
    """A word longer than ``width`` cut into pieces, after a ``-``/``_``/``/`` when one
    is near the end of a piece (so ``ledger-write-latency`` breaks as ``ledger-write-``)."""
    pieces: list[str] = []
    while display_width(word) > width:
        cut, used = 0, 0
        for i, c in enumerate(word):
            w = char_width(c)
            if used + w > width:
                break
            used += w
            cut = i + 1
        cut = max(cut, 1)
        soft = max(word.rfind(c, 0, cut) for c in "-_/.")
        if soft >= cut // 2:
            cut = soft + 1
        pieces.append(word[:cut])
        word = word[cut:]
    pieces.append(word)
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells.

    Lines break at spaces; a word longer than the width is cut (after a hyphen when it
    can be). Nothing is dropped: joining the lines gives back every non-space character
    in order. A newline in ``text`` always starts a new line; a line's leading spaces
    (an indented row) are repeated on its continuation lines while they leave room.
    Always at least one line.
    """
    width = max(1, width)
    out: list[str] = []
    for para in text.split("\n"):
        lead = " " * (len(para) - len(para.lstrip(" ")))
        if len(lead) > width // 2:
            lead = ""
        room = width - len(lead)
        lines: list[str] = []
        line = ""
        for word in para.split(" "):
            if not word:
                continue
            if line and display_width(line) + 1 + display_width(word) <= room:
                line += " " + word
                continue
            if line:
                lines.append(line)
            *full, line = _hard_split(word, room)
            lines.extend(full)
        lines.append(line)
        out.extend(lead + x if x else x for x in lines)
    return out


def longest_word(text: str) -> int:
    """The widest space-separated word of ``text`` (the width below which it must cut)."""
    return max((display_width(w) for w in text.replace("\n", " ").split(" ")), default=0)


def fit_widths(
    natural: Sequence[int], minimum: Sequence[int], budget: int, *, sep: int = len(SEP)
) -> list[int] | None:
    """Column widths whose total (with ``sep`` between columns) is at most ``budget``.

    Each column starts at its ``natural`` width; while the total is too wide, the column
    furthest above its ``minimum`` gives up a cell (ties: the rightmost). A column whose
    minimum equals its natural width never shrinks. ``None`` when even every minimum is
    too wide: the caller must choose another layout rather than lose a column.
    """
    widths = list(natural)
    floor = [min(m, n) for m, n in zip(minimum, natural, strict=True)]
    total = sum(widths) + sep * max(0, len(widths) - 1)
    if total <= budget:
        return widths
    if sum(floor) + sep * max(0, len(widths) - 1) > budget:
        return None
    while total > budget:
        i = max(range(len(widths)), key=lambda j: (widths[j] - floor[j], j))
        widths[i] -= 1
        total -= 1
    return widths


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: str | None = None,
    indent: str = "",
    width: int | None = None,
    wrap_columns: Sequence[int] = (),
    min_width: int = 10,
) -> str:
    """An aligned plain-text table. ``align`` is one letter a column: ``l`` or ``r``.

    Without ``width`` every row is one line, as wide as it needs. With ``width``, the
    columns in ``wrap_columns`` shrink (to ``min_width`` cells at the least) and their
    cells wrap onto more lines so that no line is wider than ``width``. Raises
    ``ValueError`` when the table cannot fit that way (check with :func:`table_fits`
    first and choose another layout): a column is never dropped or cut silently.
    """
    widths = _table_widths(headers, rows, indent, width, wrap_columns, min_width)
    if widths is None:
        raise ValueError(f"the table does not fit in {width} columns")
    aligns = align or "l" * len(headers)

    def lines(cells: Sequence[str]) -> list[str]:
        wrapped = [
            wrap(c, widths[i]) if i in wrap_columns and display_width(c) > widths[i] else [c]
            for i, c in enumerate(cells)
        ]
        out = []
        for n in range(max(len(w) for w in wrapped)):
            parts = [
                pad(w[n] if n < len(w) else "", widths[i], aligns[i]) for i, w in enumerate(wrapped)
            ]
            out.append((indent + SEP.join(parts)).rstrip())
        return out

    out = lines(headers)
    out.append(indent + SEP.join("-" * w for w in widths))
    for r in rows:
        out.extend(lines(r))
    return "\n".join(out)


def table_fits(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: int | None,
    indent: str = "",
    wrap_columns: Sequence[int] = (),
    min_width: int = 10,
) -> bool:
    """Whether :func:`table` can lay these rows out within ``width``."""
    return _table_widths(headers, rows, indent, width, wrap_columns, min_width) is not None


def _table_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    indent: str,
    width: int | None,
    wrap_columns: Sequence[int],
    min_width: int,
) -> list[int] | None:
    natural = [display_width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            natural[i] = max(natural[i], display_width(cell))
    if width is None:
        return natural
    minimum = [
        max(display_width(h), min_width) if i in wrap_columns else natural[i]
        for i, h in enumerate(headers)
    ]
    return fit_widths(natural, minimum, width - display_width(indent))
