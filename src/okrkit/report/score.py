"""Reporters for ``okrkit score``: table, JSON, CSV and Markdown (pure ``render``).

Numbers in JSON and CSV keep full precision; the table and Markdown round half up
(:func:`okrkit.fmt.fmt_num`). The JSON shape is documented in
``docs/commands/score.md`` and is stable.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

from okrkit.fmt import fmt_num
from okrkit.report.markdown import Code, cell
from okrkit.report.text import (
    WARN,
    StyleFn,
    clean,
    paint,
    status_style,
    table,
    table_fits,
    wrap_text,
)
from okrkit.scoring import Comparison, Ranking
from okrkit.scoring.ranking import TIE_RULE

FORMATS: tuple[str, ...] = ("table", "json", "csv", "markdown")
TITLE_WIDTH = 40

_PREFIXES = ("rice.", "ice.", "wsjf.", "cost_of_delay.")


def short(name: str, method: str) -> str:
    """A column label for an input: ``rice.reach`` -> ``reach`` for the built-ins."""
    if method in ("rice", "ice", "wsjf", "cd3"):
        for p in _PREFIXES:
            if name.startswith(p):
                return name[len(p) :]
    return name


def truncate(text: str, width: int = TITLE_WIDTH) -> str:
    """``text`` on one line (:func:`~okrkit.report.text.clean`), cut to ``width``
    characters with ``…``."""
    text = clean(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return fmt_num(value, digits)


def input_columns(ranking: Ranking) -> list[str]:
    """The inputs shown for each initiative, in the method's order."""
    seen: dict[str, None] = {}
    for s in ranking.scored:
        for k in s.inputs:
            seen.setdefault(k, None)
    return list(seen)


def input_align(ranking: Ranking, cols: list[str]) -> str:
    """``l`` for a text column (urgency, deadline), ``r`` for a number column."""
    text = {c for s in ranking.scored for c, v in s.inputs.items() if isinstance(v, str)}
    return "".join("l" if c in text else "r" for c in cols)


def method_line(ranking: Ranking) -> str:
    label = ranking.method
    extra: list[str] = []
    if "ice" in ranking.settings:
        extra.append(f"ice combination: {ranking.settings['ice']}")
    if ranking.settings.get("normalize"):
        scales = ranking.settings.get("scales", {})
        parts = ", ".join(f"{short(k, 'wsjf')} {fmt_num(v)}" for k, v in scales.items())
        extra.append(f"normalized; smallest values: {parts}")
    suffix = f" ({'; '.join(extra)})" if extra else ""
    return f"Method: {label}{suffix}\nScore = {ranking.formula}"


def _missing_text(missing: list[str], reason: str | None) -> str:
    if missing:
        return "missing " + ", ".join(missing)
    return reason or "-"


# --- the text tables ---------------------------------------------------------------


def _name(id: str, title: str) -> str:
    """``id — Title`` (just the id when the title is empty or the id)."""
    return f"{id} — {title}" if title and title != id else id


def _fitted(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    titles: Sequence[str],
    *,
    id_col: int,
    align: str,
    width: int | None,
    style: StyleFn | None,
    indent: str = "",
) -> str:
    """A table with ``id`` and ``title`` columns (``title`` right after ``id``).

    Unlimited, or when it fits ``width``: as given (titles cut to :data:`TITLE_WIDTH`
    with ``…``). Narrower: one ``initiative`` column (``id — full title``) that wraps,
    then takes a line of its own above the other columns (see :func:`table`).
    """
    if width is None or table_fits(headers, rows, width=width, indent=indent):
        return table(headers, rows, align=align, indent=indent, style=style)
    t = id_col + 1
    joined = [
        [*row[:id_col], _name(row[id_col], title), *row[t + 1 :]]
        for row, title in zip(rows, titles, strict=True)
    ]

    def shifted(r: int, c: int) -> str:
        return style(r, c + 1 if c > id_col else c) if style is not None else ""

    return table(
        [*headers[:id_col], "initiative", *headers[t + 1 :]],
        joined,
        align=align[:id_col] + "l" + align[t + 1 :],
        indent=indent,
        width=width,
        wrap_columns=(id_col,),
        main=id_col,
        style=shifted if style is not None else None,
    )


def render_table(ranking: Ranking, *, width: int | None = None, color: bool = False) -> str:
    """The ranking as text; ``width``: fit that many columns, never dropping one
    (``None``: one line a row); ``color``: each status in its colour, what is not scored
    in yellow."""
    cols = input_columns(ranking)
    headers = [
        "rank",
        "id",
        "title",
        "team",
        "status",
        "score",
        *(short(c, ranking.method) for c in cols),
    ]
    rows = [
        [
            str(s.rank),
            s.id,
            truncate(s.title),
            s.team,
            s.status,
            fmt_num(s.score),
            *(_cell(s.inputs.get(c)) for c in cols),
        ]
        for s in ranking.scored
    ]

    def style(r: int, c: int) -> str:
        return status_style(ranking.scored[r].status) if c == 4 else ""

    out = [
        *(x for line in method_line(ranking).split("\n") for x in wrap_text(line, width, "", "  ")),
        *wrap_text(f"Ties: {TIE_RULE}", width, "", "  "),
        "",
    ]
    if rows:
        out.append(
            _fitted(
                headers,
                rows,
                [s.title for s in ranking.scored],
                id_col=1,
                align="rllllr" + input_align(ranking, cols),
                width=width,
                style=style if color else None,
            )
        )
    else:
        out.append("No initiative has the inputs of this method.")
    if ranking.unscored:
        out.append("")
        head = f"Not scored ({len(ranking.unscored)}): never counted as 0"
        out.append(paint(head, WARN) if color else head)
        out.append(
            _fitted(
                ["id", "title", "team", "status", "why"],
                [
                    [u.id, truncate(u.title), u.team, u.status, _missing_text(u.missing, u.reason)]
                    for u in ranking.unscored
                ],
                [u.title for u in ranking.unscored],
                id_col=0,
                align="lllll",
                width=width,
                style=(lambda r, c: status_style(ranking.unscored[r].status) if c == 3 else "")
                if color
                else None,
                indent="  ",
            )
        )
    return "\n".join(out) + "\n"


def ranking_json(ranking: Ranking) -> dict[str, Any]:
    return {
        "method": ranking.method,
        "formula": ranking.formula,
        "settings": ranking.settings,
        "tie_rule": TIE_RULE,
        "initiatives": [
            {
                "rank": s.rank,
                "id": s.id,
                "title": s.title,
                "team": s.team,
                "status": s.status,
                "period": s.period,
                "kind": s.kind,
                "effort": s.effort,
                "score": s.score,
                "value": s.value,
                "size": s.size,
                "inputs": s.inputs,
                **s.extras,
            }
            for s in ranking.scored
        ],
        "unscored": [
            {
                "id": u.id,
                "title": u.title,
                "team": u.team,
                "status": u.status,
                "period": u.period,
                "kind": u.kind,
                "effort": u.effort,
                "missing": u.missing,
                "reason": u.reason,
                **u.extras,
            }
            for u in ranking.unscored
        ],
    }


def render_json(ranking: Ranking) -> str:
    return json.dumps(ranking_json(ranking), indent=2, ensure_ascii=False) + "\n"


def _csv_num(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def render_csv(ranking: Ranking) -> str:
    cols = input_columns(ranking)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "rank",
            "id",
            "title",
            "team",
            "status",
            "period",
            "kind",
            "effort",
            "score",
            "value",
            "size",
            *cols,
            "missing",
        ]
    )
    for s in ranking.scored:
        w.writerow(
            [
                s.rank,
                s.id,
                s.title,
                s.team,
                s.status,
                s.period or "",
                s.kind,
                _csv_num(s.effort),
                _csv_num(s.score),
                _csv_num(s.value),
                _csv_num(s.size),
                *(_csv_num(s.inputs.get(c)) for c in cols),
                "",
            ]
        )
    for u in ranking.unscored:
        why = " ".join(u.missing) if u.missing else (u.reason or "")
        w.writerow(
            [
                "",
                u.id,
                u.title,
                u.team,
                u.status,
                u.period or "",
                u.kind,
                _csv_num(u.effort),
                "",
                "",
                "",
                *("" for _ in cols),
                why,
            ]
        )
    return buf.getvalue()


def md_table(headers: list[str], rows: list[list[str]], align: str) -> str:
    marks = {"l": ":---", "r": "---:"}
    out = [
        "| " + " | ".join(cell(h) for h in headers) + " |",
        "| " + " | ".join(marks[a] for a in align) + " |",
    ]
    out.extend("| " + " | ".join(cell(c) for c in row) + " |" for row in rows)
    return "\n".join(out)


def render_markdown(ranking: Ranking) -> str:
    cols = input_columns(ranking)
    headers = ["Rank", "ID", "Title", "Team", "Score", *(short(c, ranking.method) for c in cols)]
    rows = [
        [
            str(s.rank),
            Code(s.id),
            s.title,
            s.team,
            fmt_num(s.score),
            *(_cell(s.inputs.get(c)) for c in cols),
        ]
        for s in ranking.scored
    ]
    settings = method_line(ranking).split("\n")[0].removeprefix("Method: ")
    out = [
        f"## Ranking by {settings}",
        "",
        f"Score = `{ranking.formula}`. Ties: {TIE_RULE}",
        "",
    ]
    if rows:
        out.append(md_table(headers, rows, "rlllr" + input_align(ranking, cols)))
    else:
        out.append("No initiative has the inputs of this method.")
    if ranking.unscored:
        out += ["", f"### Not scored ({len(ranking.unscored)})", ""]
        out.append(
            md_table(
                ["ID", "Team", "Why"],
                [
                    [Code(u.id), u.team, _missing_text(u.missing, u.reason)]
                    for u in ranking.unscored
                ],
                "lll",
            )
        )
    return "\n".join(out) + "\n"


RENDERERS: dict[str, Callable[[Ranking], str]] = {
    "table": render_table,
    "json": render_json,
    "csv": render_csv,
    "markdown": render_markdown,
}


def render(ranking: Ranking, format: str, *, width: int | None = None, color: bool = False) -> str:
    """Render ``ranking`` as ``format``; ``width`` and ``color`` apply to the table."""
    if format == "table":
        return render_table(ranking, width=width, color=color)
    return RENDERERS[format](ranking)


# --- --compare ---------------------------------------------------------------------


def _rank(r: int | None) -> str:
    return "-" if r is None else str(r)


def _flag(flagged: bool) -> str:
    return "yes" if flagged else ""


def compare_json(c: Comparison) -> dict[str, Any]:
    return {
        "methods": c.methods,
        "threshold": c.threshold,
        "tie_rule": TIE_RULE,
        "initiatives": [
            {
                "id": r.id,
                "title": r.title,
                "team": r.team,
                "ranks": r.ranks,
                "spread": r.spread,
                "method_dependent": r.flagged,
            }
            for r in c.rows
        ],
        "correlations": [
            {"methods": [p.a, p.b], "n": p.n, "spearman": p.spearman, "kendall": p.kendall}
            for p in c.pairs
        ],
        "rankings": [
            {
                "method": rk.method,
                "formula": rk.formula,
                "settings": rk.settings,
                "unscored": [
                    {"id": u.id, "missing": u.missing, "reason": u.reason} for u in rk.unscored
                ],
            }
            for rk in c.rankings
        ],
    }


def _compare_rows(c: Comparison, id_cell: Callable[[str], str]) -> list[list[str]]:
    return [
        [
            id_cell(r.id),
            truncate(r.title),
            r.team,
            *(_rank(r.ranks[m]) for m in c.methods),
            _rank(r.spread),
            _flag(r.flagged),
        ]
        for r in c.rows
    ]


def _pair_rows(c: Comparison) -> list[list[str]]:
    return [[f"{p.a} / {p.b}", str(p.n), fmt_num(p.spearman), fmt_num(p.kendall)] for p in c.pairs]


def render_compare_table(c: Comparison, *, width: int | None = None, color: bool = False) -> str:
    """``--compare`` as text; ``width`` and ``color`` (method-dependent rows' flag in
    yellow) as in :func:`render_table`."""
    flagged = sum(1 for r in c.rows if r.flagged)
    headers = ["id", "title", "team", *c.methods, "spread", "method-dependent"]
    flag = len(headers) - 1

    def style(r: int, col: int) -> str:
        return WARN if col == flag and c.rows[r].flagged else ""

    out = [
        *wrap_text(
            f"Ranks by {', '.join(c.methods)}; method-dependent: ranks differ by more than "
            f"{c.threshold} ({flagged} of {len(c.rows)})",
            width,
            "",
            "  ",
        ),
        "",
        _fitted(
            headers,
            _compare_rows(c, str),
            [r.title for r in c.rows],
            id_col=0,
            align="lll" + "r" * (len(c.methods) + 1) + "l",
            width=width,
            style=style if color else None,
        ),
        "",
        *wrap_text("Rank correlation (over initiatives both methods score; 1 = same order)", width),
        table(
            ["methods", "n", "spearman", "kendall"],
            _pair_rows(c),
            align="lrrr",
            indent="  ",
            width=width,
            main=0,
        ),
    ]
    for rk in c.rankings:
        if rk.unscored:
            ids = ", ".join(u.id for u in rk.unscored)
            out += wrap_text(
                f"Not scored by {rk.method} ({len(rk.unscored)}): {ids}", width, "", "  "
            )
    return "\n".join(out) + "\n"


def render_compare_json(c: Comparison) -> str:
    return json.dumps(compare_json(c), indent=2, ensure_ascii=False) + "\n"


def render_compare_csv(c: Comparison) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "title", "team", *c.methods, "spread", "method_dependent"])
    for r in c.rows:
        w.writerow(
            [
                r.id,
                r.title,
                r.team,
                *("" if r.ranks[m] is None else r.ranks[m] for m in c.methods),
                "" if r.spread is None else r.spread,
                "true" if r.flagged else "false",
            ]
        )
    return buf.getvalue()


def render_compare_markdown(c: Comparison) -> str:
    headers = ["ID", "Title", "Team", *c.methods, "Spread", "Method-dependent"]
    rows = [
        [
            Code(r.id),
            r.title,
            r.team,
            *(_rank(r.ranks[m]) for m in c.methods),
            _rank(r.spread),
            _flag(r.flagged),
        ]
        for r in c.rows
    ]
    out = [
        f"## Ranks by {', '.join(c.methods)}",
        "",
        f"Method-dependent: ranks differ by more than {c.threshold} places.",
        "",
        md_table(headers, rows, "lll" + "r" * (len(c.methods) + 1) + "l"),
        "",
        "### Rank correlation",
        "",
        md_table(["Methods", "n", "Spearman", "Kendall"], _pair_rows(c), "lrrr"),
    ]
    return "\n".join(out) + "\n"


COMPARE_RENDERERS: dict[str, Callable[[Comparison], str]] = {
    "table": render_compare_table,
    "json": render_compare_json,
    "csv": render_compare_csv,
    "markdown": render_compare_markdown,
}


def render_compare(
    comparison: Comparison, format: str, *, width: int | None = None, color: bool = False
) -> str:
    """Render ``comparison`` as ``format``; ``width`` and ``color`` apply to the table."""
    if format == "table":
        return render_compare_table(comparison, width=width, color=color)
    return COMPARE_RENDERERS[format](comparison)
