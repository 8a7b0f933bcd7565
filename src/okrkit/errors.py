"""Exceptions the core raises; the CLI maps them to messages and exit codes.

The core never prints and never exits: it raises one of these, and ``okrkit.cli``
turns it into ``file:line:col: message`` lines and an exit code (see README).
"""

from __future__ import annotations

from dataclasses import dataclass

from okrkit.model.aggregate import Location


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

    def lines(self) -> list[str]:
        return [str(self)]


class UsageError(OkrkitError):
    """A bad option value or argument."""


class PlanLoadError(OkrkitError):
    """The plan did not load; ``problems`` holds every problem found, sorted."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class ConfigError(OkrkitError):
    """A bad setting, formula or policy rule in the plan, at a location."""

    def __init__(self, location: Location, message: str):
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")
