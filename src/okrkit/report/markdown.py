"""The one Markdown table-cell writer every reporter uses.

A cell is one line of a GitHub-flavoured Markdown table row, so whatever a plan's text
holds (line breaks of any kind, pipes, backticks, emphasis marks, raw HTML) must come
out as literal text on that line.
"""

from __future__ import annotations

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "`": "\\`",
        "*": "\\*",
        "&": "&amp;",
        "<": "&lt;",
    }
)


class Code(str):
    """Text a table cell shows as inline code (an id, a location, a formula)."""

    __slots__ = ()


def cell(text: str) -> str:
    """``text`` safe inside a Markdown table cell, shown as written (as code if ``Code``).

    Runs of whitespace, line breaks included (``\\n``, ``\\r``, NEL, LS, PS), become
    one space; a pipe cannot end the cell; backslashes, backticks, ``*``, ``&`` and ``<``
    are escaped so no markup or HTML of the plan's text is interpreted.
    """
    if isinstance(text, Code):
        return code(text)
    return " ".join(text.split()).translate(_ESCAPES)


def code(text: str) -> str:
    """``text`` as an inline code span inside a table cell (ids, formulas).

    Inside a code span backslash escapes do not apply, so the fence is made longer than
    the longest run of backticks in the text; only the pipe is escaped, as GitHub's table
    syntax requires even inside code.
    """
    flat = " ".join(text.split()).replace("|", "\\|")
    longest = run = 0
    for ch in flat:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def md_link(text: str, url: str) -> str:
    """A Markdown link that stays one cell and one link: the text escaped as by
    :func:`cell` (brackets too), the URL with spaces, parentheses, ``<``, ``>`` and pipes
    percent-encoded."""
    label = cell(text).replace("[", "\\[").replace("]", "\\]")
    safe = url
    for ch, enc in (
        (" ", "%20"),
        ("(", "%28"),
        (")", "%29"),
        ("<", "%3C"),
        (">", "%3E"),
        ("|", "%7C"),
    ):
        safe = safe.replace(ch, enc)
    return f"[{label}]({safe})"
