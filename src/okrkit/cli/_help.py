"""Plain ``--help`` for every command: readable names for values, no type noise.

typer labels a value by its Python type (``<str>``, ``<path>``, ``<int range>``, a range
as ``[x>=1]``) and marks a required argument ``{KR_ID}``. The command classes here give
every value a name a user understands (``PLAN``, ``DATE``, ``FORMAT``, ``N``, ``FILE``),
say a range in words (``[at least 1]``), show arguments as click does (``KR_ID VALUE
[PLAN]``) and let command summaries wrap instead of being cut off. A flag shows no value.
The app sets ``rich_markup_mode=None``, so help is click's plain text, never rich panels.

A parameter keeps a ``metavar`` given where it is declared; otherwise :func:`metavar_of`
names it from :data:`METAVARS`, else ``N`` for a number, else its name in capitals.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup

METAVARS = {
    "as_of": "DATE",
    "date": "DATE",
    "output": "FILE",
    "format": "FORMAT",
    "by": "METHOD",
    "focus": "ID",
    "id": "ID",
    "note": "TEXT",
    "title": "TEXT",
    "fail_on": "SEVERITY",
}
"""Value names by parameter name, for parameters declared without a ``metavar``."""


def metavar_of(param: Any) -> str:
    """The name ``--help`` shows for a parameter's value."""
    name = str(param.name or "")
    if name in METAVARS:
        return METAVARS[name]
    descriptor = getattr(param, "type_descriptor", None)
    if getattr(descriptor, "annotation", None) in (int, float):
        return "N"
    return name.upper()


def range_words(low: float | None, high: float | None) -> str | None:
    """A number range in words: ``at least 1``, ``at most 5``, ``from 0 to 1``."""
    if low is None and high is None:
        return None
    if high is None:
        return f"at least {low}"
    if low is None:
        return f"at most {high}"
    return f"from {low} to {high}"


def _name(param: Any) -> None:
    if getattr(param, "metavar", None) is None and not (
        getattr(param, "is_flag", False) or getattr(param, "count", False)
    ):
        param.metavar = metavar_of(param)


def _help_text(param: Any, text: str) -> str:
    """``text`` with typer's range (``x>=1``) in words and without ``required`` (the
    usage line says which arguments are required)."""
    from typer._display import describe_number_range

    low, high = getattr(param, "min", None), getattr(param, "max", None)
    typer_range = describe_number_range(low, high)
    head, sep, tail = text.rpartition("  [")
    if sep and tail.endswith("]"):
        extras = [e for e in tail[:-1].split("; ") if e not in ("required", typer_range)]
    else:
        head, extras = text, []
    words = range_words(low, high)
    if words:
        extras.append(words)
    return f"{head}  [{'; '.join(extras)}]" if extras else head


def _format_params(cmd: Any, ctx: Any, formatter: Any) -> None:
    """The Arguments and Options sections: ``NAME  help`` and ``-o, --opt VALUE  help``."""
    args: list[tuple[str, str]] = []
    opts: list[tuple[str, str]] = []
    for param in cmd.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None:
            continue
        name, text = record
        text = _help_text(param, text)
        if param.param_type_name == "argument":
            args.append((param.metavar or str(param.name).upper(), text))
        else:
            opts.append((name, text))
    if args:
        with formatter.section("Arguments"):
            formatter.write_dl(args)
    if opts:
        with formatter.section("Options"):
            formatter.write_dl(opts)


def _usage_pieces(cmd: Any, ctx: Any) -> list[str]:
    """``[OPTIONS] KR_ID VALUE [PLAN]``: an optional argument in brackets, as click does."""
    pieces = [cmd.options_metavar] if cmd.options_metavar else []
    for param in cmd.get_params(ctx):
        if param.param_type_name != "argument":
            pieces.extend(param.get_usage_pieces(ctx))
            continue
        name = param.metavar or str(param.name).upper()
        name = name if param.required else f"[{name}]"
        pieces.append(name + ("..." if param.nargs != 1 else ""))
    return pieces


class Command(TyperCommand):
    """A command whose help is plain and names every value (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            _name(param)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage_pieces(self, ctx)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_params(self, ctx, formatter)


class Group(TyperGroup):
    """The root command: plain help, and command summaries wrapped, never cut with ``...``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            _name(param)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_params(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
