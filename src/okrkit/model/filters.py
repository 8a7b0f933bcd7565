"""``--tag`` and ``--owner``: which elements a command shows. One definition, used by
``score``, ``plan``, ``status`` and ``deps``.

An initiative matches when it has every given tag and, with an owner given, that owner.
A key result carries its objective's tags as well as its own, and its objective's owner
when it has none of its own; an objective matches when one of its key results does (or,
with no key results, by its own tags and owner).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

    def initiative(self, i: Initiative) -> bool:
        return self.matches(i.tags, i.owner)

    def key_result(self, o: Objective, kr: KeyResult) -> bool:
        return self.matches([*o.tags, *kr.tags], kr.owner or o.owner)

    def objective(self, o: Objective) -> bool:
        if not o.key_results:
            return self.matches(o.tags, o.owner)
        return any(self.key_result(o, kr) for kr in o.key_results)
