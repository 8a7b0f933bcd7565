"""What a check is, what it reports, and what it sees.

A check is a class with a code (``OKR202``), a kebab-case name for the problem
(``orphan-initiative``), a one-line summary, a default severity, an ``Options`` model
and a docstring (its user documentation). Its :meth:`Check.run` yields :class:`Issue`
objects: a subject, a location and a message. The engine, not the check, stamps the
code, name and configured severity on each issue to make a :class:`Finding`.

Codes are grouped by hundreds:

- ``OKR0xx`` loading and configuration (``yaml-syntax`` … ``unused-ignore``)
- ``OKR1xx`` the dependency graph
- ``OKR2xx`` alignment with the vision
- ``OKR3xx`` capacity and cross-team conflicts
- ``OKR4xx`` hygiene
- ``OKR900`` violations of the vision's principles (``principle:<id>``)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, get_args, get_origin

from pydantic import BaseModel, ConfigDict

from okrkit.checks.result import Severity
from okrkit.model.aggregate import Location

if TYPE_CHECKING:
    from okrkit.model import Plan
    from okrkit.model.plan import Initiative


_FIRST_WORD = re.compile(r"[a-z]+(?=[ :,;]|$)")


def sentence(message: str, ids: Container[str] = (), *, verbatim: bool = False) -> str:
    """A message as a sentence: a final full stop and, when it starts with one of
    okrkit's own words, a capital first letter.

    Ids are shown exactly as written, so a message starting with an id (``batch-api
    depends on ...``) or with a word that is an id of the plan (``ids``) keeps its
    first letter; so does a message starting with the user's own text (``verbatim``:
    a principle's statement).
    """
    text = message.strip()
    first = None if verbatim else _FIRST_WORD.match(text)
    if first is not None and first.group() not in ids:
        text = text[0].upper() + text[1:]
    if text and text[-1] not in ".?!":
        text += "."
    return text


@dataclass(frozen=True)
class Issue:
    """What a check yields: the engine turns it into a :class:`Finding`.

    ``name`` overrides the check's name (principle findings are named
    ``principle:<id>``); ``severity`` overrides the configured severity (a principle's
    rule carries its own). ``period`` is the id of the period the issue is about, if
    any: once that period has ended (before the check date) the engine does not report
    the issue unless asked to (``okrkit check --include-past``).
    """

    location: Location
    message: str
    subject: str | None = None
    name: str | None = None
    severity: Severity | None = None
    period: str | None = None
    covers: tuple[str, ...] = ()
    """Names of checks whose finding about the same subject this issue makes redundant:
    when both are reported, the engine keeps only this one (one problem, one finding)."""


class CheckOptions(BaseModel):
    """Base class of every check's options: an unknown option is an error, values are frozen.

    A check names its options class once, as the type argument of :class:`Check`; the
    fields' ``description`` texts become the options table of ``docs/checks.md``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoOptions(CheckOptions):
    """The options of a check that has none."""


OptionsT = TypeVar("OptionsT", bound=CheckOptions)

#: A check's group is the hundreds digit of its code: ``OKR2xx`` is alignment.
GROUP_BY_HUNDREDS: dict[str, str] = {
    "0": "loading",
    "1": "graph",
    "2": "alignment",
    "3": "capacity",
    "4": "hygiene",
    "9": "policy",
}


def group_of(code: str) -> str:
    """The group of a check code (``OKR206`` -> ``alignment``); ValueError for another code."""
    if len(code) != 6 or not code.startswith("OKR") or not code[3:].isdigit():
        raise ValueError(f"not a check code: {code!r} (OKR and three digits)")
    try:
        return GROUP_BY_HUNDREDS[code[3]]
    except KeyError:
        raise ValueError(f"check code {code!r} is in no group") from None


class Check(Generic[OptionsT]):
    """Base class of every check: ``class MyCheck(Check[MyOptions])``.

    Subclasses set ``code``, ``name``, ``summary`` and ``severity`` and implement
    :meth:`run`, which receives an instance of the options class named as the type
    argument. ``Options`` (that class) and ``group`` (from the code) are derived when
    the subclass is created, so neither is written by hand.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    group: ClassVar[str]
    Options: ClassVar[type[CheckOptions]] = NoOptions
    #: Reported by the loader, not by ``run`` (the ``OKR0xx`` loading checks).
    from_loader: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in getattr(cls, "__orig_bases__", ()):
            if get_origin(base) is Check:
                (options,) = get_args(base)
                if isinstance(options, type) and issubclass(options, CheckOptions):
                    cls.Options = options
        if "code" in cls.__dict__:
            cls.group = group_of(cls.code)

    def run(self, ctx: CheckContext, options: OptionsT) -> Iterator[Issue]:
        """Yield the issues in ``ctx.plan``; loading checks (``from_loader``) yield none."""
        return iter(())


class CheckContext:
    """What every check sees: the plan, the date, and analyses shared by all checks.

    The analyses are computed at most once per run, on first use, so that checks stay
    linear: build an index here rather than scanning a list inside a loop.
    """

    def __init__(self, plan: Plan, as_of: dt.date):
        self.plan = plan
        self.as_of = as_of

    @cached_property
    def ids(self) -> frozenset[str]:
        """Every id of the plan (messages starting with one keep its spelling)."""
        plan = self.plan
        return frozenset(
            [
                *plan.initiative_by_id,
                *plan.key_result_by_id,
                *plan.objective_by_id,
                *plan.team_by_id,
                *plan.period_by_id,
                *plan.pillar_by_id,
                *plan.principle_by_id,
            ]
        )

    def period_ended(self, period_id: str | None) -> bool:
        """Whether ``period_id`` names a period whose last day is before the check date."""
        if period_id is None:
            return False
        period = self.plan.period_by_id.get(period_id)
        return period is not None and period.end < self.as_of

    @cached_property
    def live_initiatives(self) -> list[Initiative]:
        """Initiatives that are not dropped."""
        return [i for i in self.plan.initiatives if i.status != "dropped"]

    @cached_property
    def served_key_results(self) -> set[str]:
        """Ids of key results that some live initiative serves."""
        out: set[str] = set()
        for i in self.live_initiatives:
            out.update(i.key_results)
        return out

    @cached_property
    def objectives_by_pillar(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for o in self.plan.objectives:
            if o.pillar is not None:
                out[o.pillar] = out.get(o.pillar, 0) + 1
        return out

    @cached_property
    def conflicts(self) -> list[Any]:
        """Capacity and cross-team conflicts (``okrkit.planning.find_conflicts``), once."""
        from okrkit.planning import find_conflicts

        return list(find_conflicts(self.plan, as_of=self.as_of))

    @cached_property
    def schedule(self) -> Any:
        """The plan's schedule at ``as_of`` (``okrkit.planning.build_schedule``), once."""
        from okrkit.planning import build_schedule

        return build_schedule(self.plan, as_of=self.as_of)

    @cached_property
    def funded(self) -> list[Initiative]:
        """Work the plan funds: done work, and open work the schedule selects (every
        open initiative when the plan defines no periods: nothing is selected then)."""
        if not self.plan.periods:
            return self.live_initiatives
        from okrkit.planning.shares import funded_work

        return funded_work(self.plan, self.schedule.selected_ids)

    @cached_property
    def conflicts_by_name(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for c in self.conflicts:
            out.setdefault(c.name, []).append(c)
        return out

    @cached_property
    def cycles(self) -> list[list[str]]:
        from okrkit.graph import find_cycles

        return [list(c) for c in find_cycles(self.plan)]
