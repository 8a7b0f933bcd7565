"""The fields real plans need: owner, lead, links, tags, meta, text in fields, indicator;
and the --tag / --owner filters of score, plan, status and deps."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

PLAN = """\
version: 1
vision:
  statement: Payouts people trust
  links: [https://wiki.example.com/vision]
  meta: {doc-owner: strategy-office}
  pillars:
    - {id: speed, name: Speed, links: [{title: Pillar brief, url: "https://wiki.example.com/speed"}]}
  principles:
    - id: secure
      statement: Security work is sized
      rule: {applies_to: '"security" in tags', require: "effort_weeks <= 4"}
periods:
  - {id: 2026-Q1, start: 2026-01-01, end: 2026-03-31, meta: {fiscal: FY26-Q3}}
teams:
  - {id: payments, lead: Ana Ruiz, capacity: {2026-Q1: 10}, meta: {slack: "#payments"}}
objectives:
  - id: faster
    title: Faster payouts
    pillar: speed
    team: payments
    period: 2026-Q1
    owner: Ana Ruiz
    tags: [payouts]
    links:
      - https://jira.example.com/browse/PAY-1
      - {title: Dashboard, url: "https://grafana.example.com/d/payouts"}
    meta: {jira: PAY-1, members: [ana, li]}
    key_results:
      - id: hours
        title: Payout in 24 hours
        direction: decrease
        baseline: 72
        target: 24
        indicator: leading
        owner: Li Wei
        tags: [sla]
        links: ["https://grafana.example.com/d/hours"]
        meta: {source: warehouse}
initiatives:
  - id: ledger
    title: New ledger
    team: payments
    period: 2026-Q1
    owner: Li Wei
    tags: [security, payouts]
    key_results: [hours]
    effort_weeks: 6
    rice: {reach: 100, impact: 2, confidence: 0.8, effort: 1}
    fields: {area: payments, fit: 7}
    links: [{title: Design doc, url: "https://docs.example.com/ledger"}]
    meta: {jira: PAY-7}
  - id: retry
    title: Retry failed payouts
    team: payments
    period: 2026-Q1
    owner: Ana Ruiz
    tags: [payouts]
    key_results: [hours]
    effort_weeks: 2
    rice: {reach: 50, impact: 1, confidence: 0.5, effort: 1}
    fields: {fit: 3}
"""

AS_OF = "2026-02-15"


@pytest.fixture
def plan_file(write_plan: Callable[..., Path]) -> Path:
    return write_plan(PLAN)


def data(run_cli: Callable[..., Any], *args: str | Path) -> Any:
    result = run_cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_new_fields_load_and_validate(run_cli: Callable[..., Any], plan_file: Path) -> None:
    result = run_cli("validate", plan_file)
    assert result.exit_code == 0, result.stderr


def test_json_outputs_carry_owner_tags_links_and_meta(
    run_cli: Callable[..., Any], plan_file: Path
) -> None:
    score = data(run_cli, "score", plan_file)
    ledger = next(i for i in score["initiatives"] if i["id"] == "ledger")
    assert ledger["owner"] == "Li Wei" and ledger["tags"] == ["security", "payouts"]
    assert ledger["links"] == [{"title": "Design doc", "url": "https://docs.example.com/ledger"}]
    assert ledger["meta"] == {"jira": "PAY-7"}
    status = data(run_cli, "status", plan_file, "--as-of", AS_OF)
    o = status["objectives"][0]
    assert o["owner"] == "Ana Ruiz" and o["meta"] == {"jira": "PAY-1", "members": ["ana", "li"]}
    assert o["links"] == [
        {"title": None, "url": "https://jira.example.com/browse/PAY-1"},
        {"title": "Dashboard", "url": "https://grafana.example.com/d/payouts"},
    ]
    kr = o["key_results"][0]
    assert (kr["indicator"], kr["owner"], kr["tags"]) == ("leading", "Li Wei", ["sla"])
    explain = data(run_cli, "explain", "ledger", plan_file)
    assert explain["links"] == ledger["links"] and explain["meta"] == {"jira": "PAY-7"}


EXTRAS = ("owner", "tags", "links", "meta")


def _initiative_records(run_cli: Callable[..., Any], plan_file: Path) -> dict[str, list[Any]]:
    """Every initiative record of every JSON output that lists initiatives, by output."""
    score = data(run_cli, "score", plan_file, "--status", "proposed,committed,done")
    plan = data(run_cli, "plan", plan_file, "--as-of", AS_OF)
    roadmap = data(run_cli, "roadmap", plan_file, "--as-of", AS_OF)
    forecast = data(run_cli, "forecast", plan_file, "--as-of", AS_OF, "--samples", "20")
    return {
        "forecast ranking": forecast["ranking"]["initiatives"],
        "forecast delivery": forecast["delivery"]["initiatives"],
        "score": score["initiatives"] + score["unscored"],
        "plan schedule": plan["schedule"],
        "plan not_selected": plan["not_selected"],
        "deps": data(run_cli, "deps", plan_file, "--as-of", AS_OF)["nodes"],
        "roadmap": roadmap["initiatives"],
        "explain": [data(run_cli, "explain", i, plan_file) for i in ("ledger", "retry")],
    }


def test_every_json_output_carries_the_same_owner_tags_links_and_meta(
    run_cli: Callable[..., Any], write_plan: Callable[..., Path]
) -> None:
    """One serialiser (``extras_json``): every JSON output that lists an initiative shows
    its owner, tags, links and meta, identically, with meta passed through untouched."""
    meta = "{jira: PAY-7, since: 2026-01-01, n: 1.50, nested: {a: [1, {b: yes}]}, none: null}"
    text = PLAN.replace("    meta: {jira: PAY-7}\n", f"    meta: {meta}\n")
    # ledger and retry do not both fit: one of them is below the cut line in plan's JSON
    text = text.replace("capacity: {2026-Q1: 10}", "capacity: {2026-Q1: 7}")
    plan_file = write_plan(text)
    want = {
        "ledger": {
            "owner": "Li Wei",
            "tags": ["security", "payouts"],
            "links": [{"title": "Design doc", "url": "https://docs.example.com/ledger"}],
            "meta": {
                "jira": "PAY-7",
                "since": "2026-01-01",
                "n": 1.5,
                "nested": {"a": [1, {"b": "yes"}]},
                "none": None,
            },
        },
        "retry": {"owner": "Ana Ruiz", "tags": ["payouts"], "links": [], "meta": {}},
    }
    outputs = _initiative_records(run_cli, plan_file)
    for name, records in outputs.items():
        seen = {r["id"]: {k: r[k] for k in EXTRAS} for r in records}
        assert seen == {i: want[i] for i in seen}, name
        assert seen, name
    assert len(outputs["plan not_selected"]) == len(outputs["plan schedule"]) == 1


def test_meta_numbers_json_cannot_hold_are_the_text_written(
    run_cli: Callable[..., Any], write_plan: Callable[..., Path]
) -> None:
    """``.inf`` or ``1e400`` in meta would be the bare token ``Infinity`` (invalid JSON);
    they pass through as the text written, the same with the cache as without."""
    meta = "meta: {big: 1e400, odd: .nan, x: -.inf}"
    path = write_plan(PLAN.replace("meta: {jira: PAY-7}", meta))
    runs = [
        run_cli("deps", path, "--format", "json", *extra) for extra in ((), (), ("--no-cache",))
    ]
    for r in runs:
        assert r.exit_code == 0, r.stderr
        assert "Infinity" not in r.stdout and "NaN" not in r.stdout
        node = next(n for n in json.loads(r.stdout)["nodes"] if n["id"] == "ledger")
        assert node["meta"] == {"big": "1e400", "odd": ".nan", "x": "-.inf"}


def test_explain_and_status_markdown_show_links(
    run_cli: Callable[..., Any], plan_file: Path
) -> None:
    text = run_cli("explain", "ledger", plan_file).stdout
    assert "  owner Li Wei, tags security, payouts\n" in text
    assert "Links\n  Design doc: https://docs.example.com/ledger\n" in text
    md = run_cli("status", plan_file, "--as-of", AS_OF, "--format", "markdown").stdout
    assert "[Dashboard](https://grafana.example.com/d/payouts)" in md
    assert "[https://grafana.example.com/d/hours](https://grafana.example.com/d/hours)" in md
    table = run_cli("status", plan_file, "--as-of", AS_OF).stdout
    assert "  hours (leading)" in table


@pytest.mark.parametrize(
    ("args", "want"),
    [
        (("--tag", "payouts"), ["ledger", "retry"]),
        (("--tag", "payouts", "--tag", "security"), ["ledger"]),
        (("--owner", "Ana Ruiz"), ["retry"]),
        (("--tag", "sla"), []),  # a key result's tag: known, but no initiative has it
    ],
)
def test_tag_and_owner_filters(
    run_cli: Callable[..., Any], plan_file: Path, args: tuple[str, ...], want: list[str]
) -> None:
    score = data(run_cli, "score", plan_file, *args)
    assert sorted(i["id"] for i in score["initiatives"]) == want
    plan = data(run_cli, "plan", plan_file, "--as-of", AS_OF, *args)
    assert sorted(s["id"] for s in plan["schedule"]) == want
    assert sorted(plan["selected"]) == want
    deps = data(run_cli, "deps", plan_file, *args)
    assert sorted(n["id"] for n in deps["nodes"]) == want


FILTERED = {
    "score": (),
    "plan": ("--as-of", AS_OF),
    "status": ("--as-of", AS_OF),
    "deps": ("--as-of", AS_OF),
}


@pytest.mark.parametrize("command", sorted(FILTERED))
@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("--tag", "securty"),
            "okrkit: --tag: unknown tag 'securty' (did you mean 'security'?); "
            "the plan defines: payouts, security, sla",
        ),
        (
            ("--tag", "payouts", "--tag", "launch"),
            "okrkit: --tag: unknown tag 'launch'; the plan defines: payouts, security, sla",
        ),
        (
            ("--owner", "Ana Ruis"),
            "okrkit: --owner: unknown owner 'Ana Ruis' (did you mean 'Ana Ruiz'?); "
            "the plan defines: Ana Ruiz, Li Wei",
        ),
    ],
)
def test_an_unknown_tag_or_owner_is_a_usage_error(
    run_cli: Callable[..., Any],
    plan_file: Path,
    command: str,
    args: tuple[str, ...],
    line: str,
) -> None:
    """Not an empty result: one line with the wording of every unknown id given as an
    option ("did you mean", the values the plan has), exit 2, nothing on stdout."""
    result = run_cli(command, plan_file, *FILTERED[command], *args)
    assert result.exit_code == 2
    assert result.stderr == line + "\n"
    assert result.stdout == ""


def test_known_tags_and_owners_are_those_of_any_element(
    run_cli: Callable[..., Any], plan_file: Path, write_plan: Callable[..., Path]
) -> None:
    from okrkit.load import load_plan
    from okrkit.model.filters import ElementFilter, known_owners, known_tags

    plan = load_plan(plan_file, use_cache=False)
    # an objective's tag (payouts), a key result's (sla), an initiative's (security)
    assert known_tags(plan) == {"payouts", "sla", "security"}
    assert known_owners(plan) == {"Ana Ruiz", "Li Wei"}
    flt = ElementFilter(("sla",), "Li Wei")
    assert flt.check(plan) is flt
    # a plan without tags or owners says so
    bare = write_plan("teams: [{id: t}]\ninitiatives: [{id: a, title: A, team: t}]\n", "b.yaml")
    got = run_cli("score", bare, "--owner", "Ana")
    assert got.exit_code == 2
    assert got.stderr == "okrkit: --owner: unknown owner 'Ana'; the plan defines no owners\n"


def test_status_filters_objectives_by_their_key_results(
    run_cli: Callable[..., Any], plan_file: Path
) -> None:
    def ids(*args: str) -> list[str]:
        return [
            o["id"]
            for o in data(run_cli, "status", plan_file, "--as-of", AS_OF, *args)["objectives"]
        ]

    assert ids("--tag", "sla") == ["faster"]  # the key result's own tag
    assert ids("--tag", "payouts") == ["faster"]  # the objective's tag, carried
    assert ids("--owner", "Li Wei") == ["faster"]  # the key result's owner
    assert ids("--owner", "Ana Ruiz") == []  # the key result has its own owner
    assert ids("--tag", "security") == []


def test_a_policy_rule_can_test_tags(run_cli: Callable[..., Any], plan_file: Path) -> None:
    result = run_cli("check", plan_file, "--as-of", AS_OF, "--select", "principle")
    assert result.exit_code == 1
    line = PLAN.splitlines().index("  - id: ledger") + 1
    (finding,) = result.stdout.splitlines()[:-1]  # only ledger is tagged security
    assert finding.startswith(f"{plan_file}:{line}:5: OKR900 [error] Security work is sized")
    assert "'ledger'" in finding and finding.endswith("(principle:secure)")


def test_a_formula_on_a_text_field_is_refused_at_the_formula(
    run_cli: Callable[..., Any], write_plan: Callable[..., Path]
) -> None:
    text = (
        PLAN + 'settings:\n  scoring:\n    formulas:\n      fit: "fields.fit * 2 + fields.area"\n'
    )
    path = write_plan(text)
    result = run_cli("score", path, "--by", "fit")
    assert result.exit_code == 2
    line = text.splitlines().index('      fit: "fields.fit * 2 + fields.area"') + 1
    assert result.stderr == (
        f"{path}:{line}:30: formula `fit`: `fields.area` is text ('payments' on initiative "
        "ledger); a formula computes with numbers only (text fields are for policy rules)\n"
    )
    ok = write_plan(PLAN + 'settings:\n  scoring:\n    formulas:\n      fit: "fields.fit * 2"\n')
    assert data(run_cli, "score", ok, "--by", "fit")["initiatives"][0]["score"] == 14


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("tags: [has space]", "tags"),
        ("links: [not-a-url]", "links"),
        ("owner: [a, b]", "owner"),
    ],
)
def test_bad_values_are_refused(
    run_cli: Callable[..., Any], write_plan: Callable[..., Path], snippet: str, message: str
) -> None:
    path = write_plan("initiatives:\n  - {id: a, title: A, team: t, " + snippet + "}\n")
    result = run_cli("validate", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:2:") and "Traceback" not in result.stderr
