"""Install instructions that work as written: every okrkit repository URL in the README,
the docs, the GitHub Action, the GitLab component and the pre-commit hooks names the
repository the same way, with an explicit ``<owner>`` placeholder (okrkit's GitHub owner
is the user's to fill in), and every file that shows one says to replace it.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PIN = r"@<(?:commit|ref)>"
GIT_URL = re.compile(r"git\+[^\s\"'`)]+")
"""A pip requirement's repository URL: ``git+https://…@REF``."""
GITHUB = re.compile(r"github\.com/([^/\s\"'`)]+)/okrkit")
WANTED = re.compile(r"git\+https://github\.com/<owner>/okrkit" + PIN)
TEMPLATE = "git+${OKRKIT_REPOSITORY}@${OKRKIT_REF}"
"""The GitLab component installs from its inputs (``repository`` defaults to the
``<owner>`` URL, checked below like any other)."""
SAYS_REPLACE = re.compile(r"replace <owner> with the github account")


def files() -> list[Path]:
    out = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "action.yml"]
    out.append(ROOT / ".pre-commit-hooks.yaml")
    out += sorted((ROOT / "docs").rglob("*.md"))
    out += sorted(p for p in (ROOT / "action").rglob("*") if p.is_file())
    out += sorted(p for p in (ROOT / "templates").rglob("*") if p.is_file())
    return [p for p in out if p.is_file()]


def plain(text: str) -> str:
    """Prose with comment markers, Markdown quotes and line breaks taken out, lower case."""
    text = re.sub(r"(?m)^\s*#\s?", "", text).replace("`", "")
    return re.sub(r"\s+", " ", text).lower()


def test_every_repository_url_uses_the_owner_placeholder() -> None:
    seen: list[str] = []
    for path in files():
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        for url in GIT_URL.findall(text):
            seen.append(url)
            assert WANTED.fullmatch(url) or url == TEMPLATE, f"{name}: {url}"
        for owner in GITHUB.findall(text):
            assert owner == "<owner>", f"{name}: github.com/{owner}/okrkit"
    # the README, the docs and the component install from the repository
    assert len(seen) >= 6


def test_every_file_with_the_placeholder_says_to_replace_it() -> None:
    with_owner = []
    for path in files():
        text = path.read_text(encoding="utf-8")
        if "<owner>" in text:
            with_owner.append(path.relative_to(ROOT).as_posix())
            assert SAYS_REPLACE.search(plain(text)), f"{path.relative_to(ROOT)}"
    assert {"README.md", "docs/ci.md", "action.yml", "templates/okrkit-check.yml"} <= set(
        with_owner
    )


def test_no_recipe_installs_from_a_package_index() -> None:
    """``pip install okrkit`` finds nothing (okrkit is not on an index); the one place it
    is written is the sentence saying so."""
    for path in files():
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"pip install (['\"]?)okrkit\b([^'\"`\n]*)", text):
            if "@" in m.group(2):
                continue  # okrkit @ git+https://...
            line = text[: m.start()].count("\n") + 1
            context = plain(text[max(0, m.start() - 200) : m.end() + 60])
            assert "finds nothing" in context, f"{path.relative_to(ROOT)}:{line}"
