"""``--tag`` and ``--owner``: which elements a command shows. One definition, used by
``score``, ``plan``, ``status`` and ``deps``.

An initiative matches when it has every given tag and, with an owner given, that owner.
A key result carries its objective's tags as well as its own, and its objective's owner
when it has none of its own; an objective matches when one of its key results does (or,
with no key results, by its own tags and owner).

A tag or owner the plan does not have anywhere is a mistake, not an empty result:
:meth:`ElementFilter.check` refuses it with the wording of every unknown id given as an
option (:class:`~okrkit.errors.UnknownIdError`, with "did you mean").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okrkit.model.aggregate import Plan
    from okrkit.model.plan import Initiative, KeyResult, Objective


@dataclass(frozen=True)
class ElementFilter:
    tags: tuple[str, ...] = ()
    owner: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.tags) or self.owner is not None

    def matches(self, tags: Iterable[str], owner: str | None) -> bool:
        if self.owner is not None and owner != self.owner:
            return False
        return set(self.tags) <= set(tags)

    def check(self, plan: Plan) -> ElementFilter:
        """This filter, once every tag and the owner are known to ``plan``; else an
        :class:`~okrkit.errors.UnknownIdError` (``param`` ``tag`` or ``owner``)."""
        from okrkit.errors import UnknownIdError

        if self.tags:
            tags = known_tags(plan)
            for t in self.tags:
                if t not in tags:
                    raise UnknownIdError("tag", t, tags, param="tag")
        if self.owner is not None:
            owners = known_owners(plan)
            if self.owner not in owners:
                raise UnknownIdError("owner", self.owner, owners, param="owner")
        return self

    def initiative(self, i: Initiative) -> bool:
        return self.matches(i.tags, i.owner)

    def key_result(self, o: Objective, kr: KeyResult) -> bool:
        return self.matches([*o.tags, *kr.tags], kr.owner or o.owner)

    def objective(self, o: Objective) -> bool:
        if not o.key_results:
            return self.matches(o.tags, o.owner)
        return any(self.key_result(o, kr) for kr in o.key_results)


def known_tags(plan: Plan) -> set[str]:
    """Every tag of an objective, key result or initiative."""
    out = {t for i in plan.initiatives for t in i.tags}
    for o in plan.objectives:
        out.update(o.tags)
        for kr in o.key_results:
            out.update(kr.tags)
    return out


def known_owners(plan: Plan) -> set[str]:
    """Every owner of an objective, key result or initiative."""
    out = {i.owner for i in plan.initiatives if i.owner is not None}
    for o in plan.objectives:
        if o.owner is not None:
            out.add(o.owner)
        out.update(kr.owner for kr in o.key_results if kr.owner is not None)
    return out
