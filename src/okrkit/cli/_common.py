"""What every command shares: the plan argument, ``--as-of``, error handling, output.

Command modules import only typer and the standard library at module level, and import
the core inside the command body, so ``okrkit --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from okrkit.cli.complete import owner_values, tag_values

if TYPE_CHECKING:
    from okrkit.errors import OkrkitError
    from okrkit.model import Plan

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


class Names(tuple[str, ...]):
    """The value of a comma-separated list option (``--team web,platform``): the names
    in order, blanks dropped. Use as ``Annotated[Names | None, list_option(...)]``."""

    @classmethod
    def parse(cls, text: str) -> Names:
        if isinstance(text, Names):  # typer parses a default again
            return text
        return cls(v.strip() for v in text.split(",") if v.strip())


LIST_ITEMS = {"--compare": "METHOD"}
"""What one item of a list option is called in ``--help``, when not the option's name."""


def list_option(name: str, help: str) -> Any:
    """A ``typer.Option`` that reads a comma-separated list into :class:`Names`
    (``--team TEAM[,TEAM...]``; ids of ``--team`` and ``--period`` complete in a shell)."""
    from okrkit.cli.complete import LIST_COMPLETIONS

    item = LIST_ITEMS.get(name, name.lstrip("-").upper())
    return typer.Option(
        name,
        parser=Names.parse,
        metavar=f"{item}[,{item}...]",
        help=help,
        show_default=False,
        autocompletion=LIST_COMPLETIONS.get(name),
    )


def id_option(name: str, help: str, **extra: Any) -> Any:
    """A ``typer.Option`` naming one id of the plan (``--team``, ``--period``,
    ``--focus``), completed in a shell from the plan's ids of that kind.
    Use as ``Annotated[str | None, id_option(...)]``."""
    from okrkit.cli.complete import initiative_ids, period_ids, team_ids

    complete = {"--team": team_ids, "--period": period_ids, "--focus": initiative_ids}[name]
    return typer.Option(name, autocompletion=complete, help=help, show_default=False, **extra)


PathArg = Annotated[
    Path | None,
    typer.Argument(
        metavar="PLAN",
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
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        metavar="TAG",
        autocompletion=tag_values,
        help="Only elements with this tag (repeat: with every one of them).",
        show_default=False,
    ),
]
OwnerOpt = Annotated[
    str | None,
    typer.Option(
        "--owner",
        metavar="OWNER",
        help="Only elements of this owner.",
        show_default=False,
        autocompletion=owner_values,
    ),
]


def element_filter(tag: list[str] | None, owner: str | None, plan: Plan) -> Any:
    """The :class:`okrkit.model.filters.ElementFilter` of ``--tag`` and ``--owner``; a tag
    or owner ``plan`` has nowhere is a usage error with "did you mean"."""
    from okrkit.model.filters import ElementFilter

    return ElementFilter(tuple(tag or ()), owner).check(plan)


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
            if "path" in kwargs and kwargs["path"] is None:
                warn_shadowed_default()
            return fn(*args, **kwargs)
        except typer.Exit:
            raise
        except OkrkitError as exc:
            if debug_enabled():
                import traceback

                traceback.print_exc()
            for line in error_lines(exc):
                say(line)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            say("okrkit: interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(EXIT_OK) from None
        except Exception as exc:  # the last line of defence: no traceback without --debug
            if debug_enabled():
                raise
            say(f"okrkit: internal error: {type(exc).__name__}: {exc} (rerun with --debug)")
            raise typer.Exit(EXIT_ERROR) from None

    return wrapper  # type: ignore[return-value]


def warn_shadowed_default() -> None:
    """With no PLAN argument, one line on stderr when the current folder holds both
    ``okrkit.yaml`` and ``plan/``: okrkit reads the file, and the folder is not read."""
    from okrkit.load.files import DEFAULT_FILE, shadowed_default

    hidden = shadowed_default()
    if hidden is not None:
        say(
            f"okrkit: both {DEFAULT_FILE} and {hidden.as_posix()}/ exist here; reading"
            f" {DEFAULT_FILE} (pass {hidden.as_posix()}/ to read the folder)"
        )


PARAM_OPTIONS = {"methods": "--compare"}
"""Core parameters whose option is not ``--`` and the parameter's name (``focus``)."""


def error_lines(exc: OkrkitError) -> list[str]:
    """How the CLI shows an error: ``okrkit:`` before a message without a location, and
    a :class:`~okrkit.errors.UsageError` names the option that got the bad value."""
    from okrkit.errors import UsageError

    lines = exc.lines()
    if isinstance(exc, UsageError) and exc.param is not None and lines:
        option = PARAM_OPTIONS.get(exc.param, "--" + exc.param.replace("_", "-"))
        lines = [f"{option}: {lines[0]}", *lines[1:]]
    return lines if exc.located else ["okrkit: " + line for line in lines]


def parse_date(value: str | None, option: str = "--as-of") -> dt.date:
    """Parse a date option; ``None`` means today.

    Only ``YYYY-MM-DD`` is a date, as in the plan: the other ISO forms Python accepts
    (``20260215``, ``2026-W07-1``) are a usage error, not a different day.
    """
    if value is None:
        return dt.date.today()
    try:
        if not value.isascii() or len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        from okrkit.errors import UsageError

        raise UsageError(f"{option}: expected a date YYYY-MM-DD, got {value!r}") from None


def load(path: Path | None, *, no_cache: bool = False, folder_hint: bool = True) -> Plan:
    """The plan at ``path``. One file of a folder plan that does not load alone (its
    periods, teams or pillars are in the other files) is one line saying to pass the
    folder, not a list of "unknown period" errors (``folder_hint`` False: the caller
    says it its own way)."""
    from okrkit.errors import PlanLoadError, UsageError
    from okrkit.load import load_plan

    try:
        return load_plan(path, use_cache=not no_cache)
    except PlanLoadError as exc:
        folder = plan_folder_of(path, lambda plan: True) if folder_hint else None
        if folder is None or path is None:
            raise
        n = len(exc.problems)
        first = exc.problems[0].message if n else ""
        raise UsageError(
            f"{path} is one file of the plan in {folder}/, and alone it is not a whole plan "
            f"({n} problem{'s' if n != 1 else ''}, the first: {first}); pass the folder: "
            f"{folder}/"
        ) from None


def plan_folder_of(path: Path | None, holds: Callable[[Plan], bool]) -> Path | None:
    """The folder plan that the file ``path`` is one file of, when that plan loads and
    ``holds`` is true of it (None otherwise).

    Looks at most two folders up, and only at folders holding YAML files themselves,
    so a stray file in a home folder never makes okrkit read the whole disk.
    """
    if path is None or not path.is_file():
        return None
    from okrkit.errors import OkrkitError
    from okrkit.load import load_plan

    me = path.resolve()
    folder = me.parent
    for _ in range(2):
        if not any(f.suffix in (".yaml", ".yml") for f in folder.iterdir() if f.is_file()):
            return None
        try:
            plan = load_plan(folder, use_cache=False)
        except OkrkitError:
            plan = None
        if plan is not None and any(Path(f).resolve() == me for f in plan.files) and holds(plan):
            return Path(os.path.relpath(folder)) if folder.is_relative_to(Path.cwd()) else folder
        if folder.parent == folder:
            return None
        folder = folder.parent
    return None


def emit(
    text: str, output: Path | None = None, *, plan: Path | None = None, recorded: bool = False
) -> None:
    """Write a command's output to stdout, or to ``output``.

    A regular ``output`` file is replaced atomically, a special one (``/dev/null``, a
    named pipe) written in place; ``plan`` is the plan argument, and a file of that
    plan is never overwritten. ``recorded`` says a change was already written (an
    output failure then says so).
    """
    if not text.endswith("\n"):
        text += "\n"
    if output is None:
        write_stdout(text, recorded=recorded)
        return
    from okrkit.edit.atomic import write_output

    _refuse_plan_file(output, plan)
    write_output(output, text)


def _refuse_plan_file(output: Path, plan: Path | None) -> None:
    """Refuse ``--output`` naming a file of the plan being read."""
    try:
        out = os.stat(output)
    except OSError:
        return  # a new file (or one we cannot see) cannot be a file of the plan
    from okrkit.errors import OkrkitError, UsageError
    from okrkit.load.files import find_plan_files

    try:
        files = find_plan_files(plan)
    except OkrkitError:
        return
    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (out.st_dev, out.st_ino):
            same = "" if Path(f) == Path(output) else f" ({f})"
            raise UsageError(
                f"--output: {output} is a file of the plan being read{same}; "
                "nothing was written (choose another file)"
            )


def color_wanted(output: Path | None) -> bool:
    """Colour only for a terminal: not into a file, not when piped, not under NO_COLOR."""
    return (
        output is None
        and sys.stdout is not None
        and sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
    )


def output_width(output: Path | None) -> int | None:
    """The width text views wrap to, or ``None`` for no limit.

    ``COLUMNS`` wins when set (so ``COLUMNS=80 okrkit plan | less`` gets the 80-column
    layout); otherwise the terminal's width when standard output is one; otherwise (piped,
    or ``--output FILE``) no limit, so scripts and goldens see one line per row.
    """
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return max(int(env), 40)
    if output is None and sys.stdout is not None and sys.stdout.isatty():
        try:
            return max(os.get_terminal_size(sys.stdout.fileno()).columns, 40)
        except (OSError, ValueError):
            return None
    return None


def write_stdout(text: str, *, recorded: bool = False) -> None:
    """Print ``text`` and flush; a closed stdout, a full disk or an encoding that cannot
    show the text each get one clear line (an :class:`~okrkit.errors.OkrkitError`)."""
    from okrkit.errors import OkrkitError

    out = sys.stdout
    if out is None:
        after = "; the change was written" if recorded else ""
        raise OkrkitError(f"cannot print the output: standard output is closed{after}")
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise
    except (UnicodeEncodeError, OSError) as exc:
        _silence_stdout()
        raise OkrkitError(output_failure(exc, recorded=recorded)) from None


def output_failure(exc: UnicodeEncodeError | OSError, *, recorded: bool = False) -> str:
    """The one line for output that could not be written (without ``okrkit:``)."""
    after = "; the change was written" if recorded else ""
    if isinstance(exc, UnicodeEncodeError):
        import unicodedata

        # by code point and name, in ASCII: the terminal that gets this line is the one
        # that cannot show the character (a repr would print as '\u2192' there anyway)
        bad = exc.object[exc.start] if isinstance(exc.object, str) else "?"
        name = unicodedata.name(bad, "")
        shown = f"U+{ord(bad):04X}" + (f" ({name})" if name else "")
        return (
            f"cannot print the output: the output encoding ({exc.encoding}) cannot "
            f"show {shown}; set PYTHONIOENCODING=utf-8 or use a UTF-8 locale{after}"
        )
    why = (
        "standard output is closed"
        if exc.errno == errno.EBADF
        else (exc.strerror or str(exc)).lower()
    )
    return f"cannot print the output: {why}{after}"


def say(line: str) -> None:
    """Write one line to stderr; a closed or failing stderr is ignored (nowhere to say it)."""
    try:
        if sys.stderr is None:
            os.write(2, (line + "\n").encode("utf-8", "backslashreplace"))
            return
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _silence_stdout() -> None:
    """Point stdout at the null device, so the exit flush cannot fail a second time."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    """Validate a closed-set option value with one clear line."""
    if value not in allowed:
        from okrkit.errors import UsageError

        raise UsageError(f"{option}: {value!r} is not one of: {', '.join(allowed)}")
    return value
