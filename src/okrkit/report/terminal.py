"""The coloured terminal views of ``okrkit status`` and ``okrkit roadmap`` (the one
reporter module that uses rich).

Used only when standard output is a terminal; pipes and files get the plain table of
:mod:`okrkit.report.status`, which is deterministic and fast. ``render`` is still pure:
it returns the text with colour codes, and the CLI writes it.

Colours follow Google's grading bands: a grade of 0.0-0.3 is red, 0.4-0.6 yellow,
0.7-1.0 green (here: below 0.4 red, below 0.7 yellow, else green). A status is green
when achieved or on track, yellow at risk, red off track or missed.
"""

from __future__ import annotations

from okrkit.fmt import fmt_num, fmt_pct
from okrkit.progress import KrStatus, ObjectiveStatus, StatusReport
from okrkit.report.status import (
    bar,
    footer_lines,
    header_line,
    kr_label,
    last_text,
    objective_meta,
    sparkline,
    status_text,
    value_text,
)

STATUS_STYLE = {
    "achieved": "bold green",
    "on_track": "green",
    "at_risk": "yellow",
    "off_track": "red",
    "missed": "bold red",
    "upcoming": "cyan",
    "unscheduled": "dim",
    "unmeasurable": "dim",
}


def grade_style(grade: float | None) -> str:
    """Google's bands: red below 0.4, yellow below 0.7, green from 0.7."""
    if grade is None:
        return "dim"
    if grade < 0.4:
        return "red"
    if grade < 0.7:
        return "yellow"
    return "green"


def render(report: StatusReport, *, width: int = 120, color_system: str = "standard") -> str:
    """The status as rich tables, one per pillar, with ANSI colour codes.

    It decides only presentation: the colour of each grade and status, and which
    columns give way on a narrow terminal (the id and value columns shrink first). Every
    number comes from the :class:`StatusReport` the other status formats read, so the
    terminal cannot disagree with the JSON; rich is imported here, not at module level,
    so ``okrkit --help`` stays fast.
    """
    from io import StringIO

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buf = StringIO()
    console = Console(
        file=buf,
        width=width,
        force_terminal=True,
        color_system=color_system,  # type: ignore[arg-type]
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(Text(header_line(report), style="bold"))
    if not report.objectives:
        console.print("No objectives match.")

    def row(item: ObjectiveStatus | KrStatus, name: Text) -> list[Text]:
        style = grade_style(item.grade)
        status = status_text(item.status, item.reason if isinstance(item, KrStatus) else None)
        cells = [
            name,
            Text(bar(item.grade), style=style),
            Text(fmt_pct(item.progress), style=style),
            Text(fmt_num(item.grade), style=style),
            Text(fmt_pct(item.expected)),
            Text(status, style=STATUS_STYLE[item.status]),
        ]
        if isinstance(item, KrStatus):
            cells += [
                Text(fmt_num(item.confidence)),
                Text(last_text(item), style="yellow" if item.stale else ""),
                Text(value_text(item)),
                Text(sparkline(item), style=style),
            ]
        else:
            cells += [Text(""), Text(""), Text(objective_meta(item), style="dim"), Text("")]
        return cells

    columns = (
        ("Objective / key result", "left"),
        ("Progress", "left"),
        ("", "right"),
        ("Grade", "right"),
        ("Expected", "right"),
        ("Status", "left"),
        ("Conf", "right"),
        ("Check-in", "left"),
        ("Value", "left"),
        ("History", "left"),
    )
    shrinkable = {0: 12, 8: 8}  # the id and value columns give way on a narrow terminal
    for group in report.pillars:
        rows = []
        for o in group.objectives:
            rows.append(row(o, Text(o.id, style="bold")))
            rows.extend(row(k, Text("  " + kr_label(k))) for k in o.key_results)
        t = Table(
            title=group.name or group.id or "No pillar",
            title_justify="left",
            title_style="bold",
            box=None,
            pad_edge=False,
            show_edge=False,
            padding=(0, 1),
            collapse_padding=True,
        )
        for i, (name, justify) in enumerate(columns):
            natural = max([len(name), *(r[i].cell_len for r in rows)])
            t.add_column(
                name,
                justify=justify,  # type: ignore[arg-type]
                no_wrap=True,
                overflow="ellipsis",
                min_width=min(natural, shrinkable[i]) if i in shrinkable else natural,
            )
        for r in rows:
            t.add_row(*r)
        console.print()
        console.print(t)
    if report.objectives:
        console.print()
        for line in footer_lines(report):
            console.print(Text(line, style="dim"))
    return buf.getvalue()


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
