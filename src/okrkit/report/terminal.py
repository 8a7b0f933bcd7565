"""The coloured terminal views of ``okrkit status`` and ``okrkit roadmap``.

Used only when standard output is a terminal (and ``NO_COLOR`` is unset); pipes and files
get the plain table of :mod:`okrkit.report.status`. The status view is that table's own
lines (:func:`okrkit.report.status.layout`) with ANSI colour codes added, so the two
cannot disagree and fit a width the same way. ``render`` is still pure: it returns the
text with colour codes, and the CLI writes it. The roadmap's Gantt chart is drawn with
rich (:func:`styled_lines`, imported lazily so ``okrkit --help`` stays fast).

Colours follow Google's grading bands: a grade of 0.0-0.3 is red, 0.4-0.6 yellow,
0.7-1.0 green (here: below 0.4 red, below 0.7 yellow, else green). A status is green
when achieved or on track, yellow at risk, red off track or missed.
"""

from __future__ import annotations

from okrkit.progress import StatusReport
from okrkit.report.status import STATUS_STYLE, Line, grade_style, layout

__all__ = ["STATUS_STYLE", "ansi", "grade_style", "render", "styled_lines"]

SGR = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}
"""ANSI select-graphic-rendition codes of the style words :mod:`okrkit.report.status` uses."""


def ansi(line: Line) -> str:
    """A line of (text, style) pieces with ANSI codes; trailing spaces dropped."""
    out = []
    pieces = list(line)
    while pieces and not pieces[-1][0].strip():
        pieces.pop()
    if pieces:
        text, style = pieces[-1]
        pieces[-1] = (text.rstrip(), style)
    for text, style in pieces:
        codes = [SGR[word] for word in style.split()]
        if codes and text.strip():
            out.append(f"\x1b[{';'.join(codes)}m{text}\x1b[0m")
        else:
            out.append(text)
    return "".join(out)


def render(report: StatusReport, *, width: int | None = None, color: bool = True) -> str:
    """The status for a terminal ``width`` columns wide (``None``: no limit).

    The same lines as the plain table (:func:`okrkit.report.status.layout`: every column
    kept, wrapped or moved to a second line to fit), with the grade of each row coloured
    by Google's bands, the status by :data:`STATUS_STYLE`, a stale check-in yellow, ids
    bold and titles dim. Without ``color`` it is the plain table, byte for byte.
    """
    lines = layout(report, width)
    if not color:
        return "".join(ansi([(t, "") for t, _ in line]) + "\n" for line in lines)
    return "".join(ansi(line) + "\n" for line in lines)


def styled_lines(lines: list[list[tuple[str, str]]], *, width: int) -> str:
    """Lines of (text, rich style) pieces as ANSI text, each cropped to ``width``
    (the coloured Gantt chart of ``okrkit roadmap``)."""
    from io import StringIO

    from rich.console import Console
    from rich.text import Text

    buf = StringIO()
    console = Console(file=buf, width=width, force_terminal=True, color_system="standard")
    for line in lines:
        text = Text()
        for piece, style in line:
            text.append(piece, style=style or None)
        text.rstrip()
        console.print(text, no_wrap=True, overflow="crop", soft_wrap=False)
    return buf.getvalue()
