"""``okrkit checkin``: record a key-result check-in in the plan file."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from okrkit.cli._common import NoCacheOpt, PathArg, guarded, load, parse_date


@guarded
def checkin(
    kr_id: Annotated[
        str, typer.Argument(metavar="KR_ID", help="The key result's id.", show_default=False)
    ],
    value: Annotated[
        str,
        typer.Argument(
            metavar="VALUE", help="The measured value: a number (42, 0.41, -3).", show_default=False
        ),
    ],
    path: PathArg = None,
    confidence: Annotated[
        str | None,
        typer.Option(
            "--confidence",
            help="How likely the target is reached: 0 to 1 (or 70%).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="A short note.", show_default=False)
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="Date of the check-in (YYYY-MM-DD). Default: today.", show_default=False
        ),
    ] = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Append {date, value, confidence, note} to a key result's checkins.

    Only the new lines are added: comments, key order, quoting, indentation and line
    endings stay byte for byte. The file is replaced atomically, and not at all if it
    changed on disk meanwhile. Prints the key result's new progress and status.
    """
    import datetime as dt

    from okrkit.edit.checkin import parse_confidence, parse_value

    number = parse_value(value)
    conf = parse_confidence(confidence) if confidence is not None else None
    today = dt.date.today()
    day = parse_date(date, "--date") if date is not None else today
    plan = load(path, no_cache=no_cache)

    from okrkit.edit.checkin import record_checkin
    from okrkit.fmt import fmt_num, fmt_pct
    from okrkit.model.plan import Checkin
    from okrkit.progress import key_result_progress

    entry = Checkin(date=day, value=number, confidence=conf, note=note)
    result = record_checkin(plan, kr_id, entry, today=today)
    objective = plan.objective_of[kr_id]
    period = plan.period_by_id.get(objective.period) if objective.period else None
    settings = plan.settings.status
    kr = key_result_progress(
        result.key_result,
        period=period,
        commitment=objective.commitment,
        as_of=day,
        band=settings.at_risk_band,
        stale_after_days=settings.stale_after_days,
    )
    status = f"{kr.status} ({kr.reason})" if kr.reason else kr.status
    sys.stdout.write(
        f"{result.file}:{result.line}: recorded {kr_id} = {fmt_num(number, 6)} on {day}\n"
        f"{kr_id} as of {day}: progress {fmt_pct(kr.progress)}, grade {fmt_num(kr.grade)}, "
        f"expected {fmt_pct(kr.expected)}, {status}, confidence {fmt_num(kr.confidence)}\n"
    )
