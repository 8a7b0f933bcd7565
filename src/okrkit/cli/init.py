"""``okrkit init``: write a small commented starter plan (never overwrites)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from okrkit.cli._common import AsOfOpt, guarded, parse_date, write_stdout


@guarded
def init(
    directory: Annotated[
        Path, typer.Argument(help="Folder to write the plan into (created if missing).")
    ] = Path("."),
    as_of: AsOfOpt = None,
) -> None:
    """Write okrkit.yaml and okrkit.schema.json: a starter plan for this quarter.

    Refuses to overwrite existing files, and to start a plan in a folder that already
    holds one (a plan/ folder), which the new okrkit.yaml would hide (exit 2).
    """
    from okrkit.edit.atomic import atomic_write_text
    from okrkit.errors import OkrkitError
    from okrkit.load.files import DEFAULT_DIR
    from okrkit.scaffold import PLAN_FILE, SCHEMA_FILE, schema_text, starter_plan

    today = parse_date(as_of)
    elsewhere = "; to start another plan, run `okrkit init NEW-FOLDER`"
    targets = [directory / PLAN_FILE, directory / SCHEMA_FILE]
    existing = [t for t in targets if t.exists()]
    if existing:
        raise OkrkitError(
            f"{existing[0].as_posix()}: already exists; okrkit init never overwrites files"
            + elsewhere
        )
    folder = directory / DEFAULT_DIR
    if folder.is_dir():
        raise OkrkitError(
            f"{folder.as_posix()}/: a plan is already here; a new {PLAN_FILE} beside it would"
            f" hide it (okrkit reads {PLAN_FILE} first)" + elsewhere
        )
    directory.mkdir(parents=True, exist_ok=True)
    atomic_write_text(targets[1], schema_text())
    atomic_write_text(targets[0], starter_plan(today))
    write_stdout("".join(f"wrote {t.as_posix()}\n" for t in targets), recorded=True)
