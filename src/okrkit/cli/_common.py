"""What every command shares: the plan argument, ``--as-of``, error handling, output.

Command modules import only typer and the standard library at module level, and import
the core inside the command body, so ``okrkit --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from okrkit.model import Plan

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

PathArg = Annotated[
    Path | None,
    typer.Argument(
        help="Plan file or folder. Default: okrkit.yaml, then plan/, in the current folder.",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="Treat this date (YYYY-MM-DD) as today.", show_default=False),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically) instead of stdout.",
        show_default=False,
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option("--no-cache", help="Do not read or write the parsed-plan cache."),
]

_state = {"debug": False}


def set_debug(value: bool) -> None:
    _state["debug"] = value


def debug_enabled() -> bool:
    return _state["debug"] or os.environ.get("OKRKIT_DEBUG", "") not in ("", "0")


def guarded(fn: F) -> F:
    """Map exceptions from the core to one clear line each and an exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from okrkit.errors import OkrkitError

        try:
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except OkrkitError as exc:
            if debug_enabled():
                import traceback

                traceback.print_exc()
            for line in exc.lines():
                sys.stderr.write(line + "\n")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write("okrkit: interrupted\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            raise typer.Exit(EXIT_OK) from None
        except Exception as exc:  # the last line of defence: no traceback without --debug
            if debug_enabled():
                raise
            sys.stderr.write(
                f"okrkit: internal error: {type(exc).__name__}: {exc} (rerun with --debug)\n"
            )
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper  # type: ignore[return-value]


def parse_date(value: str | None, option: str = "--as-of") -> dt.date:
    """Parse an ISO date option; ``None`` means today."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        from okrkit.errors import UsageError

        raise UsageError(f"okrkit: {option}: not a date (YYYY-MM-DD): {value!r}") from None


def load(path: Path | None, *, no_cache: bool = False) -> Plan:
    from okrkit.load import load_plan

    return load_plan(path, use_cache=not no_cache)


def emit(text: str, output: Path | None = None) -> None:
    """Write a command's output to stdout, or atomically to ``output``."""
    if not text.endswith("\n"):
        text += "\n"
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from okrkit.edit.atomic import atomic_write_text

    atomic_write_text(output, text)


def choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    """Validate a closed-set option value with one clear line."""
    if value not in allowed:
        from okrkit.errors import UsageError

        raise UsageError(f"okrkit: {option}: {value!r} is not one of: {', '.join(allowed)}")
    return value
