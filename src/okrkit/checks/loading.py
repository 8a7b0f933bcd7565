"""OKR0xx: problems found while loading the plan, and unused ignore comments.

The loader finds these; ``okrkit check`` reports them as findings (other commands stop
with exit code 2). When the plan does not load, no other check can run.
"""

from __future__ import annotations

from typing import ClassVar

from okrkit.checks.base import Check, NoOptions
from okrkit.checks.result import Severity


class YamlSyntax(Check[NoOptions]):
    """
    ## What it checks
    A plan file that is not valid YAML: a bad indent, an unclosed quote, a tab.

    ## Why it matters
    Nothing else can be checked in a file that does not parse.

    ## Example
    ```yaml
    initiatives:
      - id: search
         title: Faster search   # indented one space too far
    ```

    ## Use instead
    ```yaml
    initiatives:
      - id: search
        title: Faster search
    ```
    """

    code = "OKR001"
    name = "yaml-syntax"
    summary = "A plan file is not valid YAML."
    from_loader: ClassVar[bool] = True


class InvalidPlan(Check[NoOptions]):
    """
    ## What it checks
    A value of the wrong type or format, a missing required field, or an unknown key
    (see `docs/format.md`).

    ## Why it matters
    A misspelt key is silently meaningless to a human reader; okrkit rejects it so the
    plan says what its authors think it says.

    ## Example
    ```yaml
    initiatives:
      - id: search
        title: Faster search
        team: platform
        efort_weeks: 3      # misspelt
    ```

    ## Use instead
    ```yaml
        effort_weeks: 3
    ```
    """

    code = "OKR002"
    name = "invalid-plan"
    summary = "A field has the wrong type or format, is missing, or is unknown."
    from_loader: ClassVar[bool] = True


class UnknownReference(Check[NoOptions]):
    """
    ## What it checks
    A reference to an id that no element has: an initiative's `team`, `period`,
    `key_results` or `depends_on`, an objective's `pillar`, `team` or `period`.

    ## Why it matters
    A dangling reference usually means a typo or a renamed element; the work it
    describes silently drops out of every roll-up.

    ## Example
    ```yaml
    initiatives:
      - id: search
        title: Faster search
        team: platfrom      # no team has this id
    ```

    ## Use instead
    ```yaml
        team: platform
    ```
    """

    code = "OKR003"
    name = "unknown-reference"
    summary = "A reference names an id that no element has."
    from_loader: ClassVar[bool] = True


class DuplicateId(Check[NoOptions]):
    """
    ## What it checks
    Two elements of the same kind (or two key results anywhere) with the same id.

    ## Why it matters
    References to the id become ambiguous, and one of the two elements would vanish
    from every report.

    ## Example
    ```yaml
    initiatives:
      - {id: search, title: Faster search, team: platform}
      - {id: search, title: Search filters, team: web}
    ```

    ## Use instead
    ```yaml
    initiatives:
      - {id: search-speed, title: Faster search, team: platform}
      - {id: search-filters, title: Search filters, team: web}
    ```
    """

    code = "OKR004"
    name = "duplicate-id"
    summary = "Two elements share an id."
    from_loader: ClassVar[bool] = True


class UnusedIgnore(Check[NoOptions]):
    """
    ## What it checks
    A `# okrkit: ignore[...]` comment that silences nothing: no finding of the named
    check is reported on its line or the line below, or the name is not a check.

    ## Why it matters
    Stale ignores hide future problems and mislead readers about what is exempt.

    ## Example
    ```yaml
    initiatives:
      # okrkit: ignore[orphan-initiative]
      - {id: search, title: Faster search, team: platform, key_results: [kr-latency]}
    ```

    ## Use instead
    Delete the comment once the finding it silenced is gone.
    """

    code = "OKR005"
    name = "unused-ignore"
    summary = "An ignore comment silences nothing."
    severity: ClassVar[Severity] = "warning"
