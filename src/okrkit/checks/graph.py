"""OKR1xx: the dependency graph."""

from __future__ import annotations

from collections.abc import Iterator

from okrkit.checks.base import Check, CheckContext, Issue, NoOptions


class DependencyCycle(Check[NoOptions]):
    """
    ## What it checks
    Initiatives that depend on each other in a loop (`a` needs `b`, `b` needs `a`).
    One finding per cycle, at the `depends_on` entry of its first initiative (by id).

    ## Why it matters
    No order of work satisfies a cycle: none of its initiatives can ever start, and
    sequencing, critical paths and capacity plans are meaningless for them.

    ## Example
    ```yaml
    initiatives:
      - {id: api, title: New API, team: platform, depends_on: [client]}
      - {id: client, title: API client, team: web, depends_on: [api]}
    ```

    ## Use instead
    Split the work so that one side can ship first:
    ```yaml
    initiatives:
      - {id: api, title: New API, team: platform}
      - {id: client, title: API client, team: web, depends_on: [api]}
    ```
    """

    code = "OKR101"
    name = "dependency-cycle"
    summary = "Initiatives depend on each other in a cycle."

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        plan = ctx.plan
        by_id = plan.initiative_by_id
        # find_cycles gives each cycle in "depends on" order, from its smallest id
        # (tests/graph/test_properties.py holds it to that)
        for cycle in ctx.cycles:
            first = by_id[cycle[0]]
            nxt = cycle[1] if len(cycle) > 1 else cycle[0]
            path = ("depends_on", first.depends_on.index(nxt))
            text = " -> ".join([*cycle, cycle[0]])
            yield Issue(
                plan.where(first, *path),
                f"initiatives depend on each other in a cycle: {text}",
                subject=first.id,
            )


class BrokenDependency(Check[NoOptions]):
    """
    ## What it checks
    An initiative that is still planned but depends on an initiative whose status is
    `dropped`.

    ## Why it matters
    Work that waits for something nobody will build never starts; either the
    dependency must be revived or the dependent re-planned.

    ## Example
    ```yaml
    initiatives:
      - {id: sso, title: Single sign-on, team: platform, status: dropped}
      - {id: scim, title: SCIM provisioning, team: platform, depends_on: [sso]}
    ```

    ## Use instead
    Drop or re-scope the dependent too, or revive the dependency:
    ```yaml
      - {id: scim, title: SCIM provisioning, team: platform, status: dropped}
    ```
    """

    code = "OKR102"
    name = "broken-dependency"
    summary = "An initiative depends on dropped work."

    def run(self, ctx: CheckContext, options: NoOptions) -> Iterator[Issue]:
        plan = ctx.plan
        by_id = plan.initiative_by_id
        for init in plan.initiatives:
            if init.status in ("dropped", "done"):
                continue
            for index, dep_id in enumerate(init.depends_on):
                dep = by_id.get(dep_id)
                if dep is not None and dep.status == "dropped":
                    yield Issue(
                        plan.where(init, "depends_on", index),
                        f"initiative {init.id!r} depends on {dep_id!r}, which is dropped",
                        subject=init.id,
                    )
