"""The command line: the only package that imports typer.

Each command lives in its own module, imports the core lazily, and returns through
:func:`okrkit.cli._common.guarded`, which maps errors to exit codes:
0 clean, 1 findings at or above ``--fail-on`` (``check``), 2 usage, configuration,
input or internal error, 130 interrupted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from okrkit import __version__
from okrkit.cli import (
    check,
    checkin,
    deps,
    diff,
    explain,
    forecast,
    init,
    plan,
    report,
    roadmap,
    rules,
    schema,
    score,
    status,
    validate,
)
from okrkit.cli._common import debug_enabled, set_debug
from okrkit.cli._help import Command, Group

app = typer.Typer(
    name="okrkit",
    help="Turn a vision kept as YAML into a ranked, funded, conflict-free plan.",
    cls=Group,
    no_args_is_help=True,
    rich_markup_mode=None,  # click's plain help, not rich's boxed panels
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _command(name: str, help: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
    """Register a command with the plain help of :class:`okrkit.cli._help.Command`."""
    return app.command(name, help=help, cls=Command, **kwargs)


def _version(value: bool) -> None:
    if value:
        print(f"okrkit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    """Turn a vision kept as YAML into a ranked, funded, conflict-free plan."""
    set_debug(debug)


_command("validate", help="Load a plan and report every format or reference problem.")(
    validate.validate
)
_command("init", help="Write a small commented starter plan.")(init.init)
_command("schema", help="Print the JSON Schema of the plan format.")(schema.schema)
_command("score", help="Rank initiatives by RICE, ICE, WSJF, CD3 or a custom formula.")(score.score)
_command("explain", help="Show how one initiative's scores and rank are derived.")(explain.explain)
_command("deps", help="Map dependencies: cycles, critical path, what blocks what.")(deps.deps)
_command(
    "forecast", help="How sure the ranking is, and how likely the plan is to land (Monte Carlo)."
)(forecast.forecast)
_command("plan", help="Fit work into team capacity and sequence it by cost of delay.")(plan.plan)
_command("roadmap", help="The whole plan on a timeline, across periods.")(roadmap.roadmap)
_command("check", help="The CI gate: find drift from the vision and cross-team conflicts.")(
    check.check
)
_command("diff", help="Compare the plan with a git revision or another plan: what moved and why.")(
    diff.diff
)
_command("rules", help="List every check with its code, name and severity.")(rules.rules)
_command("rule", help="Print the documentation of one check.")(rules.rule)
_command("report", help="Write the plan as one self-contained HTML page to share.")(report.report)
_command("status", help="Key-result progress, grades and on-track status.")(status.status)
_command(
    "checkin",
    help="Record a key-result check-in in the plan file.",
    # a negative VALUE such as -3 is an argument, not an unknown option
    context_settings={"ignore_unknown_options": True},
)(checkin.checkin)


def main() -> None:
    """Console-script entry point.

    Commands map their own errors (:func:`okrkit.cli._common.guarded`); this catches
    output that fails outside a command (``--help`` or ``--version`` into a full disk, a
    closed stdout, an ASCII-only encoding): one line, exit 2, as inside one.
    """
    import sys

    from okrkit.cli._common import EXIT_ERROR, EXIT_OK, _silence_stdout, output_failure, say

    try:
        # one name however it is started (``python -m okrkit`` too): in the usage line,
        # and in the shell-completion variable, _OKRKIT_COMPLETE
        code = app(standalone_mode=False, prog_name="okrkit")
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        say("okrkit: aborted")
        sys.exit(EXIT_ERROR)
    except typer.TyperException as exc:  # a usage error: one line, not a boxed panel
        sys.exit(usage_error(exc))
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(EXIT_OK)
    except (UnicodeEncodeError, OSError) as exc:
        if debug_enabled():
            raise
        _silence_stdout()
        say("okrkit: " + output_failure(exc))
        sys.exit(EXIT_ERROR)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def usage_error(exc: Exception) -> int:
    """Print a usage error (an unknown option, a missing argument, a bad value) as one
    line, ``okrkit: <what is wrong> (see 'okrkit <command> --help')``, and return its
    exit code (2), as the README promises, instead of typer's boxed panel."""
    from okrkit.cli._common import EXIT_ERROR, say

    if type(exc).__name__ == "NoArgsIsHelpError":  # bare `okrkit`: the help, as click does
        say(str(exc.format_message()).rstrip("\n"))  # type: ignore[attr-defined]
        return EXIT_ERROR
    format_message = getattr(exc, "format_message", None)
    message = format_message() if callable(format_message) else str(exc)
    message = " ".join(str(message).split())
    ctx = getattr(exc, "ctx", None)
    names: list[str] = []
    while ctx is not None and getattr(ctx, "parent", None) is not None:
        names.append(str(ctx.info_name))
        ctx = ctx.parent
    path = " ".join(["okrkit", *reversed(names)])
    hint = f" (see '{path} --help')" if ctx is not None else ""
    say(f"okrkit: {message.rstrip('.')}{hint}")
    code = getattr(exc, "exit_code", EXIT_ERROR)
    return code if isinstance(code, int) else EXIT_ERROR
