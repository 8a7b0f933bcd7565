"""Reading the report's HTML in tests: elements by attribute, the embedded figures."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any


class Elements(HTMLParser):
    """Every start tag with its attributes, in document order; the text of scripts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._script, self._text = a, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def with_attr(self, name: str, tag: str | None = None) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if name in a and (tag is None or t == tag)]

    def ids(self) -> set[str]:
        return {str(a["id"]) for _, a in self.tags if a.get("id")}


def figures(html: str) -> Any:
    """The JSON the page embeds for its script."""
    for attrs, text in Elements(html).scripts:
        if attrs.get("id") == "okrkit-data":
            return json.loads(text)
    raise AssertionError("no okrkit-data script")
