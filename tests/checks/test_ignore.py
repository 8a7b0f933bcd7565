"""# okrkit: ignore[...] comments: silence a finding on their line or the line below;
report the ones that silence nothing."""

from __future__ import annotations

import datetime as dt
import textwrap

from okrkit.checks import run_checks
from okrkit.checks.ignore import scan
from okrkit.load import load_plan_text

AS_OF = dt.date(2026, 2, 1)


def _run(text: str, **kw: object) -> list[str]:
    text = textwrap.dedent(text)
    report = run_checks(load_plan_text(text), AS_OF, sources={"okrkit.yaml": text}, **kw)  # type: ignore[arg-type]
    return [f"{f.location.line}:{f.location.column} {f.name}: {f.message}" for f in report.findings]


def test_same_line_line_above_by_code_and_unused() -> None:
    got = _run(
        """\
        teams: [{id: web}]
        initiatives:
          - {id: a, title: A, team: web}  # okrkit: ignore[orphan-initiative]
          # okrkit: ignore[OKR202]
          - {id: b, title: B, team: web}
          - {id: c, title: C, team: web}
          # okrkit: ignore[orphan-initiative, duplicate-id]
          - {id: d, title: D, team: web, key_results: []}
          # okrkit: ignore[orphan-initiative]

          - {id: e, title: E, team: web}
          # okrkit: ignore[no-such-check]
        """,
        select=["orphan-initiative", "unused-ignore"],
    )
    assert got == [
        "6:5 orphan-initiative: Initiative 'c' serves no key result.",
        "9:3 unused-ignore: Ignore comment for 'orphan-initiative' silences nothing.",
        "11:5 orphan-initiative: Initiative 'e' serves no key result.",
        "12:3 unused-ignore: Ignore comment names no check: 'no-such-check'.",
    ]


def test_ignores_of_checks_that_did_not_run_are_not_reported() -> None:
    got = _run(
        """\
        teams: [{id: web}]
        initiatives:
          - {id: a, title: A, team: web}  # okrkit: ignore[orphan-initiative]
        """,
        select=["unused-ignore"],
    )
    assert got == []


def test_principle_ignores() -> None:
    got = _run(
        """\
        vision:
          statement: S.
          principles:
            - {id: p, statement: Small., rule: {require: "effort_weeks <= 1"}}
            - {id: q, statement: Tiny., rule: {require: "effort_weeks <= 1"}}
        teams: [{id: web}]
        initiatives:
          - {id: a, title: A, team: web, effort_weeks: 3}  # okrkit: ignore[principle:p]
          - {id: b, title: B, team: web, effort_weeks: 3}  # okrkit: ignore[principle]
          # okrkit: ignore[principle:nope]
        """,
        select=["principle", "unused-ignore"],
    )
    assert got == [
        "8:5 principle:q: Tiny. Initiative 'a' fails `effort_weeks <= 1`: effort_weeks 3 > 1.",
        "10:3 unused-ignore: Ignore comment names no check: 'principle:nope'.",
    ]


def test_scan_positions() -> None:
    text = "a: 1\nb: 2  # okrkit: ignore[x,y]\n#okrkit:ignore[z]\n"
    found = [(i.location.line, i.location.column, i.tokens) for i in scan(text, "f.yaml")]
    assert found == [(2, 7, ("x", "y")), (3, 1, ("z",))]
    assert scan("no comments here\n", "f.yaml") == []
