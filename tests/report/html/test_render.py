"""The HTML of ``okrkit report``: structure, escaping, completeness, determinism, golden."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from okrkit.dashboard import build_dashboard
from okrkit.load import load_plan
from okrkit.report.html import SECTIONS, render, script_json

from .helpers import Elements, figures

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
ACME = ROOT / "examples" / "acme"
SMALL = HERE / "plan.yaml"
AS_OF = dt.date(2026, 2, 15)


@pytest.fixture(scope="module")
def acme_html() -> str:
    return render(build_dashboard(load_plan(ACME, use_cache=False), as_of=AS_OF))


@pytest.fixture(scope="module")
def small_html() -> str:
    plan = load_plan(SMALL, use_cache=False)
    return render(build_dashboard(plan, as_of=AS_OF, title="Q1 <script>alert('t')</script>"))


def test_every_section_and_its_contents_link(acme_html: str) -> None:
    doc = Elements(acme_html)
    ids = doc.ids()
    hrefs = [a["href"] for a in doc.with_attr("href", "a")]
    for section, _ in SECTIONS:
        assert section in ids
        assert f"#{section}" in hrefs
    assert acme_html.startswith("<!DOCTYPE html>\n")
    assert '<html lang="en">' in acme_html
    # landmarks for the sticky contents and the report
    assert [t for t, a in doc.tags if t == "nav"] and [t for t, _ in doc.tags if t == "main"]


def test_self_contained_no_resource_from_anywhere(acme_html: str) -> None:
    doc = Elements(acme_html)
    for tag, attrs in doc.tags:
        assert "src" not in attrs, (tag, attrs)
        if tag == "link":
            raise AssertionError(f"external link element: {attrs}")
        href = attrs.get("href")
        if href is not None:
            # in-page links, and the plan's own links (followed only when clicked)
            assert tag == "a" and href.startswith(("#", "https://", "http://", "mailto:")), href
    assert "@import" not in acme_html and "url(" not in acme_html.replace("url(#", "")


def test_every_initiative_and_key_result_is_shown(acme_html: str) -> None:
    plan = load_plan(ACME, use_cache=False)
    doc = Elements(acme_html)
    shown = {a["data-id"] for a in doc.with_attr("data-id", "tr")} | {
        a["data-id"] for a in doc.with_attr("data-id", "li")
    }
    assert {i.id for i in plan.initiatives} <= shown
    krs = {a["data-kr"] for a in doc.with_attr("data-kr")}
    assert krs == {kr.id for _, kr in plan.key_results()}
    objectives = {a["data-objective"] for a in doc.with_attr("data-objective")}
    assert objectives == {o.id for o in plan.objectives}


def test_user_text_is_escaped(small_html: str) -> None:
    doc = Elements(small_html)
    # only the report's own two scripts: the data and the sorting code
    assert len(doc.scripts) == 2
    assert [a.get("type") for a, _ in doc.scripts] == ["application/json", None]
    assert "alert" not in doc.scripts[1][1]
    assert "<script>alert" not in small_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in small_html
    assert "&lt;/script&gt;&lt;script&gt;alert(2)" in small_html
    assert "<title>Q1 &lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;</title>" in small_html
    assert "Ship &lt;b&gt;safely&lt;/b&gt; &amp; often" in small_html
    assert "Trust &amp; &lt;safety&gt;" in small_html  # also inside the SVG chart
    assert "<b>" not in small_html and "<i>" not in small_html


def test_script_data_cannot_close_its_element() -> None:
    text = str(script_json({"x": "</script><!-- & \u2028 >"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"x": "</script><!-- & \u2028 >"}


def test_same_plan_same_bytes(small_html: str) -> None:
    plan = load_plan(SMALL, use_cache=False)
    again = render(build_dashboard(plan, as_of=AS_OF, title="Q1 <script>alert('t')</script>"))
    assert again == small_html


def test_golden_small_plan(small_html: str, golden) -> None:
    # the inlined style sheet and script are files of their own (and the browser test
    # covers them); the golden file holds the page without them
    page = re.sub(r"<style>\n.*?</style>", "<style>(report.css)</style>", small_html, flags=re.S)
    page = re.sub(r"<script>\n.*?</script>", "<script>(report.js)</script>", page, flags=re.S)
    assert page.count("(report.css)") == 1 and page.count("(report.js)") == 1
    golden("report/small.html", page)


def test_findings_grouped_by_severity_with_file_and_line(small_html: str) -> None:
    data = figures(small_html)
    codes = {(f["code"], f["severity"]) for f in data["findings"]}
    assert ("OKR101", "error") in codes and ("OKR405", "warning") in codes
    doc = Elements(small_html)
    items = doc.with_attr("data-code", "li")
    assert len(items) == len(data["findings"])
    groups = [a["class"] for a in doc.with_attr("class", "details")]
    assert groups == ["sev sev-error", "sev sev-warning", "sev sev-info"]
    for f in data["findings"]:
        assert f"{f['file']}:{f['line']}</code>" in small_html


def test_cycle_critical_path_and_cross_team_called_out(small_html: str) -> None:
    assert "1 dependency cycle" in small_html
    assert "dispute-model → dispute-rules → dispute-model" in small_html
    assert 'class="node cycle"' in small_html
    assert "edge critical cross" in small_html or "edge cross" in small_html
    assert "Critical path</strong>" in small_html


def test_status_is_never_colour_alone(small_html: str) -> None:
    # each status badge carries its word and an icon beside the colour
    for word in ("on track", "off track"):
        badge = rf'class="badge st-\w+"><span aria-hidden="true">.</span> {word}<'
        assert re.search(badge, small_html)


def test_spill_over_and_deadline_on_the_roadmap(small_html: str) -> None:
    assert "<h3>Spill-over</h3>" in small_html or "deadline" in small_html
    assert 'class="deadline late"' in small_html  # retry-engine misses 2026-02-20
    assert "today 2026-02-15" in small_html


def test_unscored_initiative_listed(small_html: str) -> None:
    assert "Not scored by rice" in small_html
    assert 'data-id="big-bet"' in small_html


def test_period_option_limits_objectives_and_capacity() -> None:
    plan = load_plan(SMALL, use_cache=False)
    html = render(build_dashboard(plan, as_of=AS_OF, period="2026-Q2"))
    doc = Elements(html)
    assert {a["data-objective"] for a in doc.with_attr("data-objective")} == {"safer"}
    assert {a["data-period"] for a in doc.with_attr("data-period")} == {"2026-Q2"}


def test_method_option_changes_the_ranking() -> None:
    plan = load_plan(ACME, use_cache=False)
    html = render(build_dashboard(plan, as_of=AS_OF, method="wsjf"))
    assert figures(html)["method"] == "wsjf"
    assert "ranked by <strong>wsjf</strong>" in html


def test_plan_without_vision_periods_or_initiatives_renders(tmp_path: Path) -> None:
    path = tmp_path / "okrkit.yaml"
    path.write_text("version: 1\n", encoding="utf-8")
    html = render(build_dashboard(load_plan(path, use_cache=False), as_of=AS_OF))
    assert "The plan states no vision." in html
    assert "Nothing is scheduled" in html


def test_links_keep_only_safe_schemes() -> None:
    from types import SimpleNamespace

    from okrkit.model.plan import Link
    from okrkit.report.html import links

    item = SimpleNamespace(
        links=[
            "https://tracker.example/PAY-1",
            Link.model_construct(title="Spec <b>", url="mailto:team@example.com"),
            "javascript:alert(1)",
            Link.model_construct(title="data", url="data:text/html,<script>x</script>"),
        ]
    )
    got = links(item)
    assert [x["href"] for x in got] == [
        "https://tracker.example/PAY-1",
        "mailto:team@example.com",
        None,
        None,
    ]
    assert links(SimpleNamespace()) == []
