"""Hypothesis strategies shared by the property and fuzz tests: whole plans as YAML text.

The plans are small but use every section, and their scalars are chosen to be awkward:
ids, references and titles that read as numbers (``1.0``, ``1e20``, ``0x1F``, ``.nan``),
numbers at the edges of a float, dates at the ends of the calendar. Most generated plans
are valid; some are not, on purpose (a command must then fail the same way every time).

Example counts: each test asks :func:`examples` for its count, which is small so that the
suite stays fast. ``OKRKIT_FUZZ_SCALE=N`` multiplies every count by ``N`` for a deeper run
(see CONTRIBUTING.md, "Fuzz and property tests").
"""

from __future__ import annotations

import os

from hypothesis import strategies as st


def examples(n: int) -> int:
    """``n`` examples, times ``$OKRKIT_FUZZ_SCALE`` (default 1)."""
    try:
        scale = int(os.environ.get("OKRKIT_FUZZ_SCALE", "1"))
    except ValueError:
        scale = 1
    return max(1, n * max(1, scale))


# Plain scalars that a YAML 1.2 reader takes for numbers, written where text is expected.
NUMBER_LIKE_IDS = ["1.0", "1e20", "0.0", "0x1F", "007", "0o17", "10", "2.50", "1e-5", "3."]
NUMBER_LIKE_TEXT = [*NUMBER_LIKE_IDS, "+5", "-0.0", ".inf", "-.inf", ".nan", "1E3", "12e+3"]
PLAIN_IDS = ["a", "b-2", "ops.core", "x/y", "k:1", "Z_9"]
TEXTS = [
    "Payments",
    "naïve café",
    "tab\there",
    "ends with space ",
    "日本語",
    "emoji \U0001f680",
    "with | pipe",
    "a: colon",
    "#hash",
]

ids = st.sampled_from(NUMBER_LIKE_IDS + PLAIN_IDS)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


@st.composite
def text_scalar(draw: st.DrawFn) -> str:
    """A YAML scalar for a text field: a plain number-like scalar, or quoted text."""
    if draw(st.booleans()):
        return draw(st.sampled_from(NUMBER_LIKE_TEXT))
    return _quoted(draw(st.sampled_from(TEXTS)))


numbers = st.one_of(
    st.integers(min_value=0, max_value=1000).map(str),
    st.sampled_from(["0.5", "1.50", "2e3", "1e-3", "0x10", "1e20", "1e300", "1e308", "0.0"]),
)
positive = st.one_of(
    st.integers(min_value=1, max_value=50).map(str),
    st.sampled_from(["0.5", "1.50", "2e1", "1e-3", "1e20", "1e300", "1e308"]),
)
fractions = st.sampled_from(["0", "0.5", "1", "1.0", "80%", "0.25"])
ten_scale = st.sampled_from(["1", "5", "10", "7.5", "1.0"])


@st.composite
def estimate(draw: st.DrawFn, inner: st.SearchStrategy[str]) -> str:
    if draw(st.integers(0, 3)) == 0:
        a, b = sorted([draw(inner), draw(inner)], key=lambda s: _num(s))
        return f"{{low: {a}, high: {b}}}"
    return draw(inner)


def _num(text: str) -> float:
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(int(text, 0)) if text.startswith("0x") else float(text)


@st.composite
def plan_yaml(draw: st.DrawFn) -> str:
    """A whole plan file, as YAML text."""
    period_ids = draw(st.lists(ids, min_size=1, max_size=2, unique=True))
    team_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    lines = ["periods:"]
    starts = ["2026-01-01", "2026-04-01", "9999-10-01"]
    ends = ["2026-03-31", "2026-06-30", "9999-12-31"]
    for i, pid in enumerate(period_ids):
        k = draw(st.sampled_from([i, 2])) if i < 2 else 2
        lines.append(f"  - {{id: {pid}, start: {starts[k]}, end: {ends[k]}}}")
    lines.append("teams:")
    for tid in team_ids:
        cap = ", ".join(f"{p}: {draw(numbers)}" for p in period_ids)
        lines.append(f"  - id: {tid}")
        lines.append(f"    name: {draw(text_scalar())}")
        lines.append(f"    capacity: {{{cap}}}")
        lines.append(f"    wip_limit: {draw(st.integers(1, 3))}")
    kr_ids = draw(st.lists(ids, max_size=3, unique=True))
    if kr_ids:
        lines.append("objectives:")
        lines.append("  - id: obj-1")
        lines.append(f"    title: {draw(text_scalar())}")
        lines.append(f"    period: {draw(st.sampled_from(period_ids))}")
        if draw(st.booleans()):
            lines.append(f"    team: {draw(st.sampled_from(team_ids))}")
        lines.append("    key_results:")
        for kr in kr_ids:
            direction = draw(st.sampled_from(["increase", "decrease", "at_least", "at_most"]))
            lines.append(f"      - id: {kr}")
            lines.append(f"        title: {draw(text_scalar())}")
            lines.append(f"        unit: {draw(text_scalar())}")
            lines.append(f"        direction: {direction}")
            lines.append(f"        baseline: {draw(numbers)}")
            lines.append(f"        target: {draw(numbers)}")
            checkins = draw(st.lists(numbers, max_size=2))
            if checkins:
                lines.append("        checkins:")
                for j, value in enumerate(checkins):
                    lines.append(f"          - date: 2026-01-{10 + j}")
                    lines.append(f"            value: {value}")
                    lines.append(f"            note: {draw(text_scalar())}")
    initiative_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    lines.append("initiatives:")
    for n, iid in enumerate(initiative_ids):
        lines.append(f"  - id: {iid}")
        lines.append(f"    title: {draw(text_scalar())}")
        lines.append(f"    team: {draw(st.sampled_from(team_ids))}")
        lines.append(f"    period: {draw(st.sampled_from(period_ids))}")
        kind = draw(st.sampled_from(["feature", "enabler", "debt", "experiment"]))
        lines.append(f"    kind: {kind}")
        lines.append(
            f"    status: {draw(st.sampled_from(['proposed', 'committed', 'in_progress']))}"
        )
        if kr_ids and draw(st.booleans()):
            lines.append(f"    key_results: [{draw(st.sampled_from(kr_ids))}]")
        earlier = initiative_ids[:n]
        if earlier and draw(st.booleans()):
            lines.append(f"    depends_on: [{draw(st.sampled_from(earlier))}]")
        if draw(st.integers(0, 4)):
            lines.append(f"    effort_weeks: {draw(estimate(positive))}")
        if kind == "experiment" and draw(st.booleans()):
            lines.append(f"    timebox_weeks: {draw(positive)}")
        if draw(st.booleans()):
            lines.append(
                f"    rice: {{reach: {draw(estimate(numbers))}, impact: {draw(numbers)}, "
                f"confidence: {draw(fractions)}, effort: {draw(positive)}}}"
            )
        if draw(st.booleans()):
            lines.append(
                f"    ice: {{impact: {draw(ten_scale)}, confidence: {draw(ten_scale)}, "
                f"ease: {draw(ten_scale)}}}"
            )
        if draw(st.booleans()):
            lines.append(
                f"    wsjf: {{business_value: {draw(numbers)}, time_criticality: "
                f"{draw(numbers)}, risk_reduction: {draw(numbers)}, job_size: {draw(positive)}}}"
            )
        if draw(st.booleans()):
            lines.append(f"    cost_of_delay: {{per_week: {draw(numbers)}}}")
    return "\n".join(lines) + "\n"
