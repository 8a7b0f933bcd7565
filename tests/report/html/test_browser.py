"""``okrkit report`` opened in a real browser: headless Chromium (Debian's ``chromium``)
driven by Playwright with the system executable; never a browser Playwright downloads.

Asserts what a reader meets: no console error, no request outside ``file:``, every
section present (with JavaScript on and off), a screenshot that is not blank, sorting
and filtering that work, and an axe-core scan (axe-core's ``axe.min.js`` as shipped by the
``axe-playwright-python`` package) with no serious or critical violation. Without a
browser or Playwright the tests are skipped, saying why.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from okrkit.dashboard import build_dashboard
from okrkit.load import load_plan
from okrkit.report.html import FORECAST_SECTION, SECTIONS, render

HERE = Path(__file__).resolve().parent
ACME = HERE.parents[2] / "examples" / "acme"
SMALL = HERE / "plan.yaml"
AS_OF = dt.date(2026, 2, 15)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SHOTS = os.environ.get("OKRKIT_REPORT_SCREENSHOTS")
"""A folder to keep the screenshots in (to look at them); else a temp folder."""


def _chromium() -> str | None:
    for candidate in (os.environ.get("OKRKIT_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright for Python is not installed (pip install -e '.[test]')",
    )
    executable = _chromium()
    if executable is None:
        pytest.skip(
            "no Chromium on this machine: the browser test needs Debian's chromium "
            "(apt-get install chromium; .ci/run installs it when it runs as root)"
        )
    # launch() gives the browser a new, empty profile (user-data-dir) of its own
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("report")
    files = {}
    for name, path, title in (
        ("acme", ACME, None),
        ("small", SMALL, "Q1 <script>alert(1)</script>"),
        ("forecast", ACME, None),
    ):
        plan = load_plan(path, use_cache=False)
        forecast = {"forecast": True, "samples": 500} if name == "forecast" else {}
        html = render(build_dashboard(plan, as_of=AS_OF, title=title, **forecast))
        files[name] = out / f"{name}.html"
        files[name].write_text(html, encoding="utf-8")
    return files


def _open(
    browser: Any,
    path: Path,
    *,
    javascript: bool = True,
    media: str = "screen",
    width: int = 1440,
) -> Any:
    """A page on ``path`` that records console errors, page errors and every request."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.okrkit_errors = []  # type: ignore[attr-defined]
    page.okrkit_requests = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda m: m.type == "error" and page.okrkit_errors.append(m.text),
    )
    page.on("pageerror", lambda e: page.okrkit_errors.append(str(e)))
    page.on("request", lambda r: page.okrkit_requests.append(r.url))
    # anything not from the file itself is refused, so a stray request cannot hang the test
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
    )
    page.emulate_media(media=media)
    page.goto(path.as_uri(), wait_until="load")
    return page


def _png_is_blank(png: bytes) -> bool:
    """True when every pixel of an 8-bit RGB(A) PNG has the same colour."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, channels = 8, b"", 0, 4
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos : pos + 8])
        data = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, _, depth, colour = struct.unpack(">IIBB", data[:10])
            assert depth == 8
            channels = {2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += data
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels + 1
    first = raw[1 : 1 + channels]
    # unfiltered rows compare directly; a filtered row of one colour decodes to zeros
    for row in range(len(raw) // stride):
        line = raw[row * stride + 1 : (row + 1) * stride]
        kind = raw[row * stride]
        if kind == 0 and line != first * width:
            return False
        if kind != 0 and any(line[channels:]):
            return False
    return True


def _shot_dir(tmp_path: Path) -> Path:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        return Path(SHOTS)
    return tmp_path


@pytest.mark.parametrize("name", ["acme", "small", "forecast"])
def test_opens_clean_with_every_section(browser, pages, name: str, tmp_path: Path) -> None:
    page = _open(browser, pages[name])
    expected = (*SECTIONS[:-1], FORECAST_SECTION, SECTIONS[-1]) if name == "forecast" else SECTIONS
    try:
        assert page.okrkit_errors == []
        assert [u for u in page.okrkit_requests if not u.startswith("file:")] == []
        for section, title in expected:
            heading = page.locator(f"#{section} h2")
            assert heading.inner_text() == title
            assert page.locator(f"#{section}").is_visible()
        assert page.locator("nav.toc a").count() == len(expected) + 1
        png = page.screenshot(full_page=True)
        (_shot_dir(tmp_path) / f"{name}-desktop.png").write_bytes(png)
        assert not _png_is_blank(png)
        if name == "small":
            assert page.title() == "Q1 <script>alert(1)</script>"  # shown as text
    finally:
        page.context.close()


def test_blank_detector_detects_blank(browser, tmp_path: Path) -> None:
    blank = tmp_path / "blank.html"
    blank.write_text("<!DOCTYPE html><title>x</title>", encoding="utf-8")
    page = _open(browser, blank)
    try:
        assert _png_is_blank(page.screenshot())
    finally:
        page.context.close()


def test_reads_with_javascript_off(browser, pages) -> None:
    page = _open(browser, pages["acme"], javascript=False)
    try:
        plan = load_plan(ACME, use_cache=False)
        assert page.locator("#ranking-table tbody tr").count() == len(
            [i for i in plan.initiatives if page.locator(f'tr[data-id="{i.id}"]').count()]
        )
        assert page.locator("#ranking-table tbody tr").count() > 40
        assert page.locator(".filters").first.is_hidden()  # the script adds the filters
        for section, _ in SECTIONS:
            assert page.locator(f"#{section}").is_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [1280, 1024])
def test_no_sideways_scroll_on_a_laptop(browser, pages, width: int) -> None:
    """Wide tables scroll inside their box; the page itself never scrolls sideways (the
    ranking's hidden labels once pushed a 1280-pixel page to 1322)."""
    for name in ("acme", "forecast"):
        page = _open(browser, pages[name], width=width)
        try:
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert scroll <= client, (name, scroll, client)
        finally:
            page.context.close()


def test_sorting_and_filtering(browser, pages) -> None:
    page = _open(browser, pages["acme"])
    try:
        rows = page.locator("#ranking-table tbody tr")
        total = rows.count()
        page.locator("#ranking-table thead th", has_text="Team").locator("button").click()
        teams = page.eval_on_selector_all(
            "#ranking-table tbody tr", "rs => rs.map(r => r.getAttribute('data-team'))"
        )
        assert teams == sorted(teams)
        page.locator('.filters[data-for="ranking-table"] select').select_option("ledger")
        shown = page.eval_on_selector_all(
            "#ranking-table tbody tr:not([hidden])", "rs => rs.map(r => r.dataset.team)"
        )
        assert shown and set(shown) == {"ledger"} and len(shown) < total
        assert page.okrkit_errors == []
    finally:
        page.context.close()


def test_print_view(browser, pages, tmp_path: Path) -> None:
    page = _open(browser, pages["acme"], media="print")
    try:
        assert page.locator("nav.toc").is_hidden()
        png = page.screenshot(full_page=True)
        (_shot_dir(tmp_path) / "acme-print.png").write_bytes(png)
        assert not _png_is_blank(png)
        pdf = page.pdf(format="A4", landscape=True)
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= len(SECTIONS)
    finally:
        page.context.close()


@pytest.mark.parametrize("name", ["acme", "small", "forecast"])
def test_accessibility_no_serious_or_critical_violation(browser, pages, name: str) -> None:
    axe = pytest.importorskip(
        "axe_playwright_python", reason="axe-playwright-python (axe-core) is not installed"
    )
    from importlib.resources import files

    script = (files(axe) / "axe.min.js").read_text(encoding="utf-8")
    page = _open(browser, pages[name])
    try:
        page.add_script_tag(content=script)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == []
        # the contrast of the page's text was really measured (not left "incomplete"
        # because a table overflowed its section and hid cells)
        assert "color-contrast" in {v["id"] for v in result["passes"]}
        hidden = [
            n["target"]
            for v in result["incomplete"]
            if v["id"] == "color-contrast"
            for n in v["nodes"]
            if "obscured" in n["any"][0]["message"] and "svg" not in str(n["html"])[:4]
        ]
        assert hidden == []
    finally:
        page.context.close()
