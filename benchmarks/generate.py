"""Generate a realistic synthetic okrkit plan of any size, deterministically for a seed.

    python benchmarks/generate.py --initiatives 10000 --seed 1 --out benchmarks/plans/n10000

The plan is a folder the way a large organisation keeps one:

- ``okrkit.yaml``: format version, the vision (pillars whose target shares add up to
  0.95, principles), two quarters and the settings;
- ``teams/<team>.yaml``, one per team (about one team per 20 initiatives): the team's
  ``teams:`` entry with its capacity per quarter, its objectives with key results (every
  direction, check-ins with dates, values and confidence; 70% on a metric of the team's
  own area, 30% on one of ten company-wide metrics such as NPS) and its initiatives.

Every initiative has all of ``rice``, ``ice``, ``wsjf``, ``cost_of_delay``,
``effort_weeks`` and ``duration_weeks`` filled, a kind (experiments with a timebox), a
status, links to its team's key results and about two dependencies: mostly on earlier
work of its own team, some on other teams of its department or on the shared platform
teams. The dependency graph is acyclic unless ``--cycles K`` injects K back edges. A
team's capacity in each quarter covers its committed work and 40-70% of what it proposes,
so planning has a real cut line; one team in ten is over-committed (capacity 90% of its
committed work), and WIP limits sit near the work in progress, so ``check`` finds what a
real organisation's plan shows, not a finding on every line.

The text is written directly (no YAML library), so the generator stays fast (100,000
initiatives in a few seconds) and byte-identical for a seed. The random streams are
separate for the structure, the attributes and the cycles, so ``--cycles`` changes only
the injected edges.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

GENERATOR_VERSION = 3
"""Bump when the output changes, so cached benchmark plans are regenerated."""

AS_OF = "2026-03-02"
"""The date benchmarks pass as ``--as-of``: mid-Q1, after every generated check-in."""

PERIODS = (("2026-Q1", "2026-01-01", "2026-03-31"), ("2026-Q2", "2026-04-01", "2026-06-30"))
CHECKIN_DAYS = ("2026-01-12", "2026-01-26", "2026-02-09", "2026-02-23")
START_DAYS = ("2026-01-05", "2026-01-12", "2026-01-19", "2026-02-02", "2026-02-16")
DEADLINES = ("2026-02-27", "2026-03-31", "2026-05-15", "2026-06-30")

INITIATIVES_PER_TEAM = 20
DEPARTMENT_SIZE = 8
PLATFORM_TEAMS = 4

# (team word, issue-key code): team k is f"{word}-{k // 20 + 1}", its initiatives
# f"{code}{k // 20 + 1}-{n}" in the way issue trackers number work.
AREAS = (
    ("platform", "PLT"),
    ("identity", "IDN"),
    ("data", "DAT"),
    ("infra", "INF"),
    ("payments", "PAY"),
    ("search", "SRC"),
    ("checkout", "CHK"),
    ("mobile", "MOB"),
    ("growth", "GRW"),
    ("billing", "BIL"),
    ("notifications", "NTF"),
    ("security", "SEC"),
    ("ml", "MLE"),
    ("catalog", "CAT"),
    ("pricing", "PRC"),
    ("logistics", "LOG"),
    ("support", "SUP"),
    ("analytics", "ANA"),
    ("ads", "ADS"),
    ("messaging", "MSG"),
)

PILLARS = (
    ("customer-trust", "Customer trust", 0.35),
    ("growth", "Profitable growth", 0.25),
    ("velocity", "Engineering velocity", 0.2),
    ("reach", "New markets", 0.15),
)

VERBS = (
    "Improve",
    "Rebuild",
    "Launch",
    "Migrate",
    "Automate",
    "Simplify",
    "Harden",
    "Speed up",
    "Redesign",
    "Instrument",
    "Consolidate",
    "Retire",
    "Localise",
    "Scale",
    "Extend",
)
THINGS = (
    "checkout flow",
    "search ranking",
    "onboarding",
    "invoice export",
    "fraud scoring",
    "event pipeline",
    "mobile login",
    "partner API",
    "recommendation model",
    "audit log",
    "pricing rules",
    "refund handling",
    "status page",
    "release tooling",
    "data warehouse",
    "notification service",
    "account recovery",
    "catalogue import",
    "shipping estimates",
    "support inbox",
    "feature flags",
    "access control",
    "cost reporting",
    "A/B framework",
)
QUALIFIERS = (
    "for EU customers",
    "on Android",
    "for enterprise plans",
    "in the self-serve tier",
    "for marketplace sellers",
    "behind a flag",
    "for the holiday peak",
    "in APAC",
    "without downtime",
    "v2",
    "for partners",
    "",
)
METRICS = (
    ("checkout conversion", "%", 2.4, 3.1),
    ("p95 latency", "ms", 480.0, 250.0),
    ("weekly active teams", "teams", 1200.0, 1800.0),
    ("support tickets per 1k orders", "tickets", 14.0, 9.0),
    ("monthly recurring revenue", "kEUR", 820.0, 1000.0),
    ("deploys per week", "deploys", 35.0, 60.0),
    ("incident minutes", "min", 340.0, 120.0),
    ("NPS", "points", 31.0, 40.0),
    ("crash-free sessions", "%", 99.2, 99.7),
    ("cloud cost per order", "EUR", 0.42, 0.3),
)
OBJECTIVE_TITLES = (
    "Make {thing} something customers trust",
    "Grow revenue from {thing}",
    "Ship {thing} work twice as fast",
    "Take {thing} to new markets",
    "Cut the cost of running {thing}",
    "Delight new users of {thing}",
)
PRINCIPLES = (
    ("security-first", "Security and privacy work is never traded for features."),
    ("evidence", "Bets larger than a quarter start as time-boxed experiments."),
    ("own-the-debt", "Every team spends part of its capacity on technical debt."),
)


@dataclass(frozen=True)
class Summary:
    """What a generation produced (also printed as JSON by the command line)."""

    initiatives: int
    teams: int
    files: int
    objectives: int
    key_results: int
    checkins: int
    dependencies: int
    cross_team_dependencies: int
    cycles: int
    bytes: int
    seconds: float


class _Rng:
    """``random.Random`` used only through ``random()``, stable across Python versions."""

    def __init__(self, seed: int, stream: int) -> None:
        self._r = random.Random(seed * 1_000_003 + stream)
        self.random = self._r.random

    def below(self, n: int) -> int:
        return int(self._r.random() * n)

    def pick(self, seq: Sequence[str]) -> str:
        return seq[int(self._r.random() * len(seq))]

    def between(self, low: float, high: float) -> float:
        return low + (high - low) * self._r.random()

    def weighted(self, values: Sequence[int], weights: Sequence[float]) -> int:
        x = self._r.random() * sum(weights)
        for v, w in zip(values, weights, strict=True):
            x -= w
            if x < 0:
                return v
        return values[-1]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML 1.2)."""
    return json.dumps(text, ensure_ascii=False)


def _num(x: float) -> str:
    """A short plain number: integers without a decimal point, else up to 3 decimals."""
    if x == int(x):
        return str(int(x))
    return f"{x:.3f}".rstrip("0").rstrip(".")


def _sensible(x: float) -> float:
    """Round a metric value the way people write it: 1240, 48.5, 2.45, 0.31."""
    a = abs(x)
    if a >= 100:
        return float(round(x))
    if a >= 10:
        return round(x, 1)
    return round(x, 2)


def _team_sizes(n: int, teams: int) -> list[int]:
    base, extra = divmod(n, teams)
    return [base + (1 if k < extra else 0) for k in range(teams)]


def _team_names(teams: int) -> list[tuple[str, str, str]]:
    """(team id, display name, issue-key prefix) for each team index."""
    out = []
    for k in range(teams):
        word, code = AREAS[k % len(AREAS)]
        n = k // len(AREAS) + 1
        out.append((f"{word}-{n}", f"{word.capitalize()} {n}", f"{code}{n}"))
    return out


def _dependencies(sizes: list[int], starts: list[int], seed: int) -> list[list[int]]:
    """``deps[g]``: global indexes of the initiatives that initiative ``g`` depends on.

    Every edge points to an earlier team or an earlier position in the same team, so the
    graph is acyclic. Cross-team edges go to an earlier team of the same department (of
    ``DEPARTMENT_SIZE`` teams) or to one of the first ``PLATFORM_TEAMS`` teams, which
    keeps chains short the way real organisations do.
    """
    rng = _Rng(seed, 1)
    deps: list[list[int]] = []
    for k, size in enumerate(sizes):
        dept_start = k - k % DEPARTMENT_SIZE
        platforms = min(PLATFORM_TEAMS, k)
        for p in range(size):
            count = rng.weighted((0, 1, 2, 3, 4), (0.05, 0.2, 0.35, 0.2, 0.2))
            mine: list[int] = []
            for _ in range(count):
                cross = rng.random() < 0.15 or p == 0
                if cross:
                    if k > dept_start and (platforms == 0 or rng.random() < 0.7):
                        other = dept_start + rng.below(k - dept_start)
                    elif platforms:
                        other = rng.below(platforms)
                    else:
                        continue
                    if sizes[other] == 0:
                        continue
                    # other teams mostly wait on their foundations: early positions
                    target = starts[other] + int(sizes[other] * rng.random() ** 2)
                else:
                    window = min(p, 6)
                    target = starts[k] + p - 1 - rng.below(window)
                if target not in mine:
                    mine.append(target)
            deps.append(mine)
    return deps


def _inject_cycles(deps: list[list[int]], cycles: int, seed: int) -> int:
    """Add back edges that close ``cycles`` cycles of 2-4 initiatives; returns how many."""
    rng = _Rng(seed, 3)
    n = len(deps)
    made = 0
    tries = 0
    while made < cycles and tries < cycles * 50 + 100 and n:
        tries += 1
        start = rng.below(n)
        node = start
        for _ in range(1 + rng.below(3)):
            if not deps[node]:
                break
            node = deps[node][rng.below(len(deps[node]))]
        if node == start or start in deps[node]:
            continue
        deps[node].append(start)
        made += 1
    return made


class _TeamWriter:
    """Renders one team's file."""

    def __init__(self, rng: _Rng, ids: list[str], team_of: list[int]) -> None:
        self.rng = rng
        self.ids = ids
        self.team_of = team_of
        self.objectives = 0
        self.key_results = 0
        self.checkins = 0

    def title(self) -> str:
        r = self.rng
        q = r.pick(QUALIFIERS)
        t = f"{r.pick(VERBS)} {r.pick(THINGS)}"
        return f"{t} {q}" if q else t

    def key_result(self, out: list[str], kr_id: str, in_q1: bool, area: str) -> None:
        r = self.rng
        metric, unit, base, target = METRICS[r.below(len(METRICS))]
        if r.random() < 0.7:  # most metrics are the team's own; the rest are company-wide
            metric = f"{area} {metric}"
        scale = r.between(0.7, 1.4)
        base, target = _sensible(base * scale), _sensible(target * scale)
        roll = r.random()
        if roll < 0.08:
            direction = "milestone"
        elif roll < 0.16:
            direction = "at_most" if target < base else "at_least"
        else:
            direction = "decrease" if target < base else "increase"
        out.append(f"      - id: {kr_id}")
        if direction == "milestone":
            out.append(f"        title: {_q('Ship ' + r.pick(THINGS))}")
            out.append("        direction: milestone")
        else:
            out.append(
                f"        title: {_q(f'{metric.capitalize()} from {_num(base)} to {_num(target)}')}"
            )
            out.append(f"        metric: {_q(metric)}")
            out.append(f"        unit: {_q(unit)}")
            out.append(f"        direction: {direction}")
            out.append(f"        baseline: {_num(base)}")
            out.append(f"        target: {_num(target)}")
        if r.random() < 0.25:
            out.append(f"        weight: {r.pick(('0.5', '1.5', '2'))}")
        out.append(f"        indicator: {'leading' if r.random() < 0.5 else 'lagging'}")
        if not in_q1:
            return
        roll = r.random()
        if roll < 0.1:
            if direction != "milestone":
                out.append(
                    f"        current: {_num(round(base + (target - base) * r.between(0, 0.8), 2))}"
                )
            return
        count = r.weighted((1, 2, 3, 4), (0.1, 0.15, 0.25, 0.5))  # most keep up
        out.append("        checkins:")
        pace = r.between(-0.1, 0.5)  # share of the way per quarter-so-far
        for c, day in enumerate(CHECKIN_DAYS[:count]):
            if direction == "milestone":
                value = 1.0 if c == count - 1 and r.random() < 0.3 else 0.0
            else:
                frac = pace * (c + 1) / len(CHECKIN_DAYS) + r.between(-0.05, 0.05)
                value = _sensible(base + (target - base) * frac)
            out.append(f"          - date: {day}")
            out.append(f"            value: {_num(value)}")
            out.append(f"            confidence: {_num(round(r.between(0.3, 0.9), 1))}")
            if r.random() < 0.2:
                out.append(f"            note: {_q('Blocked on ' + r.pick(THINGS))}")
            self.checkins += 1

    def team(
        self,
        out: list[str],
        k: int,
        names: tuple[str, str, str],
        start: int,
        size: int,
        deps: list[list[int]],
    ) -> None:
        r = self.rng
        team_id, team_name, prefix = names
        area = AREAS[k % len(AREAS)][0]
        n_obj = 3
        objectives: list[tuple[str, str, list[str]]] = []  # (id, period, kr ids)
        obj_lines: list[str] = []
        for j in range(n_obj):
            period = PERIODS[0][0] if j < 2 else PERIODS[1][0]
            oid = f"{prefix}-O{j + 1}"
            pillar = PILLARS[(k + j) % len(PILLARS)][0]
            obj_lines.append(f"  - id: {oid}")
            title = r.pick(OBJECTIVE_TITLES).format(thing=r.pick(THINGS))
            obj_lines.append(f"    title: {_q(title)}")
            obj_lines.append(f"    pillar: {pillar}")
            obj_lines.append(f"    team: {team_id}")
            obj_lines.append(f"    period: {period}")
            commitment = "aspirational" if r.random() < 0.3 else "committed"
            obj_lines.append(f"    commitment: {commitment}")
            obj_lines.append("    key_results:")
            krs = []
            for m in range(2 + r.below(3)):
                kr_id = f"{oid}-KR{m + 1}"
                krs.append(kr_id)
                self.key_result(obj_lines, kr_id, period == PERIODS[0][0], area)
            self.key_results += len(krs)
            objectives.append((oid, period, krs))
        self.objectives += n_obj

        pools = {
            period: [kr for _, per, krs in objectives if per == period for kr in krs]
            for period, _, _ in PERIODS
        }
        ini_lines: list[str] = []
        forced = {p[0]: 0.0 for p in PERIODS}  # committed and in progress
        proposed = {p[0]: 0.0 for p in PERIODS}
        in_progress = 0
        for p in range(size):
            g = start + p
            frac = (p + 0.5) / size
            q1 = frac + r.between(-0.15, 0.15) < 0.55
            period = PERIODS[0][0] if q1 else PERIODS[1][0]
            roll = r.random()
            if roll < 0.03:
                status = "dropped"
            elif q1:
                status = (
                    "done"
                    if frac < 0.12
                    else "in_progress"
                    if frac < 0.3
                    else "committed"
                    if frac < 0.45
                    else "proposed"
                )
            else:
                status = "committed" if roll < 0.2 else "proposed"
            roll = r.random()
            kind = (
                "feature"
                if roll < 0.6
                else "enabler"
                if roll < 0.75
                else "debt"
                if roll < 0.9
                else "experiment"
            )
            effort = float(r.weighted((1, 2, 3, 4, 6, 8, 10, 13), (1, 3, 4, 4, 3, 2, 1, 1)))
            people = 1 + r.below(3)
            duration = max(1.0, float(round(effort / people)))
            if status not in ("done", "dropped"):
                (proposed if status == "proposed" else forced)[period] += effort
            in_progress += status == "in_progress"

            ini_lines.append(f"  - id: {self.ids[g]}")
            ini_lines.append(f"    title: {_q(self.title())}")
            if r.random() < 0.3:
                desc = f"Part of the {r.pick(THINGS)} programme; see the design doc."
                ini_lines.append(f"    description: {_q(desc)}")
            ini_lines.append(f"    team: {team_id}")
            ini_lines.append(f"    kind: {kind}")
            ini_lines.append(f"    status: {status}")
            ini_lines.append(f"    period: {period}")
            pool = pools[period]
            links = [pool[r.below(len(pool))]]
            if r.random() < 0.3:
                other = pool[r.below(len(pool))]
                if other != links[0]:
                    links.append(other)
            ini_lines.append(f"    key_results: [{', '.join(links)}]")
            if deps[g]:
                ini_lines.append(f"    depends_on: [{', '.join(self.ids[d] for d in deps[g])}]")
            if r.random() < 0.2:
                lo = max(0.5, effort * 0.6)
                hi = effort * 1.8
                ini_lines.append("    effort_weeks:")
                ini_lines.append(f"      low: {_num(round(lo, 1))}")
                ini_lines.append(f"      likely: {_num(effort)}")
                ini_lines.append(f"      high: {_num(round(hi, 1))}")
            else:
                ini_lines.append(f"    effort_weeks: {_num(effort)}")
            ini_lines.append(f"    duration_weeks: {_num(duration)}")
            if status in ("in_progress", "done"):
                ini_lines.append(f"    started: {r.pick(START_DAYS)}")
            if kind == "experiment":
                ini_lines.append(f"    timebox_weeks: {1 + r.below(6)}")
            reach = (1 + r.below(50)) * 500
            impact = r.pick(("0.25", "0.5", "1", "2", "3"))
            confidence = r.pick(("0.5", "0.8", "1", "80%", "0.3"))
            months = max(0.5, round(effort / 4.33 * 2) / 2)
            ini_lines.append("    rice:")
            ini_lines.append(f"      reach: {reach}")
            ini_lines.append(f"      impact: {impact}")
            ini_lines.append(
                f"      confidence: {_q(confidence) if '%' in confidence else confidence}"
            )
            ini_lines.append(f"      effort: {_num(months)}")
            ini_lines.append("    ice:")
            ini_lines.append(f"      impact: {1 + r.below(10)}")
            ini_lines.append(f"      confidence: {1 + r.below(10)}")
            ini_lines.append(f"      ease: {1 + r.below(10)}")
            fib = ("1", "2", "3", "5", "8", "13", "20")
            size_fib = fib[min(6, int(effort // 2))]
            ini_lines.append("    wsjf:")
            ini_lines.append(f"      business_value: {r.pick(fib)}")
            ini_lines.append(f"      time_criticality: {r.pick(fib)}")
            ini_lines.append(f"      risk_reduction: {r.pick(fib)}")
            ini_lines.append(f"      job_size: {size_fib}")
            roll = r.random()
            urgency = (
                "standard"
                if roll < 0.7
                else "fixed_date"
                if roll < 0.85
                else "intangible"
                if roll < 0.95
                else "expedite"
            )
            ini_lines.append("    cost_of_delay:")
            ini_lines.append(f"      per_week: {(1 + r.below(40)) * 250}")
            ini_lines.append(f"      urgency: {urgency}")
            if urgency == "fixed_date":
                ini_lines.append(f"      deadline: {r.pick(DEADLINES)}")

        out.append(f"# Team {team_name}: generated by benchmarks/generate.py")
        out.append("teams:")
        out.append(f"  - id: {team_id}")
        out.append(f"    name: {_q(team_name)}")
        out.append("    capacity:")
        for period, _, _ in PERIODS:
            if r.random() < 0.1:  # an over-committed team
                cap = forced[period] * 0.9
            else:  # room for what is committed and part of what is proposed: a cut line
                cap = forced[period] * r.between(1.0, 1.15) + proposed[period] * r.between(0.4, 0.7)
            out.append(f"      {period}: {_num(round(max(4.0, cap), 1))}")
        wip = max(1, in_progress + (-1 if r.random() < 0.1 else r.below(3)))
        out.append(f"    wip_limit: {wip}")
        out.append("objectives:")
        out.extend(obj_lines)
        if ini_lines:
            out.append("initiatives:")
            out.extend(ini_lines)


def _top_file(seed: int, initiatives: int, teams: int) -> str:
    out = [
        f"# Synthetic benchmark plan: {initiatives} initiatives, {teams} teams, seed {seed}.",
        "# Generated by benchmarks/generate.py; do not edit.",
        "version: 1",
        "vision:",
        f"  statement: {_q('Every business runs on our platform, safely and at any scale.')}",
        f"  narrative: {_q('Win trust first, then grow, with a team that ships every day.')}",
        "  horizon: 2027-12-31",
        "  principles:",
    ]
    for pid, statement in PRINCIPLES:
        out.append(f"    - id: {pid}")
        out.append(f"      statement: {_q(statement)}")
    out.append("  pillars:")
    for pid, name, share in PILLARS:
        out.append(f"    - id: {pid}")
        out.append(f"      name: {_q(name)}")
        out.append(f"      target_share: {share}")
    out.append("periods:")
    for pid, start, end in PERIODS:
        out.append(f"  - id: {pid}")
        out.append(f"    start: {start}")
        out.append(f"    end: {end}")
    out += [
        "settings:",
        "  scoring:",
        "    method: rice",
        "    ice: product",
        "  status:",
        "    at_risk_band: 0.15",
        "    stale_after_days: 21",
    ]
    return "\n".join(out) + "\n"


def generate(
    initiatives: int,
    seed: int,
    out: Path,
    *,
    cycles: int = 0,
    teams: int | None = None,
    force: bool = False,
) -> Summary:
    """Write a plan of ``initiatives`` initiatives to the folder ``out``.

    ``teams`` defaults to one team per 20 initiatives. ``out`` must be empty or missing,
    unless ``force`` (then it is replaced).
    """
    began = time.perf_counter()
    if initiatives < 0 or cycles < 0:
        raise ValueError("counts must not be negative")
    n_teams = teams if teams is not None else max(1, round(initiatives / INITIATIVES_PER_TEAM))
    if n_teams < 1:
        raise ValueError("need at least one team")
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not force:
            raise FileExistsError(f"{out} is not empty (use --force to replace it)")
        shutil.rmtree(out)
    (out / "teams").mkdir(parents=True, exist_ok=True)

    sizes = _team_sizes(initiatives, n_teams)
    starts = [0] * n_teams
    for k in range(1, n_teams):
        starts[k] = starts[k - 1] + sizes[k - 1]
    names = _team_names(n_teams)
    ids: list[str] = []
    team_of: list[int] = []
    for k, size in enumerate(sizes):
        prefix = names[k][2]
        ids.extend(f"{prefix}-{p + 1}" for p in range(size))
        team_of.extend([k] * size)

    deps = _dependencies(sizes, starts, seed)
    made = _inject_cycles(deps, cycles, seed) if cycles else 0
    n_deps = sum(len(d) for d in deps)
    n_cross = sum(1 for g, d in enumerate(deps) for t in d if team_of[t] != team_of[g])

    total = 0
    top = _top_file(seed, initiatives, n_teams)
    (out / "okrkit.yaml").write_text(top, encoding="utf-8")
    total += len(top.encode())
    writer = _TeamWriter(_Rng(seed, 2), ids, team_of)
    for k in range(n_teams):
        lines: list[str] = []
        writer.team(lines, k, names[k], starts[k], sizes[k], deps)
        text = "\n".join(lines) + "\n"
        data = text.encode()
        (out / "teams" / f"{names[k][0]}.yaml").write_bytes(data)
        total += len(data)

    return Summary(
        initiatives=initiatives,
        teams=n_teams,
        files=n_teams + 1,
        objectives=writer.objectives,
        key_results=writer.key_results,
        checkins=writer.checkins,
        dependencies=n_deps,
        cross_team_dependencies=n_cross,
        cycles=made,
        bytes=total,
        seconds=round(time.perf_counter() - began, 3),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate a realistic synthetic okrkit plan (deterministic for a seed)."
    )
    parser.add_argument("--initiatives", "-n", type=int, required=True, help="How many.")
    parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
    parser.add_argument("--out", type=Path, required=True, help="Folder to write.")
    parser.add_argument(
        "--cycles", type=int, default=0, help="Inject this many dependency cycles (default 0)."
    )
    parser.add_argument(
        "--teams", type=int, default=None, help="Number of teams (default: initiatives / 20)."
    )
    parser.add_argument("--force", action="store_true", help="Replace a non-empty --out.")
    args = parser.parse_args(argv)
    try:
        summary = generate(
            args.initiatives,
            args.seed,
            args.out,
            cycles=args.cycles,
            teams=args.teams,
            force=args.force,
        )
    except (ValueError, FileExistsError) as exc:
        print(f"generate.py: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary.__dict__, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
