"""Plain-text helpers shared by every reporter: aligned tables that fit a width.

Number formatting lives in :mod:`okrkit.fmt` (the core uses it too).

Tables are formatted by hand, not with rich: rich costs about half a millisecond a row,
and ``okrkit score`` on 10,000 initiatives must render as fast as its JSON.

Widths are terminal cells (:func:`display_width`): a CJK character or an emoji takes
two, a combining accent none. With a ``width``, a table wraps the columns it is allowed
to wrap instead of losing any; :func:`fit_widths` decides how far each one gives way.

Given a ``main`` column, a table that cannot fit by wrapping changes layout instead
(never dropping a column): two lines a row (the ``main`` column, an initiative and its
title, on the first; the other columns aligned on the second), then, when even that is
too wide, a record a row (the ``main`` column, then ``header: value`` pairs wrapped).

Colour (:func:`paint`, ``style=``) is added after padding, so escape codes never count
towards a width; without colour the output is the same text byte for byte.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

SEP = "  "
"""Between two columns."""

StyleFn = Callable[[int, int], str]
"""``(row index, column index) -> SGR parameters`` (``"36"``, ``"2;9"``) or ``""``."""

MAX_WORD = 32
"""With a ``main`` column, a wrapped column keeps its longest word (an id) whole up to
this many cells: another layout takes over before an id is cut."""

STATUS_STYLE: dict[str, str] = {
    "proposed": "",
    "committed": "32",  # green: promised
    "in_progress": "36",  # cyan: under way
    "done": "2",  # dim: behind us
    "dropped": "2;9",  # dim, struck through
}
"""The colour of each initiative status (the word is always shown too)."""

WARN = "33"
"""Yellow: does not fit, spills over, waits on something."""
BAD = "31"
"""Red: cannot go ahead as planned (a cycle, a missed deadline)."""
DIM = "2"


def paint(text: str, style: str) -> str:
    """``text`` in the ANSI codes of ``style`` (SGR parameters); unchanged when ``style``
    or ``text`` is empty."""
    if not style or not text:
        return text
    return f"\x1b[{style}m{text}\x1b[0m"


def status_style(status: str) -> str:
    return STATUS_STYLE.get(status, "")


def clean(text: str) -> str:
    """``text`` on one line: line breaks and tabs become spaces, other control characters
    (an escape code in a title) become U+FFFD, so a cell cannot break a layout or drive
    the terminal."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable():
            out.append(ch)
        elif ch.isspace():
            out.append(" ")
        elif unicodedata.category(ch) == "Cc":
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """The terminal cells one character takes: 2 for wide (CJK, emoji), 0 for combining."""
    if unicodedata.combining(char) or char in "\u200b\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """The terminal cells ``text`` takes (ASCII: its length)."""
    if text.isascii():
        return len(text)
    # only the non-ASCII characters need a look-up (an id — title has one)
    others = _NON_ASCII.findall(text)
    return len(text) - len(others) + sum(char_width(c) for c in others)


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
    if (
        "\n" not in text
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and display_width(text) <= width
    ):
        return [text]  # what the loop below gives, without its cost
    out: list[str] = []
    for para in text.split("\n"):
        lead = " " * (len(para) - len(para.lstrip(" ")))
        if len(lead) > width // 2 or width - len(lead) < 2:  # room for a wide character
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


def wrap_text(
    text: str, width: int | None, indent: str = "", subsequent: str | None = None
) -> list[str]:
    """``text`` (made one line by :func:`clean`) as lines of at most ``width`` cells,
    ``indent`` before the first and ``subsequent`` (default: ``indent``) before the
    others; one line when ``width`` is ``None``."""
    text = clean(text)
    rest = indent if subsequent is None else subsequent
    if width is None or display_width(indent) + display_width(text) <= width:
        return [(indent + text).rstrip()]
    first, *more = wrap(text, max(width - display_width(indent), 1))
    lines = [indent + first]
    if more:
        lines += [rest + x for x in wrap(" ".join(more), max(width - display_width(rest), 1))]
    return [x.rstrip() for x in lines]


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
    main: int | None = None,
    style: StyleFn | None = None,
) -> str:
    """An aligned plain-text table. ``align`` is one letter a column: ``l`` or ``r``.

    Without ``width`` every row is one line, as wide as it needs. With ``width``, the
    columns in ``wrap_columns`` shrink (to ``min_width`` cells at the least) and their
    cells wrap onto more lines so that no line is wider than ``width``. When the table
    cannot fit that way: with a ``main`` column it takes two lines a row, or a record a
    row (see the module docstring); without one it raises ``ValueError`` (check with
    :func:`table_fits` first and choose another layout): a column is never dropped or
    cut silently. ``style`` colours a cell, after padding.
    """
    aligns = align or "l" * len(headers)
    if main is not None:
        rows = [[clean(c) for c in row] for row in rows]
    widths = _table_widths(
        headers, rows, indent, width, wrap_columns, min_width, keep_words=main is not None
    )
    if widths is None:
        if main is None or width is None:
            raise ValueError(f"the table does not fit in {width} columns")
        return _other_layout(
            headers, rows, aligns, indent, width, wrap_columns, min_width, main, style
        )
    return _grid(headers, rows, aligns, indent, widths, wrap_columns, style)


def _grid(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    aligns: str,
    indent: str,
    widths: Sequence[int],
    wrap_columns: Sequence[int],
    style: StyleFn | None,
    *,
    columns: Sequence[int] | None = None,
) -> str:
    """Rows of the ``columns`` (default: all) at ``widths``, wrap columns wrapped."""
    cols = list(range(len(headers))) if columns is None else list(columns)
    plain = [(i, widths[k], aligns[i] == "r") for k, i in enumerate(cols)]
    wrapping = [(i, widths[k]) for k, i in enumerate(cols) if i in wrap_columns]

    def lines(cells: Sequence[str], r: int | None, lead: str) -> list[str]:
        if (style is None or r is None) and all(
            display_width(cells[i]) <= room for i, room in wrapping
        ):  # one line, no colour: the common case, kept fast for 10,000 rows
            parts = []
            for i, room, right in plain:
                c = cells[i]
                fill = " " * (room - (len(c) if c.isascii() else display_width(c)))
                parts.append(fill + c if right else c + fill)
            return [(lead + SEP.join(parts)).rstrip()]
        wrapped = [
            wrap(cells[i], widths[k])
            if i in wrap_columns and display_width(cells[i]) > widths[k]
            else [cells[i]]
            for k, i in enumerate(cols)
        ]
        out = []
        for n in range(max(len(w) for w in wrapped)):
            parts = []
            for k, w in enumerate(wrapped):
                text = w[n] if n < len(w) else ""
                sgr = style(r, cols[k]) if style is not None and r is not None else ""
                parts.append(_painted_pad(text, widths[k], aligns[cols[k]], sgr))
            out.append((lead + SEP.join(parts)).rstrip())
        return out

    out = lines(headers, None, indent)
    out.append(indent + SEP.join("-" * w for w in widths))
    for r, row in enumerate(rows):
        out.extend(lines(row, r, indent))
    return "\n".join(out)


def _painted_pad(text: str, width: int, align: str, sgr: str) -> str:
    fill = " " * max(0, width - display_width(text))
    text = paint(text, sgr)
    return fill + text if align == "r" else text + fill


class _Layout:
    """What the two-line and record layouts share: the columns before ``main`` (``lead``)
    at their natural widths, then ``main``; the rest go below, under ``main``."""

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        aligns: str,
        indent: str,
        width: int,
        main: int,
        style: StyleFn | None,
    ) -> None:
        self.headers, self.rows, self.aligns = headers, rows, aligns
        self.indent, self.width, self.main, self.style = indent, width, main, style
        natural = [display_width(h) for h in headers]
        for row in rows:
            for i, cell in enumerate(row):
                natural[i] = max(natural[i], display_width(cell))
        self.natural = natural
        self.set_lead(list(range(main)))

    def set_lead(self, lead: list[int]) -> None:
        self.lead = lead
        self.offset = display_width(self.indent) + sum(self.natural[i] + len(SEP) for i in lead)
        # the lines below sit under the main column, indented when nothing leads it
        self.under = " " * (self.offset + (0 if lead else len(SEP)))

    def sgr(self, r: int | None, i: int) -> str:
        return self.style(r, i) if self.style is not None and r is not None else ""

    def first(self, cells: Sequence[str], r: int | None) -> list[str]:
        """The leading cells, then the main one wrapped under itself."""
        start = self.indent + "".join(
            _painted_pad(cells[i], self.natural[i], self.aligns[i], self.sgr(r, i)) + SEP
            for i in self.lead
        )
        first, *more = wrap(cells[self.main], max(self.width - self.offset, 1))
        if more:  # continued under the main column (indented when nothing leads it)
            more = wrap(" ".join(more), max(self.width - len(self.under), 1))
        sgr = self.sgr(r, self.main)
        return [(start + paint(first, sgr)).rstrip()] + [
            (self.under + paint(p, sgr)).rstrip() for p in more
        ]

    def rule(self, span: int) -> str:
        lead = "".join("-" * self.natural[i] + SEP for i in self.lead)
        return self.indent + lead + "-" * max(min(span, self.width - self.offset), 1)


def _other_layout(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    aligns: str,
    indent: str,
    width: int,
    wrap_columns: Sequence[int],
    min_width: int,
    main: int,
    style: StyleFn | None,
) -> str:
    """Two lines a row when the columns after ``main`` fit under it, else records."""
    lay = _Layout(headers, rows, aligns, indent, width, main, style)
    rest = list(range(main + 1, len(headers)))
    sub = _table_widths(
        [headers[i] for i in rest],
        [[row[i] for i in rest] for row in rows],
        lay.under,
        width,
        [k for k, i in enumerate(rest) if i in wrap_columns],
        min_width,
        keep_words=True,
    )
    if sub is not None and rest and width - lay.offset >= min_width:
        return _two_lines(lay, rest, sub, wrap_columns)
    if width - lay.offset < min_width:  # the leading columns leave no room: pairs too
        lay.set_lead([])
    return _records(lay)


def _two_lines(lay: _Layout, rest: list[int], sub: list[int], wrap_columns: Sequence[int]) -> str:
    """The ``main`` column on its own line, the columns after it aligned below it."""

    def below(cells: Sequence[str], r: int | None) -> list[str]:
        def style(_: int, c: int) -> str:
            return lay.sgr(r, c)

        text = _grid(
            lay.headers,
            [cells],
            lay.aligns,
            lay.under,
            sub,
            wrap_columns,
            style,
            columns=rest,
        )
        return text.splitlines()[2:] if r is not None else text.splitlines()[:1]

    out = lay.first(lay.headers, None) + below(lay.headers, None)
    span = len(lay.under) - lay.offset + sum(sub) + len(SEP) * (len(sub) - 1)
    out.append(lay.rule(max(span, lay.natural[lay.main])))
    for r, row in enumerate(lay.rows):
        out += lay.first(row, r) + below(row, r)
    return "\n".join(out)


def _records(lay: _Layout) -> str:
    """The ``lead`` columns and the ``main`` one on the first line, then the others as
    ``header: value`` pairs wrapped below."""
    rest = [i for i in range(len(lay.headers)) if i != lay.main and i not in lay.lead]
    room = max(lay.width - len(lay.under), 1)

    def block(cells: Sequence[str], r: int) -> list[str]:
        out = lay.first(cells, r)
        line, used = lay.under, 0
        for i in rest:
            pair = f"{lay.headers[i]}: {cells[i]}"
            w = display_width(pair)
            if used and used + 2 + w > room:
                out.append(line.rstrip())
                line, used = lay.under, 0
            if used:
                line += ", "
                used += 2
            if w > room - used:
                *full, pair = wrap(pair, room - used)
                for p in full:
                    out.append(line + p)
                    line, used = lay.under, 0
                line += pair
                used += display_width(pair)
            else:
                line += f"{lay.headers[i]}: {paint(cells[i], lay.sgr(r, i))}"
                used += w
        if used:
            out.append(line.rstrip())
        return out

    out = lay.first(lay.headers, None)
    out.append(lay.rule(lay.natural[lay.main]))
    for r, row in enumerate(lay.rows):
        out += block(row, r)
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
    *,
    keep_words: bool = False,
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
    if keep_words:  # an id is cut only when no other layout fits
        for i in wrap_columns:
            words = max((longest_word(row[i]) for row in rows), default=0)
            minimum[i] = max(minimum[i], min(words, MAX_WORD, natural[i]))
    return fit_widths(natural, minimum, width - display_width(indent))
