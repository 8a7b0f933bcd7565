"""``okrkit.fmt``: the number and count wording every output shares."""

from __future__ import annotations

import pytest

from okrkit.fmt import plural


@pytest.mark.parametrize(
    ("n", "word", "many", "digits", "text"),
    [
        (1, "file", None, 2, "1 file"),
        (0, "file", None, 2, "0 files"),
        (2, "key result", None, 2, "2 key results"),
        (1.0, "week", None, 2, "1 week"),
        (1.04, "week", None, 1, "1 week"),
        (1.05, "week", None, 1, "1.1 weeks"),
        (0.5, "week", None, 2, "0.5 weeks"),
        (1, "dependency", "dependencies", 2, "1 dependency"),
        (3, "dependency", "dependencies", 2, "3 dependencies"),
    ],
)
def test_plural(n: float, word: str, many: str | None, digits: int, text: str) -> None:
    assert plural(n, word, many, digits) == text
