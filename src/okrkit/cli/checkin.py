"""``okrkit checkin``: record a key-result check-in in the plan file.

Thin: the options are parsed here (:func:`parse_value`, :func:`parse_confidence`,
the date), :func:`okrkit.edit.checkin.record_checkin` makes the edit, and
:mod:`okrkit.report.checkin` renders the confirmation, before the file is replaced,
so a confirmation that cannot be rendered never follows a write.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from okrkit.cli._common import (
    NoCacheOpt,
    PathArg,
    choice,
    emit,
    guarded,
    load,
    parse_date,
    plan_folder_of,
)
from okrkit.cli.complete import key_result_ids

if TYPE_CHECKING:
    from okrkit.errors import OkrkitError

# Kept in step with okrkit.report.checkin.FORMATS (a test checks it); not imported here
# so that `okrkit --help` does not load the core.
FORMATS = ("text", "json")


def parse_value(text: str) -> float:
    """``VALUE``: a finite number (``42``, ``-3.5``, ``1e3``)."""
    from okrkit.errors import UsageError

    try:
        if "_" in text:  # float() takes "1_000"; YAML and most people do not
            raise ValueError(text)
        value = float(text)
    except ValueError:
        raise UsageError(f"VALUE: not a number: {text!r}") from None
    if not math.isfinite(value):
        raise UsageError(f"VALUE: not a finite number: {text!r}")
    return value


def parse_confidence(text: str) -> float:
    """``--confidence``: a fraction from 0 to 1, or a percentage such as ``70%``."""
    from okrkit.errors import UsageError
    from okrkit.model.plan import percent_fraction

    fraction = percent_fraction(text)
    try:
        value = fraction if fraction is not None else float(text)
    except ValueError:
        value = math.nan
    if not (0.0 <= value <= 1.0):
        raise UsageError(f"--confidence: {text!r} is not a fraction from 0 to 1 (or a percentage)")
    return value


def parse_note(text: str) -> str:
    """``--note``: any text that is valid Unicode (a lone surrogate cannot be written)."""
    from okrkit.errors import UsageError

    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError("--note: the text is not valid Unicode") from None
    return text


def _pass_the_folder(path: Path, folder: Path, kr_id: str, value: str) -> OkrkitError:
    from okrkit.errors import UsageError

    return UsageError(
        f"{path} is one file of the plan in {folder}/, and alone it is not a whole "
        f"plan; pass the folder: okrkit checkin {kr_id} {value} {folder}/"
    )


@guarded
def checkin(
    kr_id: Annotated[
        str,
        typer.Argument(
            metavar="KR_ID",
            help="The key result's id.",
            show_default=False,
            autocompletion=key_result_ids,
        ),
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
    format: Annotated[
        str,
        typer.Option("--format", "-f", help="Confirmation format: text or json."),
    ] = "text",
    no_cache: NoCacheOpt = False,
) -> None:
    """Append {date, value, confidence, note} to a key result's checkins.

    Only the new lines are added: comments, key order, quoting, indentation and line
    endings stay byte for byte. The file is replaced atomically, and not at all if it
    changed on disk meanwhile. Prints the key result's new progress and status.
    """
    import datetime as dt

    from okrkit.errors import PlanLoadError, UsageError

    choice(format, FORMATS, "--format")
    number = parse_value(value)
    conf = parse_confidence(confidence) if confidence is not None else None
    text_note = parse_note(note) if note is not None else None
    today = dt.date.today()
    day = parse_date(date, "--date") if date is not None else today
    if day > today:
        raise UsageError(
            f"--date: {day.isoformat()} is in the future (today is {today.isoformat()})"
        )
    try:
        plan = load(path, no_cache=no_cache, folder_hint=False)
    except PlanLoadError:
        folder = plan_folder_of(path, lambda plan: kr_id in plan.key_result_by_id)
        if path is not None and folder is not None:
            raise _pass_the_folder(path, folder, kr_id, value) from None
        raise
    if kr_id not in plan.key_result_by_id:
        folder = plan_folder_of(path, lambda plan: kr_id in plan.key_result_by_id)
        if path is not None and folder is not None:
            raise _pass_the_folder(path, folder, kr_id, value)

    from okrkit.edit.checkin import CheckinResult, record_checkin
    from okrkit.model.plan import Checkin
    from okrkit.progress import key_result_progress
    from okrkit.report.checkin import render

    entry = Checkin(date=day, value=number, confidence=conf, note=text_note)
    confirmation: list[str] = []

    def confirm(result: CheckinResult) -> None:
        """Render the confirmation before the file is replaced (it must not fail after)."""
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
        confirmation.append(render(result, entry, kr, format))

    record_checkin(plan, kr_id, entry, before_write=confirm)
    emit(confirmation[0], recorded=True)
