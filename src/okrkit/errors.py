"""Exceptions the core raises; the CLI maps them to messages and exit codes.

The core never prints and never exits: it raises one of these, and ``okrkit.cli``
turns it into ``file:line:col: message`` lines and an exit code (see README).

Messages do not start with ``okrkit:`` and do not name command-line options: the CLI
adds the prefix to a message without a location, and names the option that matches a
:class:`UsageError`'s ``param`` (``focus`` is ``--focus``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from okrkit.model.aggregate import Location
from okrkit.suggest import closest


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a plan's files, found while loading it.

    ``code`` is the name of the check that reports it from ``okrkit check``:
    ``yaml-syntax``, ``invalid-plan``, ``unknown-reference`` or ``duplicate-id``.
    """

    location: Location
    message: str
    code: str = "invalid-plan"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class OkrkitError(Exception):
    """Base class: an error the user can act on. Exit code 2."""

    exit_code = 2
    located: ClassVar[bool] = False
    """Its lines start with ``file:line:col:`` (else the CLI prefixes ``okrkit:``)."""

    def lines(self) -> list[str]:
        return [str(self)]


class UsageError(OkrkitError):
    """A bad option value or argument.

    ``param`` names the parameter of the core function that got the bad value
    (``focus``, ``select``); the CLI shows it as the matching option (``--focus: ...``).
    """

    def __init__(self, message: str, *, param: str | None = None):
        super().__init__(message)
        self.message = message
        self.param = param


class UnknownIdError(UsageError):
    """An id given to a command (an option or an argument) that the plan does not define.

    One wording in every command, with the closest id when one is near:
    ``unknown team 'wbe' (did you mean 'web'?); the plan defines: api, web``.
    ``known`` is every id of that kind; the message lists at most :attr:`LISTED`.
    """

    LISTED: ClassVar[int] = 12

    def __init__(
        self, kind: str, value: str, known: Iterable[str], *, param: str | None = None
    ) -> None:
        ids = sorted(set(known))
        near = closest(value, ids)
        hint = f" (did you mean {near!r}?)" if near else ""
        if not ids:
            listing = f"the plan defines no {kind}s"
        else:
            shown = ", ".join(ids[: self.LISTED])
            more = f", ... ({len(ids)} in all)" if len(ids) > self.LISTED else ""
            listing = f"the plan defines: {shown}{more}"
        super().__init__(f"unknown {kind} {value!r}{hint}; {listing}", param=param)
        self.kind = kind
        self.value = value
        self.suggestion = near


class PlanLoadError(OkrkitError):
    """The plan did not load; ``problems`` holds every problem found, sorted."""

    located = True

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class NoPlanError(OkrkitError):
    """There is no plan where one was looked for: a missing path, an empty folder, or
    neither ``okrkit.yaml`` nor ``plan/`` in the current folder. Not located (there is no
    line to point at): the CLI shows ``okrkit: message``."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ConfigError(OkrkitError):
    """A bad setting, formula or policy rule in the plan, at a location."""

    located = True

    def __init__(self, location: Location, message: str):
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")


class ConfigErrors(ConfigError):
    """Several configuration problems, reported together (one line each, sorted by place),
    so a user fixes ``settings`` in one pass rather than one run per mistake."""

    def __init__(self, errors: list[ConfigError]):
        self.errors = sorted(errors, key=lambda e: (e.location, e.message))
        first = self.errors[0]
        super().__init__(first.location, first.message)

    def lines(self) -> list[str]:
        return [f"{e.location}: {e.message}" for e in self.errors]
